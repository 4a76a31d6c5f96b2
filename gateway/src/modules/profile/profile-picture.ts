import type { Multipart, MultipartFile } from "@fastify/multipart";
import sharp from "sharp";
import { PROFILE_PICTURE_SIZE } from "../../../../contract/profile";
import { DomainError, invalidInput } from "../../domain-error";
import { formatBytes } from "../webhooks/outbound-http";

/** The image formats a picture upload may be, told by their first bytes. */
type ImageFormat = "jpeg" | "png" | "webp";
export const IMAGE_MIME: Record<ImageFormat, string> = { jpeg: "image/jpeg", png: "image/png", webp: "image/webp" };

/** Decoding a larger image would take more memory than a profile picture is worth (a 50 MP phone photo fits). */
const MAX_INPUT_PIXELS = 64_000_000;
const MAX_TEXT_PARTS = 4;

/** JPEG (FF D8 FF), PNG (its 8-byte signature) or WebP (RIFF….WEBP), from the bytes themselves; undefined for anything else. */
export function sniffImage(bytes: Buffer): ImageFormat | undefined {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return "jpeg";
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return "png";
  if (bytes.length >= 12 && bytes.toString("latin1", 0, 4) === "RIFF" && bytes.toString("latin1", 8, 12) === "WEBP") return "webp";
  return undefined;
}

/**
 * A profile picture upload: one file part named `file`, read into memory up to the cap (a few MiB: PROFILE_PICTURE_MAX_MIB),
 * then checked by its bytes and turned into what WhatsApp shows, a centred square JPEG (docs/profile.md, "Picture").
 */
export class ProfilePictures {
  constructor(private readonly maxBytes: number) {}

  /** @fastify/multipart's limits for the upload route: one byte over the cap is enough to tell "too large". */
  get formLimits() {
    return { fileSize: this.maxBytes + 1, fields: MAX_TEXT_PARTS, fieldSize: 1024, parts: MAX_TEXT_PARTS + 2, headerPairs: 100 };
  }

  /** Reads the form as it streams in: 400 for anything but one part named `file`, 413 as soon as the file passes the cap. */
  async receive(parts: AsyncIterable<Multipart>): Promise<Buffer> {
    let file: Buffer | undefined;
    try {
      for await (const part of parts) {
        if (part.type !== "file") throw invalidInput(`body.${part.fieldname}`, "is not a field of a picture upload; send only the image, as a file part named file");
        if (part.fieldname !== "file" || file) {
          part.file.destroy();
          throw part.fieldname !== "file" ? invalidInput(`body.${part.fieldname}`, "is a file part; the image goes in the one part named file") : invalidInput("body.file", "came twice: a picture upload takes exactly one file part");
        }
        file = await this.read(part);
      }
    } catch (error) {
      // @fastify/multipart's own refusals carry their status (413: too many parts); busboy's (a body cut short) none.
      throw error instanceof Error && !(error instanceof DomainError) && !("statusCode" in error) ? invalidInput("body", `is not a well-formed multipart/form-data body (${error.message})`) : error;
    }
    if (!file) throw invalidInput("body.file", "is missing: send the image as a part named file (e.g. curl -X PUT -F file=@photo.jpg)");
    return file;
  }

  /**
   * The centred square of the image, scaled to 640×640 and encoded as JPEG (turned upright by its EXIF orientation,
   * transparency on white, the first frame of an animation). 400 when the bytes are not a JPEG, PNG or WebP image
   * whatever the file's name or declared type, or cannot be decoded.
   */
  async toSquareJpeg(bytes: Buffer): Promise<Buffer> {
    const format = sniffImage(bytes);
    if (!format) throw invalidInput("body.file", "is not a JPEG, PNG or WebP image (told by its bytes; the file's name and declared type are not trusted)");
    try {
      return await sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS, failOn: "error" })
        .rotate()
        .resize(PROFILE_PICTURE_SIZE, PROFILE_PICTURE_SIZE, { fit: "cover", position: "centre" })
        .flatten({ background: "#ffffff" })
        .jpeg({ quality: 85 })
        .toBuffer();
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      if (/pixel limit/i.test(reason)) throw invalidInput("body.file", `has more than ${MAX_INPUT_PIXELS / 1_000_000} megapixels; scale it down first`);
      throw invalidInput("body.file", `looks like ${IMAGE_MIME[format]} but cannot be decoded (${reason})`);
    }
  }

  private tooLarge(): DomainError {
    const message = `is larger than the ${formatBytes(this.maxBytes)} limit for a profile picture (PROFILE_PICTURE_MAX_MIB)`;
    return new DomainError("too_large", `Payload too large: body.file ${message}`, { issues: [{ path: "body.file", message }] });
  }

  private async read(part: MultipartFile): Promise<Buffer> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of part.file) {
      size += (chunk as Buffer).length;
      if (size > this.maxBytes) {
        part.file.destroy();
        throw this.tooLarge();
      }
      chunks.push(chunk as Buffer);
    }
    // busboy's own cut-off (one byte over the cap): only reached if the count above was not.
    if (part.file.truncated) throw this.tooLarge();
    return Buffer.concat(chunks);
  }
}
