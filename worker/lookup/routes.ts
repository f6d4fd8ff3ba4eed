import type { Capability } from "../http/capability";
import type { ShardRouter } from "../shards";
import { createRoute } from "@hono/zod-openapi";
import { OfficerQueryParams, SubjectCodeParam, SubjectLookupRequest, SubjectProfile } from "../../shared/contract";
import { appendQueryLog } from "../audit/log";
import { queryContext } from "../auth/officer-query";
import type { Principal } from "../../shared/auth/principal";
import { AUTH_ERROR_RESPONSES, ERROR_RESPONSES, OPTIONAL_BEARER } from "../http/responses";
import { newRouter } from "../http/router";
import { normalizeCode } from "../../shared/identifiers";
import { ApiError } from "../http/errors";
import { shownCode } from "./resolve";
import { getProfile } from "./service";

const WHAT_IT_ANSWERS = [
  "返回基本信息、仍在公示期内的行政许可与行政处罚、现行有效的名单。代码格式错误返回 400 并逐位说明原因（身份证号码按身份证号码说明）；",
  "格式正确但不存在返回 404；15位旧版工商注册号在登记有注册号时按对应主体回答，否则 404 说明须使用统一社会信用代码。",
  "不带令牌时为社会公众可见范围（依法公开的信息，自然人身份证号码脱敏）；身份证号码对应的主体没有依法公开且仍在公示期内的信息时，",
  "回答与不存在的号码完全相同（状态码和内容一致），不透露该人是否在库。工作人员带令牌查询时须提供 scene 与 purpose，",
  "可见共享信息（含重点监管对象名单），每次查询写入查询使用登记。",
].join("");

const getSubject = createRoute({
  method: "get",
  path: "/api/v1/subjects/{code}",
  tags: ["信用主体"],
  summary: "按统一社会信用代码查询主体的信用信息",
  description: `${WHAT_IT_ANSWERS}不建议用此地址查询身份证号码：地址会进入访问日志和浏览器历史，请改用 POST /api/v1/subjects/lookup。`,
  security: OPTIONAL_BEARER,
  request: { params: SubjectCodeParam, query: OfficerQueryParams },
  responses: {
    200: { description: "主体信用信息", content: { "application/json": { schema: SubjectProfile } } },
    ...ERROR_RESPONSES,
    ...AUTH_ERROR_RESPONSES,
  },
});

const postLookup = createRoute({
  method: "post",
  path: "/api/v1/subjects/lookup",
  tags: ["信用主体"],
  summary: "按代码查询主体的信用信息（代码放在请求体中，查询身份证号码请用此接口）",
  description: `与 GET /api/v1/subjects/{code} 的回答完全相同，代码在请求体中传递，不出现在地址里。${WHAT_IT_ANSWERS}`,
  security: OPTIONAL_BEARER,
  request: { body: { required: true, content: { "application/json": { schema: SubjectLookupRequest } } } },
  responses: {
    200: { description: "主体信用信息", content: { "application/json": { schema: SubjectProfile } } },
    ...ERROR_RESPONSES,
    ...AUTH_ERROR_RESPONSES,
  },
});

/** The profile and, for officers and admins, its entry in the query log (the digest is of the exact body sent). */
async function answer(shards: ShardRouter, principal: Principal, code: string, today: string, context: ReturnType<typeof queryContext>, route: string) {
  try {
    const profile = await getProfile(shards, principal, code, today);
    if (principal.role !== "public") await appendQueryLog(shards, principal, { route, ...context, subjects: [profile.code], answer: JSON.stringify(profile) });
    return profile;
  } catch (err) {
    // An unsuccessful lookup is a read too (查询使用登记): logged with the code as shown (an ID number masked).
    if (principal.role !== "public" && err instanceof ApiError && err.status === 404) {
      await appendQueryLog(shards, principal, { route, ...context, subjects: [shownCode(normalizeCode(code))], answer: JSON.stringify({ error: { code: err.code, message: err.message } }) });
    }
    throw err;
  }
}

const lookupRoutes = newRouter()
  .openapi(postLookup, async (c) => {
    const body = c.req.valid("json");
    const context = queryContext(c.var.principal, body, "body");
    return c.json(await answer(c.var.shards, c.var.principal, body.code, c.var.today, context, "POST /api/v1/subjects/lookup"), 200);
  })
  .openapi(getSubject, async (c) => {
    const context = queryContext(c.var.principal, c.req.valid("query"));
    return c.json(await answer(c.var.shards, c.var.principal, c.req.valid("param").code, c.var.today, context, "GET /api/v1/subjects/{code}"), 200);
  });

export const capability: Capability = { app: lookupRoutes };
