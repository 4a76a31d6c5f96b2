import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { ApiKeyPermission, type ApiKey, type ApiKeyScope } from "../../../../contract/api-keys";
import type { Db } from "../../db/database";
import { decodeCursor, encodeCursor } from "../../db/keyset-cursor";
import { DomainError, invalidInput } from "../../domain-error";
import { newId } from "../auth/tokens";

const PREFIX = "wam_";
const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const RANDOM_CHARS = 30; // 30 base62 characters ≈ 178 bits
const CHECKSUM_CHARS = 6;
const KEY_PATTERN = new RegExp(`^${PREFIX}[0-9A-Za-z]{${RANDOM_CHARS + CHECKSUM_CHARS}}$`);
const LAST_USED_WRITE_INTERVAL_MS = 60_000;

function base62(bytes: Buffer, length: number): string {
  let n = BigInt(`0x${bytes.toString("hex")}`);
  let out = "";
  while (out.length < length) {
    out = BASE62[Number(n % 62n)]! + out;
    n /= 62n;
  }
  return out;
}

function randomBase62(length: number): string {
  let out = "";
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      // Rejection sampling keeps every character equally likely.
      if (byte < 248 && out.length < length) out += BASE62[byte % 62];
    }
  }
  return out;
}

function checksum(body: string): string {
  return base62(createHash("sha256").update(body).digest().subarray(0, 5), CHECKSUM_CHARS);
}

/** True when the key has our shape and its checksum matches: typos and guesses never reach the database. */
export function isWellFormedApiKey(token: string): boolean {
  if (!KEY_PATTERN.test(token)) return false;
  const body = token.slice(PREFIX.length, PREFIX.length + RANDOM_CHARS);
  const sum = token.slice(PREFIX.length + RANDOM_CHARS);
  return timingSafeEqual(Buffer.from(checksum(body)), Buffer.from(sum));
}

export function looksLikeApiKey(token: string): boolean {
  return token.startsWith(PREFIX);
}

const hashOf = (token: string) => createHash("sha256").update(token).digest("hex");

export interface ApiKeyPrincipal {
  keyId: string;
  scope: ApiKeyScope;
  instanceId: string | null;
  /** Extra rights this key was created with (admin keys only), e.g. `keys:manage`. */
  permissions: readonly ApiKeyPermission[];
}

type Row = {
  id: string;
  name: string;
  hint: string;
  scope: ApiKeyScope;
  instance_id: string | null;
  permissions: string;
  created_at: string;
  last_used_at: string | null;
  expires_at: string | null;
  revoked_at: string | null;
};

/** The stored JSON array, keeping only rights this version knows (an unknown one grants nothing). */
function parsePermissions(stored: string): ApiKeyPermission[] {
  let raw: unknown;
  try {
    raw = JSON.parse(stored);
  } catch {
    return [];
  }
  return Array.isArray(raw) ? ApiKeyPermission.options.filter((p) => raw.includes(p)) : [];
}

function toApiKey(row: Row): ApiKey {
  return {
    id: row.id,
    name: row.name,
    hint: row.hint,
    scope: row.scope,
    instanceId: row.instance_id,
    permissions: parsePermissions(row.permissions),
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
  };
}

const PUBLIC_COLUMNS = ["id", "name", "hint", "scope", "instance_id", "permissions", "created_at", "last_used_at", "expires_at", "revoked_at"] as const;

/** API keys (scope admin), instance tokens (scope instance) and metrics keys (scope metrics). Only SHA-256 hashes are stored. */
export class ApiKeyService {
  constructor(private readonly db: Db) {}

  async create(input: {
    name: string;
    scope: ApiKeyScope;
    instanceId?: string;
    permissions?: readonly ApiKeyPermission[];
    expiresAt?: string;
    createdBy?: string;
  }): Promise<{ key: ApiKey; token: string }> {
    if (input.scope !== "admin" && input.permissions?.length) {
      throw invalidInput("body.permissions", "are only allowed when scope is admin");
    }
    if (input.instanceId) {
      const instance = await this.db.selectFrom("instances").select("id").where("id", "=", input.instanceId).executeTakeFirst();
      if (!instance) {
        throw invalidInput("body.instanceId", "names no instance");
      }
    }
    const body = randomBase62(RANDOM_CHARS);
    const token = `${PREFIX}${body}${checksum(body)}`;
    const row = {
      id: newId("key"),
      name: input.name,
      token_hash: hashOf(token),
      hint: `${PREFIX}…${token.slice(-4)}`,
      scope: input.scope,
      instance_id: input.instanceId ?? null,
      permissions: JSON.stringify(ApiKeyPermission.options.filter((p) => input.permissions?.includes(p))),
      created_by: input.createdBy ?? null,
      created_at: new Date().toISOString(),
      last_used_at: null,
      expires_at: input.expiresAt ? new Date(input.expiresAt).toISOString() : null,
      revoked_at: null,
    };
    await this.db.insertInto("api_keys").values(row).execute();
    return { key: toApiKey(row), token };
  }

  /** Newest first, keyset-paged by (created_at, id). */
  async list(filter: { instanceId?: string; includeRevoked: boolean; limit: number; cursor?: string }): Promise<{ items: ApiKey[]; nextCursor: string | null }> {
    let q = this.db.selectFrom("api_keys").select(PUBLIC_COLUMNS);
    if (filter.instanceId) q = q.where("instance_id", "=", filter.instanceId);
    if (!filter.includeRevoked) q = q.where("revoked_at", "is", null);
    if (filter.cursor) {
      const c = decodeCursor(filter.cursor);
      q = q.where((eb) => eb.or([eb("created_at", "<", c.v), eb.and([eb("created_at", "=", c.v), eb("id", "<", c.id)])]));
    }
    const rows = await q.orderBy("created_at", "desc").orderBy("id", "desc").limit(filter.limit + 1).execute();
    const page = rows.slice(0, filter.limit);
    const last = page.at(-1);
    return { items: page.map(toApiKey), nextCursor: rows.length > filter.limit && last ? encodeCursor({ v: last.created_at, id: last.id }) : null };
  }

  /** One key as the API shows it (no hash), e.g. for the key that made a request; null when there is none. */
  async get(id: string): Promise<ApiKey | null> {
    const row = await this.db.selectFrom("api_keys").select(PUBLIC_COLUMNS).where("id", "=", id).executeTakeFirst();
    return row ? toApiKey(row) : null;
  }

  async revoke(id: string): Promise<ApiKey> {
    const row = await this.db
      .updateTable("api_keys")
      .set({ revoked_at: new Date().toISOString() })
      .where("id", "=", id)
      .where("revoked_at", "is", null)
      .returning(PUBLIC_COLUMNS)
      .executeTakeFirst();
    if (row) return toApiKey(row);
    const existing = await this.db.selectFrom("api_keys").select(PUBLIC_COLUMNS).where("id", "=", id).executeTakeFirst();
    if (!existing) throw new DomainError("not_found", `No API key ${id}`);
    return toApiKey(existing);
  }

  /** Whether some key of this scope can be used now (not revoked, not expired): GET /metrics exists only then, or with METRICS_TOKEN. */
  async anyUsable(scope: ApiKeyScope): Promise<boolean> {
    const row = await this.db
      .selectFrom("api_keys")
      .select("id")
      .where("scope", "=", scope)
      .where("revoked_at", "is", null)
      .where((eb) => eb.or([eb("expires_at", "is", null), eb("expires_at", ">", new Date().toISOString())]))
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  }

  /** Resolves a presented key; null when malformed, unknown, revoked or expired. */
  async authenticate(token: string): Promise<ApiKeyPrincipal | null> {
    if (!isWellFormedApiKey(token)) return null;
    const hash = hashOf(token);
    const row = await this.db
      .selectFrom("api_keys")
      .select(["id", "token_hash", "scope", "instance_id", "permissions", "expires_at", "revoked_at", "last_used_at"])
      .where("token_hash", "=", hash)
      .executeTakeFirst();
    // The index found it by hash; compare in constant time anyway so no timing depends on the stored value.
    if (!row || !timingSafeEqual(Buffer.from(row.token_hash), Buffer.from(hash))) return null;
    const now = Date.now();
    if (row.revoked_at || (row.expires_at && Date.parse(row.expires_at) <= now)) return null;
    if (!row.last_used_at || now - Date.parse(row.last_used_at) > LAST_USED_WRITE_INTERVAL_MS) {
      await this.db.updateTable("api_keys").set({ last_used_at: new Date(now).toISOString() }).where("id", "=", row.id).execute();
    }
    return { keyId: row.id, scope: row.scope, instanceId: row.instance_id, permissions: row.scope === "admin" ? parsePermissions(row.permissions) : [] };
  }
}
