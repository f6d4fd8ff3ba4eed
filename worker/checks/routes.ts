import type { Capability } from "../http/capability";
import { createRoute, z } from "@hono/zod-openapi";
import { CheckRequest, CheckResult, CheckResultMinimal, ErrorEnvelope, MAX_CHECK_ITEMS, PREFER_MINIMAL, prefersMinimal } from "../../shared/contract";
import { appendQueryLog } from "../audit/log";
import { requireRole } from "../auth/middleware";
import { queryContext } from "../auth/officer-query";
import { ApiError } from "../http/errors";
import { AUTH_ERROR_RESPONSES, BEARER, ERROR_RESPONSES } from "../http/responses";
import { newRouter } from "../http/router";
import { receiptKeys } from "../receipts/keys";
import { refuseOversizedBatch } from "./limit";
import { type Checker, runCheck } from "./service";

const postCheck = createRoute({
  method: "post",
  path: "/api/v1/checks",
  tags: ["信用核查"],
  summary: `批量信用核查（1–${MAX_CHECK_ITEMS} 个主体），返回结论和签名凭证`,
  description: [
    "按场景核查每个主体：按代码（或仅在名称唯一对应一个主体时按名称）确定主体，列出现行有效的名单记录、本场景适用的措施及其依据，",
    "给出一个结论（不得参与 / 需复核 / 提示 / 守信激励 / 通过，最严格的措施决定结论；有失信名单时不适用守信激励）和现行评价等级。",
    "某一项代码有误只影响该项。整个回答附带 EdDSA 签名凭证（JWS），可用 /.well-known/jwks.json 的公钥离线验证，凭证页面为 /r/{凭证编号}。",
    `工作人员须提供场景（令牌授权范围内）与事由；每次核查写入一条查询使用登记。超过 ${MAX_CHECK_ITEMS} 项返回 413。`,
    "请求头 Prefer: return=minimal 时回答不含未签名的 items 副本（逐项结果只在签名凭证中，约省去四成字节），",
    "回答头 Preference-Applied: return=minimal 表明已按此回答；查询使用登记的摘要始终是实际发送的回答正文的摘要。",
  ].join(""),
  security: BEARER,
  middleware: [requireRole("officer", "admin"), refuseOversizedBatch()] as const,
  request: { body: { required: true, content: { "application/json": { schema: CheckRequest } } } },
  responses: {
    200: { description: "核查结果与签名凭证（Prefer: return=minimal 时为 CheckResultMinimal）", content: { "application/json": { schema: z.union([CheckResult, CheckResultMinimal]) } } },
    413: { description: `超过 ${MAX_CHECK_ITEMS} 项或请求体过大`, content: { "application/json": { schema: ErrorEnvelope } } },
    ...ERROR_RESPONSES,
    ...AUTH_ERROR_RESPONSES,
  },
});

function withoutItems({ items: _items, ...rest }: CheckResult): CheckResultMinimal {
  return rest;
}

const checkRoutes = newRouter().openapi(postCheck, async (c) => {
  const body = c.req.valid("json");
  const principal = c.var.principal as Checker;
  // A check carries scene and purpose in its JSON body: problems name body.scene and body.purpose.
  const { scene, purpose } = queryContext(principal, body, "body");
  if (!scene) throw new ApiError(400, "invalid_request", "请说明查询场景", [{ field: "body.scene", expected: "查询场景，如 政府采购", message: "核查须说明场景" }]);
  const signer = await receiptKeys(c.env).signer();
  const now = new Date();
  const { result, subjects } = await runCheck(c.var.shards, principal, body, { scene, purpose, today: c.var.today, now, issuer: c.env.ISSUER, signer });
  const minimal = prefersMinimal(c.req.header("prefer"));
  const answer = JSON.stringify(minimal ? withoutItems(result) : result);
  await appendQueryLog(c.var.shards, principal, { route: "POST /api/v1/checks", scene, purpose, subjects, receiptNumber: result.receipt.number, answer }, now);
  // The logged digest is of these exact bytes: the body is sent as serialised once, not serialised again.
  c.header("vary", "Prefer", { append: true });
  if (minimal) c.header("preference-applied", PREFER_MINIMAL);
  return c.body(answer, 200, { "content-type": "application/json" }) as never;
});

export const capability: Capability = { app: checkRoutes };
