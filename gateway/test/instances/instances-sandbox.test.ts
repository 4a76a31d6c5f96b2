import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Instance, InstanceQr, StatusHistoryList } from "../../../contract/instances";
import { Uptime } from "../../../contract/stats";
import { InstanceQrEvent, InstanceStatusEvent } from "../../../contract/socket-events";
import { FAST_SANDBOX, api, connect, login, startGateway, waitUntil, type RunningGateway, type TestSocket, storedRows } from "../support/gateway";

// Sandbox engine over real HTTP and socket.io: the whole status machine as an operator would drive it.
let gw: RunningGateway;
let token: string;
let socket: TestSocket;

const call = (method: string, url: string, body?: unknown) => api(gw.url, method, url, { token, body });
const get = async (id: string) => Instance.parse((await call("GET", `/api/v1/instances/${id}`)).body);
const waitStatus = (id: string, status: string, timeoutMs = 10_000) =>
  waitUntil(() => get(id), (i) => i.status === status, `${id} to be ${status}`, timeoutMs);
const authRows = async (id: string) => (await storedRows<{ n: number }>(gw.dataDir, "select count(*) as n from instance_auth where instance_id = ?", [id]))[0]!.n;
async function create(name: string) {
  const res = await call("POST", "/api/v1/instances", { name });
  expect(res.status).toBe(201);
  return Instance.parse(res.body);
}
async function pair(id: string, number = "4915112345678", pushName = "Shop") {
  await waitStatus(id, "QR_REQUIRED");
  expect((await call("POST", `/api/v1/sandbox/instances/${id}/scan`, { number, pushName })).status).toBe(202);
  return waitStatus(id, "CONNECTED");
}

beforeAll(async () => {
  gw = await startGateway(FAST_SANDBOX);
  token = await login(gw.url);
  const ticket = (await api(gw.url, "POST", "/api/v1/auth/socket-ticket", { token })).body.ticket as string;
  socket = await connect(gw.url, { ticket });
});
afterAll(async () => {
  socket?.close();
  await gw.stop();
});

describe("instances on the sandbox engine", () => {
  it("create → QR_REQUIRED with a rotating QR → scan → CONNECTED with metadata, live on the socket", async () => {
    const created = await create("Sales line");
    expect(created).toMatchObject({ name: "Sales line", engine: "sandbox" });
    // The socket's frame and the HTTP answer travel on two connections: either may be read first.
    await waitUntil(async () => socket.received.some((e) => e.event === "instance.created"), Boolean, "instance.created on the socket");

    await waitStatus(created.id, "QR_REQUIRED");
    const first = InstanceQr.parse((await call("GET", `/api/v1/instances/${created.id}/qr`)).body);
    expect(first.attempt).toBe(1);
    expect(first.maxAttempts).toBe(4);
    expect(Date.parse(first.expiresAt)).toBeGreaterThan(Date.now());
    const second = await waitUntil(
      async () => InstanceQr.parse((await call("GET", `/api/v1/instances/${created.id}/qr`)).body),
      (qr) => qr.attempt === 2,
      "the QR to rotate",
    );
    expect(second.qr).not.toBe(first.qr);
    // The socket event may land after the HTTP answer (in cluster mode it goes through PostgreSQL first).
    const qrEvents = await waitUntil(
      async () => socket.received.filter((e) => e.event === "instance.qr").map((e) => InstanceQrEvent.parse(e.payload)).filter((e) => e.instanceId === created.id),
      (events) => events.some((e) => e.qr === second.qr),
      "the rotated QR on the socket",
      5_000,
    );
    expect(qrEvents.map((e) => e.qr)).toEqual(expect.arrayContaining([first.qr, second.qr]));

    const connected = await pair(created.id);
    expect(connected).toMatchObject({ status: "CONNECTED", number: "4915112345678", pushName: "Shop", platform: "sandbox" });
    expect(connected.connectedAt).toBeDefined();
    expect((await call("GET", `/api/v1/instances/${created.id}/qr`)).status).toBe(409);

    const history = StatusHistoryList.parse((await call("GET", `/api/v1/instances/${created.id}/status-history`)).body);
    expect(history.items.map((h) => h.status).reverse()).toEqual(["INIT", "INIT", "QR_REQUIRED", "RECONNECTING", "CONNECTED"]);
    expect(history.items.find((h) => h.status === "RECONNECTING")?.statusCode).toBe(515);

    // Every event of this instance carries an increasing seq.
    const seqs = socket.received
      .filter((e) => e.event === "instance.status" || e.event === "instance.qr")
      .map((e) => e.payload as { instanceId: string; seq: number })
      .filter((p) => p.instanceId === created.id)
      .map((p) => p.seq);
    expect(seqs.length).toBeGreaterThan(4);
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
    expect(new Set(seqs).size).toBe(seqs.length);
  });

  it("428 → RECONNECTING → CONNECTED again by itself", async () => {
    const instance = await create("Reconnects");
    await pair(instance.id, "4915100000428");
    expect((await call("POST", `/api/v1/sandbox/instances/${instance.id}/disconnect`, { code: 428 })).status).toBe(202);
    const reconnecting = await waitStatus(instance.id, "RECONNECTING");
    expect(reconnecting.statusCode).toBe(428);
    expect(reconnecting.statusReason).toMatch(/Connection closed; reconnecting \(attempt 1 of 10\)/);
    const back = await waitStatus(instance.id, "CONNECTED");
    expect(back.number).toBe("4915100000428");
    expect(back.lastError).toMatchObject({ statusCode: 428 });
    // The socket's event can arrive a moment after the API already reads CONNECTED: wait for the socket to say so too.
    const liveStatuses = () =>
      socket.received
        .filter((e) => e.event === "instance.status")
        .map((e) => InstanceStatusEvent.parse(e.payload))
        .filter((e) => e.instanceId === instance.id)
        .map((e) => e.status);
    const live = await waitUntil(async () => liveStatuses(), (statuses) => statuses.at(-1) === "CONNECTED" && statuses.includes("RECONNECTING"), "the socket to tell of the reconnection", 5_000);
    expect(live.slice(-2)).toEqual(["RECONNECTING", "CONNECTED"]);
  });

  it("401 → QR_REQUIRED with the auth state wiped", async () => {
    const instance = await create("Logged out on phone");
    await pair(instance.id);
    expect(await authRows(instance.id)).toBeGreaterThan(0);
    await call("POST", `/api/v1/sandbox/instances/${instance.id}/disconnect`, { code: 401 });
    const relink = await waitUntil(() => get(instance.id), (i) => i.status === "QR_REQUIRED" && i.statusCode === 401, "QR_REQUIRED after 401");
    expect(relink.statusReason).toBe("Logged out from the phone");
    expect(relink.number).toBeUndefined();
    expect(await authRows(instance.id)).toBe(0);
    await waitUntil(() => call("GET", `/api/v1/instances/${instance.id}/qr`), (r) => r.status === 200, "a fresh QR");
  });

  it("403 → ERROR and no retry; 440 → DISCONNECTED and no retry", async () => {
    const banned = await create("Banned");
    const replaced = await create("Replaced");
    await pair(banned.id, "4915100000403");
    await pair(replaced.id, "4915100000440");
    await call("POST", `/api/v1/sandbox/instances/${banned.id}/disconnect`, { code: 403 });
    await call("POST", `/api/v1/sandbox/instances/${replaced.id}/disconnect`, { code: 440 });
    const error = await waitStatus(banned.id, "ERROR");
    const disconnected = await waitStatus(replaced.id, "DISCONNECTED");
    expect(error.statusReason).toMatch(/Forbidden/);
    expect(disconnected.statusReason).toMatch(/Replaced/);
    const historyLength = async (id: string) => StatusHistoryList.parse((await call("GET", `/api/v1/instances/${id}/status-history`)).body).items.length;
    const before = [await historyLength(banned.id), await historyLength(replaced.id)];
    await new Promise((r) => setTimeout(r, 2500)); // longer than the first backoff could be
    expect([await historyLength(banned.id), await historyLength(replaced.id)]).toEqual(before);
    expect((await get(banned.id)).status).toBe("ERROR");
    expect((await get(replaced.id)).status).toBe("DISCONNECTED");
    // The operator can start them again on purpose.
    expect((await call("POST", `/api/v1/instances/${replaced.id}/connect`)).status).toBe(202);
    await waitStatus(replaced.id, "CONNECTED");
  });

  it("QR attempts exhausted → DISCONNECTED 'QR expired', no loop; connect asks for a new QR", async () => {
    const instance = await create("Nobody scans");
    const expired = await waitStatus(instance.id, "DISCONNECTED", 6000);
    expect(expired.statusCode).toBe(408);
    expect(expired.statusReason).toMatch(/QR expired/);
    const qrs = socket.received.filter((e) => e.event === "instance.qr" && (e.payload as { instanceId: string }).instanceId === instance.id);
    expect(qrs).toHaveLength(4);
    await new Promise((r) => setTimeout(r, 800));
    expect((await get(instance.id)).status).toBe("DISCONNECTED");
    await call("POST", `/api/v1/instances/${instance.id}/connect`);
    await waitStatus(instance.id, "QR_REQUIRED");
  });

  it("answers conflicting actions with 409 and a reason", async () => {
    const instance = await create("Conflicts");
    await waitStatus(instance.id, "QR_REQUIRED");
    const logout = await call("POST", `/api/v1/instances/${instance.id}/logout`);
    expect(logout.status).toBe(409);
    expect(logout.body.error.message).toMatch(/Only a connected instance can log out/);
    expect((await call("POST", `/api/v1/instances/${instance.id}/connect`)).status).toBe(409);
    const code = await call("POST", `/api/v1/instances/${instance.id}/pairing-code`, { phoneNumber: "+49 151 1234 5678" });
    expect(code.status).toBe(200);
    expect(code.body).toMatchObject({ code: expect.stringMatching(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/), phoneNumber: "4915112345678" });
    // The sandbox phone pairs with the number the code was requested for.
    await call("POST", `/api/v1/sandbox/instances/${instance.id}/scan`, {});
    expect((await waitStatus(instance.id, "CONNECTED")).number).toBe("4915112345678");
    const pairing = await call("POST", `/api/v1/instances/${instance.id}/pairing-code`, { phoneNumber: "4915112345678" });
    expect(pairing.status).toBe(409);
    expect((await call("POST", `/api/v1/sandbox/instances/${instance.id}/scan`, {})).status).toBe(409);
  });

  it("logout, reset, rename, delete", async () => {
    const instance = await create("Lifecycle");
    await pair(instance.id, "4915100000001");
    expect((await call("POST", `/api/v1/instances/${instance.id}/logout`)).status).toBe(202);
    const loggedOut = await waitStatus(instance.id, "QR_REQUIRED");
    expect(loggedOut.statusReason).toBe("Logged out by an operator");
    expect(await authRows(instance.id)).toBe(0);

    await pair(instance.id, "4915100000002");
    expect((await call("POST", `/api/v1/instances/${instance.id}/reset`)).status).toBe(202);
    await waitStatus(instance.id, "QR_REQUIRED");
    expect(await authRows(instance.id)).toBe(0);

    const renamed = await call("PATCH", `/api/v1/instances/${instance.id}`, { name: "Renamed line" });
    expect(renamed.status).toBe(200);
    expect(renamed.body.name).toBe("Renamed line");

    expect((await call("DELETE", `/api/v1/instances/${instance.id}`)).status).toBe(204);
    expect((await call("GET", `/api/v1/instances/${instance.id}`)).status).toBe(404);
    await waitUntil(async () => socket.received.some((e) => e.event === "instance.deleted" && (e.payload as { instanceId: string }).instanceId === instance.id), Boolean, "instance.deleted on the socket");
  });

  it("names are unique, ignoring case: a second one gets 409 naming the first, and nothing is created or renamed", async () => {
    const first = await create("Support line");
    const before = (await call("GET", "/api/v1/instances?limit=500")).body.items.length as number;
    const clash = await call("POST", "/api/v1/instances", { name: "SUPPORT LINE", connect: false });
    expect(clash.status).toBe(409);
    expect(clash.body.error.message).toBe(`An instance named "Support line" already exists (${first.id}): choose another name`);
    // The field it is about, so a form can put it there (a full proxy's 409 is about something else).
    expect(clash.body.error.details).toEqual({ issues: [{ path: "body.name", message: clash.body.error.message }] });
    expect((await call("GET", "/api/v1/instances?limit=500")).body.items.length).toBe(before);

    const other = await create("Billing line");
    const rename = await call("PATCH", `/api/v1/instances/${other.id}`, { name: "support line" });
    expect(rename.status).toBe(409);
    expect((await get(other.id)).name).toBe("Billing line");
    // Renaming to its own name in another case is no clash.
    expect((await call("PATCH", `/api/v1/instances/${other.id}`, { name: "BILLING LINE" })).status).toBe(200);
    // Letters outside ASCII: the database's lower() and JavaScript's differ there, and a taken name was a 500.
    const accented = await create("Zürich Öl");
    for (const attempt of [() => call("POST", "/api/v1/instances", { name: "Zürich Öl", connect: false }), () => call("POST", "/api/v1/instances", { name: "ZüRICH Öl", connect: false }), () => call("PATCH", `/api/v1/instances/${other.id}`, { name: "zürich Öl" })]) {
      const answer = await attempt();
      expect(answer.status, JSON.stringify(answer.body)).toBe(409);
      expect(answer.body.error.message).toBe(`An instance named "Zürich Öl" already exists (${accented.id}): choose another name`);
    }
    expect((await get(other.id)).name).toBe("BILLING LINE");
    await call("DELETE", `/api/v1/instances/${accented.id}`);
    // Concurrent creates with one name: exactly one wins.
    const results = await Promise.all(Array.from({ length: 8 }, () => call("POST", "/api/v1/instances", { name: "Race line", connect: false })));
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409, 409, 409]);
    for (const id of [first.id, other.id, results.find((r) => r.status === 201)!.body.id as string]) await call("DELETE", `/api/v1/instances/${id}`);
  });

  it("lists with status filter, search, sort and cursor paging", async () => {
    const all = (await call("GET", "/api/v1/instances?limit=500")).body.items as Instance[];
    expect(all.length).toBeGreaterThanOrEqual(7);
    const connected = (await call("GET", "/api/v1/instances?status=CONNECTED")).body.items as Instance[];
    expect(connected.length).toBeGreaterThan(0);
    expect(connected.every((i) => i.status === "CONNECTED")).toBe(true);
    const multi = (await call("GET", "/api/v1/instances?status=ERROR,DISCONNECTED")).body.items as Instance[];
    expect(multi.every((i) => i.status === "ERROR" || i.status === "DISCONNECTED")).toBe(true);
    expect((await call("GET", "/api/v1/instances?search=BANN")).body.items.map((i: Instance) => i.name)).toEqual(["Banned"]);
    expect((await call("GET", "/api/v1/instances?search=00000403")).body.items.map((i: Instance) => i.name)).toEqual(["Banned"]);

    const byName = (await call("GET", "/api/v1/instances?sort=name&order=asc&limit=500")).body.items.map((i: Instance) => i.name);
    expect(byName).toEqual([...byName].sort((a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)));
    const pages: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { body: { items: Instance[]; nextCursor: string | null } } = await call("GET", `/api/v1/instances?sort=name&order=asc&limit=2${cursor ? `&cursor=${cursor}` : ""}`);
      pages.push(...res.body.items.map((i) => i.name));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(pages).toEqual(byName);

    const bad = await call("GET", "/api/v1/instances?status=ONLINE&sort=colour");
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.issues.map((i: { path: string }) => i.path).sort()).toEqual(["query.sort", "query.status.0"]);
  });
});

describe("persistence across a gateway restart", () => {
  it("the time the gateway was not running is not connected time: the history says when it stopped, uptime counts it down", async () => {
    const own = await startGateway(FAST_SANDBOX);
    const t = await login(own.url);
    const read = async (base: string, tok: string, id: string) => Instance.parse((await api(base, "GET", `/api/v1/instances/${id}`, { token: tok })).body);
    const paired = Instance.parse((await api(own.url, "POST", "/api/v1/instances", { token: t, body: { name: "Down and back" } })).body);
    await waitUntil(() => read(own.url, t, paired.id), (i) => i.status === "QR_REQUIRED", "QR");
    await api(own.url, "POST", `/api/v1/sandbox/instances/${paired.id}/scan`, { token: t, body: { number: "4915199999998" } });
    await waitUntil(() => read(own.url, t, paired.id), (i) => i.status === "CONNECTED", "CONNECTED");
    const stoppedAt = Date.now();
    await own.stop({ keepData: true });
    // Three seconds with no gateway running.
    await new Promise((resolve) => setTimeout(resolve, 3000));

    const again = await startGateway(FAST_SANDBOX, { dataDir: own.dataDir });
    try {
      const t2 = await login(again.url);
      await waitUntil(() => read(again.url, t2, paired.id), (i) => i.status === "CONNECTED", "restored CONNECTED");
      const history = StatusHistoryList.parse((await api(again.url, "GET", `/api/v1/instances/${paired.id}/status-history`, { token: t2 })).body).items;
      expect(history.slice(0, 3).map((h) => h.status)).toEqual(["CONNECTED", "INIT", "DISCONNECTED"]);
      const down = history[2]!;
      expect(down.statusReason).toMatch(/gateway node running it stopped/);
      // Its clean stop, give or take the stop itself.
      expect(Math.abs(Date.parse(down.at) - stoppedAt)).toBeLessThan(2000);
      const uptime = Uptime.parse((await api(again.url, "GET", `/api/v1/instances/${paired.id}/uptime?range=24h`, { token: t2 })).body);
      expect(uptime.drops).toBe(1);
      expect(uptime.observedSeconds - uptime.connectedSeconds, JSON.stringify(uptime)).toBeGreaterThanOrEqual(3);
    } finally {
      await again.stop();
    }
  });

  it("a paired instance is CONNECTED again after a restart with no scan; an unpaired one waits for connect", async () => {
    const own = await startGateway(FAST_SANDBOX);
    const t = await login(own.url);
    const mk = async (name: string) => Instance.parse((await api(own.url, "POST", "/api/v1/instances", { token: t, body: { name } })).body);
    const read = async (base: string, tok: string, id: string) => Instance.parse((await api(base, "GET", `/api/v1/instances/${id}`, { token: tok })).body);
    const paired = await mk("Survives restarts");
    const unpaired = await mk("Never scanned");
    await waitUntil(() => read(own.url, t, paired.id), (i) => i.status === "QR_REQUIRED", "QR");
    await api(own.url, "POST", `/api/v1/sandbox/instances/${paired.id}/scan`, { token: t, body: { number: "4915199999999", pushName: "Kept" } });
    await waitUntil(() => read(own.url, t, paired.id), (i) => i.status === "CONNECTED", "CONNECTED");
    await own.stop({ keepData: true });

    const again = await startGateway(FAST_SANDBOX, { dataDir: own.dataDir });
    try {
      const t2 = await login(again.url);
      const restored = await waitUntil(() => read(again.url, t2, paired.id), (i) => i.status === "CONNECTED", "restored CONNECTED");
      expect(restored).toMatchObject({ number: "4915199999999", pushName: "Kept" });
      const history = StatusHistoryList.parse((await api(again.url, "GET", `/api/v1/instances/${paired.id}/status-history`, { token: t2 })).body);
      // No QR_REQUIRED after the restart: INIT (restoring) straight to CONNECTED.
      expect(history.items.slice(0, 2).map((h) => h.status)).toEqual(["CONNECTED", "INIT"]);
      const waiting = await read(again.url, t2, unpaired.id);
      expect(waiting.status).toBe("DISCONNECTED");
      expect(waiting.statusReason).toMatch(/restarted before the QR was scanned/);
    } finally {
      await again.stop();
    }
  });
});
