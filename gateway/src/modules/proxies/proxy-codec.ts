import { parseProxyUrl, proxyUrlText, type ParsedProxyUrl, type ProxyProtocol } from "../../../../contract/proxy-url";
import { invalidInput } from "../../domain-error";
import type { Secrets } from "../secrets/secret-box";
import { isMetadataAddress } from "../webhooks/outbound-http";

/** How a proxy is stored: its address in the clear, its credentials sealed (or null), and the masked URL shown. */
export interface StoredProxyAddress {
  protocol: string;
  host: string;
  port: number;
  maskedUrl: string;
  credentials: string | null;
}

/** Where sealed credentials belong (the authenticated context of the seal): a pool proxy, or one instance's own proxy. */
export const poolContext = (proxyId: string) => `proxy:${proxyId}`;
export const instanceContext = (instanceId: string) => `instance-proxy:${instanceId}`;

/**
 * A proxy URL from a request, taken apart (the contract checked its form already) and refused when it names a cloud
 * metadata address: the proxy's address is the operator's to choose, private ones included, but never that.
 */
export function proxyFromRequest(raw: string, field: string): ParsedProxyUrl {
  const parsed = parseProxyUrl(raw);
  if ("error" in parsed) throw invalidInput(field, parsed.error);
  if (isMetadataAddress(parsed.ok.host)) throw invalidInput(field, "names a cloud metadata address, which the gateway never connects to");
  return parsed.ok;
}

/** The columns a proxy is stored in; sealing needs the gateway's key (a 409 without one, on PostgreSQL). */
export function storeProxy(proxy: ParsedProxyUrl, secrets: Secrets, context: string): StoredProxyAddress {
  const credentials = proxy.username === undefined ? null : secrets.seal(JSON.stringify({ username: proxy.username, ...(proxy.password !== undefined ? { password: proxy.password } : {}) }), context);
  return { protocol: proxy.protocol, host: proxy.host, port: proxy.port, maskedUrl: proxyUrlText(proxy, "mask"), credentials };
}

/** The proxy from its columns, credentials opened (SecretUnreadableError when this gateway cannot). */
export function loadProxy(stored: Omit<StoredProxyAddress, "maskedUrl">, secrets: Secrets, context: string): ParsedProxyUrl {
  const credentials = stored.credentials ? (JSON.parse(secrets.open(stored.credentials, context)) as { username: string; password?: string }) : null;
  return {
    protocol: stored.protocol as ProxyProtocol,
    host: stored.host,
    port: stored.port,
    ...(credentials ? { username: credentials.username, ...(credentials.password !== undefined ? { password: credentials.password } : {}) } : {}),
  };
}
