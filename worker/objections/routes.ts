import type { Capability } from "../http/capability";
import { createRoute } from "@hono/zod-openapi";
import { CaseView, ErrorEnvelope, FiledCase, ObjectionDecision, ObjectionRequest, TrackingParam } from "../../shared/contract";
import { requireRole } from "../auth/middleware";
import { deliverSoon } from "../cases/events";
import { loadCase } from "../cases/queries";
import { toCaseView, toFiledCase } from "../cases/view";
import { AUTH_ERROR_RESPONSES, BEARER, ERROR_RESPONSES, OPTIONAL_BEARER } from "../http/responses";
import { newRouter } from "../http/router";
import { decideObjection, fileObjection } from "./service";

const json = (description: string) => ({ description, content: { "application/json": { schema: ErrorEnvelope } } });

const fileRoute = createRoute({
  method: "post",
  path: "/api/v1/objections",
  tags: ["信用修复与异议"],
  summary: "提出异议申诉",
  description: [
    "对现行公示的行政处罚、许可或名单记录提出异议。提交后该信息立即标注“异议处理中”（查询、核查和报告中显示），",
    "由提供该信息的单位在规定工作日内作出维持、更正或删除的决定。受理编号为 YY-YYYYMMDD-XXXXXX；同一信息已有异议在处理时返回 409。",
  ].join(""),
  security: OPTIONAL_BEARER,
  request: { body: { required: true, content: { "application/json": { schema: ObjectionRequest } } } },
  responses: { 201: { description: "已提交", content: { "application/json": { schema: FiledCase } } }, 409: json("已有异议在处理"), ...ERROR_RESPONSES, ...AUTH_ERROR_RESPONSES },
});

const decideRoute = createRoute({
  method: "post",
  path: "/api/v1/objections/{tracking}/decision",
  tags: ["信用修复与异议"],
  summary: "作出异议决定（信息提供单位）",
  description: [
    "dismissed 维持：清除“异议处理中”标注；corrected 更正：按 corrections 更新字段，原版本留存，版本号加一；",
    "deleted 删除：记录撤回、名单记录移出。只有信息提供单位（未记录时为认定部门）的工作人员可以决定；信用管理员只监督。",
  ].join(""),
  security: BEARER,
  middleware: [requireRole("officer", "admin")] as const,
  request: { params: TrackingParam, body: { required: true, content: { "application/json": { schema: ObjectionDecision } } } },
  responses: { 200: { description: "已决定", content: { "application/json": { schema: CaseView } } }, 409: json("已作出决定"), ...ERROR_RESPONSES, ...AUTH_ERROR_RESPONSES },
});

const objectionRoutes = newRouter()
  .openapi(fileRoute, async (c) => {
    const filed = await fileObjection(c.var.shards, c.env, c.req.valid("json"), c.var.today);
    deliverSoon(c);
    return c.json(toFiledCase(filed), 201);
  })
  .openapi(decideRoute, async (c) => {
    const { tracking } = c.req.valid("param");
    await decideObjection(c.var.shards, c.env, c.var.principal, tracking, c.req.valid("json"), c.var.today);
    deliverSoon(c);
    return c.json(toCaseView((await loadCase(c.var.shards, tracking))!, c.var.principal, c.var.today), 200);
  });

export const capability: Capability = { app: objectionRoutes };
