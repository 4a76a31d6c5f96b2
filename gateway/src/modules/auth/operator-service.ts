import type { LoginResponse, MeResponse, Operator } from "../../../../contract/auth";
import type { GatewayConfig } from "../../config";
import type { Db } from "../../db/database";
import { DomainError, invalidInput } from "../../domain-error";
import { LoginThrottle } from "./login-throttle";
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
    private readonly throttle = new LoginThrottle(db, settings, now),
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
    const account = username.toLowerCase();
    const attempt = await this.throttle.beginAttempt(account, this.throttle.signInBudgets(account, ip));
    try {
      const row = await this.db
        .selectFrom("operators")
        .select(["id", "username", "password_hash"])
        .where("username", "=", username)
        .executeTakeFirst();
      const ok = await verifyPassword(password, row?.password_hash ?? (await this.dummyHash()));
      attempt.releaseSlot();
      if (!row || !ok) {
        const refusal = await this.throttle.recordFailure(attempt);
        // The attempt that spends a budget or starts a delay says so, like every later one until then.
        throw refusal ?? new DomainError("unauthenticated", GENERIC_LOGIN_ERROR);
      }
      await this.throttle.recordSuccess(attempt);
      return await this.createSession({ id: row.id, username: row.username });
    } finally {
      await this.throttle.endAttempt(attempt);
    }
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
    // The session stands in for the client here: a stolen session cannot guess the current password for long.
    const attempt = await this.throttle.beginAttempt(session.operator.username.toLowerCase(), this.throttle.sessionBudgets(session.id));
    try {
      const row = await this.db.selectFrom("operators").select("password_hash").where("id", "=", session.operator.id).executeTakeFirstOrThrow();
      if (!(await verifyPassword(currentPassword, row.password_hash))) {
        attempt.releaseSlot();
        await this.throttle.recordFailure(attempt);
        throw invalidInput("body.currentPassword", "is not your current password");
      }
      const hash = await hashPassword(newPassword, this.settings.scrypt);
      attempt.releaseSlot();
      const ended = await this.db.transaction().execute(async (trx) => {
        await trx.updateTable("operators").set({ password_hash: hash, updated_at: new Date(this.now()).toISOString() }).where("id", "=", session.operator.id).execute();
        const sessions = await trx.deleteFrom("operator_sessions").where("operator_id", "=", session.operator.id).returning("id").execute();
        return sessions.map((s) => s.id);
      });
      await this.throttle.recordSuccess(attempt);
      return { login: await this.createSession(session.operator), endedSessionIds: ended };
    } finally {
      await this.throttle.endAttempt(attempt);
    }
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
      .where((eb) =>
        eb.and([
          eb("window_started_at", "<=", windowCutoff),
          ...(["locked_until", "busy_until", "next_attempt_at"] as const).map((column) => eb.or([eb(column, "is", null), eb(column, "<=", now)])),
        ]),
      )
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

  private dummyHash(): Promise<string> {
    dummyHash ??= hashPassword(generatePassword(), this.settings.scrypt).catch((error: unknown) => {
      dummyHash = undefined;
      throw error;
    });
    return dummyHash;
  }

}
