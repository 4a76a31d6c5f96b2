import { createHash, randomBytes } from "node:crypto";

/** An opaque credential: a recognisable prefix plus 256 random bits, base64url. */
export function newToken(prefix: string): string {
  return `${prefix}_${randomBytes(32).toString("base64url")}`;
}

/** What is stored instead of a token: its SHA-256, hex. */
export function tokenHash(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export function newId(prefix: string): string {
  return `${prefix}_${randomBytes(12).toString("base64url").replace(/[-_]/g, "").slice(0, 16).padEnd(12, "0")}`;
}
