import { createRoute } from "@hono/zod-openapi";
import { SubjectCodeParam } from "../../shared/contract";
import { SignedReport, VerifyRequest, VerifyResult } from "../../shared/contract/receipts";
import { AUTH_ERROR_RESPONSES, ERROR_RESPONSES, OPTIONAL_BEARER } from "../http/responses";
import { newRouter } from "../http/router";
import type { Capability } from "../http/capability";
import { limitBody } from "../http/hardening";
import { receiptPageRoutes } from "./page-routes";
import { receiptKeys } from "./keys";
import { signedReport } from "./report";
import { verifyAgainstArchive } from "./verification";

const verify = createRoute({
  method: "post",
  path: "/api/v1/receipts/verify",
  tags: ["查询凭证"],
  summary: "验证签名凭证或签名报告",
  description: [
    "用本服务的现行和已停用公钥（/.well-known/jwks.json）验证 JWS。valid=false 时 reason 说明原因：malformed 格式错误，",
    "unknown_key 密钥编号未知，bad_signature 内容或签名被改动，bad_payload 内容不符合格式。验证通过时返回解码后的内容，",
    "查询凭证还说明本系统存档中是否有同一凭证。无需令牌；也可用 npm run verify 或任何 JOSE 库离线验证。",
  ].join(""),
  security: OPTIONAL_BEARER,
  request: { body: { required: true, content: { "application/json": { schema: VerifyRequest } } } },
  responses: {
    200: { description: "验证结果（无论是否有效均为 200）", content: { "application/json": { schema: VerifyResult } } },
    ...ERROR_RESPONSES,
    ...AUTH_ERROR_RESPONSES,
  },
});

const report = createRoute({
  method: "get",
  path: "/api/v1/subjects/{code}/report",
  tags: ["信用主体"],
  summary: "签名的公共信用信息报告",
  description:
    "主体依法公开的信用信息（与不带令牌的查询相同），附 EdDSA 签名（JWS，typ=cx-report+jwt），可离线验证。可打印页面为 /s/{code}/report。无需令牌。",
  security: OPTIONAL_BEARER,
  request: { params: SubjectCodeParam },
  responses: {
    200: { description: "签名报告", content: { "application/json": { schema: SignedReport } } },
    ...ERROR_RESPONSES,
    ...AUTH_ERROR_RESPONSES,
  },
});

const receiptRoutes = newRouter()
  .openapi(verify, async (c) => {
    const { ring } = receiptKeys(c.env);
    return c.json(await verifyAgainstArchive(c.var.db, ring, c.req.valid("json").jws), 200);
  })
  .openapi(report, async (c) => {
    const signer = await receiptKeys(c.env).signer();
    return c.json(await signedReport(c.var.shards, signer, c.req.valid("param").code, c.var.today, c.env.ISSUER), 200);
  });

/**
 * The receipt public keys, current and retired (RFC 7517). Outside /api: any verifier anywhere fetches it,
 * so it is open to every origin and cacheable; a rotation shows within the cache time.
 */
const jwksRoutes = newRouter().get("/.well-known/jwks.json", (c) => {
  const { ring } = receiptKeys(c.env);
  return c.json(ring.jwks, 200, { "cache-control": "public, max-age=300", "access-control-allow-origin": "*" });
});

/** Receipts and reports pasted back for verification: a 100-item receipt can pass the app's 256 KB default. */
const VERIFY_PATHS = ["/api/v1/receipts/verify", "/verify"];
const MAX_VERIFY_BODY_BYTES = 2 * 1024 * 1024;

const receipts = newRouter();
for (const path of VERIFY_PATHS) receipts.use(path, limitBody(MAX_VERIFY_BODY_BYTES));
receipts.route("/", receiptRoutes).route("/", jwksRoutes).route("/", receiptPageRoutes);

export const capability: Capability = { app: receipts, ownBodyLimit: VERIFY_PATHS };
