import { createRoute } from "@hono/zod-openapi";
import { Hono } from "hono";
import { GradeReport } from "../../shared/contract";
import { requireRole } from "../auth/middleware";
import type { AppEnv } from "../env";
import { tierStatement, toTiers } from "../evaluation/tiers";
import { AUTH_ERROR_RESPONSES, BEARER, ERROR_RESPONSES } from "../http/responses";
import { newRouter } from "../http/router";
import type { Capability } from "../http/capability";
import { gradeReport } from "./grades";
import { GradesPage } from "./page";

const grades = createRoute({
  method: "get",
  path: "/api/v1/reports/grades",
  tags: ["公共信用综合评价"],
  summary: "评价等级分布（等级 × 区县 × 行业，信用管理员）",
  security: BEARER,
  middleware: [requireRole("admin")] as const,
  responses: {
    200: { description: "等级分布", content: { "application/json": { schema: GradeReport } } },
    ...ERROR_RESPONSES,
    ...AUTH_ERROR_RESPONSES,
  },
});

const reportRoutes = newRouter().openapi(grades, async (c) => c.json(await gradeReport(c.var.shards, c.var.today), 200));

/** /admin/grades, browsed with the admin cookie session: worker/admin mounts it under its `/admin/*` middleware. */
export const reportPageRoutes = new Hono<AppEnv>().get("/admin/grades", async (c) => {
  if (c.var.principal.role !== "admin") return c.redirect("/admin/login", 303);
  const [report, tiers] = await Promise.all([gradeReport(c.var.shards, c.var.today), tierStatement(c.var.db).all()]);
  return c.html(<GradesPage report={report} tiers={[...toTiers(tiers.results).values()]} />);
});

export const capability: Capability = { app: reportRoutes };
