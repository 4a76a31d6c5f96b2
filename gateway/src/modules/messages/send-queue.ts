import type { Logger } from "pino";
import { MEDIA_MESSAGE_TYPES, type MediaMessageType } from "../../../../contract/messages";
import { DomainError } from "../../domain-error";
import type { OutboundMedia, OutboundMessage } from "../../engines/engine";
import type { InstanceManager } from "../instances/instance-manager";
import { MediaFetchError, type MediaFetcher } from "./media-fetcher";
import type { MediaUploads } from "./media-uploads";
import type { MessageStore, QueuedMessage } from "./message-store";

export interface PacingSettings {
  /** Gateway default, messages per second (an instance's own rate overrides it). */
  ratePerSecond: number;
  /** How many may leave back to back after a quiet spell. */
  burst: number;
  /** Each wait for a token is stretched by up to this share of one interval, at random (the long-run rate stays exact). */
  jitter: number;
}

/** A claim outlives the longest send: a media download (2 min) plus the upload. */
const LEASE_MS = 10 * 60_000;
/** How often waiting queues are looked at besides the kicks (new message, instance connected). */
const SWEEP_MS = 30_000;

const isMedia = (type: string | undefined): type is MediaMessageType => (MEDIA_MESSAGE_TYPES as readonly string[]).includes(type ?? "");
/** A media message whose file came with the send (not from a URL). */
const isUploaded = (message: QueuedMessage) => isMedia(message.content.type) && !("url" in message.content);

/**
 * Drains each instance's queue (the `messages` table) at its rate with a token bucket: `burst` tokens, refilled at the
 * rate, one per message. One drain loop per instance in this process; rows are claimed with a conditional UPDATE
 * (MessageStore.claimNext), so another process draining the same table could never send the same row. A loop stops
 * when the queue is empty or the instance is not connected; a new message or the instance connecting starts it again.
 */
export class SendQueue {
  private readonly loops = new Map<string, Promise<void>>();
  private readonly again = new Set<string>();
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly stopping = new AbortController();
  private sweep: NodeJS.Timeout | undefined;

  constructor(
    private readonly deps: {
      store: MessageStore;
      instances: InstanceManager;
      media: MediaFetcher;
      uploads: MediaUploads;
      pacing: PacingSettings;
      log: Logger;
      /** A message left for WhatsApp. */
      sent: (message: QueuedMessage) => void;
      /** A message failed after the 202 (announced once). */
      failed: (message: QueuedMessage, reason: string) => void;
      random?: () => number;
    },
  ) {}

  /** Makes sure the instance's queue is being drained. */
  kick(instanceId: string): void {
    if (this.stopping.signal.aborted) return;
    this.again.add(instanceId);
    if (this.loops.has(instanceId)) return;
    const loop = this.drain(instanceId)
      .catch((error: unknown) => this.deps.log.error({ err: error, instanceId }, "send queue failed"))
      .finally(() => {
        this.loops.delete(instanceId);
        // Kicked after the last look at the queue: go again.
        if (this.again.has(instanceId)) this.kick(instanceId);
      });
    this.loops.set(instanceId, loop);
  }

  /**
   * Gateway start: every instance with messages still waiting; then again every half minute, for a message whose
   * claim outlived a worker that died mid-send (it is sent again once the claim expires: at least once).
   */
  async resume(): Promise<void> {
    await this.kickWaiting();
    this.sweep ??= setInterval(() => void this.kickWaiting().catch((error: unknown) => this.deps.log.error({ err: error }, "send queue sweep failed")), SWEEP_MS);
    this.sweep.unref();
  }

  private async kickWaiting(): Promise<void> {
    for (const instanceId of await this.deps.store.instancesWithQueued()) this.kick(instanceId);
  }

  /** Stops taking new work, lets messages being sent finish, and waits for every loop. */
  async stop(): Promise<void> {
    clearInterval(this.sweep);
    this.stopping.abort();
    await Promise.all([...this.loops.values()]);
  }

  /** The rate an instance sends at, messages per second. */
  async rateOf(instanceId: string): Promise<number> {
    return (await this.deps.store.rateOf(instanceId)) ?? this.deps.pacing.ratePerSecond;
  }

  /**
   * One instance's loop. Only the send itself is on the loop's path: the next claim runs while the loop waits for its
   * token, and what follows a send (recording it, announcing it, removing its upload) runs behind the next one, in a
   * chain that keeps the sends' order. So the pace holds while the database is slow, as long as a claim and a send
   * fit in one interval (docs/architecture.md §6).
   */
  private async drain(instanceId: string): Promise<void> {
    let recording: Promise<void> = Promise.resolve();
    const record = (step: () => Promise<void>) => {
      recording = recording.then(step).catch((error: unknown) => this.deps.log.error({ err: error, instanceId }, "recording a send failed"));
    };
    try {
      while (!this.stopping.signal.aborted) {
        this.again.delete(instanceId);
        // Only the node running the instance drains its queue (the others forward sends to it).
        const runtime = this.deps.instances.localRuntime(instanceId);
        if (!runtime || runtime.currentStatus !== "CONNECTED") return;
        const [claimed, token] = await Promise.allSettled([
          this.deps.store.claimNext(instanceId, LEASE_MS),
          this.rateOf(instanceId).then((rate) => this.takeToken(instanceId, rate)),
        ]);
        if (claimed.status === "rejected") throw claimed.reason;
        const message = claimed.value;
        if (token.status === "rejected") {
          // Reading the rate failed: hand the claimed message back rather than leave it leased for LEASE_MS.
          if (message) await this.deps.store.release(message.id);
          throw token.reason;
        }
        if (!message) {
          this.giveBackToken(instanceId);
          if (!this.again.has(instanceId)) return;
          continue;
        }
        if (this.stopping.signal.aborted) {
          await this.deps.store.release(message.id);
          return;
        }
        const outcome = await this.sendOne(message);
        if (outcome === "released") return;
        record(() => this.recordOutcome(message, outcome));
      }
    } finally {
      // Stopping waits for this: every message that left is recorded before the gateway ends.
      await recording;
    }
  }

  /**
   * Sends one claimed message: "sent", a failure's reason, or "released" when the instance is not connected or the
   * gateway is stopping (the message goes back to the queue). Media come from their URL (fetched now, into a
   * temporary file) or from the file uploaded with the send, which is removed once the message is recorded as sent
   * or failed (and kept while it waits).
   */
  private async sendOne(message: QueuedMessage): Promise<"sent" | "released" | { failed: string }> {
    const type = message.content.type;
    let fetched: Awaited<ReturnType<MediaFetcher["fetch"]>> | undefined;
    try {
      let media: OutboundMedia | undefined;
      if (isMedia(type) && "url" in message.content) {
        // Through the proxy the instance's session uses (docs/proxies.md).
        const proxy = this.deps.instances.localRuntime(message.instanceId)?.proxyInUse ?? undefined;
        media = fetched = await this.deps.media.fetch(type, message.content.url, message.content.mimetype, this.stopping.signal, proxy);
      } else if (isUploaded(message)) {
        media = await this.deps.uploads.open(message.id, "mimetype" in message.content ? message.content.mimetype : undefined);
      }
      const outbound: OutboundMessage = {
        id: message.id,
        jid: message.jid,
        content: message.content,
        ...(media ? { media: { path: media.path, size: media.size, mimetype: media.mimetype } } : {}),
      };
      if (message.content.replyTo && message.content.type !== "reaction") outbound.quoted = { id: message.content.replyTo, fromMe: await this.deps.store.isOwn(message.instanceId, message.content.replyTo) };
      if (message.content.type === "reaction") outbound.reactTo = { id: message.content.messageId, fromMe: await this.deps.store.isOwn(message.instanceId, message.content.messageId) };
      const runtime = this.deps.instances.localRuntime(message.instanceId);
      if (!runtime) throw new DomainError("conflict", "The instance no longer runs on this node.");
      await runtime.send(outbound);
      return "sent";
    } catch (error) {
      // Not connected, or interrupted by shutdown: sent later (after the restart), in order.
      if ((error instanceof DomainError && error.kind === "conflict") || this.stopping.signal.aborted) {
        await this.deps.store.release(message.id);
        return "released";
      }
      return { failed: error instanceof MediaFetchError ? error.message : `Sending failed: ${error instanceof Error && error.message ? error.message : String(error)}` };
    } finally {
      await fetched?.dispose();
    }
  }

  private async recordOutcome(message: QueuedMessage, outcome: "sent" | { failed: string }): Promise<void> {
    if (outcome === "sent") {
      await this.deps.store.markSent(message.id);
      this.deps.sent(message);
    } else {
      this.deps.log.warn({ instanceId: message.instanceId, messageId: message.id, type: message.content.type, reason: outcome.failed }, "message failed");
      if (await this.deps.store.markFailed(message.id, outcome.failed)) this.deps.failed(message, outcome.failed);
    }
    if (isUploaded(message)) await this.deps.uploads.remove(message.id);
  }

  /** Waits until the instance's bucket holds a token, then takes it. */
  private async takeToken(instanceId: string, rate: number): Promise<void> {
    const { burst, jitter } = this.deps.pacing;
    const random = this.deps.random ?? Math.random;
    const bucket = this.buckets.get(instanceId) ?? { tokens: burst, at: Date.now() };
    this.buckets.set(instanceId, bucket);
    const refill = () => {
      const now = Date.now();
      bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) / 1000) * rate);
      bucket.at = now;
    };
    refill();
    // With a token at hand it goes at once; otherwise it waits for one plus jitter (the bucket absorbs the jitter).
    const shortBy = Math.max(0, 1 - bucket.tokens);
    const waitMs = shortBy > 0 ? (shortBy / rate) * 1000 + random() * jitter * (1000 / rate) : 0;
    if (waitMs > 0) await this.sleep(waitMs);
    refill();
    bucket.tokens -= 1;
  }

  private giveBackToken(instanceId: string): void {
    const bucket = this.buckets.get(instanceId);
    if (bucket) bucket.tokens = Math.min(this.deps.pacing.burst, bucket.tokens + 1);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const signal = this.stopping.signal;
      if (signal.aborted) return resolve();
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener("abort", done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener("abort", done, { once: true });
    });
  }
}
