import { createRoute } from "@hono/zod-openapi";
import { CaseAccessQuery, CaseFileParam, CaseList, CaseListQuery, CaseStats, CaseView, TrackingParam } from "../../shared/contract";
import { z } from "zod";
import { assertReader } from "./access";
import { appendQueryLog } from "../audit/log";
import type { ShardRouter } from "../shards";
import { requireRole } from "../auth/middleware";
import type { Principal } from "../../shared/auth/principal";
import { ApiError } from "../http/errors";
import { AUTH_ERROR_RESPONSES, BEARER, ERROR_RESPONSES, OPTIONAL_BEARER } from "../http/responses";
import { newRouter } from "../http/router";
import type { Capability } from "../http/capability";
import { casePageRoutes } from "./page-routes";
import { auditSubjectRef } from "../lookup/profile";
import { loadWorkCalendar } from "../calendar/queries";
import { caseStatsRows, listCases, loadCase } from "./queries";
import { caseStats, toCaseSummary, toCaseView } from "./view";
import { pageSecretMatches } from "../visibility";

const statsRoute = createRoute({
  method: "get",
  path: "/api/v1/cases/stats",
  tags: ["信用修复与异议"],
  summary: "信用修复与异议处理统计（信用管理员）",
  description: "案件数、办理中、超期数、平均处理时间（工作日，自提交日至决定日）和有效异议占比（更正或删除的异议 / 已决定的异议）。",
  security: BEARER,
  middleware: [requireRole("admin")] as const,
  responses: { 200: { description: "统计", content: { "application/json": { schema: CaseStats } } }, ...ERROR_RESPONSES, ...AUTH_ERROR_RESPONSES },
});

const listRoute = createRoute({
  method: "get",
  path: "/api/v1/cases",
  tags: ["信用修复与异议"],
  summary: "案件队列：信用修复申请和异议申诉",
  description: "信用管理员看到全部案件；工作人员只看到本部门决定的案件。办理中的在前，其中超期的最先。每次读取写入查询使用登记。",
  security: BEARER,
  middleware: [requireRole("officer", "admin")] as const,
  request: { query: CaseListQuery },
  responses: { 200: { description: "案件", content: { "application/json": { schema: CaseList } } }, ...ERROR_RESPONSES, ...AUTH_ERROR_RESPONSES },
});

const getRoute = createRoute({
  method: "get",
  path: "/api/v1/cases/{tracking}",
  tags: ["信用修复与异议"],
  summary: "凭受理编号查询办理进度",
  description: [
    "状态、决定期限、办理历史和证明材料清单。申请人姓名和联系方式脱敏，信用管理员和作出决定的部门看到完整信息；工作人员的读取写入查询使用登记。",
    "社会公众须同时提供提交时返回的访问密钥 k：缺少或不符时与不存在的受理编号回答相同（404）；工作人员和信用管理员凭令牌查询。",
  ].join(""),
  security: OPTIONAL_BEARER,
  request: { params: TrackingParam, query: CaseAccessQuery },
  responses: { 200: { description: "办理进度", content: { "application/json": { schema: CaseView } } }, ...ERROR_RESPONSES, ...AUTH_ERROR_RESPONSES },
});

const fileRoute = createRoute({
  method: "get",
  path: "/api/v1/cases/{tracking}/files/{sha256}",
  tags: ["信用修复与异议"],
  summary: "下载证明材料（作出决定的部门、信用管理员）",
  description: "证明材料只提供给作出决定的部门的工作人员和信用管理员；每次下载写入查询使用登记。",
  security: BEARER,
  middleware: [requireRole("officer", "admin")] as const,
  request: { params: CaseFileParam },
  responses: {
    200: {
      description: "文件内容",
      content: Object.fromEntries(["application/pdf", "image/jpeg", "image/png"].map((t) => [t, { schema: z.string().meta({ format: "binary" }) }])),
    },
    ...ERROR_RESPONSES,
    ...AUTH_ERROR_RESPONSES,
  },
});

/** Officer and admin reads of cases are 查询使用登记 entries: scene 日常监管, purpose the tracking number or the queue. */
async function logRead(shards: ShardRouter, principal: Principal, route: string, purpose: string, subjects: string[], answer: unknown): Promise<void> {
  if (principal.role !== "officer" && principal.role !== "admin") return;
  await appendQueryLog(shards, principal, { route, scene: "supervision", purpose, subjects, answer: JSON.stringify(answer) });
}

const caseRoutes = newRouter()
  .openapi(statsRoute, async (c) => c.json(caseStats(await caseStatsRows(c.var.shards), c.var.today, await loadWorkCalendar(c.var.db)), 200))
  .openapi(listRoute, async (c) => {
    const q = c.req.valid("query");
    const principal = c.var.principal;
    const rows = await listCases(
      c.var.shards,
      { kind: q.kind, state: q.state, overdueOnly: q.overdue === "true", deciderCode: principal.role === "officer" ? principal.department : undefined, limit: q.limit },
      c.var.today,
    );
    const answer = { items: rows.map((r) => toCaseSummary(r, c.var.today)) };
    await logRead(c.var.shards, principal, "GET /api/v1/cases", "案件队列", rows.map((r) => auditSubjectRef({ code: r.subject_code, code_type: r.code_type as "uscc" })), answer);
    return c.json(answer, 200);
  })
  .openapi(fileRoute, async (c) => {
    const { tracking, sha256 } = c.req.valid("param");
    const found = await loadCase(c.var.shards, tracking);
    const file = found?.files.find((f) => f.sha256 === sha256);
    if (!found || !file) throw new ApiError(404, "not_found", `案件 ${tracking} 没有这个证明材料`);
    assertReader(c.var.principal, { code: found.row.decider_code, name: found.row.decider_name });
    const object = await c.env.EVIDENCE?.get(file.r2_key);
    if (!object) throw new ApiError(404, "not_found", `证明材料“${file.name}”已不在存储中`);
    await logRead(c.var.shards, c.var.principal, "GET /api/v1/cases/{tracking}/files/{sha256}", tracking, [auditSubjectRef({ code: found.row.subject_code, code_type: found.row.code_type as "uscc" })], file.sha256);
    return c.body(object.body, 200, {
      "content-type": file.type,
      "content-disposition": `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`,
      "x-content-type-options": "nosniff",
    }) as never;
  })
  .openapi(getRoute, async (c) => {
    const { tracking } = c.req.valid("param");
    const found = await loadCase(c.var.shards, tracking);
    // Admins and officers of the deciding unit read by role (and are logged); anyone else, other departments'
    // officers included, needs the case's secret and otherwise gets the answer of an unknown number.
    const p = c.var.principal;
    const byRole = p.role === "admin" || (p.role === "officer" && found !== null && p.department === found.row.decider_code);
    if (!found || (!byRole && !(await pageSecretMatches(c.req.valid("query").k, found.row.secret_hash)))) {
      throw new ApiError(404, "not_found", `没有受理编号为 ${tracking} 的案件`);
    }
    const view = toCaseView(found, c.var.principal, c.var.today);
    await logRead(c.var.shards, c.var.principal, "GET /api/v1/cases/{tracking}", tracking, [auditSubjectRef({ code: found.row.subject_code, code_type: found.row.code_type as "uscc" })], view);
    return c.json(view, 200);
  });

/** The API and the public /cases/{tracking} page; the admin list (/admin/cases) is mounted by worker/admin. */
export const capability: Capability = { app: newRouter().route("/", caseRoutes).route("/", casePageRoutes) };
