import { createHmac, randomBytes } from "node:crypto";

/** Standard Webhooks (https://www.standardwebhooks.com): secrets are `whsec_` + base64 of the raw key. */
const SECRET_PREFIX = "whsec_";

/** A new signing secret: 32 random bytes (256 bits), base64. */
export function newWebhookSecret(): string {
  return SECRET_PREFIX + randomBytes(32).toString("base64");
}

/** What list/get responses show instead of the secret: enough to tell two secrets apart, nothing to sign with. */
export function secretHint(secret: string): string {
  return `${secret.slice(0, SECRET_PREFIX.length + 4)}…`;
}

function keyBytes(secret: string): Buffer {
  const encoded = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret;
  return Buffer.from(encoded, "base64");
}

/** `v1,<base64 HMAC-SHA256(key, "${id}.${timestamp}.${body}")>` */
export function sign(secret: string, id: string, timestampSeconds: number, body: string | Buffer): string {
  const mac = createHmac("sha256", keyBytes(secret));
  mac.update(`${id}.${timestampSeconds}.`);
  mac.update(body);
  return `v1,${mac.digest("base64")}`;
}

/**
 * The three signature headers for one attempt. During a rotation grace period both secrets sign, space-separated
 * (new first), so receivers holding either secret verify.
 */
export function signatureHeaders(
  secrets: readonly string[],
  id: string,
  body: string | Buffer,
  now: Date = new Date(),
): { "webhook-id": string; "webhook-timestamp": string; "webhook-signature": string } {
  const timestamp = Math.floor(now.getTime() / 1000);
  return {
    "webhook-id": id,
    "webhook-timestamp": String(timestamp),
    "webhook-signature": secrets.map((secret) => sign(secret, id, timestamp, body)).join(" "),
  };
}
