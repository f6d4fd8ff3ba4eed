/**
 * 查一查 worker: the middleware every request passes through, then each capability's routes. The
 * capabilities live in their own folders (docs/architecture.md); this file only mounts them.
 */
import { except } from "hono/combine";
import { chinaToday } from "../shared/domain/dates";
import { adminRoutes } from "./admin/routes";
import { handleAlertQueue, notifyAlerts } from "./alerts/notify";
import { alertRoutes } from "./alerts/routes";
import { auditRoutes } from "./audit/routes";
import { calendarRoutes } from "./calendar/routes";
import { authenticate } from "./auth/middleware";
import { caseAdminRoutes } from "./cases/admin-page";
import { casePageRoutes } from "./cases/page-routes";
import { filingPageRoutes } from "./filing/routes";
import { caseRoutes } from "./cases/routes";
import { changeRoutes } from "./changes/routes";
import { commitmentRoutes } from "./commitments/routes";
import { checkRoutes } from "./checks/routes";
import { withSession } from "./db/session";
import { docsRoutes } from "./docs/routes";
import type { AlertMessage, Env } from "./env";
import { modelRoutes } from "./evaluation/model-routes";
import { evaluationRoutes } from "./evaluation/routes";
import { healthRoutes } from "./health/routes";
import { envelope, handleError } from "./http/errors";
import { apiCors, hardenedHeaders, limitBody, rateLimit } from "./http/hardening";
import { newRouter } from "./http/router";
import { INGEST_PATHS, ingestRoutes } from "./ingest/routes";
import { inspectionRoutes } from "./inspections/routes";
import { runScheduled } from "./jobs";
import { lookupRoutes } from "./lookup/routes";
import { measureRoutes } from "./measures/routes";
import { meRoutes } from "./me/routes";
import { objectionRoutes } from "./objections/routes";
import { pageRoutes } from "./pages/routes";
import { receiptPageRoutes } from "./receipts/page-routes";
import { jwksRoutes, receiptRoutes } from "./receipts/routes";
import { repairRoutes } from "./repair/routes";
import { reportPageRoutes, reportRoutes } from "./reports/routes";
import { searchRoutes } from "./search/routes";
import { watchlistRoutes } from "./watchlist/routes";

/** Default request-body limit; routes that take uploads set their own. */
const MAX_BODY_BYTES = 256 * 1024;
/** Receipts and reports pasted back for verification. */
const RECEIPT_PATHS = ["/api/v1/receipts/verify", "/verify"];
/** Repair applications with evidence files. */
const REPAIR_UPLOAD_PATHS = ["/api/v1/repairs", "/repair"];

export const app = newRouter();

app.use("*", async (c, next) => {
  c.set("today", chinaToday());
  await next();
});
app.use("*", hardenedHeaders());
app.use("/api/*", apiCors());
// Request-body limits: the default everywhere, except where a route sets its own — uploads stream under theirs
// (worker/ingest/body.ts, worker/repair/evidence.ts), and a pasted 100-item receipt can pass 256 KB.
app.use("*", except([INGEST_PATHS, ...RECEIPT_PATHS, ...REPAIR_UPLOAD_PATHS], limitBody(MAX_BODY_BYTES)));
for (const path of RECEIPT_PATHS) app.use(path, limitBody(2 * 1024 * 1024));
app.use("*", withSession());
app.use("/api/*", authenticate());
app.use("*", rateLimit());
app.use("/api/*", notifyAlerts());

app.route("/", healthRoutes);
app.route("/", meRoutes);
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
app.route("/", calendarRoutes);
app.route("/", watchlistRoutes);
app.route("/", alertRoutes);
app.route("/", commitmentRoutes);

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
app.route("/", filingPageRoutes);
app.route("/", casePageRoutes);
app.route("/", receiptPageRoutes);
app.route("/", adminRoutes);
// After adminRoutes: its /admin/* middleware (CSRF, cookie session) covers the grade report page.
app.route("/", reportPageRoutes);
app.route("/", caseAdminRoutes);

app.notFound((c) => c.json(envelope("route_not_found", `没有这个地址：${c.req.method} ${new URL(c.req.url).pathname}`), 404));
app.onError(handleError);

export default { fetch: app.fetch, scheduled: runScheduled, queue: handleAlertQueue } satisfies ExportedHandler<Env, AlertMessage>;
