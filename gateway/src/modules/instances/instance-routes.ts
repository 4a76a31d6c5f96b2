import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import {
  CreateInstanceRequest,
  Instance,
  InstanceIdParams,
  InstanceList,
  InstanceQr,
  ListInstancesQuery,
  PairingCodeRequest,
  PairingCodeResponse,
  StatusHistoryList,
  StatusHistoryQuery,
  UpdateInstanceRequest,
} from "../../../../contract/instances";
import { UpdateWatchdogRequest, WatchdogSettings } from "../../../../contract/watchdog";
import { DomainError } from "../../domain-error";
import { json, problem } from "../../plugins/openapi";

const TAGS = ["Instances"];
const notFound = problem("No such instance");
const conflict = problem("Not possible in the instance's current state");
const nameTaken = problem("Another instance has this name (names are unique, ignoring case)");

/** Instances: create, list, rename, delete, lifecycle actions, QR, pairing code, history (sending: modules/messages). */
export default async function instanceRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { instances } = app;

  r.get(
    "/api/v1/instances",
    {
      config: { auth: "operator" },
      schema: {
        operationId: "listInstances",
        summary: "List instances: filter by status, search by name or number, sort, cursor paging",
        description: "Filter by status (comma-separated), search name or number, sort by a field in either order. Cursor paging: pass `nextCursor` back as `cursor` with the same filters and sort.",
        tags: TAGS,
        querystring: ListInstancesQuery,
        response: { 200: json("A page of instances", InstanceList) },
      },
    },
    async (request) => instances.repo.list(request.query),
  );

  r.post(
    "/api/v1/instances",
    {
      config: { auth: "operator" },
      schema: {
        operationId: "createInstance",
        summary: "Create an instance (and start linking it unless connect is false)",
        description: "Creates an instance with the browser name the phone will list under Linked devices. Unless `connect` is false it starts linking at once: follow `instance.qr` (webhook or socket) or GET its QR, or request a pairing code. Names are unique (ignoring case): 409 names the instance that has it.",
        tags: TAGS,
        body: CreateInstanceRequest,
        response: { 201: json("Created", Instance), 409: nameTaken },
      },
    },
    async (request, reply) => reply.code(201).send(await instances.create(request.body)),
  );

  r.get(
    "/api/v1/instances/:id",
    {
      config: { auth: "instance" },
      schema: {
        operationId: "getInstance",
        summary: "One instance: status, reason, number, push name, platform, browser, connected since, last error",
        description: "Status with the last reason code, the linked number, push name and platform, the browser shown on the phone, when it connected and the last error. An instance token may read its own instance.",
        tags: TAGS,
        params: InstanceIdParams,
        response: { 200: json("The instance", Instance), 404: notFound },
      },
    },
    async (request) => instances.repo.get(request.params.id),
  );

  r.patch(
    "/api/v1/instances/:id",
    {
      config: { auth: "instance" },
      schema: {
        operationId: "renameInstance",
        summary: "Rename an instance",
        description: "Changes the display name only; the link to the phone is not touched.",
        tags: TAGS,
        params: InstanceIdParams,
        body: UpdateInstanceRequest,
        response: { 200: json("Renamed", Instance), 404: notFound, 409: nameTaken },
      },
    },
    async (request) =>
      instances.rename(request.params.id, request.body.name).catch((error: unknown) => {
        // A token for one instance learns that the name is taken, not which other instance has it (nor its id).
        if (request.apiKey?.scope !== "instance" || !(error instanceof DomainError) || error.kind !== "conflict") throw error;
        const message = `Another instance is named "${request.body.name}": choose another name`;
        throw new DomainError("conflict", message, { issues: [{ path: "body.name", message }] });
      }),
  );

  r.delete(
    "/api/v1/instances/:id",
    {
      config: { auth: "operator", instanceAction: true },
      schema: {
        operationId: "deleteInstance",
        summary: "Delete an instance: logs the device out and wipes its auth state (not with its own instance token)",
        description: "Logs the linked device out of WhatsApp, wipes its auth state and deletes the instance. Not possible with the instance's own token.",
        tags: TAGS,
        params: InstanceIdParams,
        response: { 204: z.undefined().describe("Deleted"), 404: notFound },
      },
    },
    async (request, reply) => {
      await instances.remove(request.params.id);
      return reply.code(204).send();
    },
  );

  const actions = {
    connect: [
      "Start connecting a stopped instance (DISCONNECTED or ERROR)",
      "Starts a stopped instance: it reconnects with the saved device, or shows a new QR if it has none. 409 when it is already running.",
    ],
    restart: ["End the connection and open a new one, keeping the linked device", "Closes the connection and opens a new one with the same linked device; no new scan is needed."],
    logout: [
      "Unlink the device from the phone and show a new QR; keeps the instance",
      "Unlinks the device on the phone, wipes the auth state and shows a new QR to link again; the instance stays. 409 unless CONNECTED.",
    ],
    reset: [
      "Wipe the auth state and start over with a fresh QR",
      "Forgets the linked device without telling the phone, wipes the auth state and starts over with a fresh QR. Works in any state.",
    ],
  } as const;
  for (const [name, [summary, description]] of Object.entries(actions) as Array<[keyof typeof actions, readonly [string, string]]>) {
    r.post(
      `/api/v1/instances/:id/${name}`,
      {
        config: { auth: "instance", instanceAction: true },
        schema: {
          operationId: `${name}Instance`,
          summary,
          description,
          tags: TAGS,
          params: InstanceIdParams,
          // Only connect and logout depend on the state (already running; not connected); restart and reset always go.
          response: { 202: json("Accepted; follow the status live", Instance), 404: notFound, ...(name === "connect" || name === "logout" ? { 409: conflict } : {}) },
        },
      },
      async (request, reply) => {
        await (await instances.runtime(request.params.id))[name]();
        return reply.code(202).send(await instances.repo.get(request.params.id));
      },
    );
  }

  r.get(
    "/api/v1/instances/:id/qr",
    {
      config: { auth: "instance", instanceAction: true },
      schema: {
        operationId: "getInstanceQr",
        summary: "The current QR with its expiry and attempt number (409 unless QR_REQUIRED)",
        description: "The QR payload to render (not an image), when it expires and which attempt it is. Only while the instance is QR_REQUIRED; otherwise 409.",
        tags: TAGS,
        params: InstanceIdParams,
        response: { 200: json("The QR to scan", InstanceQr), 404: notFound, 409: conflict },
      },
    },
    async (request) => {
      await instances.repo.get(request.params.id);
      return (await instances.runtime(request.params.id)).currentQr();
    },
  );

  r.post(
    "/api/v1/instances/:id/pairing-code",
    {
      config: { auth: "instance", instanceAction: true },
      schema: {
        operationId: "requestPairingCode",
        summary: "Link by phone number instead of QR: returns the code to type on the phone",
        description: "Instead of scanning: enter this 8-character code on the phone under Linked devices → Link with phone number. Only while the instance waits for a scan (QR_REQUIRED); otherwise 409.",
        tags: TAGS,
        params: InstanceIdParams,
        body: PairingCodeRequest,
        response: { 200: json("The pairing code", PairingCodeResponse), 404: notFound, 409: conflict },
      },
    },
    async (request) => {
      const code = await (await instances.runtime(request.params.id)).requestPairingCode(request.body.phoneNumber);
      return { code, phoneNumber: request.body.phoneNumber };
    },
  );

  r.get(
    "/api/v1/instances/:id/status-history",
    {
      config: { auth: "instance" },
      schema: {
        operationId: "getInstanceStatusHistory",
        summary: "Status changes, newest first, with reason codes",
        description: "Every status change with its reason code, newest first. Cursor paging: `cursor` is the `seq` of the last entry of the previous page (what `nextCursor` returns).",
        tags: TAGS,
        params: InstanceIdParams,
        querystring: StatusHistoryQuery,
        response: { 200: json("History page", StatusHistoryList), 404: notFound },
      },
    },
    async (request) => {
      const { id } = request.params;
      await instances.repo.get(id);
      return instances.repo.history(id, request.query.limit, request.query.cursor ? Number(request.query.cursor) : undefined);
    },
  );

  r.get(
    "/api/v1/instances/:id/watchdog",
    {
      config: { auth: "instance" },
      schema: {
        operationId: "getInstanceWatchdog",
        summary: "The watchdog's policy and silence threshold for this instance",
        description:
          "What happens when this CONNECTED instance hears nothing from WhatsApp for `silenceSeconds`: the watchdog probes it and, without an answer, marks it `Unresponsive (no traffic for N min)` and restarts it (`restart`, no QR needed) or only marks it so alerts fire (`alert`). The instance's own values, or the gateway's defaults (`WATCHDOG_POLICY`, `WATCHDOG_SILENCE_SECONDS`).",
        tags: TAGS,
        params: InstanceIdParams,
        response: { 200: json("The watchdog settings", WatchdogSettings), 404: notFound },
      },
    },
    async (request) => app.watchdog.settingsOf(request.params.id),
  );

  r.patch(
    "/api/v1/instances/:id/watchdog",
    {
      config: { auth: "operator" },
      schema: {
        operationId: "updateInstanceWatchdog",
        summary: "Set the instance's own watchdog policy or threshold (or go back to the gateway's)",
        description: "`null` returns a field to the gateway default. Applies from the watchdog's next round.",
        tags: TAGS,
        params: InstanceIdParams,
        body: UpdateWatchdogRequest,
        response: { 200: json("The watchdog settings", WatchdogSettings), 404: notFound },
      },
    },
    async (request) => {
      await instances.repo.setWatchdog(request.params.id, request.body);
      return app.watchdog.settingsOf(request.params.id);
    },
  );
}
