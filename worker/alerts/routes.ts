import type { Capability } from "../http/capability";
import { createRoute } from "@hono/zod-openapi";
import { AlertPage, AlertsQuery, AlertsReadRequest, AlertsReadResult } from "../../shared/contract";
import { appendQueryLog } from "../audit/log";
import { requireRole } from "../auth/middleware";
import type { Principal } from "../../shared/auth/principal";
import { AUTH_ERROR_RESPONSES, BEARER, ERROR_RESPONSES } from "../http/responses";
import { newRouter } from "../http/router";
import { alertPage, markRead } from "./view";

type Officer = Extract<Principal, { role: "officer" }>;

const getAlerts = createRoute({
  method: "get",
  path: "/api/v1/alerts",
  tags: ["监控"],
  summary: "我的监控提醒（按编号递增；unread=true 只看未读）",
  description:
    "被监控主体发生变更（新增或更正的行政处罚、列入或移出名单、评价等级变化、异议标记、登记状态变化、信用承诺及其核查结果）后一分钟内生成提醒。" +
    "提醒显示的内容按您的角色和场景的可见范围决定：已信用修复、已停止公示的信息不显示详情。返回 unread 为未读总数。",
  security: BEARER,
  middleware: [requireRole("officer")] as const,
  request: { query: AlertsQuery },
  responses: {
    200: { description: "提醒列表", content: { "application/json": { schema: AlertPage } } },
    ...ERROR_RESPONSES,
    ...AUTH_ERROR_RESPONSES,
  },
});

const postRead = createRoute({
  method: "post",
  path: "/api/v1/alerts/read",
  tags: ["监控"],
  summary: "把提醒标记为已读（ids 或 all: true）",
  security: BEARER,
  middleware: [requireRole("officer")] as const,
  request: { body: { required: true, content: { "application/json": { schema: AlertsReadRequest } } } },
  responses: {
    200: { description: "标记的条数与剩余未读数", content: { "application/json": { schema: AlertsReadResult } } },
    ...ERROR_RESPONSES,
    ...AUTH_ERROR_RESPONSES,
  },
});

export const alertRoutes = newRouter()
  .openapi(getAlerts, async (c) => {
    const q = c.req.valid("query");
    const officer = c.var.principal as Officer;
    const page = await alertPage(c.var.shards, officer, { since: q.since, unread: q.unread, limit: q.limit, today: c.var.today });
    // Alert details are credit information: each read is registered (查询使用登记), one entry per request; each
    // watch was registered under its own scene, so the entry names none.
    await appendQueryLog(c.var.shards, officer, { route: "GET /api/v1/alerts", scene: null, purpose: "监控提醒", subjects: [...new Set(page.items.map((i) => i.subject.code))], answer: JSON.stringify(page) });
    return c.json(page, 200);
  })
  .openapi(postRead, async (c) => {
    const body = c.req.valid("json");
    return c.json(await markRead(c.var.shards, c.var.principal as Officer, body, new Date()), 200);
  });

export const capability: Capability = { app: alertRoutes };
