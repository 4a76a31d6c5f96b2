import { randomBytes } from "node:crypto";
import { pipeline, Transform, type Readable } from "node:stream";
import type { Logger } from "pino";
import type { Db } from "../../db/database";
import { DomainError } from "../../domain-error";
import type { Engine, ReceivedMedia } from "../../engines/engine";
import type { ResolvedProxy } from "../instances/instance-runtime";

/** How long an expired file's id still answers 410 (then 404, like an id that never was). */
const TOMBSTONE_MS = 30 * 24 * 3600_000;

/** 144 random bits, base64url: the id is the only thing that names a file, so it must not be guessable. */
const newMediaId = () => `med_${randomBytes(18).toString("base64url")}`;

/** A kept file, ready to stream: the bytes and what the response says about them. */
export interface MediaDownload {
  mediaId: string;
  mimetype: string;
  size: number;
  fileName: string | null;
  stream: Readable;
}

/** Passes exactly `size` bytes through, and fails the stream if there are more or fewer (Content-Length was promised). */
function exactly(size: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length;
      done(seen > size ? new Error(`the file is longer than the ${size} bytes announced`) : null, chunk);
    },
    flush(done) {
      done(seen < size ? new Error(`the file ended after ${seen} of the ${size} bytes announced`) : null);
    },
  });
}

/**
 * Received media files (table inbound_media): kept on arrival with what the engine needs to fetch them again, served
 * on demand until they expire, then cleared by a periodic sweep. Nothing here logs a file's `source` (it holds the
 * media key) or its bytes.
 */
export class InboundMediaService {
  private sweepTimer: NodeJS.Timeout | undefined;
  private sweeping: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly db: Db,
    private readonly engine: Engine,
    private readonly retentionMs: number,
    private readonly log: Logger,
    /** The instance's proxy, which downloads from WhatsApp's servers go through (docs/proxies.md). */
    private readonly proxyFor?: (instanceId: string) => Promise<ResolvedProxy>,
  ) {}

  /** Records a received file for an instance; the answer goes into its `message.received` webhook. */
  async keep(instanceId: string, media: ReceivedMedia): Promise<{ mediaId: string; expiresAt: string }> {
    const now = Date.now();
    const mediaId = newMediaId();
    const expiresAt = new Date(now + this.retentionMs).toISOString();
    await this.db
      .insertInto("inbound_media")
      .values({
        id: mediaId,
        instance_id: instanceId,
        message_id: media.messageId,
        type: media.type,
        mimetype: media.mimetype,
        size: media.size,
        file_name: media.fileName ?? null,
        source: media.source,
        content: media.content ?? null,
        created_at: new Date(now).toISOString(),
        expires_at: expiresAt,
      })
      .execute();
    return { mediaId, expiresAt };
  }

  /** The file's bytes as a stream: 404 for an id this instance never received, 410 once it expired. */
  async open(instanceId: string, mediaId: string): Promise<MediaDownload> {
    const row = await this.db.selectFrom("inbound_media").selectAll().where("id", "=", mediaId).where("instance_id", "=", instanceId).executeTakeFirst();
    if (!row) throw new DomainError("not_found", `No received file ${mediaId} for instance ${instanceId}`);
    if (row.source === null || row.expires_at <= new Date().toISOString()) {
      throw new DomainError("gone", `The received file ${mediaId} expired at ${row.expires_at}: received files are kept for ${this.retentionHours()} h (MEDIA_RETENTION_HOURS)`);
    }
    const size = Number(row.size);
    const resolved = (await this.proxyFor?.(instanceId)) ?? { proxy: null };
    // Never fetched directly when the instance's proxy cannot be used here.
    if (resolved.problem) throw new DomainError("unavailable", `Cannot fetch the file: ${resolved.problem}`, undefined, 60);
    const stream = await this.engine.openMedia({ source: row.source, content: row.content }, resolved.proxy ? { proxy: resolved.proxy } : {});
    // A pipeline, not pipe(): a download the client abandons (the reply destroys `checked`) ends the engine's stream
    // too (Baileys' CDN request, and its proxy connection), and an error of the engine's ends the reply.
    const checked = exactly(size);
    pipeline(stream, checked, () => undefined);
    return { mediaId, mimetype: row.mimetype, size, fileName: row.file_name, stream: checked };
  }

  /** Clears what expired (keys and bytes; the row stays as a tombstone) and drops old tombstones. */
  async sweep(now = Date.now()): Promise<{ expired: number; dropped: number }> {
    const at = new Date(now).toISOString();
    const expired = await this.db.updateTable("inbound_media").set({ source: null, content: null }).where("expires_at", "<=", at).where("source", "is not", null).executeTakeFirst();
    const dropped = await this.db.deleteFrom("inbound_media").where("expires_at", "<=", new Date(now - TOMBSTONE_MS).toISOString()).executeTakeFirst();
    return { expired: Number(expired.numUpdatedRows), dropped: Number(dropped.numDeletedRows) };
  }

  /** Sweeps at a quarter of the retention (between 1 s and 15 min), so nothing outlives it by much. */
  start(): void {
    const every = Math.min(15 * 60_000, Math.max(1000, this.retentionMs / 4));
    const run = () => {
      this.sweeping = this.sweep()
        .then(({ expired, dropped }) => (expired + dropped > 0 ? this.log.debug({ expired, dropped }, "received media retention swept") : undefined))
        .catch((error: unknown) => this.log.warn({ err: error }, "sweeping expired received media failed"));
    };
    run();
    this.sweepTimer = setInterval(run, every);
    this.sweepTimer.unref();
  }

  /** Stops sweeping; resolves once a sweep under way has finished (before the database closes). */
  async stop(): Promise<void> {
    clearInterval(this.sweepTimer);
    await this.sweeping;
  }

  private retentionHours(): string {
    return String(Math.round((this.retentionMs / 3_600_000) * 100) / 100);
  }
}
