import { env } from "cloudflare:workers";
import { type JWK, SignJWT, exportJWK, generateKeyPair, importJWK } from "jose";

/** A test department (重庆市财政局-style government code) and a provider's source unit, both valid USCCs. */
export const TEST_DEPT = "11500000MB1541618P";

type Claims = Record<string, unknown>;

export const OFFICER: Claims = { role: "officer", sub: "officer-1", name: "张三", dept: TEST_DEPT, scenes: ["政府采购", "招标投标"] };
export const ADMIN: Claims = { role: "admin", sub: "admin-1", name: "信用中心管理员" };
export const PROVIDER: Claims = { role: "provider", sub: "provider-1", name: "市场监管局数据员", source_unit: TEST_DEPT };

/**
 * Signs a token the worker trusts (its TOKEN_SIGNING_KEY), or a deliberately broken one:
 * `issuer`/`audience` overrides, `expiresIn` in the past, another key (`foreignKey`) or another kid,
 * another `typ` (null: none), an `issuedAt` or `notBefore` of our choosing (seconds).
 */
export async function token(
  claims: Claims,
  options: { issuer?: string; audience?: string; expiresAt?: number; kid?: string; foreignKey?: boolean; typ?: string | null; issuedAt?: number; notBefore?: number } = {},
): Promise<string> {
  const jwk = JSON.parse(env.TOKEN_SIGNING_KEY!) as JWK;
  let key = await importJWK(jwk, "EdDSA");
  if (options.foreignKey) key = await importJWK(await exportJWK((await generateKeyPair("EdDSA", { extractable: true })).privateKey), "EdDSA");
  const typ = options.typ === undefined ? "JWT" : options.typ;
  const jwt = new SignJWT(claims)
    .setProtectedHeader({ alg: "EdDSA", kid: options.kid ?? jwk.kid!, ...(typ === null ? {} : { typ }) })
    .setIssuer(options.issuer ?? env.ISSUER)
    .setAudience(options.audience ?? "chayicha")
    .setIssuedAt(options.issuedAt)
    .setExpirationTime(options.expiresAt ?? Math.floor(Date.now() / 1000) + 3600);
  if (options.notBefore !== undefined) jwt.setNotBefore(options.notBefore);
  return jwt.sign(key);
}

export const bearer = (t: string) => ({ authorization: `Bearer ${t}` });
