import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { DomainError } from "../../domain-error";

const FORMAT = "v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** A sealed value this gateway cannot open: another key sealed it, or it was changed. Says which, never the value. */
export class SecretUnreadableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SecretUnreadableError";
  }
}

/**
 * AES-256-GCM with one 32-byte key (node:crypto). A sealed value is `v1.<key id>.<iv>.<ciphertext and tag>`, base64url
 * parts: the key id (a hash of the key, not the key) tells "sealed with another key" from "changed"; the `context`
 * (where the value lives, e.g. `proxy:prx_…`) is authenticated too, so a value copied into another row does not open.
 */
export class SecretBox {
  readonly keyId: string;

  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error("A secrets key is 32 bytes");
    this.keyId = createHash("sha256").update("wam-secrets-key-id\0").update(key).digest("base64url").slice(0, 8);
  }

  seal(plaintext: string, context: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv("aes-256-gcm", this.key, iv);
    cipher.setAAD(Buffer.from(context, "utf8"));
    const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final(), cipher.getAuthTag()]);
    return [FORMAT, this.keyId, iv.toString("base64url"), body.toString("base64url")].join(".");
  }

  open(sealed: string, context: string): string {
    const [format, keyId, iv, body] = sealed.split(".");
    if (format !== FORMAT || !keyId || !iv || !body) throw new SecretUnreadableError("The stored secret is not in a format this gateway knows");
    if (keyId !== this.keyId) {
      throw new SecretUnreadableError(`The stored secret was sealed with another key (id ${keyId}; this gateway's SECRETS_KEY has id ${this.keyId}): every node needs the same SECRETS_KEY`);
    }
    const bytes = Buffer.from(body, "base64url");
    try {
      const decipher = createDecipheriv("aes-256-gcm", this.key, Buffer.from(iv, "base64url"));
      decipher.setAAD(Buffer.from(context, "utf8"));
      decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
      return Buffer.concat([decipher.update(bytes.subarray(0, bytes.length - TAG_BYTES)), decipher.final()]).toString("utf8");
    } catch {
      throw new SecretUnreadableError("The stored secret does not decrypt with this gateway's key: it was changed or belongs elsewhere");
    }
  }
}

/**
 * Secrets at rest for every module that stores one (docs/proxies.md, "Encryption at rest"): seals with the gateway's
 * key, or, when it has none (PostgreSQL without SECRETS_KEY), refuses to store a secret at all rather than store it in
 * the clear.
 */
export class Secrets {
  constructor(private readonly box: SecretBox | null) {}

  /** Whether secrets can be stored here. */
  get available(): boolean {
    return this.box !== null;
  }

  /** The id of the key in use (not the key), or null. */
  get keyId(): string | null {
    return this.box?.keyId ?? null;
  }

  /** Seals a secret for storage; without a key a 409 telling the operator what to set. */
  seal(plaintext: string, context: string): string {
    if (!this.box) {
      throw new DomainError(
        "conflict",
        "This gateway cannot store credentials: with PostgreSQL they are kept encrypted with SECRETS_KEY, and none is set. Set the same SECRETS_KEY (openssl rand -base64 32) on every node and restart them; proxies without credentials work meanwhile.",
      );
    }
    return this.box.seal(plaintext, context);
  }

  /** Opens a sealed secret; throws SecretUnreadableError (never the value) when this gateway cannot. */
  open(sealed: string, context: string): string {
    if (!this.box) throw new SecretUnreadableError("This gateway has no SECRETS_KEY to open the stored secret with: set the one the other nodes use");
    return this.box.open(sealed, context);
  }
}
