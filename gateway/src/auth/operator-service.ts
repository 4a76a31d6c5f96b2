import type { LoginResponse, MeResponse, Operator } from "../../../contract/auth";
import type { GatewayConfig } from "../config";
import type { Db } from "../db/database";
import { ApiError } from "../http/api-error";
import { generatePassword, hashPassword, verifyPassword } from "./password";
import { newId, newToken, tokenHash } from "./tokens";

export interface AuthSession {
  id: string;
  operator: Operator;
  expiresAt: string;
  idleExpiresAt: string;
}

const GENERIC_LOGIN_ERROR = "Wrong username or password.";
const LAST_SEEN_WRITE_INTERVAL_MS = 30_000;
// A hash to verify against when the username does not exist, so both paths take the same time.
let dummyHash: Promise<string> | undefined;

export type AuthSettings = GatewayConfig["auth"];

export class OperatorService {
  constructor(
    private readonly db: Db,
    private readonly settings: AuthSettings,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Creates `admin` on first start. Returns the generated password (to print once) or null when the
   * admin already exists or ADMIN_PASSWORD supplied it.
   */
  async ensureAdmin(adminPassword: string | undefined): Promise<string | null> {
    const existing = await this.db.selectFrom("operators").select("id").limit(1).executeTakeFirst();
    if (existing) return null;
    const password = adminPassword ?? generatePassword();
    const at = new Date(this.now()).toISOString();
    await this.db
      .insertInto("operators")
      .values({ id: newId("op"), username: "admin", password_hash: await hashPassword(password, this.settings.scrypt), created_at: at, updated_at: at })
      .onConflict((oc) => oc.column("username").doNothing())
      .execute();
    return adminPassword ? null : password;
  }

  async login(username: string, password: string, ip: string): Promise<LoginResponse> {
    const keys = [`account:${username.toLowerCase()}`, `ip:${ip}`];
    await this.assertNotLocked(keys);
    const row = await this.db
      .selectFrom("operators")
      .select(["id", "username", "password_hash"])
      .where("username", "=", username)
      .executeTakeFirst();
    dummyHash ??= hashPassword(generatePassword(), this.settings.scrypt);
    const ok = await verifyPassword(password, row?.password_hash ?? (await dummyHash));
    if (!row || !ok) {
      await this.recordFailure(keys[0]!, this.settings.maxFailures);
      await this.recordFailure(keys[1]!, this.settings.maxFailures * 4);
      await this.assertNotLocked(keys);
      throw new ApiError("unauthorized", GENERIC_LOGIN_ERROR);
    }
    await this.db.deleteFrom("login_throttle").where("key", "=", keys[0]!).execute();
    return this.createSession({ id: row.id, username: row.username });
  }

  /** Resolves a session token; null when unknown, idle too long or past its absolute lifetime. */
  async authenticate(token: string): Promise<AuthSession | null> {
    const row = await this.db
      .selectFrom("operator_sessions as s")
      .innerJoin("operators as o", "o.id", "s.operator_id")
      .select(["s.id", "s.last_seen_at", "s.expires_at", "o.id as operatorId", "o.username"])
      .where("s.id", "=", tokenHash(token))
      .executeTakeFirst();
    if (!row) return null;
    const now = this.now();
    const lastSeen = Date.parse(row.last_seen_at);
    if (now >= Date.parse(row.expires_at) || now - lastSeen >= this.settings.idleMs) {
      await this.db.deleteFrom("operator_sessions").where("id", "=", row.id).execute();
      return null;
    }
    let seen = lastSeen;
    if (now - lastSeen > LAST_SEEN_WRITE_INTERVAL_MS) {
      seen = now;
      await this.db.updateTable("operator_sessions").set({ last_seen_at: new Date(now).toISOString() }).where("id", "=", row.id).execute();
    }
    return this.toSession(row.id, { id: row.operatorId, username: row.username }, row.expires_at, seen);
  }

  /** Checks a session by its stored id (sockets hold the id, never the token). */
  async isSessionActive(sessionId: string): Promise<boolean> {
    const row = await this.db
      .selectFrom("operator_sessions")
      .select(["last_seen_at", "expires_at"])
      .where("id", "=", sessionId)
      .executeTakeFirst();
    const now = this.now();
    return !!row && now < Date.parse(row.expires_at) && now - Date.parse(row.last_seen_at) < this.settings.idleMs;
  }

  me(session: AuthSession): MeResponse {
    return { operator: session.operator, session: { expiresAt: session.expiresAt, idleExpiresAt: session.idleExpiresAt } };
  }

  async logout(sessionId: string): Promise<void> {
    await this.db.deleteFrom("operator_sessions").where("id", "=", sessionId).execute();
  }

  /** Changes the password, ends every session of the operator and returns a fresh one. */
  async changePassword(session: AuthSession, currentPassword: string, newPassword: string): Promise<{ login: LoginResponse; endedSessionIds: string[] }> {
    const key = `account:${session.operator.username.toLowerCase()}`;
    await this.assertNotLocked([key]);
    const row = await this.db.selectFrom("operators").select("password_hash").where("id", "=", session.operator.id).executeTakeFirstOrThrow();
    if (!(await verifyPassword(currentPassword, row.password_hash))) {
      await this.recordFailure(key, this.settings.maxFailures);
      throw new ApiError("bad_request", "Invalid request: body.currentPassword is not your current password", {
        issues: [{ path: "body.currentPassword", message: "is not your current password" }],
      });
    }
    const hash = await hashPassword(newPassword, this.settings.scrypt);
    const ended = await this.db.transaction().execute(async (trx) => {
      await trx.updateTable("operators").set({ password_hash: hash, updated_at: new Date(this.now()).toISOString() }).where("id", "=", session.operator.id).execute();
      const sessions = await trx.deleteFrom("operator_sessions").where("operator_id", "=", session.operator.id).returning("id").execute();
      return sessions.map((s) => s.id);
    });
    return { login: await this.createSession(session.operator), endedSessionIds: ended };
  }

  /** A single-use socket ticket bound to the session; only its hash is stored. */
  async createSocketTicket(sessionId: string): Promise<{ ticket: string; expiresAt: string }> {
    const ticket = newToken("wst");
    const expiresAt = new Date(this.now() + this.settings.socketTicketTtlMs).toISOString();
    await this.db.insertInto("socket_tickets").values({ id: tokenHash(ticket), session_id: sessionId, expires_at: expiresAt }).execute();
    return { ticket, expiresAt };
  }

  /** Consumes a ticket atomically: the first caller gets the session id, every later one gets null. */
  async redeemSocketTicket(ticket: string): Promise<string | null> {
    const row = await this.db
      .deleteFrom("socket_tickets")
      .where("id", "=", tokenHash(ticket))
      .returning(["session_id", "expires_at"])
      .executeTakeFirst();
    if (!row || this.now() >= Date.parse(row.expires_at)) return null;
    return (await this.isSessionActive(row.session_id)) ? row.session_id : null;
  }

  /** Deletes expired sessions, tickets and throttle rows. */
  async prune(): Promise<void> {
    const now = new Date(this.now()).toISOString();
    const idleCutoff = new Date(this.now() - this.settings.idleMs).toISOString();
    await this.db.deleteFrom("operator_sessions").where((eb) => eb.or([eb("expires_at", "<=", now), eb("last_seen_at", "<=", idleCutoff)])).execute();
    await this.db.deleteFrom("socket_tickets").where("expires_at", "<=", now).execute();
    const windowCutoff = new Date(this.now() - this.settings.lockMs).toISOString();
    await this.db
      .deleteFrom("login_throttle")
      .where((eb) => eb.and([eb("window_started_at", "<=", windowCutoff), eb.or([eb("locked_until", "is", null), eb("locked_until", "<=", now)])]))
      .execute();
  }

  private async createSession(operator: Operator): Promise<LoginResponse> {
    const token = newToken("wgs");
    const now = this.now();
    const expiresAt = new Date(now + this.settings.absoluteMs).toISOString();
    const at = new Date(now).toISOString();
    await this.db
      .insertInto("operator_sessions")
      .values({ id: tokenHash(token), operator_id: operator.id, created_at: at, last_seen_at: at, expires_at: expiresAt })
      .execute();
    return { token, expiresAt, operator };
  }

  private toSession(id: string, operator: Operator, expiresAt: string, lastSeen: number): AuthSession {
    const idle = new Date(Math.min(lastSeen + this.settings.idleMs, Date.parse(expiresAt))).toISOString();
    return { id, operator, expiresAt, idleExpiresAt: idle };
  }

  private async assertNotLocked(keys: string[]): Promise<void> {
    const rows = await this.db.selectFrom("login_throttle").select(["locked_until"]).where("key", "in", keys).execute();
    const now = this.now();
    const until = Math.max(0, ...rows.map((r) => (r.locked_until ? Date.parse(r.locked_until) : 0)));
    if (until > now) {
      const retryAfter = Math.ceil((until - now) / 1000);
      throw new ApiError(
        "too_many_requests",
        `Too many failed sign-in attempts. Try again in ${retryAfter} s.`,
        { retryAfterSeconds: retryAfter },
        { "retry-after": String(retryAfter) },
      );
    }
  }

  private async recordFailure(key: string, max: number): Promise<void> {
    const now = this.now();
    const at = new Date(now).toISOString();
    const row = await this.db.selectFrom("login_throttle").selectAll().where("key", "=", key).executeTakeFirst();
    const windowOpen = row && now - Date.parse(row.window_started_at) < this.settings.lockMs;
    const failures = windowOpen ? row.failures + 1 : 1;
    const lockedUntil = failures >= max ? new Date(now + this.settings.lockMs).toISOString() : null;
    await this.db
      .insertInto("login_throttle")
      .values({ key, failures, window_started_at: windowOpen ? row.window_started_at : at, locked_until: lockedUntil })
      .onConflict((oc) => oc.column("key").doUpdateSet({ failures, window_started_at: windowOpen ? row.window_started_at : at, locked_until: lockedUntil }))
      .execute();
  }
}
