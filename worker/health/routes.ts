import type { Capability } from "../http/capability";
import { createRoute, z } from "@hono/zod-openapi";
import { newRouter } from "../http/router";

const Health = z.object({ ok: z.literal(true), today: z.string() }).meta({ id: "Health" });

const health = createRoute({
  method: "get",
  path: "/api/v1/health",
  tags: ["运行状态"],
  summary: "存活检查（不访问数据库）",
  responses: { 200: { description: "服务正常", content: { "application/json": { schema: Health } } } },
});

/** A route that does no work: the baseline the lookup benchmark measures against. */
const healthRoutes = newRouter().openapi(health, (c) => c.json({ ok: true as const, today: c.var.today }, 200));

export const capability: Capability = { app: healthRoutes };
