import { sha256Hex } from "../../shared/audit/chain";

/** 16 random bytes: 128 bits, as base64url (22 characters). */
const SECRET_BYTES = 16;

/**
 * A page secret: the random part of a public page's address (receipts /r/{number}?k=…, cases
 * /cases/{tracking}?k=…), so a page cannot be found by guessing or walking numbers. Only its SHA-256 is stored.
 * @example const { secret, hash } = await newPageSecret(); // secret "q3Zr…" (22 characters), hash 64 hex digits
 */
export async function newPageSecret(): Promise<{ secret: string; hash: string }> {
  const bytes = crypto.getRandomValues(new Uint8Array(SECRET_BYTES));
  const secret = btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  return { secret, hash: await sha256Hex(secret) };
}

/**
 * True when `given` is the secret whose hash is stored. A row without a hash (issued before page secrets) and a
 * missing or wrong secret all answer false, so the caller answers exactly as for an unknown number. The hashes
 * are compared in constant time.
 * @example await pageSecretMatches(url.searchParams.get("k"), row.secret_hash) // true or false
 */
export async function pageSecretMatches(given: string | null | undefined, storedHash: string | null | undefined): Promise<boolean> {
  if (!given || !storedHash || given.length > 64) return false;
  const actual = await sha256Hex(given);
  if (actual.length !== storedHash.length) return false;
  let diff = 0;
  for (let i = 0; i < actual.length; i++) diff |= actual.charCodeAt(i) ^ storedHash.charCodeAt(i);
  return diff === 0;
}
