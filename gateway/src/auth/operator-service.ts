import type { LoginResponse, MeResponse, Operator } from "../../../contract/auth";
import type { GatewayConfig } from "../config";
import type { Db } from "../db/database";
import { ApiError } from "../http/api-error";
import { processHashSemaphore, type HashSemaphore } from "./hash-semaphore";
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

// Sign-in throttling; the rules and their reasons are in docs/sign-in-throttling.md.
/** Per IP the budget is this many times LOGIN_MAX_FAILURES (across accounts). */
const IP_BUDGET_FACTOR = 4;
/** How long a password check holds its account's lease; it only matters when a node dies mid-check. */
const ACCOUNT_LEASE_MS = 10_000;
const ACCOUNT_DELAY_BASE_MS = 1_000;
const ACCOUNT_DELAY_CAP_MS = 60_000;

/** The account's delay after `failures` failures: none below `maxFailures`, then 1 s · 2^(failures − maxFailures), at most 60 s. */
export function accountDelayMs(failures: number, maxFailures: number): number {
  if (failures < maxFailures) return 0;
  return Math.min(ACCOUNT_DELAY_CAP_MS, ACCOUNT_DELAY_BASE_MS * 2 ** Math.min(failures - maxFailures, 30));
}

/** A budget of attempts reserved before hashing: hard-locked for LOGIN_LOCK_SECONDS when spent by failures. */
interface Budget {
  key: string;
  max: number;
  /** After a success: forget the row (the client proved it knows the password) or just give back this attempt. */
  onSuccess: "delete" | "refund";
}

/** An attempt that passed every check and may hash: its budgets are reserved and its account's lease is held. */
interface Attempt {
  accountKey: string;
  budgets: Budget[];
  releaseSlot: () => void;
  settled: boolean;
}

export type AuthSettings = GatewayConfig["auth"];

export class OperatorService {
  constructor(
    private readonly db: Db,
    private readonly settings: AuthSettings,
    private readonly now: () => number = Date.now,
    private readonly hashes: HashSemaphore = processHashSemaphore,
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
    const attempt = await this.beginAttempt(account, [
      { key: `ip:${ip}`, max: this.settings.maxFailures * IP_BUDGET_FACTOR, onSuccess: "refund" },
      { key: `pair:${account}|${ip}`, max: this.settings.maxFailures, onSuccess: "delete" },
    ]);
    try {
      const row = await this.db
        .selectFrom("operators")
        .select(["id", "username", "password_hash"])
        .where("username", "=", username)
        .executeTakeFirst();
      const ok = await verifyPassword(password, row?.password_hash ?? (await this.dummyHash()));
      attempt.releaseSlot();
      if (!row || !ok) {
        const refusal = await this.recordFailure(attempt);
        // The attempt that spends a budget or starts a delay says so, like every later one until then.
        throw refusal ?? new ApiError("unauthorized", GENERIC_LOGIN_ERROR);
      }
      await this.recordSuccess(attempt);
      return await this.createSession({ id: row.id, username: row.username });
    } finally {
      await this.endAttempt(attempt);
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
    const attempt = await this.beginAttempt(session.operator.username.toLowerCase(), [
      { key: `session:${session.id}`, max: this.settings.maxFailures, onSuccess: "delete" },
    ]);
    try {
      const row = await this.db.selectFrom("operators").select("password_hash").where("id", "=", session.operator.id).executeTakeFirstOrThrow();
      if (!(await verifyPassword(currentPassword, row.password_hash))) {
        attempt.releaseSlot();
        await this.recordFailure(attempt);
        throw new ApiError("bad_request", "Invalid request: body.currentPassword is not your current password", {
          issues: [{ path: "body.currentPassword", message: "is not your current password" }],
        });
      }
      const hash = await hashPassword(newPassword, this.settings.scrypt);
      attempt.releaseSlot();
      const ended = await this.db.transaction().execute(async (trx) => {
        await trx.updateTable("operators").set({ password_hash: hash, updated_at: new Date(this.now()).toISOString() }).where("id", "=", session.operator.id).execute();
        const sessions = await trx.deleteFrom("operator_sessions").where("operator_id", "=", session.operator.id).returning("id").execute();
        return sessions.map((s) => s.id);
      });
      await this.recordSuccess(attempt);
      return { login: await this.createSession(session.operator), endedSessionIds: ended };
    } finally {
      await this.endAttempt(attempt);
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

  /**
   * Admits an attempt to hash a password, or throws 503/429 with Retry-After at once. In order: a free hashing
   * slot in this process, then each budget (reserved atomically), then the account's lease and delay. What is
   * refused gives back what it had reserved, so a refusal never spends a budget and a pair or IP refusal never
   * touches the account.
   */
  private async beginAttempt(account: string, budgets: Budget[]): Promise<Attempt> {
    const releaseSlot = this.hashes.tryAcquire();
    if (!releaseSlot) {
      throw new ApiError("unavailable", "The gateway is busy checking other sign-ins. Try again in 1 s.", { retryAfterSeconds: 1 }, { "retry-after": "1" });
    }
    const accountKey = `account:${account}`;
    const reserved: Budget[] = [];
    try {
      for (const budget of budgets) {
        if (!(await this.reserve(budget))) throw await this.budgetRefusal(budget.key);
        reserved.push(budget);
      }
      if (!(await this.takeAccountLease(accountKey))) throw await this.accountRefusal(accountKey);
      return { accountKey, budgets, releaseSlot, settled: false };
    } catch (error) {
      releaseSlot();
      await this.refund(reserved);
      throw error;
    }
  }

  /**
   * One statement: counts this attempt against the budget unless it is spent or locked (a lapsed window starts
   * over). No row back means refused.
   */
  private async reserve(budget: Budget): Promise<boolean> {
    const now = this.now();
    const at = new Date(now).toISOString();
    const windowCutoff = new Date(now - this.settings.lockMs).toISOString();
    const row = await this.db
      .insertInto("login_throttle")
      .values({ key: budget.key, failures: 1, window_started_at: at, locked_until: null, busy_until: null, next_attempt_at: null })
      .onConflict((oc) =>
        oc
          .column("key")
          .doUpdateSet((eb) => {
            const lapsed = eb.and([
              eb("login_throttle.window_started_at", "<=", windowCutoff),
              eb.or([eb("login_throttle.locked_until", "is", null), eb("login_throttle.locked_until", "<=", at)]),
            ]);
            return {
              failures: eb.case().when(lapsed).then(1).else(eb("login_throttle.failures", "+", 1)).end(),
              window_started_at: eb.case().when(lapsed).then(at).else(eb.ref("login_throttle.window_started_at")).end(),
            };
          })
          .where((eb) =>
            eb.or([
              eb("login_throttle.window_started_at", "<=", windowCutoff),
              eb("login_throttle.failures", "<", budget.max),
            ]).and(eb.or([eb("login_throttle.locked_until", "is", null), eb("login_throttle.locked_until", "<=", at)])),
          ),
      )
      .returning("failures")
      .executeTakeFirst();
    return !!row;
  }

  /**
   * One statement: takes the account's lease (one password check per account at a time, across nodes) unless
   * another check holds it or the account's delay has not passed. Failures older than the window are forgotten.
   */
  private async takeAccountLease(accountKey: string): Promise<boolean> {
    const now = this.now();
    const at = new Date(now).toISOString();
    const leaseUntil = new Date(now + ACCOUNT_LEASE_MS).toISOString();
    const windowCutoff = new Date(now - this.settings.lockMs).toISOString();
    const row = await this.db
      .insertInto("login_throttle")
      .values({ key: accountKey, failures: 0, window_started_at: at, locked_until: null, busy_until: leaseUntil, next_attempt_at: null })
      .onConflict((oc) =>
        oc
          .column("key")
          .doUpdateSet((eb) => {
            const lapsed = eb("login_throttle.window_started_at", "<=", windowCutoff);
            return {
              busy_until: leaseUntil,
              failures: eb.case().when(lapsed).then(0).else(eb.ref("login_throttle.failures")).end(),
              window_started_at: eb.case().when(lapsed).then(at).else(eb.ref("login_throttle.window_started_at")).end(),
            };
          })
          .where((eb) =>
            eb.and([
              eb.or([eb("login_throttle.busy_until", "is", null), eb("login_throttle.busy_until", "<=", at)]),
              eb.or([eb("login_throttle.next_attempt_at", "is", null), eb("login_throttle.next_attempt_at", "<=", at)]),
            ]),
          ),
      )
      .returning("failures")
      .executeTakeFirst();
    return !!row;
  }

  /** After a wrong password: locks spent budgets and sets the account's delay. Returns the 429 to answer with, if any. */
  private async recordFailure(attempt: Attempt): Promise<ApiError | null> {
    attempt.settled = true;
    const now = this.now();
    const at = new Date(now).toISOString();
    let waitMs = 0;
    for (const budget of attempt.budgets) {
      const locked = await this.db
        .updateTable("login_throttle")
        .set({ locked_until: new Date(now + this.settings.lockMs).toISOString() })
        .where("key", "=", budget.key)
        .where("failures", ">=", budget.max)
        .returning("key")
        .executeTakeFirst();
      if (locked) waitMs = Math.max(waitMs, this.settings.lockMs);
    }
    // The lease is still held here, so nobody else writes this row's failures or delay meanwhile.
    const row = await this.db
      .updateTable("login_throttle")
      .set((eb) => ({ failures: eb("failures", "+", 1), window_started_at: at }))
      .where("key", "=", attempt.accountKey)
      .returning("failures")
      .executeTakeFirst();
    const delayMs = row ? accountDelayMs(row.failures, this.settings.maxFailures) : 0;
    await this.db
      .updateTable("login_throttle")
      .set({ busy_until: null, next_attempt_at: delayMs > 0 ? new Date(now + delayMs).toISOString() : null })
      .where("key", "=", attempt.accountKey)
      .execute();
    waitMs = Math.max(waitMs, delayMs);
    return waitMs > 0 ? tooManyFailures(Math.ceil(waitMs / 1000)) : null;
  }

  /** After the right password: the account and the client start afresh; a shared IP only gets its attempt back. */
  private async recordSuccess(attempt: Attempt): Promise<void> {
    attempt.settled = true;
    const forget = [attempt.accountKey, ...attempt.budgets.filter((b) => b.onSuccess === "delete").map((b) => b.key)];
    await this.db.deleteFrom("login_throttle").where("key", "in", forget).execute();
    await this.refund(attempt.budgets.filter((b) => b.onSuccess === "refund"));
  }

  /** Always runs: frees the hashing slot and, when the check ended without an answer (an error), undoes the attempt. */
  private async endAttempt(attempt: Attempt): Promise<void> {
    attempt.releaseSlot();
    if (attempt.settled) return;
    attempt.settled = true;
    await this.db.updateTable("login_throttle").set({ busy_until: null }).where("key", "=", attempt.accountKey).execute();
    await this.refund(attempt.budgets);
  }

  private async refund(budgets: Budget[]): Promise<void> {
    for (const budget of budgets) {
      await this.db
        .updateTable("login_throttle")
        .set((eb) => ({ failures: eb("failures", "-", 1) }))
        .where("key", "=", budget.key)
        .where("failures", ">", 0)
        .execute();
    }
  }

  private async budgetRefusal(key: string): Promise<ApiError> {
    const row = await this.db.selectFrom("login_throttle").select(["window_started_at", "locked_until"]).where("key", "=", key).executeTakeFirst();
    const now = this.now();
    // Locked: until the lock ends. Spent by attempts still being checked: until the window ends.
    const until = row ? Math.max(row.locked_until ? Date.parse(row.locked_until) : 0, Date.parse(row.window_started_at) + this.settings.lockMs) : now;
    return tooManyFailures(Math.max(1, Math.ceil((until - now) / 1000)));
  }

  private async accountRefusal(accountKey: string): Promise<ApiError> {
    const row = await this.db.selectFrom("login_throttle").select(["next_attempt_at"]).where("key", "=", accountKey).executeTakeFirst();
    const now = this.now();
    const delayUntil = row?.next_attempt_at ? Date.parse(row.next_attempt_at) : 0;
    if (delayUntil > now) return tooManyFailures(Math.ceil((delayUntil - now) / 1000));
    return new ApiError(
      "too_many_requests",
      "Another sign-in to this account is being checked. Try again in 1 s.",
      { retryAfterSeconds: 1 },
      { "retry-after": "1" },
    );
  }
}

function tooManyFailures(retryAfter: number): ApiError {
  return new ApiError(
    "too_many_requests",
    `Too many failed sign-in attempts. Try again in ${retryAfter} s.`,
    { retryAfterSeconds: retryAfter },
    { "retry-after": String(retryAfter) },
  );
}
