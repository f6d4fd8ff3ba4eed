/**
 * Issues a local bearer token signed with the worker's own token key (`.dev.vars`).
 *
 *   npm run token -- --role officer --name 张三 --dept <部门统一社会信用代码> --scenes 政府采购,招标投标 --days 30
 *   npm run token -- --role provider --name 市场监管局数据员 --source-unit <数据来源单位代码>
 *   npm run token -- --role admin --name 信用中心管理员
 */
import { parseArgs } from "node:util";
import { SignJWT, importJWK, type JWK } from "jose";
import { DEFAULT_AUDIENCE, TokenClaims } from "../shared/auth/claims";
import { ensureDevVars } from "./lib/dev-vars";

const { values } = parseArgs({
  options: {
    role: { type: "string" },
    name: { type: "string" },
    dept: { type: "string" },
    scenes: { type: "string" },
    "source-unit": { type: "string" },
    sub: { type: "string" },
    days: { type: "string", default: "30" },
    issuer: { type: "string", default: process.env.ISSUER ?? "http://localhost:8787" },
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
const days = Number(values.days);
if (!Number.isFinite(days) || days <= 0 || days > 366) {
  console.error("--days 应为 1 到 366 之间的天数");
  process.exit(2);
}

const vars = await ensureDevVars();
const jwk = JSON.parse(vars.TOKEN_SIGNING_KEY!) as JWK;
const key = await importJWK(jwk, "EdDSA");
const token = await new SignJWT({ ...claims.data })
  .setProtectedHeader({ alg: "EdDSA", kid: jwk.kid!, typ: "JWT" })
  .setIssuer(values.issuer!)
  .setAudience(values.audience!)
  .setIssuedAt()
  .setJti(crypto.randomUUID())
  .setExpirationTime(`${days}d`)
  .sign(key);
console.log(token);
