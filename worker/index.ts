/**
 * 查一查 worker: the middleware every request passes through, then each capability's sub-app, mounted once.
 * The capabilities live in their own folders (docs/architecture.md); this file only lists them.
 */
import { except } from "hono/combine";
import { chinaToday } from "../shared/domain/dates";
import { capability as admin } from "./admin/routes";
import { handleAlertQueue, notifyAlerts } from "./alerts/notify";
import { capability as alerts } from "./alerts/routes";
import { capability as audit } from "./audit/routes";
import { capability as calendar } from "./calendar/routes";
import { authenticate } from "./auth/middleware";
import { capability as cases } from "./cases/routes";
import { capability as changes } from "./changes/routes";
import { capability as checks } from "./checks/routes";
import { capability as commitments } from "./commitments/routes";
import { withSession } from "./db/session";
import { capability as docs } from "./docs/routes";
import type { AlertMessage, Env } from "./env";
import { capability as evaluation } from "./evaluation/routes";
import { capability as filing } from "./filing/routes";
import { capability as health } from "./health/routes";
import type { Capability } from "./http/capability";
import { envelope, handleError } from "./http/errors";
import { apiCors, hardenedHeaders, limitBody, rateLimit } from "./http/hardening";
import { newRouter } from "./http/router";
import { capability as ingest } from "./ingest/routes";
import { capability as inspections } from "./inspections/routes";
import { runScheduled } from "./jobs";
import { capability as lookup } from "./lookup/routes";
import { capability as measures } from "./measures/routes";
import { capability as me } from "./me/routes";
import { capability as objections } from "./objections/routes";
import { capability as pages } from "./pages/routes";
import { capability as receipts } from "./receipts/routes";
import { capability as repair } from "./repair/routes";
import { capability as reports } from "./reports/routes";
import { capability as search } from "./search/routes";
import { capability as watchlist } from "./watchlist/routes";

/** Every capability, each one sub-app with its API routes and pages; order does not matter. */
const CAPABILITIES: readonly Capability[] = [
  health, me, lookup, search, audit, ingest, evaluation, inspections, reports, checks, receipts, measures, changes,
  repair, objections, cases, calendar, filing, pages, docs, admin, watchlist, alerts, commitments,
];

/** Default request-body limit; capabilities that take uploads set their own (`ownBodyLimit`). */
const MAX_BODY_BYTES = 256 * 1024;

export const app = newRouter();

app.use("*", async (c, next) => {
  c.set("today", chinaToday());
  await next();
});
app.use("*", hardenedHeaders());
app.use("/api/*", apiCors());
app.use("*", except(CAPABILITIES.flatMap((cap) => cap.ownBodyLimit ?? []), limitBody(MAX_BODY_BYTES)));
app.use("*", withSession());
app.use("/api/*", authenticate());
app.use("*", rateLimit());
app.use("/api/*", notifyAlerts());

for (const cap of CAPABILITIES) app.route("/", cap.app);

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

app.notFound((c) => c.json(envelope("route_not_found", `没有这个地址：${c.req.method} ${new URL(c.req.url).pathname}`), 404));
app.onError(handleError);

export default { fetch: app.fetch, scheduled: runScheduled, queue: handleAlertQueue } satisfies ExportedHandler<Env, AlertMessage>;
