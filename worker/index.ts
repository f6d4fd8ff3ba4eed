/**
 * 查一查 worker: mounts each capability; the capabilities live in their own folders.
 */
import { chinaToday } from "../shared/domain/dates";
import { authenticate } from "./auth/middleware";
import { adminRoutes } from "./admin/routes";
import { auditRoutes } from "./audit/routes";
import { withSession } from "./db/session";
import type { Env } from "./env";
import { runScheduled } from "./jobs";
import { docsRoutes } from "./docs/routes";
import { envelope, handleError } from "./http/errors";
import { apiCors, hardenedHeaders, limitBody, rateLimit } from "./http/hardening";
import { newRouter } from "./http/router";
import { healthRoutes } from "./health/routes";
import { lookupRoutes } from "./lookup/routes";
import { pageRoutes } from "./pages/routes";
import { searchRoutes } from "./search/routes";
import { evaluationRoutes } from "./evaluation/routes";
import { modelRoutes } from "./evaluation/model-routes";
import { inspectionRoutes } from "./inspections/routes";
import { reportPageRoutes, reportRoutes } from "./reports/routes";
import { changeRoutes } from "./changes/routes";
import { checkRoutes } from "./checks/routes";
import { measureRoutes } from "./measures/routes";
import { receiptPageRoutes } from "./receipts/page-routes";
import { jwksRoutes, receiptRoutes } from "./receipts/routes";
import { except } from "hono/combine";
import { INGEST_PATHS, ingestRoutes } from "./ingest/routes";
import { caseAdminRoutes } from "./cases/admin-page";
import { casePageRoutes } from "./cases/page-routes";
import { caseRoutes } from "./cases/routes";
import { objectionRoutes } from "./objections/routes";
import { repairRoutes } from "./repair/routes";

/** Default request-body limit; routes that take uploads set their own. */
const MAX_BODY_BYTES = 256 * 1024;

export const app = newRouter();

app.use("*", async (c, next) => {
  c.set("today", chinaToday());
  await next();
});
app.use("*", hardenedHeaders());
app.use("/api/*", apiCors());
/** Receipts pasted back for verification: a 100-item receipt with many hits can pass the default limit. */
const RECEIPT_PATHS = ["/api/v1/receipts/verify", "/verify"];
// Uploads stream their bodies under their own limit (worker/ingest/body.ts); the default would buffer and refuse them.
// Repair applications carry evidence files under the route's own limit (worker/repair/evidence.ts).
const REPAIR_UPLOAD_PATHS = ["/api/v1/repairs", "/repair"];
app.use("*", except([INGEST_PATHS, ...RECEIPT_PATHS, ...REPAIR_UPLOAD_PATHS], limitBody(MAX_BODY_BYTES)));
for (const path of RECEIPT_PATHS) app.use(path, limitBody(2 * 1024 * 1024));
app.use("*", withSession());
app.use("/api/*", authenticate());
app.use("*", rateLimit());

app.route("/", healthRoutes);
app.route("/", lookupRoutes);
app.route("/", searchRoutes);
app.route("/", auditRoutes);
app.route("/", ingestRoutes);
app.route("/", evaluationRoutes);
app.route("/", modelRoutes);
app.route("/", inspectionRoutes);
app.route("/", reportRoutes);
app.route("/", checkRoutes);
app.route("/", receiptRoutes);
app.route("/", measureRoutes);
app.route("/", changeRoutes);
app.route("/", jwksRoutes);
app.route("/", repairRoutes);
app.route("/", objectionRoutes);
app.route("/", caseRoutes);

app.openAPIRegistry.registerComponent("securitySchemes", "bearer", {
  type: "http",
  scheme: "bearer",
  bearerFormat: "JWT",
  description: "工作人员、数据提供单位和信用管理员的令牌（本地开发用 npm run token 签发）",
});

app.doc31("/openapi.json", (c) => ({
  openapi: "3.1.0",
  info: {
    title: "查一查 API",
    version: "1.0.0",
    description:
      "重庆市公共信用信息查询接口。所有错误均使用统一结构 { error: { code, message, details? } }；code 为稳定的机器可读错误码，message 为中文说明。",
  },
  servers: [{ url: new URL(c.req.url).origin }],
}));

app.route("/", docsRoutes);
app.route("/", pageRoutes);
app.route("/", casePageRoutes);
app.route("/", receiptPageRoutes);
app.route("/", adminRoutes);
// After adminRoutes: its /admin/* middleware (CSRF, cookie session) covers the grade report page.
app.route("/", reportPageRoutes);
app.route("/", caseAdminRoutes);

app.notFound((c) => c.json(envelope("route_not_found", `没有这个地址：${c.req.method} ${new URL(c.req.url).pathname}`), 404));
app.onError(handleError);

export default { fetch: app.fetch, scheduled: runScheduled } satisfies ExportedHandler<Env>;
