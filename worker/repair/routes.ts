import { createRoute } from "@hono/zod-openapi";
import { CaseView, ErrorEnvelope, FiledCase, RepairDecision, RepairForm, RepairRequest, TrackingParam } from "../../shared/contract";
import type { Capability } from "../http/capability";
import { limitBody } from "../http/hardening";
import { MAX_REPAIR_BODY_BYTES, readEvidence } from "./evidence";
import { requireRole } from "../auth/middleware";
import { deliverSoon } from "../cases/events";
import { loadCase } from "../cases/queries";
import { toCaseView, toFiledCase } from "../cases/view";
import { AUTH_ERROR_RESPONSES, BEARER, ERROR_RESPONSES, OPTIONAL_BEARER } from "../http/responses";
import { ApiError } from "../http/errors";
import { newRouter } from "../http/router";
import { acceptRepair, decideRepair, fileRepair } from "./service";

/** Both body types share one validated target type; each branch reads its own. */
type RepairFormValues = Omit<RepairRequest, "commitmentAccepted"> & { files?: unknown };
const json = (description: string, schema: typeof ErrorEnvelope) => ({ description, content: { "application/json": { schema } } });

const fileRoute = createRoute({
  method: "post",
  path: "/api/v1/repairs",
  tags: ["信用修复与异议"],
  summary: "提交信用修复申请",
  description: [
    "按统一社会信用代码和决定书文号找到要修复的行政处罚或名单记录，判断是否符合修复条件（最短公示期、不可提前修复的处罚类别、",
    "失信被执行人由法院修复等），须作出信用承诺。符合条件时受理编号为 XF-YYYYMMDD-XXXXXX，决定期限按工作日计算。",
    "不符合条件返回 422（details.rule 说明规则，details.applyFrom 为可以申请的日期）；同一信息已有办理中的申请返回 409。",
    "带证明材料时以 multipart/form-data 提交：PDF、JPEG 或 PNG（按文件内容判断），最多 5 个，每个不超过 10 MB。",
  ].join(""),
  security: OPTIONAL_BEARER,
  middleware: [limitBody(MAX_REPAIR_BODY_BYTES)] as const,
  // Not "required": with two media types, that would run both validators on every request; the handler refuses a missing body.
  request: { body: { required: false, content: { "application/json": { schema: RepairRequest }, "multipart/form-data": { schema: RepairForm } } } },
  responses: {
    201: { description: "已提交", content: { "application/json": { schema: FiledCase } } },
    413: json("文件超过 10 MB 或请求体过大（message 指明文件）", ErrorEnvelope),
    409: json("已有办理中的申请", ErrorEnvelope),
    422: json("不符合修复条件", ErrorEnvelope),
    ...ERROR_RESPONSES,
    ...AUTH_ERROR_RESPONSES,
  },
});

const acceptRoute = createRoute({
  method: "post",
  path: "/api/v1/repairs/{tracking}/accept",
  tags: ["信用修复与异议"],
  summary: "受理信用修复申请（认定部门）",
  description: "谁认定、谁修复：只有令牌所属部门为该信息认定部门的工作人员可以受理；信用管理员只监督，不受理。",
  security: BEARER,
  middleware: [requireRole("officer", "admin")] as const,
  request: { params: TrackingParam },
  responses: { 200: { description: "已受理", content: { "application/json": { schema: CaseView } } }, 409: json("状态不允许受理", ErrorEnvelope), ...ERROR_RESPONSES, ...AUTH_ERROR_RESPONSES },
});

const decideRoute = createRoute({
  method: "post",
  path: "/api/v1/repairs/{tracking}/decision",
  tags: ["信用修复与异议"],
  summary: "作出信用修复决定（认定部门）",
  description: [
    "予以修复（须先受理）：该信息停止公示、不再用于核查结论和报告、评价随之更新，状态历史记录决定人和理由，变更订阅通知监测方；",
    "不予修复须说明理由。只有认定部门的工作人员可以决定。",
  ].join(""),
  security: BEARER,
  middleware: [requireRole("officer", "admin")] as const,
  request: { params: TrackingParam, body: { required: true, content: { "application/json": { schema: RepairDecision } } } },
  responses: {
    200: { description: "已决定", content: { "application/json": { schema: CaseView } } },
    409: json("状态不允许决定", ErrorEnvelope),
    422: json("信息已不符合修复条件", ErrorEnvelope),
    ...ERROR_RESPONSES,
    ...AUTH_ERROR_RESPONSES,
  },
});

const repairRoutes = newRouter()
  .openapi(fileRoute, async (c) => {
    const type = (c.req.header("content-type") ?? "").toLowerCase();
    const isForm = type.startsWith("multipart/form-data") || type.startsWith("application/x-www-form-urlencoded");
    if (!isForm && !/^application\/([a-z-.]+\+)?json/.test(type)) {
      throw new ApiError(400, "invalid_request", "请求体应为 JSON 或 multipart/form-data", [{ field: "body", expected: "object", message: "缺少请求体" }]);
    }
    let filed;
    if (isForm) {
      const { files, ...form } = c.req.valid("form") as RepairFormValues;
      const list = (Array.isArray(files) ? files : files === undefined ? [] : [files]).filter((f: unknown): f is File => f instanceof File);
      const evidence = await readEvidence(list);
      filed = await fileRepair(c.var.shards, c.env, { ...form, commitmentAccepted: true }, c.var.today, new Date(), evidence);
    } else {
      filed = await fileRepair(c.var.shards, c.env, c.req.valid("json") as RepairRequest, c.var.today);
    }
    deliverSoon(c);
    return c.json(toFiledCase(filed), 201);
  })
  .openapi(acceptRoute, async (c) => {
    const { tracking } = c.req.valid("param");
    await acceptRepair(c.var.shards, c.env, c.var.principal, tracking);
    deliverSoon(c);
    return c.json(toCaseView((await loadCase(c.var.shards, tracking))!, c.var.principal, c.var.today), 200);
  })
  .openapi(decideRoute, async (c) => {
    const { tracking } = c.req.valid("param");
    await decideRepair(c.var.shards, c.env, c.var.principal, tracking, c.req.valid("json"), c.var.today);
    deliverSoon(c);
    return c.json(toCaseView((await loadCase(c.var.shards, tracking))!, c.var.principal, c.var.today), 200);
  });

/** Applications carry evidence files: the route sets its own limit (worker/repair/evidence.ts). */
export const capability: Capability = { app: repairRoutes, ownBodyLimit: ["/api/v1/repairs"] };
