import { createRoute } from "@hono/zod-openapi";
import { OfficerQueryParams, SubjectCodeParam, SubjectProfile } from "../../shared/contract";
import { appendQueryLog } from "../audit/log";
import { queryContext } from "../auth/officer-query";
import { AUTH_ERROR_RESPONSES, ERROR_RESPONSES, OPTIONAL_BEARER } from "../http/responses";
import { newRouter } from "../http/router";
import { getProfile } from "./service";

const getSubject = createRoute({
  method: "get",
  path: "/api/v1/subjects/{code}",
  tags: ["信用主体"],
  summary: "按统一社会信用代码查询主体的信用信息",
  description: [
    "返回基本信息、仍在公示期内的行政许可与行政处罚、现行有效的名单。代码格式错误返回 400 并逐位说明原因；格式正确但不存在返回 404。",
    "不带令牌时为社会公众可见范围（依法公开的信息，自然人身份证号码脱敏）。工作人员带令牌查询时须提供 scene 与 purpose，",
    "可见共享信息（含重点监管对象名单），每次查询写入查询使用登记。",
  ].join(""),
  security: OPTIONAL_BEARER,
  request: { params: SubjectCodeParam, query: OfficerQueryParams },
  responses: {
    200: { description: "主体信用信息", content: { "application/json": { schema: SubjectProfile } } },
    ...ERROR_RESPONSES,
    ...AUTH_ERROR_RESPONSES,
  },
});

export const lookupRoutes = newRouter().openapi(getSubject, async (c) => {
  const { code } = c.req.valid("param");
  const principal = c.var.principal;
  const context = queryContext(principal, c.req.valid("query"));
  const profile = await getProfile(c.var.db, principal, code, c.var.today);
  if (principal.role !== "public") {
    // c.json serialises with JSON.stringify too, so the digest is of the exact body sent.
    const answer = JSON.stringify(profile);
    await appendQueryLog(c.var.db, principal, { route: "GET /api/v1/subjects/{code}", ...context, subjects: [profile.code], answer });
  }
  return c.json(profile, 200);
});
