import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Message } from "../../../contract/messages";
import { FAST_SANDBOX, api, login, startGateway, waitUntil, type RunningGateway } from "../support/gateway";
import { bytes, startMediaServer, type MediaServer } from "../support/media-server";
import { caller } from "../support/webhook-helpers";

// Issue 19: media URLs follow the webhooks' address rules. Without WEBHOOK_ALLOW_IPS, a literal loopback address is
// a 400 at request time; a name that only resolves to one (localhost) is accepted, then fails with the reason, and
// no connection ever reaches the server.
let gw: RunningGateway;
let token: string;
let media: MediaServer;
let instanceId: string;
const c = caller(() => gw, () => token);

beforeAll(async () => {
  media = await startMediaServer({ "/pic.png": { body: bytes(1000).body, type: "image/png" } });
  gw = await startGateway({ ...FAST_SANDBOX, SANDBOX_ACK_MS: "40", MESSAGE_RATE_PER_SECOND: "50" });
  token = await login(gw.url);
  instanceId = await c.connectedInstance("Guarded");
});
afterAll(async () => {
  await media.close();
  await gw.stop();
});

const send = (body: Record<string, unknown>) => api(gw.url, "POST", `/api/v1/instances/${instanceId}/messages`, { token, body: { to: "4915123456789", ...body } });

describe("media URLs and the SSRF filter", () => {
  it("refuses a literal loopback URL with 400 and stores nothing", async () => {
    const res = await send({ type: "image", url: `${media.url}/pic.png` });
    expect(res.status).toBe(400);
    expect(res.body.error.details.issues).toEqual([{ path: "body.url", message: expect.stringMatching(/127\.0\.0\.1 is a loopback address; media URLs may only reach public addresses/) }]);
    expect(media.hits.size).toBe(0);
  });

  it("fails a message whose URL names a host that resolves to a loopback address, with that reason, without connecting", async () => {
    const port = new URL(media.url).port;
    const res = await send({ type: "image", url: `http://localhost:${port}/pic.png`, caption: "sneaky" });
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    const failed = await waitUntil(async () => Message.parse((await c.call("GET", `/api/v1/instances/${instanceId}/messages/${res.body.id}`)).body), (m) => m.status === "failed", "failed");
    expect(failed.failureReason).toMatch(/^Could not fetch the media: Blocked: (127\.0\.0\.1|::1)\(family:\d, host:localhost\) is not allowed\. Because, It is private IP address/);
    expect(media.hits.size).toBe(0);
    expect((await c.call("GET", `/api/v1/sandbox/instances/${instanceId}/received`)).body.items).toEqual([]);
  });
});
