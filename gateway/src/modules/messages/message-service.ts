import { createHash } from "node:crypto";
import type { Multipart } from "@fastify/multipart";
import type { Logger } from "pino";
import { type Message, type SendMessage, type SendMessageContent, type SendMessageResponse } from "../../../../contract/messages";
import { MESSAGE_STATUSES, type MessageStatusCounts, type SendQueueInfo } from "../../../../contract/send-queue";
import type { GatewayConfig } from "../../config";
import { DomainError, invalidInput } from "../../domain-error";
import type { GatewayEvents } from "../../events/gateway-events";
import type { InstanceManager } from "../instances/instance-manager";
import type { MediaFetcher } from "./media-fetcher";
import type { MediaUploads } from "./media-uploads";
import type { MessageStore } from "./message-store";
import type { SendQueue } from "./send-queue";

const DAY_MS = 24 * 3600_000;
const IDEMPOTENCY_TTL_MS = DAY_MS;

/** JSON with object keys sorted, so the same body always hashes the same. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    return `{${Object.keys(value)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value);
}

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/** Sending, reading, editing and revoking outbound messages; status changes from the engines keep the store current. */
export class MessageService {
  private readonly unsubscribe: Array<() => void>;
  private lastKeySweep = 0;

  constructor(
    private readonly deps: {
      store: MessageStore;
      queue: SendQueue;
      media: MediaFetcher;
      uploads: MediaUploads;
      instances: InstanceManager;
      events: GatewayEvents;
      config: GatewayConfig["messages"];
      log: Logger;
    },
  ) {
    // Acks move the stored status forward (webhooks get every engine event as before, through the dispatcher).
    const onStatus = deps.events.onMessage((instanceId, event) => {
      if (event.type !== "message.status") return;
      const { messageId, status, reason } = event.data;
      const done = status === "failed" ? deps.store.markFailed(messageId, reason ?? "WhatsApp reported an error") : deps.store.advance(instanceId, messageId, status);
      done.catch((error: unknown) => deps.log.error({ err: error, instanceId }, "storing a message status failed"));
    });
    const onConnected = deps.events.onServerEvent((name, payload) => {
      // A connected instance drains what waited for it.
      if (name === "instance.status" && (payload as { status: string }).status === "CONNECTED") deps.queue.kick((payload as { instanceId: string }).instanceId);
    });
    this.unsubscribe = [onStatus, onConnected];
  }

  /**
   * Queues a message and answers at once. With an idempotency key (per instance and credential, 24 h) a repeat
   * returns the first answer and queues nothing; the same key with another body is refused (422).
   */
  async send(instanceId: string, body: SendMessage, caller: string, idempotencyKey?: string): Promise<{ response: SendMessageResponse; replayed: boolean }> {
    // The stored status, not this process's runtime: with several gateway nodes, the owner's queue drains it.
    const instance = await this.deps.instances.repo.get(instanceId);
    if ("url" in body) {
      const refused = this.deps.media.refuse(body.url);
      if (refused) throw invalidInput("body.url", refused);
    }
    const { to, ...content } = body;
    const normalised = { ...content, type: content.type ?? "text" } as SendMessageContent;
    const idempotency = idempotencyKey ? { ...this.keyOf(instanceId, caller, idempotencyKey), requestHash: sha256(canonical({ ...body, type: normalised.type })) } : undefined;
    const first = idempotency && (await this.firstAnswer(idempotency));
    if (first) return this.replay(first, idempotency.requestHash);
    await this.admit(instanceId, instance.status);
    return this.enqueue(this.deps.instances.engine.newMessageId(), instanceId, to, normalised, idempotency);
  }

  /**
   * Queues a media message whose file comes in the request (multipart/form-data), as `send` does. What would refuse
   * it (unknown instance, not connected, queue full) is checked before the file is read; a repeat of an idempotency
   * key is told from a new use by the form's fields and the file's digest, so the file is read first.
   */
  async sendUpload(instanceId: string, form: AsyncIterable<Multipart>, caller: string, idempotencyKey?: string): Promise<{ response: SendMessageResponse; replayed: boolean }> {
    const instance = await this.deps.instances.repo.get(instanceId);
    const key = idempotencyKey ? this.keyOf(instanceId, caller, idempotencyKey) : undefined;
    const first = key && (await this.firstAnswer(key));
    if (!first) await this.admit(instanceId, instance.status);
    const id = this.deps.instances.engine.newMessageId();
    const upload = await this.deps.uploads.receive(id, form);
    try {
      const { to, ...fields } = upload.message;
      const idempotency = key && { ...key, requestHash: sha256(canonical({ ...upload.message, file: upload.file })) };
      const result = first ? this.replay(first, idempotency!.requestHash) : await this.enqueue(id, instanceId, to, { ...fields, mimetype: upload.mimetype }, idempotency);
      if (result.replayed) await this.deps.uploads.remove(id);
      return result;
    } catch (error) {
      await this.deps.uploads.remove(id);
      throw error;
    }
  }

  /** An idempotency key's stored id (per instance and credential), and the age before which it is forgotten. */
  private keyOf(instanceId: string, caller: string, key: string): { id: string; keyCutoff: string } {
    return { id: sha256(`${instanceId}\n${caller}\n${key}`), keyCutoff: new Date(Date.now() - IDEMPOTENCY_TTL_MS).toISOString() };
  }

  /** The key's first answer, if it has one; now and then forgets keys past their 24 h. */
  private async firstAnswer(idempotency: { id: string; keyCutoff: string }): Promise<{ requestHash: string; response: string } | undefined> {
    const first = await this.deps.store.idempotent(idempotency.id, idempotency.keyCutoff);
    if (!first && Date.now() - this.lastKeySweep > 60_000) {
      this.lastKeySweep = Date.now();
      await this.deps.store.expireKeys(idempotency.keyCutoff);
    }
    return first;
  }

  /** Refuses a send the instance cannot take now: not connected (409), or its queue full (429 with Retry-After). */
  private async admit(instanceId: string, status: string): Promise<void> {
    if (status !== "CONNECTED") throw new DomainError("conflict", `Cannot send: the instance is ${status}, not CONNECTED.`);
    const waiting = await this.deps.store.queuedCount(instanceId);
    if (waiting >= this.deps.config.queueMax) {
      const rate = await this.deps.queue.rateOf(instanceId);
      const retryAfter = Math.max(1, Math.ceil((waiting - this.deps.config.queueMax + 1) / rate));
      throw new DomainError("rate_limited", `The instance's send queue is full (${waiting} messages waiting, at most ${this.deps.config.queueMax}). Try again in ${retryAfter} s.`, { retryAfterSeconds: retryAfter }, retryAfter);
    }
  }

  /** Stores the message (with its idempotency key, unless a concurrent send took the key first) and wakes the queue. */
  private async enqueue(
    id: string,
    instanceId: string,
    to: string,
    content: SendMessageContent,
    idempotency: { id: string; requestHash: string; keyCutoff: string } | undefined,
  ): Promise<{ response: SendMessageResponse; replayed: boolean }> {
    const response: SendMessageResponse = { id, messageId: id, to, status: "pending" };
    const at = new Date().toISOString();
    const first = await this.deps.store.insert({ id, instanceId, jid: to, content, at }, idempotency ? { ...idempotency, response: JSON.stringify(response) } : undefined);
    if (first) return this.replay(first, idempotency!.requestHash);
    this.deps.queue.kick(instanceId);
    return { response, replayed: false };
  }

  private replay(first: { requestHash: string; response: string }, requestHash: string): { response: SendMessageResponse; replayed: true } {
    if (first.requestHash !== requestHash) {
      throw new DomainError("unprocessable", "This Idempotency-Key was already used with a different request body; use a new key for a different message.");
    }
    return { response: JSON.parse(first.response) as SendMessageResponse, replayed: true };
  }

  async get(instanceId: string, messageId: string): Promise<Message> {
    await this.deps.instances.repo.get(instanceId);
    const message = await this.deps.store.get(instanceId, messageId);
    if (!message) throw new DomainError("not_found", `No message ${messageId} sent by instance ${instanceId}`);
    return message;
  }

  /** A message that has left, and not been revoked or failed: what edit and revoke need. */
  private async sentMessage(instanceId: string, messageId: string, action: string): Promise<Message> {
    const message = await this.get(instanceId, messageId);
    if (message.status === "failed") throw new DomainError("conflict", `Cannot ${action} message ${messageId}: it failed and was never sent.`);
    if (!message.sentAt) throw new DomainError("conflict", `Cannot ${action} message ${messageId} yet: it is still waiting in the send queue.`);
    if (message.revokedAt) throw new DomainError("conflict", `Cannot ${action} message ${messageId}: it was deleted for everyone.`);
    return message;
  }

  async edit(instanceId: string, messageId: string, text: string): Promise<Message> {
    const message = await this.sentMessage(instanceId, messageId, "edit");
    if (message.type !== "text") throw new DomainError("conflict", `Only text messages can be edited; ${messageId} is a ${message.type} message.`);
    await (await this.deps.instances.runtime(instanceId)).edit(message.to, messageId, text);
    const content = await this.deps.store.content(messageId);
    await this.deps.store.markEdited(messageId, { ...(content as SendMessageContent), text } as SendMessageContent);
    return this.get(instanceId, messageId);
  }

  async revoke(instanceId: string, messageId: string): Promise<Message> {
    const message = await this.sentMessage(instanceId, messageId, "delete");
    await (await this.deps.instances.runtime(instanceId)).revoke(message.to, messageId);
    await this.deps.store.markRevoked(messageId);
    return this.get(instanceId, messageId);
  }

  async queueInfo(instanceId: string): Promise<SendQueueInfo> {
    await this.deps.instances.repo.get(instanceId);
    const own = await this.deps.store.rateOf(instanceId);
    const { ratePerSecond, burst, queueMax } = this.deps.config;
    const counts = await this.deps.store.statusCounts(instanceId, new Date(Date.now() - DAY_MS).toISOString());
    const last24h = Object.fromEntries(MESSAGE_STATUSES.map((status) => [status, counts[status] ?? 0])) as MessageStatusCounts;
    return { ratePerSecond: own ?? ratePerSecond, instanceRatePerSecond: own, defaultRatePerSecond: ratePerSecond, burst, queued: await this.deps.store.queuedCount(instanceId), queueMax, last24h };
  }

  async setRate(instanceId: string, ratePerSecond: number | null): Promise<SendQueueInfo> {
    await this.deps.instances.repo.get(instanceId);
    await this.deps.store.setRate(instanceId, ratePerSecond);
    return this.queueInfo(instanceId);
  }

  /**
   * Forgets sent and failed messages older than the retention (MESSAGE_RETENTION_DAYS): their status is no longer
   * readable (404) and they leave the 24 h counts long before. Messages still waiting in the queue are kept. Uploaded
   * files nothing waits for any more go too.
   */
  async sweep(): Promise<number> {
    const removed = await this.deps.store.deleteOlderThan(new Date(Date.now() - this.deps.config.retentionMs).toISOString());
    if (removed > 0) this.deps.log.info({ removed }, "old message records deleted");
    await this.sweepUploads();
    return removed;
  }

  /** Gateway start: clear uploaded files nothing waits for, and drain what was queued before the restart. */
  async resume(): Promise<void> {
    await this.sweepUploads();
    await this.deps.queue.resume();
  }

  /** Uploaded files no waiting message needs (their instance was deleted, or a process died taking them). */
  private sweepUploads(): Promise<void> {
    return this.deps.uploads.sweep((ids) => this.deps.store.queuedAmong(ids)).catch((error: unknown) => this.deps.log.error({ err: error }, "sweeping uploaded files failed"));
  }

  stop(): void {
    for (const off of this.unsubscribe) off();
  }
}
