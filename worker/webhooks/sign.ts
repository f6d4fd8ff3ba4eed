/**
 * Webhook signatures: `X-Chayicha-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">` with
 * WEBHOOK_SECRET. The receiver recomputes the HMAC over the raw body and rejects old timestamps (replays).
 */
const encoder = new TextEncoder();

async function hmacHex(secret: string, message: string): Promise<string> {
  const key = await crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const mac = await crypto.subtle.sign("HMAC", key, encoder.encode(message));
  return Array.from(new Uint8Array(mac), (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * The signature header value for `body` sent at `t` (unix seconds).
 * @example await signatureHeader("s3cret", '{"event":"repair.repaired"}', 1795000000) // "t=1795000000,v1=…"
 */
export async function signatureHeader(secret: string, body: string, t: number): Promise<string> {
  return `t=${t},v1=${await hmacHex(secret, `${t}.${body}`)}`;
}

/**
 * Checks a signature header (for receivers and tests): right HMAC and at most `toleranceSeconds` old.
 * @example await verifySignature("s3cret", body, header, nowSeconds) // true
 */
export async function verifySignature(secret: string, body: string, header: string, nowSeconds: number, toleranceSeconds = 300): Promise<boolean> {
  const parts = Object.fromEntries(header.split(",").map((p) => p.split("=", 2) as [string, string]));
  const t = Number(parts.t);
  if (!Number.isInteger(t) || Math.abs(nowSeconds - t) > toleranceSeconds || !parts.v1) return false;
  return (await hmacHex(secret, `${t}.${body}`)) === parts.v1;
}
