/**
 * Verification of signed receipts (查询凭证) and reports (公共信用信息报告): the one implementation the worker,
 * `npm run verify` and the browser extension use. Pure: the caller supplies the public keys (JWKS), so it
 * works offline. Strict by design: only EdDSA, only our two `typ`s, only canonical base64url, so that a
 * receipt has exactly one valid encoding and changing any character of it fails.
 */
import { type JWK, base64url, compactVerify, decodeProtectedHeader, errors, importJWK } from "jose";
import {
  RECEIPT_TYP,
  REPORT_TYP,
  ReceiptPayload,
  ReportPayload,
  VERIFY_FAILURE_MESSAGE,
  type VerifyFailure,
} from "../contract/receipts";

export type SignedKind = "receipt" | "report";

export type Verification =
  | { valid: true; message: string; kid: string; kind: "receipt"; payload: ReceiptPayload }
  | { valid: true; message: string; kid: string; kind: "report"; payload: ReportPayload }
  | { valid: false; reason: VerifyFailure; message: string; kid?: string };

const KIND_BY_TYP: Record<string, SignedKind> = { [RECEIPT_TYP]: "receipt", [REPORT_TYP]: "report" };
const SEGMENT = /^[A-Za-z0-9_-]+$/;
const BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

function fail(reason: VerifyFailure, kid?: string, detail?: string): Verification {
  const message = detail ? `${VERIFY_FAILURE_MESSAGE[reason]}：${detail}` : VERIFY_FAILURE_MESSAGE[reason];
  return kid === undefined ? { valid: false, reason, message } : { valid: false, reason, message, kid };
}

/**
 * base64url without padding, and only the one encoding of its bytes: a last group of 2 or 3 characters
 * carries 4 or 2 unused low bits in its last character, which must be zero. (Checked on that character
 * alone: decoding and re-encoding a 50 kB receipt to compare cost more than the signature check.)
 */
function isCanonicalSegment(segment: string): boolean {
  if (!SEGMENT.test(segment)) return false;
  const rest = segment.length % 4;
  if (rest === 1) return false;
  if (rest === 0) return true;
  return (BASE64URL.indexOf(segment.at(-1)!) & (rest === 2 ? 0x0f : 0x03)) === 0;
}

/** Imported public keys by JWK (a key set kept in memory is imported once, not once per receipt). */
const imported = new WeakMap<JWK, Promise<Awaited<ReturnType<typeof importJWK>>>>();

function publicKey(jwk: JWK): Promise<Awaited<ReturnType<typeof importJWK>>> {
  let key = imported.get(jwk);
  if (!key) {
    const { d: _private, ...publicPart } = jwk;
    key = importJWK({ ...publicPart, alg: "EdDSA" }, "EdDSA");
    // A key that failed to import is tried again next time.
    key.catch(() => imported.delete(jwk));
    imported.set(jwk, key);
  }
  return key;
}

/**
 * Verifies a compact JWS against a key set (current and retired public keys) and checks its payload
 * against the receipt or report format its `typ` names.
 * @example
 * const result = await verifySigned(jws, await (await fetch(`${issuer}/.well-known/jwks.json`)).json());
 * if (result.valid) console.log(result.payload.issuedAt);
 * else console.log(result.reason); // "malformed" | "unknown_key" | "bad_signature" | "bad_payload"
 */
export async function verifySigned(jws: string, jwks: { keys: readonly JWK[] }): Promise<Verification> {
  const compact = jws.trim();
  const segments = compact.split(".");
  if (segments.length !== 3 || !segments.every(isCanonicalSegment)) return fail("malformed", undefined, "应为三段规范的 base64url 文本，以“.”分隔");
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(compact);
  } catch {
    return fail("malformed", undefined, "头部无法解析");
  }
  const kid = typeof header.kid === "string" && header.kid.length > 0 ? header.kid : undefined;
  const kind = typeof header.typ === "string" ? KIND_BY_TYP[header.typ] : undefined;
  if (header.alg !== "EdDSA") return fail("malformed", kid, `签名算法应为 EdDSA，实际为 ${String(header.alg)}`);
  if (!kind) return fail("malformed", kid, `类型（typ）应为 ${RECEIPT_TYP} 或 ${REPORT_TYP}`);
  if (!kid) return fail("malformed", undefined, "头部缺少密钥编号（kid）");

  const jwk = jwks.keys.find((k) => k.kid === kid && k.kty === "OKP" && k.crv === "Ed25519");
  if (!jwk) return fail("unknown_key", kid, `kid “${kid}”`);
  let payloadBytes: Uint8Array;
  try {
    ({ payload: payloadBytes } = await compactVerify(compact, await publicKey(jwk), { algorithms: ["EdDSA"] }));
  } catch (err) {
    if (err instanceof errors.JWSSignatureVerificationFailed) return fail("bad_signature", kid);
    return fail("malformed", kid, err instanceof Error ? err.message : undefined);
  }

  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(payloadBytes));
  } catch {
    return fail("bad_payload", kid, "内容不是 JSON");
  }
  if (kind === "receipt") {
    const parsed = ReceiptPayload.safeParse(json);
    if (!parsed.success) return fail("bad_payload", kid, parsed.error.issues[0]?.path.join(".") || undefined);
    // The payload exactly as signed (unknown fields of a later format version included).
    return { valid: true, message: "签名有效：凭证内容自签发以来未被改动", kid, kind, payload: json as ReceiptPayload };
  }
  const parsed = ReportPayload.safeParse(json);
  if (!parsed.success) return fail("bad_payload", kid, parsed.error.issues[0]?.path.join(".") || undefined);
  return { valid: true, message: "签名有效：报告内容自签发以来未被改动", kid, kind, payload: json as ReportPayload };
}

/**
 * The payload of a compact JWS without verifying it: for showing what a receipt claims (for example the
 * issuer whose keys to fetch), never for trusting it. Undefined when it cannot be read.
 * @example claimedPayload(jws)?.iss // "https://chayicha.example"
 */
export function claimedPayload(jws: string): Record<string, unknown> | undefined {
  const payload = jws.trim().split(".")[1];
  if (!payload) return undefined;
  try {
    const json: unknown = JSON.parse(new TextDecoder().decode(base64url.decode(payload)));
    return json && typeof json === "object" && !Array.isArray(json) ? (json as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
