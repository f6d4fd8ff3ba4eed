/**
 * Receipt signing keys for tests outside the worker's environment: a fresh Ed25519 key as the private
 * JWK that RECEIPT_SIGNING_KEYS holds, and the signer worker/receipts/sign.ts takes. Plain jose, so it
 * runs in Node (tests/shared, tests/scripts) and in workerd alike.
 */
import { type JWK, exportJWK, generateKeyPair, importJWK } from "jose";
import type { ReceiptSigner } from "../../worker/receipts/keys";

/** A private receipt key as RECEIPT_SIGNING_KEYS lists it. */
export type PrivateReceiptJwk = JWK & { kid: string; d: string; x: string };

/** A new extractable Ed25519 key with this kid, as a private JWK (alg EdDSA, use sig). */
export async function newReceiptKey(kid: string): Promise<PrivateReceiptJwk> {
  const { privateKey } = await generateKeyPair("EdDSA", { crv: "Ed25519", extractable: true });
  return { ...(await exportJWK(privateKey)), kid, alg: "EdDSA", use: "sig" } as PrivateReceiptJwk;
}

/** The signer for signReceipt / signReport from a private JWK. */
export async function receiptSigner(jwk: PrivateReceiptJwk): Promise<ReceiptSigner> {
  return { kid: jwk.kid, key: (await importJWK(jwk, "EdDSA")) as CryptoKey };
}
