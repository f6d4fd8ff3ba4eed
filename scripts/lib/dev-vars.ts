/**
 * Local secrets in `.dev.vars` (git-ignored; wrangler dev reads it). Keys are generated on first use, so no
 * secret ever sits in the repository.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from "jose";

export const DEV_VARS = ".dev.vars";

export function readDevVars(path = DEV_VARS): Record<string, string> {
  if (!existsSync(path)) return {};
  const vars: Record<string, string> = {};
  for (const line of readFileSync(path, "utf8").split(/\r?\n/)) {
    const m = /^\s*([A-Z0-9_]+)\s*=\s*(.*)\s*$/.exec(line);
    if (!m?.[1]) continue;
    const raw = m[2] ?? "";
    vars[m[1]] = /^'.*'$|^".*"$/.test(raw) ? raw.slice(1, -1) : raw;
  }
  return vars;
}

function appendDevVar(name: string, value: string, path = DEV_VARS): void {
  const prefix = existsSync(path) && !readFileSync(path, "utf8").endsWith("\n") ? "\n" : "";
  writeFileSync(path, `${prefix}${name}='${value}'\n`, { flag: "a", mode: 0o600 });
}

/** A new Ed25519 private JWK with `kid` (its RFC 7638 thumbprint, shortened) and `alg`. */
export async function newEd25519Jwk(): Promise<JWK> {
  const { privateKey } = await generateKeyPair("EdDSA", { crv: "Ed25519", extractable: true });
  const jwk = await exportJWK(privateKey);
  const kid = (await calculateJwkThumbprint({ kty: jwk.kty!, crv: jwk.crv!, x: jwk.x! })).slice(0, 16);
  return { ...jwk, kid, alg: "EdDSA", use: "sig" };
}

/** Makes sure `.dev.vars` holds every local key the worker needs; returns the variables. */
export async function ensureDevVars(path = DEV_VARS): Promise<Record<string, string>> {
  const vars = readDevVars(path);
  if (!vars.TOKEN_SIGNING_KEY) {
    appendDevVar("TOKEN_SIGNING_KEY", JSON.stringify(await newEd25519Jwk()), path);
    console.error(`已生成本地令牌签名密钥（${path}，不会提交到仓库）`);
  }
  if (!vars.RECEIPT_SIGNING_KEYS) {
    // A JSON array: the current key first, retired keys after it (`npm run keys:rotate`).
    appendDevVar("RECEIPT_SIGNING_KEYS", JSON.stringify([await newEd25519Jwk()]), path);
    console.error(`已生成本地查询凭证签名密钥（${path}，不会提交到仓库）`);
  }
  return readDevVars(path);
}
