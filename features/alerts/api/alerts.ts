import { infiniteQueryOptions, mutationOptions, queryOptions, type InfiniteData, type QueryClient } from "@tanstack/react-query";
import {
  Alert,
  AlertChannel,
  AlertChannelList,
  AlertChannelWithSecret,
  AlertDelivery,
  AlertList,
  AlertRule,
  AlertRuleList,
  type AlertState,
  type CreateAlertChannelRequest,
  type CreateAlertRuleRequest,
  type UpdateAlertChannelRequest,
  type UpdateAlertRuleRequest,
} from "@/contract/alerts";
import { bffTransport, readAllPages, type Transport } from "@/shared/lib/api-client";

// The alerts resource (rules, channels, history), once for the browser and the panel's server: gateway paths,
// fetchers (given a transport), query keys, query options and mutations.

/** Which alerts the history shows: every state, or some. */
export type AlertHistoryFilters = { state?: readonly AlertState[] };

const HISTORY_PAGE_SIZE = 25;
/** There are no socket events for alerts: the history is polled while it is on screen. */
const HISTORY_POLL_MS = 15_000;
const MAX_LIST = 2_000;

const BASE = "/api/v1/alerts";
const item = (kind: "rules" | "channels" | "history", id: string, suffix = "") => `${BASE}/${kind}/${encodeURIComponent(id)}${suffix}`;
const pageOf = (kind: "rules" | "channels") => (cursor: string | null) => `${BASE}/${kind}?${new URLSearchParams({ limit: "500", ...(cursor ? { cursor } : {}) })}`;

const alertPaths = {
  rules: pageOf("rules"),
  rule: (id: string) => item("rules", id),
  channels: pageOf("channels"),
  channel: (id: string) => item("channels", id),
  testChannel: (id: string) => item("channels", id, "/test"),
  history: (filters: AlertHistoryFilters, cursor: string | null) => {
    const params = new URLSearchParams({ limit: String(HISTORY_PAGE_SIZE) });
    if (filters.state?.length) params.set("state", filters.state.join(","));
    if (cursor) params.set("cursor", cursor);
    return `${BASE}/history?${params.toString().replace(/%2C/gi, ",")}`;
  },
  ack: (id: string) => item("history", id, "/ack"),
};

const normalize = (filters: AlertHistoryFilters): AlertHistoryFilters => (filters.state?.length ? { state: [...filters.state].sort() } : {});

/** Alert query keys, most generic to most specific (TkDodo's key factory). */
const alertKeys = {
  all: ["alerts"] as const,
  rules: () => [...alertKeys.all, "rules"] as const,
  channels: () => [...alertKeys.all, "channels"] as const,
  histories: () => [...alertKeys.all, "history"] as const,
  history: (filters: AlertHistoryFilters = {}) => [...alertKeys.histories(), normalize(filters)] as const,
};

export const alertRuleListOptions = (transport: Transport = bffTransport) =>
  queryOptions({
    queryKey: alertKeys.rules(),
    queryFn: ({ signal }) => readAllPages(transport, alertPaths.rules, AlertRuleList, { max: MAX_LIST, signal }),
  });

export const alertChannelListOptions = (transport: Transport = bffTransport) =>
  queryOptions({
    queryKey: alertKeys.channels(),
    queryFn: ({ signal }) => readAllPages(transport, alertPaths.channels, AlertChannelList, { max: MAX_LIST, signal }),
  });

/** Alerts newest first, a page per cursor, polled while on screen. */
export const alertHistoryOptions = (raw: AlertHistoryFilters = {}, transport: Transport = bffTransport) => {
  const filters = normalize(raw);
  return infiniteQueryOptions({
    queryKey: alertKeys.history(filters),
    queryFn: ({ pageParam, signal }) => transport.request(alertPaths.history(filters, pageParam), { schema: AlertList, signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    staleTime: 10_000,
    refetchInterval: HISTORY_POLL_MS,
  });
};

type HistoryPages = InfiniteData<AlertList, string | null>;

/** Replaces an alert in every cached history page that holds it. */
function storeAlert(client: QueryClient, alert: Alert) {
  client.setQueriesData<HistoryPages>({ queryKey: alertKeys.histories() }, (data) =>
    data && { ...data, pages: data.pages.map((page) => (page.items.some((a) => a.id === alert.id) ? { ...page, items: page.items.map((a) => (a.id === alert.id ? alert : a)) } : page)) },
  );
}

/** Acknowledge a firing alert: no more reminders; it stays open until its subjects recover. */
export const acknowledgeAlertMutation = () =>
  mutationOptions({
    mutationFn: (id: string) => bffTransport.request(alertPaths.ack(id), { method: "POST", schema: Alert }),
    onSuccess: (alert, _id, _result, { client }) => {
      storeAlert(client, alert);
      // A state filter may no longer match it.
      void client.invalidateQueries({ queryKey: alertKeys.histories() });
    },
    meta: {
      successToast: () => ({ title: "Alert acknowledged", description: "No more reminders; it resolves when its subjects recover." }),
      errorToast: (error) => ({ title: "Could not acknowledge the alert", description: error.message }),
    },
  });

// ---- channels ----

/** Create a channel; a signed-webhook channel's response carries its secret, shown once by the caller. Errors are shown by the form. */
export const createAlertChannelMutation = () =>
  mutationOptions({
    mutationFn: (body: CreateAlertChannelRequest) => bffTransport.request(`${BASE}/channels`, { method: "POST", body, schema: AlertChannelWithSecret }),
    onSuccess: (_created, _body, _result, { client }) => void client.invalidateQueries({ queryKey: alertKeys.channels() }),
    meta: { successToast: (created: AlertChannelWithSecret) => (created.secret ? { title: "Channel created", description: "Copy its signing secret now: it is shown only once." } : "Channel created") },
  });

export const updateAlertChannelMutation = (id: string) =>
  mutationOptions({
    mutationFn: (body: UpdateAlertChannelRequest) => bffTransport.request(alertPaths.channel(id), { method: "PATCH", body, schema: AlertChannel }),
    onSuccess: (channel, _body, _result, { client }) => {
      client.setQueryData<AlertChannel[]>(alertKeys.channels(), (list) => list?.map((c) => (c.id === channel.id ? channel : c)));
      void client.invalidateQueries({ queryKey: alertKeys.channels() });
    },
    meta: { successToast: () => "Channel saved" },
  });

export const deleteAlertChannelMutation = () =>
  mutationOptions({
    mutationFn: (id: string) => bffTransport.request<void>(alertPaths.channel(id), { method: "DELETE" }),
    onSuccess: (_data, id, _result, { client }) => {
      client.setQueryData<AlertChannel[]>(alertKeys.channels(), (list) => list?.filter((c) => c.id !== id));
      void client.invalidateQueries({ queryKey: alertKeys.channels() });
      // Rules stop listing it.
      void client.invalidateQueries({ queryKey: alertKeys.rules() });
    },
    meta: {
      successToast: () => ({ title: "Channel deleted", description: "Rules no longer send to it." }),
      errorToast: (error) => ({ title: "Could not delete the channel", description: error.message }),
    },
  });

/** Sends a test alert through the channel now; what the channel did (or why it failed) comes back in the result. */
export const testAlertChannelMutation = (id: string) =>
  mutationOptions({
    mutationFn: () => bffTransport.request(alertPaths.testChannel(id), { method: "POST", schema: AlertDelivery }),
    meta: {
      successToast: (result: AlertDelivery) =>
        result.ok
          ? { title: `Test alert sent to ${result.channelName}`, description: `${result.statusCode ? `HTTP ${result.statusCode} in ` : ""}${result.latencyMs} ms` }
          : { title: `The test alert to ${result.channelName} failed`, description: result.error ?? (result.statusCode ? `HTTP ${result.statusCode}` : "No reason given"), tone: "error" },
      errorToast: (error) => ({ title: "Could not send the test alert", description: error.message }),
    },
  });

// ---- rules ----

/** Create a rule; errors are shown by the form. */
export const createAlertRuleMutation = () =>
  mutationOptions({
    mutationFn: (body: CreateAlertRuleRequest) => bffTransport.request(`${BASE}/rules`, { method: "POST", body, schema: AlertRule }),
    onSuccess: (_created, _body, _result, { client }) => void client.invalidateQueries({ queryKey: alertKeys.rules() }),
    meta: { successToast: () => "Rule created" },
  });

export const updateAlertRuleMutation = (id: string) =>
  mutationOptions({
    mutationFn: (body: UpdateAlertRuleRequest) => bffTransport.request(alertPaths.rule(id), { method: "PATCH", body, schema: AlertRule }),
    onSuccess: (rule, _body, _result, { client }) => {
      client.setQueryData<AlertRule[]>(alertKeys.rules(), (list) => list?.map((r) => (r.id === rule.id ? rule : r)));
      void client.invalidateQueries({ queryKey: alertKeys.rules() });
    },
    meta: { successToast: () => "Rule saved" },
  });

export const deleteAlertRuleMutation = () =>
  mutationOptions({
    mutationFn: (id: string) => bffTransport.request<void>(alertPaths.rule(id), { method: "DELETE" }),
    onSuccess: (_data, id, _result, { client }) => {
      client.setQueryData<AlertRule[]>(alertKeys.rules(), (list) => list?.filter((r) => r.id !== id));
      void client.invalidateQueries({ queryKey: alertKeys.rules() });
    },
    meta: {
      successToast: () => ({ title: "Rule deleted", description: "Its alerts stay in the history." }),
      errorToast: (error) => ({ title: "Could not delete the rule", description: error.message }),
    },
  });
