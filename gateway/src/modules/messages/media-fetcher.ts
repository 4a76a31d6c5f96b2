import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { MEDIA_ACCEPTS, type MediaMessageType } from "../../../../contract/messages";
import type { EngineProxy, OutboundMedia } from "../../engines/engine";
import { proxyAgent, proxyHostRefusal } from "../proxies/proxy-agents";
import type { OutboundHttp } from "../webhooks/outbound-http";

/**
 * Why a file whose content type is `contentType` cannot go out as a `type` message, or null if it can. A caller-given
 * `mimetype` vouches for a source that names no type, or only a generic one. `source` is where the file came from.
 */
export function wrongMediaType(type: MediaMessageType, contentType: string | undefined, mimetype: string | undefined, source: "url" | "upload"): string | null {
  // A file part sent without a Content-Type reads as text/plain (RFC 7578's default, as busboy reports it), which is
  // what many clients send (Python's requests, for one): as unspecific as no type at all.
  const unnamed = source === "upload" && contentType === "text/plain";
  if ((!contentType || contentType === "application/octet-stream" || unnamed) && mimetype) return null;
  const accepted = MEDIA_ACCEPTS[type];
  if (!contentType) return `${source === "url" ? "the media URL gave" : "the file part has"} no content type; a ${type} must be ${accepted.words} (or pass mimetype)`;
  if (accepted.test(contentType)) return null;
  if (unnamed) return `the file part is text/plain (as a part without a Content-Type reads), but a ${type} must be ${accepted.words}: send the part's Content-Type, or pass mimetype`;
  return `${source === "url" ? "the media URL answered with" : "the file part is"} ${contentType}, but a ${type} must be ${accepted.words}`;
}

/** How long one media download may take, whatever its size. */
const DOWNLOAD_TIMEOUT_MS = 120_000;

export class MediaFetchError extends Error {}

/**
 * Fetches a media message's URL into a temporary file under DATA_DIR, through the SSRF-filtered client (public
 * addresses only unless allow-listed, no redirects) and the instance's proxy, checking the content type and the
 * per-type size cap. The body goes to disk as it arrives; bodies are never logged.
 */
export class MediaFetcher {
  private readonly dir: string;

  constructor(
    private readonly client: OutboundHttp,
    dataDir: string,
    private readonly maxBytes: Record<MediaMessageType, number>,
  ) {
    this.dir = path.join(dataDir, "media-tmp");
    // Left over from a process that died mid-send: nothing there is needed any more. Made again on first use.
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  /** Why this URL can never be fetched (scheme, or a literal address outside the allow-list); null if it may. */
  refuse(url: string): string | null {
    return this.client.refuse(url);
  }

  /** Through the instance's `proxy` when it has one (docs/proxies.md): the URL's address is still checked first. */
  async fetch(type: MediaMessageType, url: string, mimetype: string | undefined, signal?: AbortSignal, proxy?: EngineProxy): Promise<OutboundMedia & { dispose(): Promise<void> }> {
    await fs.promises.mkdir(this.dir, { recursive: true, mode: 0o700 });
    const file = path.join(this.dir, `${randomBytes(12).toString("hex")}.part`);
    const refusal = proxy ? await proxyHostRefusal(proxy.url) : null;
    if (refusal) throw new MediaFetchError(`Could not fetch the media: Blocked: ${refusal}`);
    const tunnel = proxy ? proxyAgent(proxy.url) : undefined;
    const result = await this.client
      .download(url, file, { maxBytes: this.maxBytes[type], timeoutMs: DOWNLOAD_TIMEOUT_MS, accept: (contentType) => wrongMediaType(type, contentType, mimetype, "url") }, signal, tunnel)
      .finally(() => tunnel?.destroy());
    if (!result.ok) throw new MediaFetchError(`Could not fetch the media: ${result.error}`);
    return {
      path: file,
      size: result.size,
      mimetype: mimetype ?? result.contentType ?? "application/octet-stream",
      dispose: () => fs.promises.rm(file, { force: true }),
    };
  }
}
