// @vitest-environment node
import { describe, expect, it, vi } from "vitest";

vi.mock("server-only", () => ({}));
const { relay } = await import("../bff-responses");
const { bodyLimitFor, gatewayPathOf, readCappedBody } = await import("../bff-request");

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json; charset=utf-8" } });

describe("relay: the guard behind the route allow-list", () => {
  it("never passes a gateway answer that carries a token to the browser", async () => {
    const response = await relay(json({ token: "wgs_abcdefghijklmnopqrstuvwxyz", expiresAt: "2026-01-01T00:00:00Z" }));
    expect(response.status).toBe(502);
    expect(await response.text()).not.toContain("wgs_");
  });

  it("lets the API-key creation show its key once, and nothing else through that door", async () => {
    const created = { key: { id: "key_1" }, token: "wam_0123456789" };
    expect((await relay(json(created, 201), { revealsApiKey: true })).status).toBe(201);
    expect((await relay(json(created, 201))).status).toBe(502);
    expect((await relay(json({ token: "wgs_session" }, 201), { revealsApiKey: true })).status).toBe(502);
  });

  it("relays only JSON, and the export's NDJSON and CSV as a stream", async () => {
    const html = new Response("<!doctype html><script>alert(1)</script>", { headers: { "content-type": "text/html" } });
    const refused = await relay(html);
    expect(refused.status).toBe(502);
    expect(await refused.text()).not.toContain("<script>");
    const ndjson = await relay(new Response('{"a":1}\n{"a":2}\n', { headers: { "content-type": "application/x-ndjson" } }));
    expect(ndjson.status).toBe(200);
    expect(await ndjson.text()).toBe('{"a":1}\n{"a":2}\n');
    const ok = await relay(json({ items: [], nextCursor: null }));
    expect(ok.headers.get("cache-control")).toBe("no-store");
    expect(ok.headers.get("x-content-type-options")).toBe("nosniff");
  });
});

describe("images and uploads: only the profile picture", () => {
  const jpeg = () => new Response(new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]), { headers: { "content-type": "image/jpeg" } });

  it("relays an image only where the caller says one may come, as bytes, never an SVG", async () => {
    expect((await relay(jpeg())).status).toBe(502);
    const picture = await relay(jpeg(), { image: true });
    expect(picture.status).toBe(200);
    expect(picture.headers.get("content-type")).toBe("image/jpeg");
    expect(picture.headers.get("x-content-type-options")).toBe("nosniff");
    expect([...new Uint8Array(await picture.arrayBuffer())]).toEqual([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);
    const svg = new Response("<svg onload=alert(1)>", { headers: { "content-type": "image/svg+xml" } });
    expect((await relay(svg, { image: true })).status).toBe(502);
  });

  it("gives the picture upload the upload limit and every other call the body limit", () => {
    expect(bodyLimitFor("PUT", "/api/v1/instances/ins_1/profile/picture")).toBe(8 * 1024 * 1024);
    expect(bodyLimitFor("POST", "/api/v1/instances/ins_1/profile/picture")).toBe(1024 * 1024);
    expect(bodyLimitFor("PUT", "/api/v1/instances/ins_1/profile/picture/x")).toBe(1024 * 1024);
    expect(bodyLimitFor("PATCH", "/api/v1/instances/ins_1/settings")).toBe(1024 * 1024);
  });

  it("reads a body as the exact bytes sent (a binary multipart part survives), up to the limit", async () => {
    const bytes = new Uint8Array([0, 0xff, 0xfe, 0x80, 10, 13]);
    const read = await readCappedBody(new Request("http://panel/x", { method: "PUT", body: bytes }), 6);
    expect(read.ok && [...read.bytes!]).toEqual([...bytes]);
    expect(await readCappedBody(new Request("http://panel/x", { method: "PUT", body: bytes }), 5)).toEqual({ ok: false, limit: 5 });
  });
});

describe("gatewayPathOf: upstream paths from decoded segments", () => {
  it("re-encodes each segment", () => {
    expect(gatewayPathOf(["api", "v1", "instances", "ins_1"])).toBe("/api/v1/instances/ins_1");
    expect(gatewayPathOf(["api", "v1", "contacts", "123@s.whatsapp.net"])).toBe("/api/v1/contacts/123%40s.whatsapp.net");
  });

  it.each([["x", "../auth/login"], ["auth", "login?"], ["a\\b"], ["a#b"], ["a\u0000"], [".."], ["."], [""], ["%2e%2e"]])("refuses %j", (...segments) => {
    expect(gatewayPathOf(["api", "v1", ...segments])).toBeNull();
  });
});
