import type { Readable } from "node:stream";
import { downloadContentFromMessage } from "baileys";
import type { MediaMessageType } from "../../../../contract/messages";
import { DomainError } from "../../domain-error";
import { proxyDispatcher } from "../../modules/proxies/proxy-agents";
import type { EngineProxy } from "../engine";

/**
 * What is kept of a received media message to download it again later: its media key and where WhatsApp's CDN
 * has it. The key decrypts the file, so this is stored (inbound_media.source) but never logged.
 */
interface BaileysMediaSource {
  type: MediaMessageType;
  mediaKey: string;
  directPath?: string;
  url?: string;
}

/** WhatsApp's default media host; Baileys' own fallback too. */
const MEDIA_HOST = "mmg.whatsapp.net";

/**
 * The host of a WhatsApp CDN URL, or undefined for anything else. The URL and path come from the sender's message,
 * so a download must never go where a sender points it (an internal address, say): only https to *.whatsapp.net.
 */
export function whatsappHost(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === "https:" && !parsed.port && parsed.hostname.endsWith(".whatsapp.net") ? parsed.hostname : undefined;
  } catch {
    return undefined;
  }
}

/** A received media message's download fields as JSON, or undefined when it has no media key (nothing to decrypt with). */
export function mediaSource(type: MediaMessageType, media: { mediaKey?: Uint8Array | null; directPath?: string | null; url?: string | null }): string | undefined {
  if (!media.mediaKey?.length || (!media.directPath && !media.url)) return undefined;
  const source: BaileysMediaSource = {
    type,
    mediaKey: Buffer.from(media.mediaKey).toString("base64"),
    ...(media.directPath ? { directPath: media.directPath } : {}),
    ...(media.url ? { url: media.url } : {}),
  };
  return JSON.stringify(source);
}

const statusOf = (error: unknown): number | undefined => {
  const code = (error as { output?: { statusCode?: unknown } } | undefined)?.output?.statusCode;
  return typeof code === "number" ? code : undefined;
};

/**
 * Downloads and decrypts a kept file from WhatsApp's CDN with Baileys (`downloadContentFromMessage`, the part of
 * `downloadMediaMessage` that needs no socket). A link WhatsApp no longer serves (404/410) is `gone`: re-uploading
 * would need the sender's phone. Errors name no URL and no key.
 */
export async function downloadMedia(json: string, proxy?: EngineProxy): Promise<Readable> {
  const source = JSON.parse(json) as BaileysMediaSource;
  const urlHost = whatsappHost(source.url);
  const where = source.directPath?.startsWith("/") ? { directPath: source.directPath, host: urlHost ?? MEDIA_HOST } : urlHost ? { url: source.url } : undefined;
  if (!where) throw new DomainError("gone", "This file has no download address on WhatsApp's servers");
  // Through the instance's proxy (docs/proxies.md): Baileys fetches with this undici dispatcher; closed once read.
  const dispatcher = proxy ? proxyDispatcher(proxy.url) : undefined;
  const release = () => void dispatcher?.close().catch(() => undefined);
  try {
    const mediaKey = Buffer.from(source.mediaKey, "base64");
    const stream = await downloadContentFromMessage({ mediaKey, directPath: where.directPath, url: where.url }, source.type, {
      ...(where.host ? { host: where.host } : {}),
      ...(dispatcher ? { options: { dispatcher } as unknown as RequestInit } : {}),
    });
    stream.once("close", release);
    return stream;
  } catch (error) {
    release();
    const status = statusOf(error);
    if (status === 404 || status === 410) throw new DomainError("gone", `WhatsApp's servers no longer have this file (HTTP ${status})`);
    throw new DomainError("unavailable", `Could not fetch the file from WhatsApp's servers${status ? ` (HTTP ${status})` : ""}; try again`, undefined, 5);
  }
}
