import type { Capability } from "../http/capability";
import { createRoute } from "@hono/zod-openapi";
import { ErrorEnvelope, MAX_WATCH_ITEMS, WatchIdParam, WatchlistPage, WatchlistQuery, WatchlistRequest, WatchlistResult } from "../../shared/contract";
import { requireRole } from "../auth/middleware";
import type { Principal } from "../../shared/auth/principal";
import { AUTH_ERROR_RESPONSES, BEARER, ERROR_RESPONSES } from "../http/responses";
import { newRouter } from "../http/router";
import { addWatches, listWatches, removeWatch } from "./service";

type Officer = Extract<Principal, { role: "officer" }>;

const postWatchlist = createRoute({
  method: "post",
  path: "/api/v1/watchlist",
  tags: ["监控"],
  summary: `监控主体：一个（code、reason、until）或批量（items，至多 ${MAX_WATCH_ITEMS} 个）`,
  description:
    "被监控主体发生变更时，一分钟内生成监控提醒（GET /api/v1/alerts）。reason 写项目编号或审批文号，until 为监控截止日期。" +
    "批量时逐项返回结果：代码有误（invalid_code）或库中没有（not_found）只影响该项。添加监控写入查询使用登记（场景 + 事由）。" +
    "每位工作人员同时监控的主体数有上限（WATCHLIST_LIMIT，默认 5000），超出时返回 409 watchlist_full 并说明上限。",
  security: BEARER,
  middleware: [requireRole("officer")] as const,
  request: { body: { required: true, content: { "application/json": { schema: WatchlistRequest } } } },
  responses: {
    200: { description: "逐项结果", content: { "application/json": { schema: WatchlistResult } } },
    409: { description: "监控名单已满（watchlist_full，details.limit 为上限）", content: { "application/json": { schema: ErrorEnvelope } } },
    ...ERROR_RESPONSES,
    ...AUTH_ERROR_RESPONSES,
  },
});

const getWatchlist = createRoute({
  method: "get",
  path: "/api/v1/watchlist",
  tags: ["监控"],
  summary: "监控名单（工作人员看自己的；信用管理员看全部或某位工作人员的）",
  security: BEARER,
  middleware: [requireRole("officer", "admin")] as const,
  request: { query: WatchlistQuery },
  responses: {
    200: { description: "监控名单（按编号分页）", content: { "application/json": { schema: WatchlistPage } } },
    ...ERROR_RESPONSES,
    ...AUTH_ERROR_RESPONSES,
  },
});

const deleteWatch = createRoute({
  method: "delete",
  path: "/api/v1/watchlist/{id}",
  tags: ["监控"],
  summary: "取消一项监控（已生成的提醒保留）",
  security: BEARER,
  middleware: [requireRole("officer")] as const,
  request: { params: WatchIdParam },
  responses: {
    204: { description: "已取消" },
    ...ERROR_RESPONSES,
    ...AUTH_ERROR_RESPONSES,
  },
});

export const watchlistRoutes = newRouter()
  .openapi(postWatchlist, async (c) => {
    const result = await addWatches(c.var.shards, c.env, c.var.principal as Officer, c.req.valid("json"), c.var.today, new Date());
    return c.json(result, 200);
  })
  .openapi(getWatchlist, async (c) => {
    const principal = c.var.principal as Extract<Principal, { role: "officer" | "admin" }>;
    return c.json(await listWatches(c.var.shards, c.env, principal, c.req.valid("query"), c.var.today), 200);
  })
  .openapi(deleteWatch, async (c) => {
    await removeWatch(c.var.shards, c.var.principal as Officer, c.req.valid("param").id, new Date());
    return c.body(null, 204);
  });

export const capability: Capability = { app: watchlistRoutes };
