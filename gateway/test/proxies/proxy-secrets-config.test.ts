import { describe, expect, it } from "vitest";
import { parseProxyUrl, proxyUrlText } from "../../../contract/proxy-url";
import { ConfigError, loadConfig } from "../../src/config";
import { DomainError } from "../../src/domain-error";
import { scrubText } from "../../src/modules/logs/log-redaction";
import { SecretBox, Secrets, SecretUnreadableError } from "../../src/modules/secrets/secret-box";

// The pieces under the proxy routes (docs/proxies.md): sealing secrets, reading a proxy URL, the configuration that
// goes with them, and the log scrubbing that keeps a URL's password out of stored log lines.

const key = (fill: number) => Buffer.alloc(32, fill);

describe("SecretBox (AES-256-GCM)", () => {
  it("seals to a different text every time and opens only with the same key and context", () => {
    const box = new SecretBox(key(1));
    const a = box.seal("hunter2", "proxy:prx_1");
    const b = box.seal("hunter2", "proxy:prx_1");
    expect(a).not.toBe(b);
    expect(a).toMatch(/^v1\.[A-Za-z0-9_-]{8}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(a).not.toContain("hunter2");
    expect(box.open(a, "proxy:prx_1")).toBe("hunter2");

    expect(() => new SecretBox(key(2)).open(a, "proxy:prx_1")).toThrow(/sealed with another key/);
    expect(() => box.open(a, "proxy:prx_2")).toThrow(SecretUnreadableError);
    const parts = a.split(".");
    const body = Buffer.from(parts[3]!, "base64url");
    body[0] = body[0]! ^ 1;
    expect(() => box.open([...parts.slice(0, 3), body.toString("base64url")].join("."), "proxy:prx_1")).toThrow(/does not decrypt/);
    expect(() => box.open("plain text", "proxy:prx_1")).toThrow(/not in a format/);
    expect(() => new SecretBox(Buffer.alloc(16))).toThrow();
  });

  it("without a key refuses to store a secret (409 naming SECRETS_KEY) rather than store it in the clear", () => {
    const none = new Secrets(null);
    expect(none.available).toBe(false);
    let error: unknown;
    try {
      none.seal("x", "c");
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ kind: "conflict", message: expect.stringMatching(/SECRETS_KEY/) });
    expect(() => none.open("v1.a.b.c", "c")).toThrow(SecretUnreadableError);
  });
});

describe("proxy URLs", () => {
  it("takes http, https, socks5 and socks5h with a host, a port (SOCKS: required) and percent-encoded credentials", () => {
    expect(parseProxyUrl("http://proxy.example.com")).toEqual({ ok: { protocol: "http", host: "proxy.example.com", port: 80 } });
    expect(parseProxyUrl("HTTPS://Proxy.Example.com")).toEqual({ ok: { protocol: "https", host: "proxy.example.com", port: 443 } });
    expect(parseProxyUrl("socks5h://u%40x:p%3Aw%2Fd@[2001:db8::1]:1080")).toEqual({ ok: { protocol: "socks5h", host: "2001:db8::1", port: 1080, username: "u@x", password: "p:w/d" } });
    expect(parseProxyUrl("http://gw_1.proxy.example:3128")).toEqual({ ok: { protocol: "http", host: "gw_1.proxy.example", port: 3128 } });
    expect(parseProxyUrl("http://user:p@ss@10.0.0.5:3128")).toEqual({ ok: { protocol: "http", host: "10.0.0.5", port: 3128, username: "user", password: "p@ss" } });
    for (const bad of ["ftp://h:21", "socks5://h", "socks4://h:1080", "http://h:8080/x", "http://h:8080#f", "http://u:%E0%A4%A@h:1", "http://:pw@h:1", "socks5://h:0", "socks5://h%2Fx:1080", "http://"]) {
      expect(parseProxyUrl(bad), bad).toHaveProperty("error");
    }
  });

  it("masks the password, or a user name that is the only credential, and writes the same URL back with credentials", () => {
    const parsed = parseProxyUrl("socks5h://u%40x:secret@h.example:1080");
    if (!("ok" in parsed)) throw new Error("unparsed");
    expect(proxyUrlText(parsed.ok, "mask")).toBe("socks5h://u%40x:••••@h.example:1080");
    expect(proxyUrlText(parsed.ok, "include")).toBe("socks5h://u%40x:secret@h.example:1080");
    const tokenOnly = parseProxyUrl("http://TOKEN123@h.example:8080");
    if (!("ok" in tokenOnly)) throw new Error("unparsed");
    expect(proxyUrlText(tokenOnly.ok, "mask")).toBe("http://••••@h.example:8080");
  });

  it("keeps a URL's password out of stored log text, leaving masked ones as they are", () => {
    expect(scrubText("connect to http://user:hunter2@proxy:8080 failed")).toBe("connect to http://user:[redacted]@proxy:8080 failed");
    expect(scrubText("through socks5h://u:••••@h:1080")).toBe("through socks5h://u:••••@h:1080");
    expect(scrubText("no credentials in https://example.com/a@b")).toBe("no credentials in https://example.com/a@b");
  });
});

describe("configuration", () => {
  it("takes SECRETS_KEY as 32 bytes in hex, base64 or base64url, and refuses anything else without echoing it", () => {
    const raw = key(5);
    for (const value of [raw.toString("hex"), raw.toString("base64"), raw.toString("base64url")]) {
      expect(loadConfig({ SECRETS_KEY: value }).secrets.key?.equals(raw), value).toBe(true);
    }
    expect(loadConfig({}).secrets.key).toBeUndefined();
    for (const bad of ["short", Buffer.alloc(16).toString("base64"), "z".repeat(64)]) {
      let error: unknown;
      try {
        loadConfig({ SECRETS_KEY: bad });
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).lines).toEqual(['Invalid configuration: SECRETS_KEY=(hidden) must be 32 random bytes as base64 or hex (e.g. openssl rand -base64 32)']);
    }
  });

  it("reads the proxy check settings, with clear messages for bad ones", () => {
    const config = loadConfig({ PROXY_CHECK_TARGET: "[::1]:8443", PROXY_EXIT_IP_URL: "https://api.ipify.org", PROXY_CHECK_INTERVAL_SECONDS: "0", PROXY_CHECK_TIMEOUT_SECONDS: "2.5" });
    expect(config.proxies).toEqual({ checkTarget: { host: "::1", port: 8443 }, exitIpUrl: "https://api.ipify.org", checkIntervalMs: 0, checkTimeoutMs: 2500 });
    expect(loadConfig({}).proxies).toEqual({ checkIntervalMs: 300_000, checkTimeoutMs: 10_000 });
    const lines = (env: Record<string, string>) => {
      try {
        loadConfig(env);
      } catch (error) {
        return (error as ConfigError).lines;
      }
      return [];
    };
    expect(lines({ PROXY_CHECK_TARGET: "web.whatsapp.com" })).toEqual(['Invalid configuration: PROXY_CHECK_TARGET="web.whatsapp.com" must be host:port, like web.whatsapp.com:443 (an IPv6 address in brackets)']);
    expect(lines({ PROXY_EXIT_IP_URL: "ftp://x" })[0]).toMatch(/PROXY_EXIT_IP_URL="ftp:\/\/x" must be an http\(s\) URL/);
    expect(lines({ PROXY_CHECK_INTERVAL_SECONDS: "-1" })[0]).toMatch(/must be 0 \(off\) or more/);
    expect(lines({ PROXY_CHECK_TIMEOUT_SECONDS: "0" })[0]).toMatch(/must be at least 0.1/);
  });
});
