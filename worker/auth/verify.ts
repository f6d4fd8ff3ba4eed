import { errors, jwtVerify } from "jose";
import { TokenClaims } from "../../shared/auth/claims";
import { ApiError } from "../http/errors";
import type { TokenVerification } from "./keys";
import type { Principal } from "./principal";

/** Why a token was refused; each kind has its own message so the caller knows what to fix. */
export type TokenFailure = "missing" | "malformed" | "expired" | "wrong_issuer" | "wrong_audience" | "unknown_kid" | "bad_signature" | "invalid_claims" | "not_configured";

const MESSAGES: Record<TokenFailure, string> = {
  missing: "需要登录：请在 Authorization 头中提供 Bearer 令牌",
  malformed: "令牌格式不正确（应为 JWS 紧凑格式的 JWT）",
  expired: "令牌已过期，请重新获取",
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

/** Verifies a bearer token (EdDSA or ES256/RS256 from an identity provider) and returns its principal. */
export async function verifyToken(token: string, verification: TokenVerification): Promise<Principal> {
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(token, verification.keys, {
      issuer: verification.issuer,
      audience: verification.audience,
      algorithms: ["EdDSA", "Ed25519", "ES256", "RS256"],
      requiredClaims: ["exp", "sub"],
    }));
  } catch (err) {
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
  if (err instanceof errors.JWTExpired) return "expired";
  if (err instanceof errors.JWTClaimValidationFailed) {
    if (err.claim === "iss") return "wrong_issuer";
    if (err.claim === "aud") return "wrong_audience";
    return "invalid_claims";
  }
  if (err instanceof errors.JWKSNoMatchingKey) return "unknown_kid";
  if (err instanceof errors.JWSSignatureVerificationFailed) return "bad_signature";
  return "malformed";
}
