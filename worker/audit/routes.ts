import type { Capability } from "../http/capability";
import { createRoute } from "@hono/zod-openapi";
import { AuditPage, AuditQuery } from "../../shared/contract";
import { requireRole } from "../auth/middleware";
import { AUTH_ERROR_RESPONSES, BEARER, ERROR_RESPONSES } from "../http/responses";
import { newRouter } from "../http/router";
import { auditCsv, searchAudit } from "./queries";

const audit = createRoute({
  method: "get",
  path: "/api/v1/audit",
  tags: ["查询使用登记"],
  summary: "检索查询使用登记（信用管理员）",
  description: "按查询人、被查询主体、日期和场景检索；format=csv 导出。每条登记带前一条的哈希（哈希链），npm run audit:verify 可校验。",
  security: BEARER,
  middleware: [requireRole("admin")] as const,
  request: { query: AuditQuery },
  responses: {
    200: {
      description: "登记列表，或 CSV 文件",
      content: { "application/json": { schema: AuditPage }, "text/csv": { schema: { type: "string" } } },
    },
    ...ERROR_RESPONSES,
    ...AUTH_ERROR_RESPONSES,
  },
});

const auditRoutes = newRouter().openapi(audit, async (c) => {
  const query = c.req.valid("query");
  if (query.format === "csv") {
    const result = await searchAudit(c.var.db, query, true);
    return c.body(auditCsv(result.items), 200, {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="audit-${c.var.today}.csv"`,
    });
  }
  return c.json(await searchAudit(c.var.db, query), 200);
});

export const capability: Capability = { app: auditRoutes };
