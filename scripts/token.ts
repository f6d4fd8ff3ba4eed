/**
 * Issues a local bearer token signed with the worker's own token key (`.dev.vars`).
 *
 *   npm run token -- --role officer --name 张三 --dept <部门统一社会信用代码> --scenes 政府采购,招标投标
 *   npm run token -- --role provider --name 市场监管局数据员 --source-unit <数据来源单位代码>
 *   npm run token -- --role admin --name 信用中心管理员 --hours 4
 *
 * The issuer is the local worker's address (ISSUER, else http://localhost:<PORT or 8787>, as `npm start`
 * tells wrangler dev). The worker accepts a local token for at most TOKEN_MAX_AGE_HOURS (12) after issue,
 * so the token is made to expire then; `--days` from older instructions is accepted and capped.
 */
import { parseArgs } from "node:util";
import { SignJWT, importJWK, type JWK } from "jose";
import { DEFAULT_AUDIENCE, TokenClaims } from "../shared/auth/claims";
import { ensureDevVars } from "./lib/dev-vars";
import { localIssuer } from "./lib/origin";

/** The worker's default TOKEN_MAX_AGE_HOURS (worker/auth/keys.ts). */
const MAX_HOURS = Number(process.env.TOKEN_MAX_AGE_HOURS) > 0 ? Number(process.env.TOKEN_MAX_AGE_HOURS) : 12;

const { values } = parseArgs({
  options: {
    role: { type: "string" },
    name: { type: "string" },
    dept: { type: "string" },
    scenes: { type: "string" },
    "source-unit": { type: "string" },
    sub: { type: "string" },
    hours: { type: "string" },
    days: { type: "string" },
    issuer: { type: "string", default: localIssuer() },
    audience: { type: "string", default: DEFAULT_AUDIENCE },
  },
});

const claims = TokenClaims.safeParse({
  role: values.role,
  sub: values.sub ?? `${values.role}:${values.name}`,
  name: values.name,
  dept: values.dept,
  scenes: values.scenes?.split(/[,，]/).map((s) => s.trim()).filter(Boolean),
  source_unit: values["source-unit"],
});
if (!claims.success) {
  console.error("无法签发令牌：");
  for (const issue of claims.error.issues) console.error(`  --${issue.path.join(".") || "role"}: ${issue.message}`);
  console.error("用法见 scripts/token.ts 顶部注释，例如：npm run token -- --role officer --name 张三 --dept 11500000MB1541618P --scenes 政府采购");
  process.exit(2);
}
const requested = values.hours !== undefined ? Number(values.hours) : values.days !== undefined ? Number(values.days) * 24 : MAX_HOURS;
if (!Number.isFinite(requested) || requested <= 0) {
  console.error("--hours 应为正数（小时）");
  process.exit(2);
}
if (requested > MAX_HOURS) console.error(`注意：本地令牌最长有效 ${MAX_HOURS} 小时（TOKEN_MAX_AGE_HOURS），已按 ${MAX_HOURS} 小时签发`);
const hours = Math.min(requested, MAX_HOURS);

const vars = await ensureDevVars();
const jwk = JSON.parse(vars.TOKEN_SIGNING_KEY!) as JWK;
const key = await importJWK(jwk, "EdDSA");
const token = await new SignJWT({ ...claims.data })
  .setProtectedHeader({ alg: "EdDSA", kid: jwk.kid!, typ: "JWT" })
  .setIssuer(values.issuer!)
  .setAudience(values.audience!)
  .setIssuedAt()
  .setJti(crypto.randomUUID())
  .setExpirationTime(Math.floor(Date.now() / 1000) + Math.round(hours * 3600))
  .sign(key);
console.log(token);
