import { createRoute } from "@hono/zod-openapi";
import { OfficerQueryParams, RecomputeBody, RecomputeProgress, SubjectCodeParam, SubjectEvaluation } from "../../shared/contract";
import { appendQueryLog } from "../audit/log";
import { requireRole } from "../auth/middleware";
import { queryContext } from "../auth/officer-query";
import { AUTH_ERROR_RESPONSES, BEARER, ERROR_RESPONSES } from "../http/responses";
import { newRouter } from "../http/router";
import type { Capability } from "../http/capability";
import { modelRoutes } from "./model-routes";
import { recomputeAllShards } from "./job";
import { getSubjectEvaluation } from "./service";

const getEvaluation = createRoute({
  method: "get",
  path: "/api/v1/evaluations/{code}",
  tags: ["公共信用综合评价"],
  summary: "查询主体的公共信用综合评价（A–E）及说明",
  description: [
    "返回等级（A 优秀、B 良好、C 中等、D 较差、E 差）、得分、各维度和各指标的得分及来源记录（合计等于总分）、触发的封顶规则、",
    "模型版本、数据版本、等级历史和对应的分级分类监管类别；主体所属行业有行业评价模型时同时返回行业信用评价。",
    "主体数据在上次评价后有变化（入库、名单变化、信用修复）时先重新计算再返回。仅工作人员和信用管理员可查询；",
    "工作人员须提供 scene 与 purpose，每次查询写入查询使用登记。",
  ].join(""),
  security: BEARER,
  middleware: [requireRole("officer", "admin")] as const,
  request: { params: SubjectCodeParam, query: OfficerQueryParams },
  responses: {
    200: { description: "评价结果", content: { "application/json": { schema: SubjectEvaluation } } },
    ...ERROR_RESPONSES,
    ...AUTH_ERROR_RESPONSES,
  },
});

const recompute = createRoute({
  method: "post",
  path: "/api/v1/evaluations/recompute",
  tags: ["公共信用综合评价"],
  summary: "重新计算评价（信用管理员）",
  description:
    "与定时任务相同的一步：先按变更记录重算有变化的主体，再推进当日的全量计算（每块 chunkSize 个主体，结果与进度在同一事务中写入，中断后从上次写入的块之后继续）。返回进度；done 为 false 时再次调用即可继续。",
  security: BEARER,
  middleware: [requireRole("admin")] as const,
  request: { body: { content: { "application/json": { schema: RecomputeBody } }, required: false } },
  responses: {
    200: { description: "本次处理情况和全量计算进度", content: { "application/json": { schema: RecomputeProgress } } },
    ...ERROR_RESPONSES,
    ...AUTH_ERROR_RESPONSES,
  },
});

/** An admin's recompute request may run this long before it answers with its progress. */
const ADMIN_STEP_BUDGET_MS = 20_000;

const evaluationRoutes = newRouter()
  .openapi(getEvaluation, async (c) => {
    const principal = c.var.principal;
    const context = queryContext(principal, c.req.valid("query"));
    const evaluation = await getSubjectEvaluation(c.var.db, c.var.shards, c.req.valid("param").code, c.var.today, new Date());
    if (principal.role !== "public") {
      await appendQueryLog(c.var.shards, principal, { route: "GET /api/v1/evaluations/{code}", ...context, subjects: [evaluation.code], answer: JSON.stringify(evaluation) });
    }
    return c.json(evaluation, 200);
  })
  .openapi(recompute, async (c) => {
    // The body is optional: without one, the validator hands over {} and the defaults apply here.
    const body = RecomputeBody.parse(c.req.valid("json") ?? {});
    const progress = await recomputeAllShards(c.var.shards, { now: new Date(), trigger: "admin", budgetMs: ADMIN_STEP_BUDGET_MS, ...body });
    return c.json(progress, 200);
  });

export const capability: Capability = { app: newRouter().route("/", evaluationRoutes).route("/", modelRoutes) };
