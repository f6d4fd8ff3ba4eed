/**
 * Webhook signatures: `X-Chayicha-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">` with
 * WEBHOOK_SECRET. The receiver recomputes the HMAC over the raw body and rejects old timestamps (replays).
 */
const encoder = new TextEncoder();

function hmacKey(secret: string, usage: "sign" | "verify"): Promise<CryptoKey> {
  return crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, [usage]);
}

async function hmacHex(secret: string, message: string): Promise<string> {
  const mac = await crypto.subtle.sign("HMAC", await hmacKey(secret, "sign"), encoder.encode(message));
  return Array.from(new Uint8Array(mac), (b) => b.toString(16).padStart(2, "0")).join("");
}

/** 64 hex characters as the 32 bytes of an HMAC-SHA256, or null. */
function macBytes(hex: string): Uint8Array<ArrayBuffer> | null {
  if (!/^[0-9a-f]{64}$/i.test(hex)) return null;
  return Uint8Array.from(hex.match(/../g)!, (h) => parseInt(h, 16));
}

/**
 * The signature header value for `body` sent at `t` (unix seconds).
 * @example await signatureHeader("s3cret", '{"event":"repair.repaired"}', 1795000000) // "t=1795000000,v1=…"
 */
export async function signatureHeader(secret: string, body: string, t: number): Promise<string> {
  return `t=${t},v1=${await hmacHex(secret, `${t}.${body}`)}`;
}

/**
 * Checks a signature header (for receivers and tests): right HMAC and at most `toleranceSeconds` old. The MAC
 * is compared by WebCrypto's HMAC verify, which takes the same time wherever the first differing byte is: a
 * string `===` would stop early and let a caller guess a valid signature byte by byte from response times.
 * @example await verifySignature("s3cret", body, header, nowSeconds) // true
 */
export async function verifySignature(secret: string, body: string, header: string, nowSeconds: number, toleranceSeconds = 300): Promise<boolean> {
  const parts = Object.fromEntries(header.split(",").map((p) => p.split("=", 2) as [string, string]));
  const t = Number(parts.t);
  if (!Number.isInteger(t) || Math.abs(nowSeconds - t) > toleranceSeconds || !parts.v1) return false;
  const mac = macBytes(parts.v1);
  if (!mac) return false;
  return crypto.subtle.verify("HMAC", await hmacKey(secret, "verify"), mac, encoder.encode(`${t}.${body}`));
}
