import { type JWK, importJWK } from "jose";
import { type ReceiptKeyRing, parseReceiptKeys } from "../../shared/receipts/keys";
import type { Env } from "../env";
import { ApiError } from "../http/errors";

export interface ReceiptSigner {
  kid: string;
  key: CryptoKey;
}

export interface ReceiptKeys {
  ring: ReceiptKeyRing;
  signer(): Promise<ReceiptSigner>;
}

let cached: { source: string; keys: ReceiptKeys } | undefined;

/**
 * The receipt keys of this deployment (RECEIPT_SIGNING_KEYS: the current private key first, retired keys
 * after it). Parsed and imported once per isolate; a missing or broken secret is a 500 that names it,
 * never an unsigned answer.
 * @example const { kid, key } = await receiptKeys(c.env).signer(); // kid of the first key in RECEIPT_SIGNING_KEYS
 */
export function receiptKeys(env: Pick<Env, "RECEIPT_SIGNING_KEYS">): ReceiptKeys {
  const source = env.RECEIPT_SIGNING_KEYS;
  if (!source) throw new ApiError(500, "internal_error", "本服务未配置查询凭证签名密钥（RECEIPT_SIGNING_KEYS），暂时无法签发凭证");
  if (cached?.source === source) return cached.keys;
  let ring: ReceiptKeyRing;
  try {
    ring = parseReceiptKeys(source);
  } catch (err) {
    console.error("RECEIPT_SIGNING_KEYS:", err instanceof Error ? err.message : err);
    throw new ApiError(500, "internal_error", "查询凭证签名密钥配置有误，暂时无法签发凭证");
  }
  let signer: Promise<ReceiptSigner> | undefined;
  const keys: ReceiptKeys = {
    ring,
    signer: () => (signer ??= importJWK(ring.current as JWK, "EdDSA").then((key) => ({ kid: ring.current.kid, key: key as CryptoKey }))),
  };
  cached = { source, keys };
  return keys;
}
