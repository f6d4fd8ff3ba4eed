/**
 * Receipt signing keys (凭证签名密钥). The secret RECEIPT_SIGNING_KEYS is a JSON array of Ed25519 JWKs: the
 * first is the current key and must be private; the rest are retired keys, kept so that receipts they
 * signed keep verifying. A retired entry may be (and after `npm run keys:rotate` is) public only.
 */
import type { JWK } from "jose";
import type { Jwks } from "../contract/receipts";

export type PublicReceiptJwk = Jwks["keys"][number];

export interface ReceiptKeyRing {
  /** The private JWK that signs new receipts. */
  current: JWK & { kid: string; d: string };
  /** Public halves of every key, the current one first: what /.well-known/jwks.json serves. */
  jwks: Jwks;
}

function isEd25519(jwk: unknown): jwk is JWK & { kid: string; x: string } {
  const k = jwk as JWK | null;
  return !!k && typeof k === "object" && k.kty === "OKP" && k.crv === "Ed25519" && typeof k.x === "string" && typeof k.kid === "string" && k.kid.length > 0;
}

/**
 * The public half of an Ed25519 JWK, in the fixed shape a JWKS carries.
 * @example toPublicJwk({ kty: "OKP", crv: "Ed25519", x: "…", d: "…", kid: "k1" }) // { kty, crv, x, kid: "k1", alg: "EdDSA", use: "sig" }
 */
export function toPublicJwk(jwk: JWK & { kid: string; x: string }): PublicReceiptJwk {
  return { kty: "OKP", crv: "Ed25519", x: jwk.x, kid: jwk.kid, alg: "EdDSA", use: "sig" };
}

/**
 * Reads the RECEIPT_SIGNING_KEYS secret. Throws an Error that says what is wrong (in Chinese), so a
 * misconfigured deployment fails loudly instead of issuing unverifiable receipts.
 * @example parseReceiptKeys('[{"kty":"OKP","crv":"Ed25519","x":"…","d":"…","kid":"a"}]').current.kid // "a"
 */
export function parseReceiptKeys(secret: string): ReceiptKeyRing {
  let parsed: unknown;
  try {
    parsed = JSON.parse(secret);
  } catch {
    throw new Error("RECEIPT_SIGNING_KEYS 不是合法的 JSON");
  }
  const list = Array.isArray(parsed) ? parsed : [parsed];
  if (list.length === 0) throw new Error("RECEIPT_SIGNING_KEYS 为空：至少需要一把现行签名密钥");
  const kids = new Set<string>();
  list.forEach((jwk, i) => {
    if (!isEd25519(jwk)) throw new Error(`RECEIPT_SIGNING_KEYS 第 ${i + 1} 项不是带 kid 的 Ed25519 JWK`);
    if (kids.has(jwk.kid)) throw new Error(`RECEIPT_SIGNING_KEYS 中的 kid “${jwk.kid}” 重复`);
    kids.add(jwk.kid);
  });
  const current = list[0] as JWK & { kid: string; x: string };
  if (typeof current.d !== "string") throw new Error("RECEIPT_SIGNING_KEYS 的第一项（现行密钥）必须包含私钥（d）");
  return {
    current: current as JWK & { kid: string; d: string },
    jwks: { keys: (list as (JWK & { kid: string; x: string })[]).map(toPublicJwk) },
  };
}

/**
 * The secret after a rotation: `fresh` (private) becomes the current key, every earlier key stays as a
 * retired public key (its private half is dropped: nothing may sign with it any more).
 * @example rotateReceiptKeys(undefined, newKey) // '[{…newKey}]'
 */
export function rotateReceiptKeys(secret: string | undefined, fresh: JWK & { kid: string; d: string; x: string }): string {
  const earlier = secret ? parseReceiptKeys(secret).jwks.keys : [];
  if (earlier.some((k) => k.kid === fresh.kid)) throw new Error(`新密钥的 kid “${fresh.kid}” 与已有密钥重复`);
  const current = { ...toPublicJwk(fresh), d: fresh.d };
  return JSON.stringify([current, ...earlier]);
}
