import http from "node:http";
import https from "node:https";
import { isIP } from "node:net";
import { DEFAULT_CONNECTION_CONFIG } from "baileys";
import type { ProxyTestResult } from "../../../../contract/proxies";
import type { ParsedProxyUrl } from "../../../../contract/proxy-url";
import { proxyAgent } from "./proxy-agents";
import { ProbeError, probeProxy, type ProbeTarget } from "./proxy-probe";

/** WhatsApp's socket host and port, as Baileys connects to them (wss://web.whatsapp.com/ws/chat: 443). */
export function whatsappTarget(): ProbeTarget {
  const url = new URL(String(DEFAULT_CONNECTION_CONFIG.waWebSocketUrl));
  return { host: url.hostname, port: url.port ? Number(url.port) : url.protocol === "wss:" || url.protocol === "https:" ? 443 : 80 };
}

const MAX_EXIT_IP_BODY = 1024;

/** The address in what an IP echo service answered: the text itself, or JSON's `ip` (ipify's `?format=json`). */
function ipIn(body: string): string | null {
  const text = body.trim();
  if (isIP(text)) return text;
  try {
    const ip = (JSON.parse(text) as { ip?: unknown }).ip;
    return typeof ip === "string" && isIP(ip) ? ip : null;
  } catch {
    return null;
  }
}

/**
 * Checks proxies the way instances use them (docs/proxies.md, "Testing a proxy"): a tunnel through the proxy to
 * WhatsApp's socket host is all that counts, so hostname and rotating proxies, and proxies that allow nothing but
 * CONNECT to 443, pass. When PROXY_EXIT_IP_URL is set, it is then fetched through the proxy to tell the exit address;
 * that answer is information, never a reason to fail (a rotating proxy shows another address on every connection).
 */
export class ProxyChecker {
  constructor(private readonly options: { target: ProbeTarget; timeoutMs: number; exitIpUrl?: string }) {}

  get target(): string {
    const { host, port } = this.options.target;
    return `${host.includes(":") ? `[${host}]` : host}:${port}`;
  }

  async run(proxy: ParsedProxyUrl): Promise<ProxyTestResult> {
    const target = this.target;
    let latencyMs: number;
    try {
      ({ latencyMs } = await probeProxy(proxy, this.options.target, this.options.timeoutMs));
    } catch (error) {
      if (error instanceof ProbeError) return { ok: false, target, error: error.message, errorCode: error.code };
      return { ok: false, target, error: error instanceof Error ? error.message : String(error), errorCode: "network" };
    }
    if (!this.options.exitIpUrl) return { ok: true, target, latencyMs };
    const exit = await this.exitIp(proxy, this.options.exitIpUrl);
    return { ok: true, target, latencyMs, ...("ip" in exit ? { exitIp: exit.ip } : { exitIpError: exit.error }) };
  }

  /** GETs the echo URL through the proxy (a tunnel, like everything else) and reads the address it saw. */
  private exitIp(proxy: ParsedProxyUrl, url: string): Promise<{ ip: string } | { error: string }> {
    const agent = proxyAgent(proxy);
    return new Promise<{ ip: string } | { error: string }>((resolve) => {
      let settled = false;
      const finish = (value: { ip: string } | { error: string }) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        request.destroy();
        resolve(value);
      };
      const request = (url.startsWith("https:") ? https : http).get(url, { agent, headers: { accept: "text/plain, application/json" } });
      const timer = setTimeout(() => finish({ error: `PROXY_EXIT_IP_URL did not answer through the proxy within ${this.options.timeoutMs / 1000} s` }), this.options.timeoutMs);
      request.on("proxyConnect", (answer: { statusCode?: number }) => {
        if (answer.statusCode !== 200) finish({ error: `The proxy did not open a tunnel to PROXY_EXIT_IP_URL (${answer.statusCode})` });
      });
      request.on("response", (response) => {
        if ((response.statusCode ?? 0) < 200 || (response.statusCode ?? 0) > 299) return finish({ error: `PROXY_EXIT_IP_URL answered ${response.statusCode}` });
        let body = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => {
          body += chunk;
          if (body.length > MAX_EXIT_IP_BODY) finish({ error: "PROXY_EXIT_IP_URL answered with more than an IP address" });
        });
        response.on("end", () => {
          const ip = ipIn(body);
          finish(ip ? { ip } : { error: "PROXY_EXIT_IP_URL did not answer with an IP address" });
        });
      });
      request.on("error", (error) => finish({ error: `PROXY_EXIT_IP_URL could not be fetched through the proxy: ${error.message}` }));
    }).finally(() => agent.destroy());
  }
}
