import { describe, expect, it } from "vitest";
import { clientAddress, parseTrustProxy } from "../panel-address.mjs";

const request = (peer: string, forwardedFor?: string) => ({ socket: { remoteAddress: peer }, headers: forwardedFor ? { "x-forwarded-for": forwardedFor } : {} });

describe("the address the panel hands the gateway", () => {
  it("is the TCP peer by default, whatever X-Forwarded-For says", () => {
    for (const raw of [undefined, "", "false"]) {
      expect(clientAddress(request("203.0.113.7", "198.51.100.1"), parseTrustProxy(raw))).toBe("203.0.113.7");
    }
  });

  it("is the hop a declared proxy added, never an earlier one a client wrote", () => {
    const trust = parseTrustProxy("loopback");
    expect(clientAddress(request("127.0.0.1", "6.6.6.6, 198.51.100.1"), trust)).toBe("198.51.100.1");
    // A request that did not come through the proxy keeps its own address.
    expect(clientAddress(request("203.0.113.7", "198.51.100.1"), trust)).toBe("203.0.113.7");
  });

  it("walks back through several declared proxies", () => {
    const trust = parseTrustProxy("10.0.0.0/8, 127.0.0.1");
    expect(clientAddress(request("127.0.0.1", "6.6.6.6, 198.51.100.1, 10.1.2.3"), trust)).toBe("198.51.100.1");
  });

  it("refuses a bad setting with a line that names it", () => {
    expect(() => parseTrustProxy("lopback")).toThrow(/PANEL_TRUST_PROXY="lopback"/);
  });
});
