import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LoginResponse, MeResponse } from "../../../contract/auth";
import { ErrorBody } from "../../../contract/errors";
import { TEST_ADMIN_PASSWORD, api, login, startGateway, storedRows, type RunningGateway } from "../support/gateway";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("operator sign-in", () => {
  let gw: RunningGateway;
  beforeAll(async () => {
    gw = await startGateway({ LOGIN_MAX_FAILURES: "3", LOGIN_LOCK_SECONDS: "2" });
  });
  afterAll(() => gw.stop());

  it("signs in with the right password and returns an opaque session", async () => {
    const res = await api(gw.url, "POST", "/api/v1/auth/login", { body: { username: "admin", password: TEST_ADMIN_PASSWORD } });
    expect(res.status).toBe(200);
    const body = LoginResponse.parse(res.body);
    expect(body.operator.username).toBe("admin");
    expect(body.token).toMatch(/^wgs_[A-Za-z0-9_-]{43}$/); // 256 random bits
    const me = await api(gw.url, "GET", "/api/v1/auth/me", { token: body.token });
    expect(me.status).toBe(200);
    expect(MeResponse.parse(me.body).operator.username).toBe("admin");
  });

  it("stores only hashes: neither the token nor the password is in the database file", async () => {
    const token = await login(gw.url);
    const files = fs.readdirSync(gw.dataDir).map((f) => fs.readFileSync(path.join(gw.dataDir, f)));
    for (const content of files) {
      expect(content.includes(token)).toBe(false);
      expect(content.includes(TEST_ADMIN_PASSWORD)).toBe(false);
    }
  });

  it("answers a wrong password and an unknown user with the same generic 401", async () => {
    const wrong = await api(gw.url, "POST", "/api/v1/auth/login", { body: { username: "admin", password: "nope" }, headers: { "x-forwarded-for": "10.0.0.1" } });
    const unknown = await api(gw.url, "POST", "/api/v1/auth/login", { body: { username: "nobody", password: "nope" }, headers: { "x-forwarded-for": "10.0.0.2" } });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(ErrorBody.parse(wrong.body).error.message).toBe("Wrong username or password.");
    expect(unknown.body).toEqual(wrong.body);
    // Clear the account's failure for the throttle test below.
    await login(gw.url);
  });

  // Per account there is no hard lock any more, only a growing delay (docs/sign-in-throttling.md); the hard lock is per (account, IP).
  it("delays an account after N failures with 429 + Retry-After (1 s at first), even for the right password, until the delay passes", async () => {
    const attempt = (password: string, ip: string) =>
      api(gw.url, "POST", "/api/v1/auth/login", { body: { username: "admin", password }, headers: { "x-forwarded-for": ip } });
    // Different IPs: the account key alone must trigger the delay.
    expect((await attempt("wrong-1", "10.1.0.1")).status).toBe(401);
    expect((await attempt("wrong-2", "10.1.0.2")).status).toBe(401);
    const third = await attempt("wrong-3", "10.1.0.3");
    expect(third.status).toBe(429);
    expect(third.headers.get("retry-after")).toBe("1"); // 1 s · 2^(failures − LOGIN_MAX_FAILURES)
    expect(ErrorBody.parse(third.body).error.code).toBe("too_many_requests");

    const right = await attempt(TEST_ADMIN_PASSWORD, "10.1.0.4");
    expect(right.status).toBe(429);
    expect(right.headers.get("retry-after")).toMatch(/^\d+$/);

    await sleep(Number(right.headers.get("retry-after")) * 1000 + 100);
    expect((await attempt(TEST_ADMIN_PASSWORD, "10.1.0.5")).status).toBe(200);
  });

  it("ends the session at logout: a replayed token gets 401", async () => {
    const token = await login(gw.url);
    expect((await api(gw.url, "POST", "/api/v1/auth/logout", { token })).status).toBe(204);
    const replay = await api(gw.url, "GET", "/api/v1/auth/me", { token });
    expect(replay.status).toBe(401);
    expect(ErrorBody.parse(replay.body).error.code).toBe("unauthorized");
  });

  it("rotates at login: each sign-in gets a new token, and both are independent", async () => {
    const a = await login(gw.url);
    const b = await login(gw.url);
    expect(a).not.toBe(b);
    await api(gw.url, "POST", "/api/v1/auth/logout", { token: a });
    expect((await api(gw.url, "GET", "/api/v1/auth/me", { token: b })).status).toBe(200);
  });

  it("changing the password ends every session and returns a fresh one", async () => {
    const first = await login(gw.url);
    const second = await login(gw.url);
    const wrongCurrent = await api(gw.url, "POST", "/api/v1/auth/change-password", {
      token: first,
      body: { currentPassword: "not it", newPassword: "a brand new password" },
    });
    expect(wrongCurrent.status).toBe(400);
    expect(wrongCurrent.body.error.details.issues[0].path).toBe("body.currentPassword");

    const tooShort = await api(gw.url, "POST", "/api/v1/auth/change-password", { token: first, body: { currentPassword: TEST_ADMIN_PASSWORD, newPassword: "short" } });
    expect(tooShort.status).toBe(400);
    expect(tooShort.body.error.message).toContain("body.newPassword");

    const changed = await api(gw.url, "POST", "/api/v1/auth/change-password", {
      token: first,
      body: { currentPassword: TEST_ADMIN_PASSWORD, newPassword: "a brand new password" },
    });
    expect(changed.status).toBe(200);
    const fresh = LoginResponse.parse(changed.body).token;
    expect((await api(gw.url, "GET", "/api/v1/auth/me", { token: first })).status).toBe(401);
    expect((await api(gw.url, "GET", "/api/v1/auth/me", { token: second })).status).toBe(401);
    expect((await api(gw.url, "GET", "/api/v1/auth/me", { token: fresh })).status).toBe(200);
    expect((await api(gw.url, "POST", "/api/v1/auth/login", { body: { username: "admin", password: TEST_ADMIN_PASSWORD } })).status).toBe(401);
    await login(gw.url, "admin", "a brand new password");
    // Put it back for any later test.
    await api(gw.url, "POST", "/api/v1/auth/change-password", { token: fresh, body: { currentPassword: "a brand new password", newPassword: TEST_ADMIN_PASSWORD } });
  });
});

describe("per-IP throttling", () => {
  it("locks an IP after 4× the per-account limit, across usernames, without locking other IPs", async () => {
    const gw = await startGateway({ LOGIN_MAX_FAILURES: "2", LOGIN_LOCK_SECONDS: "120" });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 8; i += 1) {
        const res = await api(gw.url, "POST", "/api/v1/auth/login", { body: { username: `user${i}`, password: "x" }, headers: { "x-forwarded-for": "10.2.0.1" } });
        statuses.push(res.status);
      }
      expect(statuses).toEqual([401, 401, 401, 401, 401, 401, 401, 429]);
      const sameIp = await api(gw.url, "POST", "/api/v1/auth/login", { body: { username: "admin", password: TEST_ADMIN_PASSWORD }, headers: { "x-forwarded-for": "10.2.0.1" } });
      expect(sameIp.status).toBe(429);
      // The lock's length in words for whoever reads the message; the exact seconds are in Retry-After.
      expect((sameIp.body as { error: { message: string } }).error.message).toBe("Too many failed sign-in attempts. Try again in 2 minutes.");
      expect(Number(sameIp.headers.get("retry-after"))).toBeGreaterThan(60);
      const otherIp = await api(gw.url, "POST", "/api/v1/auth/login", { body: { username: "admin", password: TEST_ADMIN_PASSWORD }, headers: { "x-forwarded-for": "10.2.0.2" } });
      expect(otherIp.status).toBe(200);
    } finally {
      await gw.stop();
    }
  });
});

describe("session timeouts", () => {
  it("ends a session after the idle timeout", async () => {
    const gw = await startGateway({ SESSION_IDLE_MINUTES: String(1.5 / 60) });
    try {
      const token = await login(gw.url);
      expect((await api(gw.url, "GET", "/api/v1/auth/me", { token })).status).toBe(200);
      await sleep(1700);
      expect((await api(gw.url, "GET", "/api/v1/auth/me", { token })).status).toBe(401);
    } finally {
      await gw.stop();
    }
  });

  it("ends a session at the absolute timeout even while in use", async () => {
    const gw = await startGateway({ SESSION_ABSOLUTE_HOURS: String(2 / 3600) });
    try {
      const token = await login(gw.url);
      const me = MeResponse.parse((await api(gw.url, "GET", "/api/v1/auth/me", { token })).body);
      expect(Date.parse(me.session.expiresAt) - Date.now()).toBeLessThanOrEqual(2000);
      await sleep(1000);
      expect((await api(gw.url, "GET", "/api/v1/auth/me", { token })).status).toBe(200);
      await sleep(1200);
      expect((await api(gw.url, "GET", "/api/v1/auth/me", { token })).status).toBe(401);
    } finally {
      await gw.stop();
    }
  });
});

describe("first start", () => {
  it("hashes the admin's password with scrypt at the production cost (N=2^17, r=8, p=1) and a salt of its own", async () => {
    const gw = await startGateway({}, { productionScrypt: true });
    try {
      const [row] = await storedRows<{ password_hash: string }>(gw.dataDir, "SELECT password_hash FROM operators WHERE username = ?", ["admin"]);
      const [scheme, logN, r, p, salt, key] = row!.password_hash.split("$");
      expect([scheme, logN, r, p]).toEqual(["scrypt", "17", "8", "1"]);
      expect(Buffer.from(salt!, "base64")).toHaveLength(16);
      expect(Buffer.from(key!, "base64")).toHaveLength(32);
      await login(gw.url);
    } finally {
      await gw.stop();
    }
  });

  it("creates admin with a random password when ADMIN_PASSWORD is unset, once", async () => {
    const gw = await startGateway({ ADMIN_PASSWORD: "" });
    try {
      const password = gw.gateway.initialAdminPassword;
      expect(password).toMatch(/^[A-Za-z0-9]{20}$/);
      await login(gw.url, "admin", password!);
    } finally {
      await gw.stop();
    }
  });
});
