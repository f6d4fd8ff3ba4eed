import { decodeProtectedHeader, errors, jwtVerify } from "jose";
import { TokenClaims } from "../../shared/auth/claims";
import { ApiError } from "../http/errors";
import type { TokenVerification } from "./keys";
import type { Principal } from "../../shared/auth/principal";

/** Why a token was refused; each kind has its own message so the caller knows what to fix. */
export type TokenFailure = "missing" | "malformed" | "wrong_type" | "expired" | "too_old" | "not_yet_valid" | "wrong_issuer" | "wrong_audience" | "unknown_kid" | "bad_signature" | "invalid_claims" | "not_configured";

const MESSAGES: Record<TokenFailure, string> = {
  missing: "需要登录：请在 Authorization 头中提供 Bearer 令牌",
  malformed: "令牌格式不正确（应为 JWS 紧凑格式的 JWT）",
  wrong_type: "令牌类型（typ）不是访问令牌（应为 JWT 或 at+jwt）",
  expired: "令牌已过期，请重新获取",
  too_old: "令牌签发时间过早，超过本系统允许的最长使用时间，请重新获取",
  not_yet_valid: "令牌尚未生效（签发时间或生效时间晚于当前时间），请检查时钟或稍后重试",
  wrong_issuer: "令牌签发方（iss）不被信任",
  wrong_audience: "令牌的受众（aud）不是本系统",
  unknown_kid: "令牌的密钥编号（kid）未知，无法验证签名",
  bad_signature: "令牌签名验证失败",
  invalid_claims: "令牌缺少必要的身份信息（角色、部门、场景等）",
  not_configured: "本服务未配置令牌验证密钥",
};

export function unauthorized(failure: TokenFailure, details?: Record<string, unknown>): ApiError {
  return new ApiError(401, "unauthorized", MESSAGES[failure], { reason: failure, ...details });
}

/** Clocks of the identity provider, this worker and the issuing machine may differ by this much (exp, nbf, iat). */
export const CLOCK_SKEW_SECONDS = 60;

/**
 * `typ` values of access tokens: "JWT" (RFC 7519, what most identity providers and `npm run token` send) and
 * "at+jwt" (RFC 9068 access tokens; "application/" may prefix it, case does not matter, RFC 7515 §4.1.9).
 * Anything else — an ID token's cousin such as logout+jwt, a DPoP proof, a signed receipt — is refused, so a
 * JWS made for another purpose is never taken for a login. A missing `typ` is refused too.
 */
const ACCESS_TOKEN_TYPES = new Set(["jwt", "at+jwt"]);

/** @example isAccessTokenType("application/at+jwt") // true */
export function isAccessTokenType(typ: unknown): boolean {
  return typeof typ === "string" && ACCESS_TOKEN_TYPES.has(typ.toLowerCase().replace(/^application\//, ""));
}

/** Verifies a bearer token (EdDSA or ES256/RS256 from an identity provider) and returns its principal. */
export async function verifyToken(token: string, verification: TokenVerification, now: Date = new Date()): Promise<Principal> {
  let typ: unknown;
  try {
    typ = decodeProtectedHeader(token).typ;
  } catch {
    throw unauthorized("malformed");
  }
  if (!isAccessTokenType(typ)) throw unauthorized("wrong_type");
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(token, verification.keys, {
      issuer: verification.issuer,
      audience: verification.audience,
      algorithms: ["EdDSA", "Ed25519", "ES256", "RS256"],
      requiredClaims: verification.maxAgeSeconds === null ? ["exp", "sub"] : ["exp", "sub", "iat"],
      clockTolerance: CLOCK_SKEW_SECONDS,
      currentDate: now,
      ...(verification.maxAgeSeconds === null ? {} : { maxTokenAge: verification.maxAgeSeconds }),
    }));
    // jose checks iat only with maxTokenAge: an identity provider's token must not come from the future either.
    if (typeof payload.iat === "number" && payload.iat > now.getTime() / 1000 + CLOCK_SKEW_SECONDS) throw unauthorized("not_yet_valid");
  } catch (err) {
    if (err instanceof ApiError) throw err;
    // The identity provider's key set could not be fetched: not the caller's fault, so not a 401.
    // Token problems are JOSE errors; anything else (a network failure) or a broken key set is the provider's.
    if (!(err instanceof errors.JOSEError) || err instanceof errors.JWKSTimeout || err instanceof errors.JWKSInvalid) {
      throw new ApiError(503, "internal_error", "暂时无法获取身份提供方的公钥，请稍后重试", { reason: "jwks_unavailable" });
    }
    throw unauthorized(classify(err));
  }
  const claims = TokenClaims.safeParse(payload);
  if (!claims.success) {
    throw unauthorized("invalid_claims", { claims: claims.error.issues.map((i) => ({ claim: i.path.join("."), message: i.message })) });
  }
  const c = claims.data;
  switch (c.role) {
    case "officer":
      return { role: "officer", id: c.sub, name: c.name, department: c.dept, scenes: c.scenes };
    case "provider":
      return { role: "provider", id: c.sub, name: c.name, sourceUnit: c.source_unit };
    case "admin":
      return { role: "admin", id: c.sub, name: c.name, ...(c.dept ? { department: c.dept } : {}) };
  }
}

function classify(err: unknown): TokenFailure {
  // jose reports an iat older than maxTokenAge as JWTExpired on the "iat" claim.
  if (err instanceof errors.JWTExpired) return err.claim === "iat" ? "too_old" : "expired";
  if (err instanceof errors.JWTClaimValidationFailed) {
    if (err.claim === "nbf" || (err.claim === "iat" && err.reason === "check_failed")) return "not_yet_valid";
    if (err.claim === "iss") return "wrong_issuer";
    if (err.claim === "aud") return "wrong_audience";
    return "invalid_claims";
  }
  if (err instanceof errors.JWKSNoMatchingKey) return "unknown_kid";
  if (err instanceof errors.JWSSignatureVerificationFailed) return "bad_signature";
  return "malformed";
}
