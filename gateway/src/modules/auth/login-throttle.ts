import type { Db } from "../../db/database";
import { DomainError } from "../../domain-error";
import type { AuthSettings } from "./operator-service";
import { processHashSemaphore, type HashSemaphore } from "./hash-semaphore";

// Sign-in throttling; the rules and their reasons are in docs/sign-in-throttling.md.
/** Per IP the budget is this many times LOGIN_MAX_FAILURES (across accounts). */
const IP_BUDGET_FACTOR = 4;
/** How long a password check holds its account's lease; it only matters when a node dies mid-check. */
const ACCOUNT_LEASE_MS = 10_000;
const ACCOUNT_DELAY_BASE_MS = 1_000;
const ACCOUNT_DELAY_CAP_MS = 60_000;

/** The account's delay after `failures` failures: none below `maxFailures`, then 1 s · 2^(failures − maxFailures), at most 60 s. */
function accountDelayMs(failures: number, maxFailures: number): number {
  if (failures < maxFailures) return 0;
  return Math.min(ACCOUNT_DELAY_CAP_MS, ACCOUNT_DELAY_BASE_MS * 2 ** Math.min(failures - maxFailures, 30));
}

/** A budget of attempts reserved before hashing: hard-locked for LOGIN_LOCK_SECONDS when spent by failures. */
export interface Budget {
  key: string;
  max: number;
  /** After a success: forget the row (the client proved it knows the password) or just give back this attempt. */
  onSuccess: "delete" | "refund";
}

/** An attempt that passed every check and may hash: its budgets are reserved and its account's lease is held. */
export interface Attempt {
  accountKey: string;
  budgets: Budget[];
  releaseSlot: () => void;
  settled: boolean;
}


/**
 * Sign-in throttling kept in the database (so several gateway nodes share it): budgets per (account, IP) pair
 * and per IP reserved before any hash, one check per account at a time and a growing delay per account.
 */
export class LoginThrottle {
  constructor(
    private readonly db: Db,
    private readonly settings: Pick<AuthSettings, "maxFailures" | "lockMs">,
    private readonly now: () => number = Date.now,
    private readonly hashes: HashSemaphore = processHashSemaphore,
  ) {}

  /** The budgets a sign-in spends: the client's IP across accounts, and the (account, IP) pair. */
  signInBudgets(account: string, ip: string): Budget[] {
    return [
      { key: `ip:${ip}`, max: this.settings.maxFailures * IP_BUDGET_FACTOR, onSuccess: "refund" },
      { key: `pair:${account}|${ip}`, max: this.settings.maxFailures, onSuccess: "delete" },
    ];
  }

  /** The budget a password change spends: the session stands in for the client. */
  sessionBudgets(sessionId: string): Budget[] {
    return [{ key: `session:${sessionId}`, max: this.settings.maxFailures, onSuccess: "delete" }];
  }

  /**
   * Admits an attempt to hash a password, or throws 503/429 with Retry-After at once. In order: a free hashing
   * slot in this process, then each budget (reserved atomically), then the account's lease and delay. What is
   * refused gives back what it had reserved, so a refusal never spends a budget and a pair or IP refusal never
   * touches the account.
   */
  async beginAttempt(account: string, budgets: Budget[]): Promise<Attempt> {
    const releaseSlot = this.hashes.tryAcquire();
    if (!releaseSlot) {
      throw new DomainError("unavailable", "The gateway is busy checking other sign-ins. Try again in 1 second.", { retryAfterSeconds: 1 }, 1);
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
  async recordFailure(attempt: Attempt): Promise<DomainError | null> {
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
  async recordSuccess(attempt: Attempt): Promise<void> {
    attempt.settled = true;
    const forget = [attempt.accountKey, ...attempt.budgets.filter((b) => b.onSuccess === "delete").map((b) => b.key)];
    await this.db.deleteFrom("login_throttle").where("key", "in", forget).execute();
    await this.refund(attempt.budgets.filter((b) => b.onSuccess === "refund"));
  }

  /** Always runs: frees the hashing slot and, when the check ended without an answer (an error), undoes the attempt. */
  async endAttempt(attempt: Attempt): Promise<void> {
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

  private async budgetRefusal(key: string): Promise<DomainError> {
    const row = await this.db.selectFrom("login_throttle").select(["window_started_at", "locked_until"]).where("key", "=", key).executeTakeFirst();
    const now = this.now();
    // Locked: until the lock ends. Spent by attempts still being checked: until the window ends.
    const until = row ? Math.max(row.locked_until ? Date.parse(row.locked_until) : 0, Date.parse(row.window_started_at) + this.settings.lockMs) : now;
    return tooManyFailures(Math.max(1, Math.ceil((until - now) / 1000)));
  }

  private async accountRefusal(accountKey: string): Promise<DomainError> {
    const row = await this.db.selectFrom("login_throttle").select(["next_attempt_at"]).where("key", "=", accountKey).executeTakeFirst();
    const now = this.now();
    const delayUntil = row?.next_attempt_at ? Date.parse(row.next_attempt_at) : 0;
    if (delayUntil > now) return tooManyFailures(Math.ceil((delayUntil - now) / 1000));
    return new DomainError("rate_limited",
      "Another sign-in to this account is being checked. Try again in 1 second.",
      { retryAfterSeconds: 1 },
      1,
    );
  }
}

/** Retry-After in words, rounded up: "1 second", "45 seconds", "15 minutes", "2 hours" (the exact seconds are in the header). */
function waitInWords(seconds: number): string {
  const [value, unit] = seconds < 60 ? [seconds, "second"] : seconds < 3600 ? [Math.ceil(seconds / 60), "minute"] : [Math.ceil(seconds / 3600), "hour"];
  return `${value} ${unit}${value === 1 ? "" : "s"}`;
}

function tooManyFailures(retryAfter: number): DomainError {
  return new DomainError("rate_limited",
    `Too many failed sign-in attempts. Try again in ${waitInWords(retryAfter)}.`,
    { retryAfterSeconds: retryAfter },
    retryAfter,
  );
}
