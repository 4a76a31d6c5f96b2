import { mutationOptions, queryOptions, replaceEqualDeep, type QueryClient } from "@tanstack/react-query";
import { Instance, InstanceList, InstanceQr, PairingCodeResponse, StatusHistoryList, type CreateInstanceRequest } from "@/contract/instances";
import { SendQueueInfo } from "@/contract/send-queue";
import { Uptime, type UptimeRange } from "@/contract/stats";
import { WatchdogSettings, type UpdateWatchdogRequest } from "@/contract/watchdog";
import { ApiClientError, bffTransport, readAllPages, type Transport } from "@/shared/lib/api-client";
import { ACTION_COPY, type InstanceAction } from "../lib/instance-actions";

// The instances resource, once for the browser and the panel's server: gateway paths, fetchers (given a
// transport), query keys, query options and mutations.

const at = (id: string, suffix = "") => `/api/v1/instances/${encodeURIComponent(id)}${suffix}`;

const instancePaths = {
  /** One page of every instance, newest first. */
  list: (cursor: string | null) => {
    const params = new URLSearchParams({ limit: "500", sort: "createdAt", order: "desc" });
    if (cursor) params.set("cursor", cursor);
    return `/api/v1/instances?${params}`;
  },
  create: () => "/api/v1/instances",
  detail: (id: string) => at(id),
  qr: (id: string) => at(id, "/qr"),
  history: (id: string) => at(id, "/status-history?limit=50"),
  action: (id: string, action: InstanceAction) => at(id, `/${action}`),
  pairingCode: (id: string) => at(id, "/pairing-code"),
  move: (id: string) => at(id, "/move"),
  sendQueue: (id: string) => at(id, "/send-queue"),
  uptime: (id: string, range: UptimeRange) => at(id, `/uptime?range=${range}`),
  watchdog: (id: string) => at(id, "/watchdog"),
  sandbox: (id: string, kind: "scan" | "disconnect" | "inbound" | "stall") => `/api/v1/sandbox/instances/${encodeURIComponent(id)}/${kind}`,
};

/** Instance query keys, most generic to most specific (TkDodo's key factory). */
export const instanceKeys = {
  all: ["instances"] as const,
  list: () => [...instanceKeys.all, "list"] as const,
  details: () => [...instanceKeys.all, "detail"] as const,
  detail: (id: string) => [...instanceKeys.details(), id] as const,
  qrs: () => [...instanceKeys.all, "qr"] as const,
  qr: (id: string) => [...instanceKeys.qrs(), id] as const,
  histories: () => [...instanceKeys.all, "history"] as const,
  history: (id: string) => [...instanceKeys.histories(), id] as const,
  sendQueue: (id: string) => [...instanceKeys.all, "send-queue", id] as const,
  allUptimes: () => [...instanceKeys.all, "uptime"] as const,
  uptimes: (id: string) => [...instanceKeys.allUptimes(), id] as const,
  uptime: (id: string, range: UptimeRange) => [...instanceKeys.uptimes(id), range] as const,
  watchdog: (id: string) => [...instanceKeys.all, "watchdog", id] as const,
  settings: (id: string) => [...instanceKeys.all, "settings", id] as const,
  profile: (id: string) => [...instanceKeys.all, "profile", id] as const,
};

/** The QR as cached: the payload plus the seq of the event that brought it (0 when fetched). */
export type CachedQr = InstanceQr & { seq: number };

const MAX_INSTANCES = 20_000;
// Socket-fed keys: the socket keeps them fresh, so they rarely need a refetch of their own.
const LIVE_STALE_TIME = 5 * 60_000;

/** Keeps whichever copy is newer: socket events that landed while a fetch was in flight must not be undone. */
function newerInstance(fetched: Instance, cached: Instance | undefined): Instance {
  return cached && cached.seq > fetched.seq ? cached : fetched;
}

/** Every instance, page by page: the table sorts, filters and counts facets on the client. */
export const instanceListOptions = (transport: Transport = bffTransport) =>
  queryOptions({
    queryKey: instanceKeys.list(),
    queryFn: async ({ signal, client }) => {
      const fetched = await readAllPages(transport, instancePaths.list, InstanceList, { max: MAX_INSTANCES, signal });
      const cached = new Map((client.getQueryData<Instance[]>(instanceKeys.list()) ?? []).map((i) => [i.id, i]));
      // Rows keep their identity where nothing changed (what structural sharing would do, done here once per fetch).
      const list = replaceEqualDeep(
        client.getQueryData<Instance[]>(instanceKeys.list()),
        fetched.map((i) => newerInstance(i, cached.get(i.id))),
      );
      // Rows read their instance's own entry, seeded from this list and never fetched: bring those up to date too.
      // (An entry something fetches itself, like the instance page's, is left to that fetch.)
      const byId = new Map(list.map((i) => [i.id, i]));
      for (const [queryKey, entry] of client.getQueriesData<Instance>({ queryKey: instanceKeys.details(), predicate: (query) => !query.isActive() })) {
        const fresh = entry && byId.get(entry.id);
        if (fresh && newerInstance(fresh, entry) !== entry) client.setQueryData(queryKey, fresh);
      }
      return list;
    },
    staleTime: LIVE_STALE_TIME,
    // Live events write the list one instance at a time and keep every other item as it was: a deep compare of
    // 5,000 instances on each of them (TanStack's default) found nothing and cost most of a storm's main thread.
    structuralSharing: false,
  });

/**
 * A 404 from one of an instance's own queries means the instance is gone: its page learns it through its detail
 * query, which is refetched (and answers 404 too). Returns the error to rethrow.
 */
export function whenGone(client: QueryClient, id: string, error: unknown) {
  if (error instanceof ApiClientError && error.status === 404) void client.invalidateQueries({ queryKey: instanceKeys.detail(id) });
  return error;
}

/**
 * Something outside this feature changed these instances' settings (a settings template applied in bulk): their
 * Settings sections read them again, an open one at once and the others when next shown, instead of showing the
 * cached values until they go stale.
 */
export function refreshInstanceSettings(client: QueryClient, ids: readonly string[]) {
  for (const id of ids) {
    void client.invalidateQueries({ queryKey: instanceKeys.settings(id) });
    void client.invalidateQueries({ queryKey: instanceKeys.watchdog(id) });
  }
}

export const instanceDetailOptions = (id: string, transport: Transport = bffTransport) =>
  queryOptions({
    queryKey: instanceKeys.detail(id),
    queryFn: async ({ signal, client }) =>
      newerInstance(await transport.request(instancePaths.detail(id), { schema: Instance, signal }), client.getQueryData<Instance>(instanceKeys.detail(id))),
    staleTime: LIVE_STALE_TIME,
  });

export const instanceQrOptions = (id: string, transport: Transport = bffTransport) =>
  queryOptions({
    queryKey: instanceKeys.qr(id),
    queryFn: async ({ signal, client }): Promise<CachedQr | null> => {
      try {
        return { ...(await transport.request(instancePaths.qr(id), { schema: InstanceQr, signal })), seq: 0 };
      } catch (error) {
        // 409: not waiting for a scan right now; that is a state, not an error.
        if (error instanceof ApiClientError && error.status === 409) return null;
        throw whenGone(client, id, error);
      }
    },
    staleTime: LIVE_STALE_TIME,
  });

export const instanceHistoryOptions = (id: string, transport: Transport = bffTransport) =>
  queryOptions({
    queryKey: instanceKeys.history(id),
    queryFn: async ({ signal, client }) => {
      try {
        return await transport.request(instancePaths.history(id), { schema: StatusHistoryList, signal });
      } catch (error) {
        throw whenGone(client, id, error);
      }
    },
    staleTime: LIVE_STALE_TIME,
  });

// Message statuses reach webhooks, not the panel's socket: the queue's numbers are polled while they are on screen.
const SEND_QUEUE_REFRESH_MS = 5_000;

/** The instance's send queue (rate, how many wait) and its messages of the last 24 h by status: numbers only. */
export const instanceSendQueueOptions = (id: string, transport: Transport = bffTransport) =>
  queryOptions({
    queryKey: instanceKeys.sendQueue(id),
    queryFn: async ({ signal, client }) => {
      try {
        return await transport.request(instancePaths.sendQueue(id), { schema: SendQueueInfo, signal });
      } catch (error) {
        throw whenGone(client, id, error);
      }
    },
    refetchInterval: SEND_QUEUE_REFRESH_MS,
  });

/** Uptime over a window, from the status history; a status event makes it stale (features/instances/live.ts). */
export const instanceUptimeOptions = (id: string, range: UptimeRange, transport: Transport = bffTransport) =>
  queryOptions({
    queryKey: instanceKeys.uptime(id, range),
    queryFn: async ({ signal, client }) => {
      try {
        return await transport.request(instancePaths.uptime(id, range), { schema: Uptime, signal });
      } catch (error) {
        throw whenGone(client, id, error);
      }
    },
    // Time passes without events: the newest slot and the share move on their own.
    refetchInterval: 60_000,
  });

/** The watchdog's policy and threshold for the instance (its own, or the gateway's defaults). */
export const instanceWatchdogOptions = (id: string, transport: Transport = bffTransport) =>
  queryOptions({
    queryKey: instanceKeys.watchdog(id),
    queryFn: async ({ signal, client }) => {
      try {
        return await transport.request(instancePaths.watchdog(id), { schema: WatchdogSettings, signal });
      } catch (error) {
        throw whenGone(client, id, error);
      }
    },
  });

export const updateWatchdogMutation = (id: string) =>
  mutationOptions({
    mutationFn: (body: UpdateWatchdogRequest) => bffTransport.request(instancePaths.watchdog(id), { method: "PATCH", body, schema: WatchdogSettings }),
    onSuccess: (settings, _body, _result, { client }) => {
      client.setQueryData(instanceKeys.watchdog(id), settings);
      // The same values are the watchdog fields of the instance's settings.
      void client.invalidateQueries({ queryKey: instanceKeys.settings(id), exact: true });
    },
    meta: {
      successToast: () => "Watchdog settings saved",
      errorToast: (error) => ({ title: "Could not save the watchdog settings", description: error.message }),
    },
  });

/** Writes a fresh snapshot into list and detail, unless the cache already holds something newer. */
function storeInstance(queryClient: QueryClient, instance: Instance) {
  queryClient.setQueryData<Instance>(instanceKeys.detail(instance.id), (old) => newerInstance(instance, old));
  queryClient.setQueryData<Instance[]>(instanceKeys.list(), (list) => list?.map((item) => (item.id === instance.id ? newerInstance(instance, item) : item)));
}

export const createInstanceMutation = () =>
  mutationOptions({
    mutationFn: (body: CreateInstanceRequest) => bffTransport.request(instancePaths.create(), { method: "POST", body, schema: Instance }),
    onSuccess: (instance, _body, _result, { client }) => {
      storeInstance(client, instance);
      // Live events may have raced ahead of this response before the cache knew the instance: refetch both.
      void client.invalidateQueries({ queryKey: instanceKeys.list() });
      void client.invalidateQueries({ queryKey: instanceKeys.detail(instance.id) });
    },
    meta: { successToast: (instance: Instance) => ({ title: `Instance "${instance.name}" created`, description: "Scan the QR code with WhatsApp to link the number." }) },
  });

export const renameInstanceMutation = (id: string) =>
  mutationOptions({
    mutationFn: (name: string) => bffTransport.request(instancePaths.detail(id), { method: "PATCH", body: { name }, schema: Instance }),
    onSuccess: (instance, _name, _result, { client }) => storeInstance(client, instance),
    meta: {
      successToast: () => "Instance renamed",
      // A taken name (409) is shown under the form's name field instead.
      errorToast: (error) => (error instanceof ApiClientError && error.status === 409 ? undefined : { title: "Could not rename the instance", description: error.message }),
    },
  });

/** Runs one lifecycle action on one instance and keeps the cache accurate (bulk actions call it per row). */
export async function runInstanceAction(queryClient: QueryClient, id: string, action: InstanceAction | "delete") {
  if (action === "delete") {
    await bffTransport.request<void>(instancePaths.detail(id), { method: "DELETE" });
    queryClient.setQueryData<Instance[]>(instanceKeys.list(), (list) => list?.filter((i) => i.id !== id));
    queryClient.removeQueries({ queryKey: instanceKeys.detail(id) });
    return;
  }
  storeInstance(queryClient, await bffTransport.request(instancePaths.action(id, action), { method: "POST", schema: Instance }));
}

const actionDone = (action: InstanceAction | "delete") => ACTION_COPY[action].done;
const actionFailed = (error: Error, action: InstanceAction | "delete") => ({ title: `${ACTION_COPY[action].label} failed`, description: error.message });

export const instanceActionMutation = (id: string) =>
  mutationOptions({
    mutationFn: (action: InstanceAction | "delete", { client }) => runInstanceAction(client, id, action),
    meta: {
      successToast: (_data, action: InstanceAction | "delete") => actionDone(action),
      errorToast: (error, action: InstanceAction | "delete") => actionFailed(error, action),
    },
  });

type InstanceActionRequest = { id: string; action: InstanceAction | "delete" };

/** The same, with the instance in the variables: one mutation serves every row menu of a list. */
export const anyInstanceActionMutation = () =>
  mutationOptions({
    mutationFn: ({ id, action }: InstanceActionRequest, { client }) => runInstanceAction(client, id, action),
    meta: {
      successToast: (_data, { action }: InstanceActionRequest) => actionDone(action),
      errorToast: (error, { action }: InstanceActionRequest) => actionFailed(error, action),
    },
  });

export const pairingCodeMutation = (id: string) =>
  mutationOptions({
    mutationFn: (phoneNumber: string) => bffTransport.request(instancePaths.pairingCode(id), { method: "POST", body: { phoneNumber }, schema: PairingCodeResponse }),
    meta: { errorToast: (error) => ({ title: "Could not get a pairing code", description: error.message }) },
  });

/**
 * Cluster mode: places the instance on another node, which starts it within seconds. The gateway answers (202) before
 * the move is done and events carry no node: the instance and the list are read again, and show the new node from the
 * first read after the new node holds it.
 */
export const moveInstanceMutation = (id: string) =>
  mutationOptions({
    mutationFn: (node: string) => bffTransport.request(instancePaths.move(id), { method: "POST", body: { node }, schema: Instance }),
    onSuccess: (instance, _node, _result, { client }) => {
      storeInstance(client, instance);
      void client.invalidateQueries({ queryKey: instanceKeys.detail(id) });
      void client.invalidateQueries({ queryKey: instanceKeys.list() });
    },
    meta: {
      successToast: (_data, node: string) => ({ title: `Moving to “${node}”`, description: "It reconnects there within seconds; a linked number needs no new scan." }),
      errorToast: (error) => ({ title: "Could not move the instance", description: error.message }),
    },
  });

type SandboxInput = { kind: "scan"; pushName?: string } | { kind: "disconnect"; code: number } | { kind: "inbound"; from: string; text: string } | { kind: "stall" };

/** Sandbox engine only: what the simulated phone does. */
export const sandboxActionMutation = (id: string) =>
  mutationOptions({
    mutationFn: ({ kind, ...body }: SandboxInput) => bffTransport.request(instancePaths.sandbox(id, kind), { method: "POST", body }),
    meta: {
      successToast: (_data, input: SandboxInput) =>
        input.kind === "scan"
          ? "Simulated scan sent"
          : input.kind === "disconnect"
            ? `Simulated disconnect ${input.code}`
            : input.kind === "stall"
              ? { title: "Connection stalled", description: "It still shows Connected; the watchdog should find it within its threshold." }
              : "Inbound message delivered",
      errorToast: (error) => ({ title: "Sandbox action failed", description: error.message }),
    },
  });
