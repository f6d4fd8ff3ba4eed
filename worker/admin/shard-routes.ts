import { createRoute } from "@hono/zod-openapi";
import { ShardsReport } from "../../shared/contract";
import { requireRole } from "../auth/middleware";
import { AUTH_ERROR_RESPONSES, BEARER, ERROR_RESPONSES } from "../http/responses";
import { newRouter } from "../http/router";
import type { ShardRouter } from "../shards";

const shards = createRoute({
  method: "get",
  path: "/api/v1/admin/shards",
  tags: ["运维"],
  summary: "分片数据库：桶数、主体数、记录数与大小（信用管理员）",
  security: BEARER,
  middleware: [requireRole("admin")] as const,
  responses: {
    200: { description: "各分片情况", content: { "application/json": { schema: ShardsReport } } },
    ...ERROR_RESPONSES,
    ...AUTH_ERROR_RESPONSES,
  },
});

/**
 * Each shard's buckets (from the map), row counts and size: what an operator watches to decide when to add a
 * shard (a D1 database holds at most 10 GB). The size is D1's own figure (`meta.size_after` of the count
 * query; D1 refuses the page_count pragmas).
 */
export async function shardsReport(router: ShardRouter): Promise<ShardsReport> {
  const buckets = await router.bucketsByBinding();
  const rows = await Promise.all(
    router.all().map(async ({ binding, db }) => {
      const counts = await db.prepare("SELECT (SELECT count(*) FROM subjects) AS subjects, (SELECT count(*) FROM records) AS records").all<{ subjects: number; records: number }>();
      const row = counts.results[0];
      const size = (counts.meta as { size_after?: number }).size_after ?? 0;
      return { binding, buckets: buckets.get(binding) ?? 0, subjects: row?.subjects ?? 0, records: row?.records ?? 0, sizeBytes: size };
    }),
  );
  return { shards: rows };
}

export const shardRoutes = newRouter().openapi(shards, async (c) => c.json(await shardsReport(c.var.shards), 200));
