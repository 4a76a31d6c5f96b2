import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CreatedApiKey } from "../../../contract/api-keys";
import { ErrorBody } from "../../../contract/errors";
import { PrivacySettings, Profile } from "../../../contract/profile";
import { FAST_SANDBOX, TEST_DIALECT, api, connect, login, sharedPostgres, startGateway, waitUntil, type RunningGateway, type TestSocket } from "../support/gateway";
import { caller } from "../support/webhook-helpers";

// Issue 21: the linked number's own profile (name, about, picture) and privacy settings, over real HTTP on the
// sandbox engine (WhatsApp's servers cannot be reached from here; the Baileys mapping is baileys-profile.test.ts).
const running: RunningGateway[] = [];
let gw: RunningGateway;
let token: string;
let instanceId: string;
let socket: TestSocket;
const c = caller(() => gw, () => token);

/** The picture cap in these tests: 0.1 MiB. */
const PICTURE_CAP_BYTES = Math.floor(0.1 * 1024 * 1024);
const TEST_ENV = { ...FAST_SANDBOX, PROFILE_PICTURE_MAX_MIB: "0.1" };

beforeAll(async () => {
  gw = await startGateway(TEST_ENV);
  running.push(gw);
  token = await login(gw.url);
  instanceId = await c.connectedInstance("Profiled");
  const ticket = (await c.call("POST", "/api/v1/auth/socket-ticket")).body.ticket as string;
  socket = await connect(gw.url, { ticket });
});
afterAll(async () => {
  socket?.close();
  for (const g of running) await g.stop();
});

const profileUrl = (id = instanceId) => `/api/v1/instances/${id}/profile`;

/** A 300×100 PNG in three vertical bands, red | green | blue: its centred square is all green. */
async function bandedPng(): Promise<Buffer> {
  const width = 300;
  const height = 100;
  const raw = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const band = Math.floor(x / 100);
      raw[(y * width + x) * 3 + band] = 255;
    }
  }
  return sharp(raw, { raw: { width, height, channels: 3 } }).png().toBuffer();
}

/** A multipart form as a browser builds it: file parts (and text fields). */
function form(files: Array<{ body: Buffer; type: string; filename: string; name?: string }>, fields: Record<string, string> = {}): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.append(name, value);
  for (const f of files) data.append(f.name ?? "file", new Blob([f.body], { type: f.type }), f.filename);
  return data;
}

async function putPicture(body: FormData | string, options: { id?: string; credential?: string; base?: string; headers?: Record<string, string> } = {}) {
  const res = await fetch(`${options.base ?? gw.url}${profileUrl(options.id)}/picture`, {
    method: "PUT",
    headers: { authorization: `Bearer ${options.credential ?? token}`, ...options.headers },
    body,
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

async function getPicture(options: { id?: string; credential?: string; base?: string } = {}) {
  const res = await fetch(`${options.base ?? gw.url}${profileUrl(options.id)}/picture`, { headers: { authorization: `Bearer ${options.credential ?? token}` } });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

describe("the linked account's own profile (sandbox)", () => {
  it("reads the name the phone paired with, WhatsApp's default about text, no picture and the privacy settings", async () => {
    const res = await c.call("GET", profileUrl());
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(Profile.parse(res.body)).toEqual({
      name: "Sandbox phone",
      about: "Hey there! I am using WhatsApp.",
      hasPicture: false,
      privacy: { lastSeen: "contacts", online: "all", profilePicture: "contacts", about: "contacts", readReceipts: "all", groupsAdd: "all" },
    });
    expect((await c.call("GET", `/api/v1/instances/${instanceId}`)).body.pushName).toBe("Sandbox phone");
  });

  it("sets name and about (trimmed); the instance's pushName follows before the answer, with an instance.updated event", async () => {
    const res = await c.call("PATCH", profileUrl(), { name: "  Acme Support ", about: " Mon–Fri 9–17 " });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const profile = Profile.parse(res.body);
    expect(profile).toMatchObject({ name: "Acme Support", about: "Mon–Fri 9–17", hasPicture: false });
    expect(Date.parse(profile.aboutSetAt!)).toBeGreaterThan(Date.now() - 60_000);
    // No waiting: the instance record carries the new push name when the PATCH answers.
    expect((await c.call("GET", `/api/v1/instances/${instanceId}`)).body.pushName).toBe("Acme Support");
    await waitUntil(
      async () => socket.received.filter((e) => e.event === "instance.updated").map((e) => (e.payload as { instance: { id: string; pushName?: string } }).instance),
      (updates) => updates.some((i) => i.id === instanceId && i.pushName === "Acme Support"),
      "instance.updated with the new push name",
    );
    // One field alone leaves the other as it is.
    const about = Profile.parse((await c.call("PATCH", profileUrl(), { about: "Back Monday" })).body);
    expect(about).toMatchObject({ name: "Acme Support", about: "Back Monday" });
    expect(Profile.parse((await c.call("GET", profileUrl())).body)).toMatchObject({ name: "Acme Support", about: "Back Monday" });
  });

  it("refuses names and about texts over WhatsApp's limits, empty ones, line breaks, unknown fields and an empty body; nothing changes", async () => {
    const before = (await c.call("GET", profileUrl())).body;
    const cases: Array<[unknown, RegExp]> = [
      [{}, /must set name, about or both/],
      [{ name: "x".repeat(26) }, /body\.name must be at most 25 characters/],
      [{ name: "   " }, /body\.name must not be empty/],
      [{ name: "Two\nlines" }, /body\.name must not contain line breaks/],
      [{ about: "y".repeat(140) }, /body\.about must be at most 139 characters/],
      [{ name: "Fine", colour: "red" }, /colour/],
      [{ name: 42 }, /body\.name/],
    ];
    for (const [body, message] of cases) {
      const res = await c.call("PATCH", profileUrl(), body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(ErrorBody.parse(res.body).error.message, JSON.stringify(body)).toMatch(message);
    }
    expect((await c.call("GET", profileUrl())).body).toEqual(before);
    // The limits themselves are fine.
    const atLimits = await c.call("PATCH", profileUrl(), { name: "n".repeat(25), about: "a".repeat(139) });
    expect(atLimits.status, JSON.stringify(atLimits.body)).toBe(200);
    expect(Profile.parse(atLimits.body)).toMatchObject({ name: "n".repeat(25), about: "a".repeat(139) });
    expect((await c.call("PATCH", profileUrl(), { name: before.name, about: before.about })).status).toBe(200);
  });

  it("takes a non-square PNG and sets its centred square as a 640×640 JPEG, served by the gateway with no-store", async () => {
    const res = await putPicture(form([{ body: await bandedPng(), type: "image/png", filename: "banner.png" }]));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const profile = Profile.parse(res.body);
    expect(profile.hasPicture).toBe(true);
    expect(Date.parse(profile.pictureUpdatedAt!)).toBeGreaterThan(Date.now() - 60_000);

    const picture = await getPicture();
    expect(picture.status).toBe(200);
    expect(picture.headers.get("content-type")).toBe("image/jpeg");
    expect(picture.headers.get("cache-control")).toBe("no-store");
    expect(picture.headers.get("content-security-policy")).toBe("default-src 'none'; sandbox");
    const meta = await sharp(picture.bytes).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(["jpeg", 640, 640]);
    // The red and blue bands were cropped away: every corner and the centre are green.
    const { data, info } = await sharp(picture.bytes).raw().toBuffer({ resolveWithObject: true });
    for (const [x, y] of [[2, 2], [637, 2], [2, 637], [637, 637], [320, 320]] as const) {
      const at = (y * info.width + x) * info.channels;
      const [r, g, b] = [data[at]!, data[at + 1]!, data[at + 2]!];
      expect(g, `green at ${x},${y}`).toBeGreaterThan(200);
      expect(Math.max(r, b), `no red or blue at ${x},${y}`).toBeLessThan(60);
    }
  });

  it("refuses a file over PROFILE_PICTURE_MAX_MIB (413), a text file named .png (400), other forms and JSON (400); the picture stays", async () => {
    const before = await getPicture();
    expect(before.status).toBe(200);
    // Noise does not compress: a PNG well over the 0.1 MiB cap.
    const noise = await sharp(Buffer.from(Array.from({ length: 300 * 300 * 3 }, (_, i) => (i * 7919) % 251)), { raw: { width: 300, height: 300, channels: 3 } }).png({ compressionLevel: 0 }).toBuffer();
    expect(noise.length).toBeGreaterThan(PICTURE_CAP_BYTES);
    const tooLarge = await putPicture(form([{ body: noise, type: "image/png", filename: "huge.png" }]));
    expect(tooLarge.status).toBe(413);
    expect(ErrorBody.parse(tooLarge.body).error.message).toMatch(/body\.file is larger than the \d+ KiB limit for a profile picture \(PROFILE_PICTURE_MAX_MIB\)/);

    const text = await putPicture(form([{ body: Buffer.from("just some text, not a picture\n"), type: "image/png", filename: "photo.png" }]));
    expect(text.status).toBe(400);
    expect(ErrorBody.parse(text.body).error.message).toMatch(/body\.file is not a JPEG, PNG or WebP image \(told by its bytes/);

    // Looks like a PNG, is not one.
    const broken = await putPicture(form([{ body: Buffer.concat([(await bandedPng()).subarray(0, 40), Buffer.alloc(200)]), type: "image/png", filename: "cut.png" }]));
    expect(broken.status).toBe(400);
    expect(broken.body.error.message).toMatch(/body\.file looks like image\/png but cannot be decoded/);

    const png = await bandedPng();
    const refusals: Array<[FormData | string, Record<string, string>, RegExp]> = [
      [form([]), {}, /body\.file is missing/],
      [form([{ body: png, type: "image/png", filename: "a.png" }, { body: png, type: "image/png", filename: "b.png" }]), {}, /body\.file came twice/],
      [form([{ body: png, type: "image/png", filename: "a.png", name: "image" }]), {}, /body\.image is a file part; the image goes in the one part named file/],
      [form([{ body: png, type: "image/png", filename: "a.png" }], { caption: "hi" }), {}, /body\.caption is not a field of a picture upload/],
      [JSON.stringify({ file: "abc" }), { "content-type": "application/json" }, /body must be multipart\/form-data/],
    ];
    for (const [body, headers, message] of refusals) {
      const res = await putPicture(body, { headers });
      expect(res.status, String(message)).toBe(400);
      expect(ErrorBody.parse(res.body).error.message).toMatch(message);
    }
    const after = await getPicture();
    expect(after.bytes.equals(before.bytes)).toBe(true);
  });

  it("removes the picture: then GET picture is 404 and hasPicture false; removing again is fine", async () => {
    const res = await c.call("DELETE", `${profileUrl()}/picture`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(Profile.parse(res.body)).toMatchObject({ hasPicture: false });
    expect(Profile.parse(res.body).pictureUpdatedAt).toBeUndefined();
    const picture = await getPicture();
    expect(picture.status).toBe(404);
    expect(ErrorBody.parse(JSON.parse(picture.bytes.toString())).error.message).toBe("The account has no profile picture");
    expect((await c.call("DELETE", `${profileUrl()}/picture`)).status).toBe(200);
  });

  it("reads and changes privacy settings; a value outside Baileys' set is a 400 listing the allowed ones, and changes nothing", async () => {
    const before = PrivacySettings.parse((await c.call("GET", `${profileUrl()}/privacy`)).body);
    const res = await c.call("PATCH", `${profileUrl()}/privacy`, { lastSeen: "none", online: "match_last_seen", readReceipts: "none", groupsAdd: "contact_blacklist" });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const expected = { ...before, lastSeen: "none", online: "match_last_seen", readReceipts: "none", groupsAdd: "contact_blacklist" };
    expect(PrivacySettings.parse(res.body)).toEqual(expected);
    expect(PrivacySettings.parse((await c.call("GET", `${profileUrl()}/privacy`)).body)).toEqual(expected);
    expect(Profile.parse((await c.call("GET", profileUrl())).body).privacy).toEqual(expected);

    const cases: Array<[unknown, RegExp]> = [
      [{ lastSeen: "everyone" }, /body\.lastSeen must be one of: all, contacts, contact_blacklist, none/],
      [{ online: "none" }, /body\.online must be one of: all, match_last_seen/],
      [{ readReceipts: "contacts" }, /body\.readReceipts must be one of: all, none/],
      [{ groupsAdd: "none" }, /body\.groupsAdd must be one of: all, contacts, contact_blacklist/],
      [{ profilePicture: "all", calls: "known" }, /calls/],
      [{}, /must set at least one of: lastSeen, online, profilePicture, about, readReceipts, groupsAdd/],
    ];
    for (const [body, message] of cases) {
      const bad = await c.call("PATCH", `${profileUrl()}/privacy`, body);
      expect(bad.status, JSON.stringify(body)).toBe(400);
      expect(ErrorBody.parse(bad.body).error.message, JSON.stringify(body)).toMatch(message);
    }
    expect(PrivacySettings.parse((await c.call("GET", `${profileUrl()}/privacy`)).body)).toEqual(expected);
  });

  it("answers 409 for an instance that is not CONNECTED and 404 for an unknown one", async () => {
    const idle = (await c.call("POST", "/api/v1/instances", { name: "Not linked", connect: false })).body.id as string;
    const png = await bandedPng();
    const attempts = [
      await c.call("GET", profileUrl(idle)),
      await c.call("PATCH", profileUrl(idle), { name: "Nope" }),
      await putPicture(form([{ body: png, type: "image/png", filename: "a.png" }]), { id: idle }),
      await c.call("DELETE", `${profileUrl(idle)}/picture`),
      await c.call("GET", `${profileUrl(idle)}/privacy`),
      await c.call("PATCH", `${profileUrl(idle)}/privacy`, { lastSeen: "none" }),
    ];
    for (const res of attempts) {
      expect(res.status, JSON.stringify(res.body)).toBe(409);
      expect(ErrorBody.parse(res.body).error.message).toMatch(/not CONNECTED/);
    }
    expect((await getPicture({ id: idle })).status).toBe(409);
    for (const [method, path] of [["GET", profileUrl("ins_doesnotexist12")], ["GET", `${profileUrl("ins_doesnotexist12")}/privacy`], ["DELETE", `${profileUrl("ins_doesnotexist12")}/picture`]] as const) {
      const res = await c.call(method, path);
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(ErrorBody.parse(res.body).error.message).toMatch(/No instance ins_doesnotexist12/);
    }
  });

  it("an instance token reads and changes its own instance's profile, and gets 403 on another's", async () => {
    const other = await c.connectedInstance("Someone else");
    const key = CreatedApiKey.parse((await c.call("POST", "/api/v1/api-keys", { name: "profile reader", scope: "instance", instanceId })).body).token;
    const own = await api(gw.url, "GET", profileUrl(), { token: key });
    expect(own.status, JSON.stringify(own.body)).toBe(200);
    expect((await api(gw.url, "PATCH", `${profileUrl()}/privacy`, { token: key, body: { about: "none" } })).status).toBe(200);
    for (const [method, path, body] of [["GET", profileUrl(other), undefined], ["GET", `${profileUrl(other)}/privacy`, undefined], ["PATCH", profileUrl(other), { name: "Hijacked" }]] as const) {
      const res = await api(gw.url, method, path, { token: key, body });
      expect(res.status, `${method} ${path}`).toBe(403);
    }
    expect((await getPicture({ id: other, credential: key })).status).toBe(403);
    expect(Profile.parse((await c.call("GET", profileUrl(other))).body).name).toBe("Sandbox phone");
  });

  it("keeps the simulated account's profile across a gateway restart, as WhatsApp keeps a real one", async () => {
    expect((await c.call("PATCH", profileUrl(), { name: "Kept name", about: "Kept about" })).status).toBe(200);
    expect((await putPicture(form([{ body: await bandedPng(), type: "image/png", filename: "b.png" }]))).status).toBe(200);
    const before = Profile.parse((await c.call("GET", profileUrl())).body);
    const picture = await getPicture();
    socket.close();
    await gw.stop({ keepData: true });
    running.splice(running.indexOf(gw), 1);
    gw = await startGateway(TEST_ENV, { dataDir: gw.dataDir });
    running.push(gw);
    token = await login(gw.url);
    await waitUntil(() => c.call("GET", `/api/v1/instances/${instanceId}`), (r) => r.body.status === "CONNECTED", "CONNECTED again");
    expect(Profile.parse((await c.call("GET", profileUrl())).body)).toEqual(before);
    expect((await c.call("GET", `/api/v1/instances/${instanceId}`)).body.pushName).toBe("Kept name");
    expect((await getPicture()).bytes.equals(picture.bytes)).toBe(true);
  });
});

describe.skipIf(TEST_DIALECT !== "postgres")("the profile in a cluster", () => {
  it("every call through another node runs on the node holding the instance, the picture upload included", { timeout: 60_000 }, async () => {
    const database = await sharedPostgres();
    const env = { ...TEST_ENV, DATABASE_URL: database.url, CLUSTER_LEASE_SECONDS: "2" };
    const nodes: RunningGateway[] = [];
    try {
      nodes.push(await startGateway({ ...env, NODE_NAME: "profile-a" }));
      nodes.push(await startGateway({ ...env, NODE_NAME: "profile-b" }));
      const [a] = nodes as [RunningGateway, RunningGateway];
      const session = await login(a.url);
      const call = (method: string, url: string, body?: unknown) => api(a.url, method, url, { token: session, body });
      const created = await call("POST", "/api/v1/instances", { name: "On B", node: "profile-b" });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      const id = created.body.id as string;
      await waitUntil(() => call("GET", `/api/v1/instances/${id}`), (r) => r.body.status === "QR_REQUIRED", "QR_REQUIRED", 20_000);
      expect((await call("POST", `/api/v1/sandbox/instances/${id}/scan`, {})).status).toBe(202);
      await waitUntil(() => call("GET", `/api/v1/instances/${id}`), (r) => r.body.status === "CONNECTED", "CONNECTED", 20_000);

      const named = await call("PATCH", profileUrl(id), { name: "Clustered" });
      expect(named.status, JSON.stringify(named.body)).toBe(200);
      expect(named.headers.get("x-wam-node")).toBe("profile-b");
      expect((await call("GET", `/api/v1/instances/${id}`)).body.pushName).toBe("Clustered");

      const uploaded = await putPicture(form([{ body: await bandedPng(), type: "image/png", filename: "c.png" }]), { id, base: a.url, credential: session });
      expect(uploaded.status, JSON.stringify(uploaded.body)).toBe(200);
      expect(uploaded.headers.get("x-wam-node")).toBe("profile-b");
      const picture = await getPicture({ id, base: a.url, credential: session });
      expect(picture.status).toBe(200);
      expect(picture.headers.get("x-wam-node")).toBe("profile-b");
      expect(picture.headers.get("content-type")).toBe("image/jpeg");
      expect(picture.headers.get("cache-control")).toBe("no-store");
      expect(picture.headers.get("content-security-policy")).toBe("default-src 'none'; sandbox");
      expect(await sharp(picture.bytes).metadata()).toMatchObject({ format: "jpeg", width: 640, height: 640 });

      const privacy = await call("PATCH", `${profileUrl(id)}/privacy`, { readReceipts: "none" });
      expect(privacy.status).toBe(200);
      expect(privacy.headers.get("x-wam-node")).toBe("profile-b");
      expect(PrivacySettings.parse(privacy.body).readReceipts).toBe("none");
    } finally {
      for (const node of nodes) await node.stop();
      await database.drop();
    }
  });
});
