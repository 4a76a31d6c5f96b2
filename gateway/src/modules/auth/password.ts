import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from "node:crypto";

const scrypt = (password: string, salt: Buffer, keylen: number, options: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) =>
    scryptCallback(password, salt, keylen, options, (error, key) => (error ? reject(error) : resolve(key))),
  );

/** scrypt parameters (N=2^17, r=8, p=1; docs/architecture.md §5); stored with every hash so they can change later. */
export const DEFAULT_SCRYPT = { logN: 17, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;

function maxmemFor(logN: number, r: number, p: number) {
  return 128 * r * (2 ** logN + p + 2) + 16 * 1024 * 1024;
}

/** Hashes a password as `scrypt$<logN>$<r>$<p>$<salt b64>$<key b64>`. */
export async function hashPassword(password: string, params: { logN: number; r: number; p: number } = DEFAULT_SCRYPT) {
  const salt = randomBytes(16);
  const { logN, r, p } = params;
  const key = await scrypt(password.normalize("NFKC"), salt, KEY_LENGTH, { N: 2 ** logN, r, p, maxmem: maxmemFor(logN, r, p) });
  return `scrypt$${logN}$${r}$${p}$${salt.toString("base64")}$${key.toString("base64")}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, logNText, rText, pText, saltText, keyText] = stored.split("$");
  if (scheme !== "scrypt" || !saltText || !keyText) return false;
  const logN = Number(logNText);
  const r = Number(rText);
  const p = Number(pText);
  if (![logN, r, p].every((n) => Number.isInteger(n) && n > 0) || logN > 22) return false;
  const expected = Buffer.from(keyText, "base64");
  const actual = await scrypt(password.normalize("NFKC"), Buffer.from(saltText, "base64"), expected.length, {
    N: 2 ** logN,
    r,
    p,
    maxmem: maxmemFor(logN, r, p),
  });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** A readable random password for the first admin: 20 characters from an unambiguous alphabet (~115 bits). */
export function generatePassword(length = 20): string {
  const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
  const out: string[] = [];
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      // Rejection sampling keeps every character equally likely.
      if (byte < 256 - (256 % alphabet.length) && out.length < length) out.push(alphabet[byte % alphabet.length]!);
    }
  }
  return out.join("");
}
