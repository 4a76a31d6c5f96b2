import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import fp from "fastify-plugin";
import { z } from "zod";
import { Instance, InstanceIdParams, SandboxDisconnectRequest, SandboxActivity, SandboxReceivedList, SandboxScanRequest } from "../../../../contract/instances";
import { SANDBOX_INBOUND_BODY_LIMIT, SandboxInboundRequest, SandboxInboundResponse, SandboxLinkedDevices } from "../../../../contract/sandbox";
import { SandboxEngine } from "../../engines/sandbox/sandbox-engine";
import { AuthStateStore } from "../instances/auth-state-store";
import { json, problem } from "../../plugins/openapi";
import contactRoutes from "./contact-routes";

const TAGS = ["Sandbox"];
const conflict = problem("The simulated phone cannot do that now");
const notFound = problem("No such instance");

/** Sandbox-only endpoints: what a phone would do. Registered only when WA_ENGINE=sandbox. */
async function sandboxRoutes(app: FastifyInstance) {
  const engine = app.engine;
  if (!(engine instanceof SandboxEngine)) return;
  const r = app.withTypeProvider<ZodTypeProvider>();
  const phone = async (id: string) => {
    await app.instances.repo.get(id);
    return engine.phone(id);
  };

  r.post(
    "/api/v1/sandbox/instances/:id/scan",
    {
      config: { auth: "instance", instanceAction: true },
      schema: {
        operationId: "sandboxScan",
        summary: "Sandbox: scan the current QR with a simulated phone (pairs a made-up number)",
        description: "Only with WA_ENGINE=sandbox. Scans the current QR with a simulated phone: the instance connects as `number` (random if omitted). 409 unless the instance is showing a QR.",
        tags: TAGS,
        params: InstanceIdParams,
        // Optional: Fastify hands a validator null when no body was sent.
        body: z.nullish(SandboxScanRequest),
        response: { 202: json("Scanned; the instance connects", Instance), 404: notFound, 409: conflict },
      },
    },
    async (request, reply) => {
      await (await phone(request.params.id)).scan(request.body?.number, request.body?.pushName);
      return reply.code(202).send(await app.instances.repo.get(request.params.id));
    },
  );

  r.post(
    "/api/v1/sandbox/instances/:id/disconnect",
    {
      config: { auth: "instance", instanceAction: true },
      schema: {
        operationId: "sandboxDisconnect",
        summary: "Sandbox: close the connection with a Baileys DisconnectReason code",
        description: "Only with WA_ENGINE=sandbox. Drops the connection with a Baileys DisconnectReason code, so the status machine reacts as it would to WhatsApp (reconnect, ask for a new QR, or stop).",
        tags: TAGS,
        params: InstanceIdParams,
        body: SandboxDisconnectRequest,
        response: { 202: json("Closed; the status machine reacts", Instance), 404: notFound, 409: conflict },
      },
    },
    async (request, reply) => {
      (await phone(request.params.id)).disconnect(request.body.code, request.body.reason);
      return reply.code(202).send(await app.instances.repo.get(request.params.id));
    },
  );

  r.post(
    "/api/v1/sandbox/instances/:id/stall",
    {
      config: { auth: "instance", instanceAction: true },
      schema: {
        operationId: "sandboxStall",
        summary: "Sandbox: stall the connection (stays CONNECTED, all traffic stops) for the watchdog to find",
        description:
          "Only with WA_ENGINE=sandbox. The session stays open and CONNECTED, but from now on nothing arrives and nothing is answered, as when WhatsApp's side of a socket silently dies. Contacts' messages sent meanwhile are held and delivered (`offline: true`) once the session is restarted. 409 unless the instance is connected.",
        tags: TAGS,
        params: InstanceIdParams,
        response: { 202: json("Stalled; the watchdog finds it within its threshold", Instance), 404: notFound, 409: conflict },
      },
    },
    async (request, reply) => {
      (await phone(request.params.id)).stall();
      return reply.code(202).send(await app.instances.repo.get(request.params.id));
    },
  );

  r.post(
    "/api/v1/sandbox/instances/:id/inbound",
    {
      config: { auth: "instance", instanceAction: true },
      // Room for a 4 MiB file as base64.
      bodyLimit: SANDBOX_INBOUND_BODY_LIMIT,
      schema: {
        operationId: "sandboxInbound",
        summary: "Sandbox: deliver an inbound message (text, media, location, contact, poll) to the instance",
        description:
          "Only with WA_ENGINE=sandbox. Delivers a message from `from` to the instance (in `group`, if given), as if someone had written to its number: it goes out as a `message.received` webhook. " +
          "`type` is text (the default), image, video, audio, document, sticker (with the file as base64 `data`, at most 4 MiB), location, contact or poll. A file can then be downloaded with GET …/media/{mediaId}. " +
          "`chat` delivers it as a status update, through a broadcast list or in a channel instead. The instance's settings apply as with WhatsApp: a kind of chat it ignores gives `ignored: true` and nothing else; `readMessages` (or `readStatus`) marks it read at once (`read: true`); a status update is never a webhook. 409 unless connected.",
        tags: TAGS,
        params: InstanceIdParams,
        body: SandboxInboundRequest,
        response: { 202: json("Delivered", SandboxInboundResponse), 404: notFound, 409: conflict },
      },
    },
    async (request, reply) => reply.code(202).send(await (await phone(request.params.id)).inbound(request.body)),
  );

  r.get(
    "/api/v1/sandbox/instances/:id/received",
    {
      config: { auth: "instance", instanceAction: true },
      schema: {
        operationId: "sandboxReceived",
        summary: "Sandbox: what the simulated recipients got from the instance",
        description:
          "Only with WA_ENGINE=sandbox. Every message the instance sent since the gateway started, as the simulated recipient got it: its kind and fields, for media the MIME type, size and SHA-256 of the bytes that arrived, the quoted message, edits and whether it was deleted for everyone. Oldest first; the last 2000.",
        tags: TAGS,
        params: InstanceIdParams,
        response: { 200: json("What arrived", SandboxReceivedList), 404: notFound },
      },
    },
    async (request) => {
      await app.instances.repo.get(request.params.id);
      return { items: engine.received(request.params.id).map((d) => ({ ...d, edits: [...d.edits] })) };
    },
  );

  r.get(
    "/api/v1/sandbox/instances/:id/activity",
    {
      config: { auth: "instance", instanceAction: true },
      schema: {
        operationId: "sandboxActivity",
        summary: "Sandbox: the presence updates and read receipts the instance sent, and the proxy of each session",
        description:
          "Only with WA_ENGINE=sandbox. Every presence update (typing, recording, paused, available, unavailable) and read receipt the simulated phone sent since the gateway started, oldest first. The account's own presence is listed with `to` its own JID: available or unavailable on connecting (the `alwaysOnline` setting), and around each send while `alwaysOnline` is off.",
        tags: TAGS,
        params: InstanceIdParams,
        response: { 200: json("What the phone did", SandboxActivity), 404: notFound },
      },
    },
    async (request) => {
      await app.instances.repo.get(request.params.id);
      const activity = engine.activityOf(request.params.id);
      return { presences: [...activity.presences], reads: [...activity.reads], sessions: [...activity.sessions] };
    },
  );

  r.get(
    "/api/v1/sandbox/instances/:id/linked-devices",
    {
      config: { auth: "instance" },
      schema: {
        operationId: "sandboxLinkedDevices",
        summary: "Sandbox: what the simulated phone lists under Linked devices",
        description:
          "Only with WA_ENGINE=sandbox. The device the instance is linked as, by the name it was linked with: the instance's `deviceName` at the time of the scan. As on a real phone, renaming a linked device changes nothing here until it is linked again (reset, scan). Empty while not linked.",
        tags: TAGS,
        params: InstanceIdParams,
        response: { 200: json("The linked devices", SandboxLinkedDevices), 404: notFound },
      },
    },
    async (request) => {
      await app.instances.repo.get(request.params.id);
      return { items: await engine.linkedDevices(new AuthStateStore(app.db, request.params.id)) };
    },
  );

  await app.register(contactRoutes, { phone });
}

export default fp(sandboxRoutes, { name: "module-sandbox", dependencies: ["engine", "module-instances"] });
