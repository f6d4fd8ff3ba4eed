import { type JWK, type JWTVerifyGetKey, createLocalJWKSet, createRemoteJWKSet } from "jose";
import { DEFAULT_AUDIENCE } from "../../shared/auth/claims";
import type { Env } from "../env";

export interface TokenVerification {
  keys: JWTVerifyGetKey;
  issuer: string;
  audience: string;
}

let remote: { url: string; keys: JWTVerifyGetKey } | undefined;
let local: { source: string; keys: JWTVerifyGetKey } | undefined;

/**
 * Where token keys come from: an organisation's identity provider (AUTH_JWKS_URL, with AUTH_ISSUER and
 * AUTH_AUDIENCE), or this worker's own token key (TOKEN_SIGNING_KEY, an Ed25519 private JWK kept as a
 * secret) for local use. Key sets are cached per isolate; the remote one refreshes itself (jose).
 */
export function tokenVerification(env: Env): TokenVerification | null {
  const audience = env.AUTH_AUDIENCE || DEFAULT_AUDIENCE;
  if (env.AUTH_JWKS_URL) {
    if (remote?.url !== env.AUTH_JWKS_URL) remote = { url: env.AUTH_JWKS_URL, keys: createRemoteJWKSet(new URL(env.AUTH_JWKS_URL)) };
    return { keys: remote.keys, issuer: env.AUTH_ISSUER || env.ISSUER, audience };
  }
  if (env.TOKEN_SIGNING_KEY) {
    if (local?.source !== env.TOKEN_SIGNING_KEY) local = { source: env.TOKEN_SIGNING_KEY, keys: createLocalJWKSet({ keys: [publicJwk(parseSecretJwk(env.TOKEN_SIGNING_KEY))] }) };
    return { keys: local.keys, issuer: env.AUTH_ISSUER || env.ISSUER, audience };
  }
  return null;
}

/** Parses the secret key without ever echoing it: JSON.parse errors quote the input, and errors get logged. */
function parseSecretJwk(secret: string): JWK {
  try {
    return JSON.parse(secret) as JWK;
  } catch {
    throw new Error("TOKEN_SIGNING_KEY is not a JSON Web Key (the value is not shown)");
  }
}

/** The public half of a private JWK (drops `d`), keeping kid, alg and use. */
export function publicJwk(jwk: JWK): JWK {
  const { d: _private, ...pub } = jwk;
  return pub;
}
