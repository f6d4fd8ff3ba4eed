import type { Capability } from "../http/capability";
import { createRoute } from "@hono/zod-openapi";
import { ChangeFeed, ChangesQuery } from "../../shared/contract/changes";
import { appendQueryLog } from "../audit/log";
import { requireRole } from "../auth/middleware";
import type { Principal } from "../../shared/auth/principal";
import { AUTH_ERROR_RESPONSES, BEARER, ERROR_RESPONSES } from "../http/responses";
import { newRouter } from "../http/router";
import { readChanges } from "./queries";

const changes = createRoute({
  method: "get",
  path: "/api/v1/changes",
  tags: ["信用核查"],
  summary: "变更订阅：自游标以来名单或记录有变化的主体",
  description: [
    "按变更顺序列出自 since 以来名单或行政许可、处罚等记录发生变化的主体（去重），监测方只需重新核查这些主体。",
    "以返回的 next 作为下次的 since；hasMore 为 true 时继续读取。只说明哪些主体有变化，不含变化内容：",
    "重新核查（POST /api/v1/checks）才读取信用信息。工作人员和信用管理员可用；每次读取写入查询使用登记；",
    "自然人只在读取者仍可见其有效信息时列出（已修复、已到期的不再列出，信用管理员除外）。",
  ].join(""),
  security: BEARER,
  middleware: [requireRole("officer", "admin")] as const,
  request: { query: ChangesQuery },
  responses: { 200: { description: "有变化的主体", content: { "application/json": { schema: ChangeFeed } } }, ...ERROR_RESPONSES, ...AUTH_ERROR_RESPONSES },
});

const changeRoutes = newRouter().openapi(changes, async (c) => {
  const { since, limit } = c.req.valid("query");
  const principal = c.var.principal as Extract<Principal, { role: "officer" | "admin" }>;
  const feed = await readChanges(c.var.shards, principal, since, limit, c.var.today);
  // Names and (masked) codes are personal data: each read is registered (查询使用登记), one entry per request.
  await appendQueryLog(c.var.shards, principal, { route: "GET /api/v1/changes", scene: null, purpose: `变更订阅 since=${since}`, subjects: feed.items.map((i) => i.code), answer: JSON.stringify(feed) });
  return c.json(feed, 200);
});

export const capability: Capability = { app: changeRoutes };
