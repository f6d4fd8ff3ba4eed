import { type JWK, type JWTVerifyGetKey, createLocalJWKSet, createRemoteJWKSet } from "jose";
import { DEFAULT_AUDIENCE } from "../../shared/auth/claims";
import type { Env } from "../env";

export interface TokenVerification {
  keys: JWTVerifyGetKey;
  issuer: string;
  audience: string;
  /**
   * Oldest accepted `iat`, in seconds, for tokens this worker issued itself (`npm run token`): such a token
   * cannot be revoked, so its life is bounded whatever `exp` it carries. Null for an identity provider's
   * tokens, whose lifetime the provider controls (they still must not be issued in the future).
   */
  maxAgeSeconds: number | null;
}

/** Locally issued tokens live at most this long unless TOKEN_MAX_AGE_HOURS says otherwise. */
export const DEFAULT_TOKEN_MAX_AGE_HOURS = 12;

/**
 * TOKEN_MAX_AGE_HOURS as seconds (1–720 h), else the 12-hour default.
 * @example tokenMaxAgeSeconds({ TOKEN_MAX_AGE_HOURS: "8" } as Env) // 28800
 */
export function tokenMaxAgeSeconds(env: Pick<Env, "TOKEN_MAX_AGE_HOURS">): number {
  const hours = Number(env.TOKEN_MAX_AGE_HOURS);
  const valid = env.TOKEN_MAX_AGE_HOURS !== undefined && env.TOKEN_MAX_AGE_HOURS !== "" && Number.isFinite(hours) && hours > 0 && hours <= 720;
  return Math.round((valid ? hours : DEFAULT_TOKEN_MAX_AGE_HOURS) * 3600);
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
    return { keys: remote.keys, issuer: env.AUTH_ISSUER || env.ISSUER, audience, maxAgeSeconds: null };
  }
  if (env.TOKEN_SIGNING_KEY) {
    if (local?.source !== env.TOKEN_SIGNING_KEY) local = { source: env.TOKEN_SIGNING_KEY, keys: createLocalJWKSet({ keys: [publicJwk(parseSecretJwk(env.TOKEN_SIGNING_KEY))] }) };
    return { keys: local.keys, issuer: env.AUTH_ISSUER || env.ISSUER, audience, maxAgeSeconds: tokenMaxAgeSeconds(env) };
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
