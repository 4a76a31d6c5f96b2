import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { Multipart, MultipartFile } from "@fastify/multipart";
import { MEDIA_MESSAGE_TYPES, SendMediaUploadFields, type MediaMessageType, type SendMediaUpload } from "../../../../contract/messages";
import { DomainError, invalidInput, invalidInputs } from "../../domain-error";
import type { OutboundMedia } from "../../engines/engine";
import { formatBytes } from "../webhooks/outbound-http";
import { MediaFetchError, wrongMediaType } from "./media-fetcher";

/** Every field some upload kind takes (besides the file); any other is refused as soon as it arrives. */
const FIELDS = new Set(SendMediaUploadFields._zod.def.options.flatMap((kind) => Object.keys(kind.shape)));
/** Form fields are text: these carry a list (one field per entry) or a boolean (`true` / `false`). */
const LIST_FIELDS = new Set(["mentions"]);
const BOOLEAN_FIELDS = new Set(["voiceNote"]);
/** Enough fields for 256 mentions and the rest; a caption of 4096 characters fits one field. */
const MAX_FIELDS = 300;
const MAX_FIELD_BYTES = 64 * 1024;
/** What a file part's content type must look like (busboy gives it lower-cased, without parameters). */
const MIME_TYPE = /^[a-z]+\/[a-z0-9.+-]{1,100}$/;
/** An upload's file older than this with no message waiting for it is left over (see sweep). */
const ORPHAN_AFTER_MS = 60 * 60_000;

/** A send taken as multipart/form-data: its validated fields and its file, stored under the message's id. */
export interface ReceivedUpload {
  message: SendMediaUpload;
  /** The file as it arrived: its size, SHA-256 and the part's content type (part of the idempotency hash). */
  file: { size: number; sha256: string; contentType: string };
  /** The MIME type to announce: the `mimetype` field, or the part's content type. */
  mimetype: string;
}

/**
 * Uploaded media waiting to be sent: `DATA_DIR/media/outbound/<messageId>`, written as the request streams in and
 * removed once the message is sent or has failed. The folder lives as long as the database row that needs it, so a
 * queued upload survives a restart. Uploads stay on the node that received them (the instance's owner).
 */
export class MediaUploads {
  private readonly dir: string;
  private readonly largest: number;

  constructor(
    dataDir: string,
    private readonly maxBytes: Record<MediaMessageType, number>,
  ) {
    this.dir = path.join(dataDir, "media", "outbound");
    this.largest = Math.max(...Object.values(maxBytes));
  }

  /** @fastify/multipart's limits for the send route: one byte over the largest cap is enough to tell "too large". */
  get formLimits() {
    return { fileSize: this.largest + 1, fields: MAX_FIELDS, fieldSize: MAX_FIELD_BYTES, parts: MAX_FIELDS + 2, headerPairs: 100 };
  }

  /**
   * Reads a send's form as it streams in: its fields (checked by the same schemas as a JSON send, `url` aside) and
   * exactly one file part named `file`, written to disk with its digest and cut off at its kind's cap (the largest
   * cap while `type` has not arrived yet). Throws after removing what it wrote: 400 for a bad form or content type,
   * 413 for a file over the cap.
   */
  async receive(messageId: string, parts: AsyncIterable<Multipart>): Promise<ReceivedUpload> {
    const target = this.pathOf(messageId);
    try {
      const fields: Record<string, unknown> = {};
      let file: (ReceivedUpload["file"] & { name: string }) | undefined;
      for await (const part of formParts(parts)) {
        if (part.type === "file") {
          if (part.fieldname !== "file" || file) {
            part.file.destroy();
            throw part.fieldname !== "file"
              ? invalidInput(`body.${part.fieldname}`, "is a file part; the file goes in the one part named file")
              : invalidInput("body.file", "came twice: an upload takes exactly one file part");
          }
          file = await this.write(part, target, typeOf(fields));
          continue;
        }
        addField(fields, part);
      }
      if (!file) throw invalidInput("body.file", "is missing: send the file as a part named file (e.g. curl -F file=@photo.jpg)");
      // A document is named after the file unless fileName says otherwise.
      if (fields.type === "document" && fields.fileName === undefined && file.name) fields.fileName = file.name;
      const parsed = SendMediaUploadFields.safeParse(fields);
      if (!parsed.success) throw invalidInputs(parsed.error.issues.map((issue) => ({ path: ["body", ...issue.path.map(String)].join("."), message: issue.message })));
      const message = parsed.data;
      if (file.size > this.maxBytes[message.type]) throw this.tooLarge(message.type);
      if (!MIME_TYPE.test(file.contentType)) throw invalidInput("body.file", "has a content type that is not a MIME type like image/jpeg");
      const wrongType = wrongMediaType(message.type, file.contentType, message.mimetype, "upload");
      if (wrongType) throw invalidInput("body.file", wrongType);
      return { message, file: { size: file.size, sha256: file.sha256, contentType: file.contentType }, mimetype: message.mimetype ?? file.contentType };
    } catch (error) {
      await this.remove(messageId);
      throw error;
    }
  }

  /** The stored file of a queued upload, for the engine; a MediaFetchError when it is not on this node. */
  async open(messageId: string, mimetype: string | undefined): Promise<OutboundMedia> {
    const file = this.pathOf(messageId);
    try {
      const { size } = await fs.promises.stat(file);
      return { path: file, size, mimetype: mimetype ?? "application/octet-stream" };
    } catch {
      throw new MediaFetchError("The uploaded file is not on this gateway node: an upload stays on the node that received it, and this instance's messages are now sent by another (or the file was removed)");
    }
  }

  remove(messageId: string): Promise<void> {
    return fs.promises.rm(this.pathOf(messageId), { force: true });
  }

  /**
   * Removes files no waiting message needs: those of messages deleted with their instance, or of an upload the
   * process died taking. A file written to in the last hour is left alone (it may be arriving right now).
   */
  async sweep(waiting: (messageIds: string[]) => Promise<Set<string>>): Promise<void> {
    let names: string[];
    try {
      names = await fs.promises.readdir(this.dir);
    } catch {
      return; // no upload yet
    }
    const cutoff = Date.now() - ORPHAN_AFTER_MS;
    const old = [];
    for (const name of names) {
      const stat = await fs.promises.stat(path.join(this.dir, name)).catch(() => undefined);
      if (stat && stat.mtimeMs < cutoff) old.push(name);
    }
    if (old.length === 0) return;
    const needed = await waiting(old);
    for (const name of old) if (!needed.has(name)) await this.remove(name);
  }

  private pathOf(messageId: string): string {
    return path.join(this.dir, messageId);
  }

  private tooLarge(type: MediaMessageType | undefined): DomainError {
    const message = type
      ? `is larger than the ${formatBytes(this.maxBytes[type])} limit for ${type} messages`
      : `is larger than the ${formatBytes(this.largest)} limit for any media message`;
    return new DomainError("too_large", `Payload too large: body.file ${message}`, { issues: [{ path: "body.file", message }] });
  }

  /** Streams a file part to `target`, hashing and counting it, and stops at the cap (the type's, if known yet). */
  private async write(part: MultipartFile, target: string, type: MediaMessageType | undefined): Promise<ReceivedUpload["file"] & { name: string }> {
    const cap = type ? this.maxBytes[type] : this.largest;
    const hash = createHash("sha256");
    let size = 0;
    const meter = new Transform({
      transform: (chunk: Buffer, _encoding, done) => {
        size += chunk.length;
        if (size > cap) return done(this.tooLarge(type));
        hash.update(chunk);
        done(null, chunk);
      },
    });
    await fs.promises.mkdir(this.dir, { recursive: true, mode: 0o700 });
    await pipeline(part.file, meter, fs.createWriteStream(target, { mode: 0o600 })).catch((error: unknown) => {
      // The parser broke the file off (the body ended mid-part): the caller's doing, not the disk's.
      throw !(error instanceof DomainError) && error === part.file.errored ? malformed(error) : error;
    });
    // busboy's own cut-off (one byte over the largest cap): only reached if the meter above was not.
    if (part.file.truncated) throw this.tooLarge(type);
    return { size, sha256: hash.digest("hex"), contentType: part.mimetype, name: part.filename };
  }
}

/** The form's parts; the parser's own complaints (no boundary, a body cut short) as a 400 saying what is wrong. */
async function* formParts(parts: AsyncIterable<Multipart>): AsyncGenerator<Multipart> {
  try {
    yield* parts;
  } catch (error) {
    // @fastify/multipart's errors carry their status (413 for too many fields, …); busboy's carry none.
    throw error instanceof Error && !("statusCode" in error) ? malformed(error) : error;
  }
}

const malformed = (error: unknown) => invalidInput("body", `is not a well-formed multipart/form-data body (${error instanceof Error ? error.message : String(error)})`);

const typeOf = (fields: Record<string, unknown>): MediaMessageType | undefined =>
  (MEDIA_MESSAGE_TYPES as readonly unknown[]).includes(fields.type) ? (fields.type as MediaMessageType) : undefined;

/** One text field into the object the schema checks: lists gather, booleans are read, the rest come once. */
function addField(fields: Record<string, unknown>, part: Exclude<Multipart, MultipartFile>): void {
  const name = part.fieldname;
  if (name === "file") throw invalidInput("body.file", "must be a file part, with a file name (e.g. curl -F file=@photo.jpg)");
  if (name === "url") throw invalidInput("body.url", "cannot come with an upload: send either url (in a JSON body) or the file (in multipart/form-data)");
  if (!FIELDS.has(name)) throw invalidInput(`body.${name}`, `is not a field of an upload; accepted: ${[...FIELDS].join(", ")} and the file part`);
  if (part.valueTruncated) throw invalidInput(`body.${name}`, `is longer than ${MAX_FIELD_BYTES / 1024} KiB`);
  const value = part.value;
  if (LIST_FIELDS.has(name)) {
    fields[name] = [...((fields[name] as unknown[] | undefined) ?? []), ...(Array.isArray(value) ? value : [value])];
    return;
  }
  if (fields[name] !== undefined) throw invalidInput(`body.${name}`, "came twice; send it once");
  fields[name] = BOOLEAN_FIELDS.has(name) && (value === "true" || value === "false") ? value === "true" : value;
}
