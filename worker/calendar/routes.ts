import type { Capability } from "../http/capability";
import { createRoute } from "@hono/zod-openapi";
import { CalendarArrangementInput, CalendarUpdate, CalendarYear, CalendarYearParam } from "../../shared/contract/calendar";
import { arrangementProblems } from "../../shared/domain/workdays";
import { requireRole } from "../auth/middleware";
import { ApiError } from "../http/errors";
import { AUTH_ERROR_RESPONSES, BEARER, ERROR_RESPONSES } from "../http/responses";
import { newRouter } from "../http/router";
import { recomputeDeadlines } from "./deadlines";
import { calendarYear, loadWorkCalendar, saveArrangementStatement } from "./queries";

const TAGS = ["工作日历"];

const getYear = createRoute({
  method: "get",
  path: "/api/v1/calendar/{year}",
  tags: TAGS,
  summary: "某年的节假日安排（工作日历）",
  description: [
    "信用修复（3 个工作日）、异议（5 个工作日）的决定期限和双公示 7 个工作日及时率按工作日计算。",
    "返回该年的放假日期和调休上班日期及其来源：信用管理员录入的国务院办公厅通知（优先），或 chinese-days 软件包。",
    "covered 为 false 表示尚无该年安排：按周一至周五计算，涉及该年的期限和及时率标为暂定。工作人员和信用管理员可查看。",
  ].join(""),
  security: BEARER,
  middleware: [requireRole("officer", "admin")] as const,
  request: { params: CalendarYearParam },
  responses: { 200: { description: "该年的安排", content: { "application/json": { schema: CalendarYear } } }, ...ERROR_RESPONSES, ...AUTH_ERROR_RESPONSES },
});

const putYear = createRoute({
  method: "put",
  path: "/api/v1/calendar/{year}",
  tags: TAGS,
  summary: "录入某年的节假日安排（信用管理员）",
  description: [
    "按国务院办公厅当年的节假日安排通知录入：holidays 为放假日期（含放假期间的周末），workdays 为调休上班日期（周六或周日），source 为通知标题。",
    "日期须为该年内的有效日期，同一日期不能同时出现在两个列表中。录入后优先于软件包数据，并立即重新计算涉及该年或期限为暂定的案件的决定期限（写入案件办理历史）。",
  ].join(""),
  security: BEARER,
  middleware: [requireRole("admin")] as const,
  request: { params: CalendarYearParam, body: { required: true, content: { "application/json": { schema: CalendarArrangementInput } } } },
  responses: { 200: { description: "已保存的安排和重算结果", content: { "application/json": { schema: CalendarUpdate } } }, ...ERROR_RESPONSES, ...AUTH_ERROR_RESPONSES },
});

const calendarRoutes = newRouter()
  .openapi(getYear, async (c) => c.json(await calendarYear(c.var.db, c.req.valid("param").year), 200))
  .openapi(putYear, async (c) => {
    const { year } = c.req.valid("param");
    const input = c.req.valid("json");
    const problems = arrangementProblems(year, input);
    const first = problems[0];
    if (first) {
      throw new ApiError(400, "invalid_request", `参数 ${first.field} 不正确：${first.message}`, problems.map((p) => ({ field: p.field, expected: "date", message: p.message })));
    }
    const principal = c.var.principal;
    const actor = `admin:${principal.role === "admin" ? principal.id : ""}`;
    const now = new Date();
    await saveArrangementStatement(c.var.db, year, input, principal.role === "admin" ? principal.id : "", now).run();
    // Cases live in their subjects' shards: each shard's deadlines are recomputed (one batch per shard).
    const calendar = await loadWorkCalendar(c.var.db);
    const perShard = await Promise.all(c.var.shards.all().map((shard) => recomputeDeadlines(shard.db, c.env, calendar, year, actor, now)));
    const recomputed = { cases: perShard.reduce((n, r) => n + r.cases, 0), stillProvisional: perShard.reduce((n, r) => n + r.stillProvisional, 0) };
    return c.json({ ...(await calendarYear(c.var.db, year)), recomputed }, 200);
  });

export const capability: Capability = { app: calendarRoutes };
