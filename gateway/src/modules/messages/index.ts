import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import type { Logger } from "pino";
import type { GatewayConfig } from "../../config";
import { OutboundHttp } from "../webhooks/outbound-http";
import { MediaFetcher } from "./media-fetcher";
import { MediaUploads } from "./media-uploads";
import messageRoutes from "./message-routes";
import { MessageService } from "./message-service";
import { MessageStore } from "./message-store";
import { SendQueue } from "./send-queue";

declare module "fastify" {
  interface FastifyInstance {
    /** Outbound messages: the store, the paced send queue, edits and revokes. */
    messages: MessageService;
  }
}

/** Sending messages through an instance: every kind, queued durably and paced per instance (issue 19). */
async function messagesModule(app: FastifyInstance, { config, log }: { config: GatewayConfig; log: Logger }) {
  const messageLog = log.child({ component: "messages" });
  // Media URLs follow the webhooks' address rules (and WEBHOOK_ALLOW_IPS), through a client of their own.
  const client = new OutboundHttp({ allowIps: config.webhooks.allowIps, userAgent: "WhatsApp-API-Manager-Media/1", purpose: "media URLs" });
  const store = new MessageStore(app.db);
  const media = new MediaFetcher(client, config.dataDir, config.messages.mediaMaxBytes);
  const uploads = new MediaUploads(config.dataDir, config.messages.mediaMaxBytes);
  const queue = new SendQueue({
    store,
    instances: app.instances,
    media,
    uploads,
    pacing: { ratePerSecond: config.messages.ratePerSecond, burst: config.messages.burst, jitter: 0.2 },
    log: messageLog,
    sent: (message) => app.events.emitOutcome({ kind: "message.sent", instanceId: message.instanceId, type: message.content.type ?? "text" }),
    failed: (message, reason) => {
      app.events.emitOutcome({ kind: "message.failed", instanceId: message.instanceId, type: message.content.type ?? "text" });
      app.events.emitMessage(message.instanceId, { type: "message.status", data: { messageId: message.id, remoteJid: message.jid, status: "failed", reason, timestamp: new Date().toISOString() } });
    },
  });
  const messages = new MessageService({ store, queue, media, uploads, instances: app.instances, events: app.events, config: config.messages, log: messageLog });
  app.decorate("messages", messages);
  // Retention, and uploaded files nothing waits for: every 10 minutes, or a tenth of the retention when that is
  // shorter. Every node may run it (cluster mode): the delete is the same wherever it runs.
  const sweeper = setInterval(() => {
    messages.sweep().catch((error: unknown) => messageLog.warn({ err: error }, "deleting old message records failed"));
  }, Math.max(100, Math.min(600_000, config.messages.retentionMs / 10)));
  sweeper.unref();
  // Messages being sent finish before the instances end their sockets; the rest waits in the queue for the next start.
  app.instances.onShutdown(() => queue.stop());
  app.addHook("onClose", async () => {
    clearInterval(sweeper);
    messages.stop();
    client.close();
  });
  await app.register(messageRoutes, { uploads });
}

export default fp(messagesModule, { name: "module-messages", dependencies: ["db", "events", "module-instances"] });
