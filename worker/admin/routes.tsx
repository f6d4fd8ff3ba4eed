import { Hono } from "hono";
import { deleteCookie, setCookie } from "hono/cookie";
import { csrf } from "hono/csrf";
import { AuditQuery } from "../../shared/contract";
import { auditCsv, searchAudit } from "../audit/queries";
import { tokenVerification } from "../auth/keys";
import { verifyToken } from "../auth/verify";
import type { AppEnv } from "../env";
import { ApiError } from "../http/errors";
import type { Capability } from "../http/capability";
import { newRouter } from "../http/router";
import { shardMoveRoutes } from "./shard-move-route";
import { shardRoutes } from "./shard-routes";
import { caseAdminRoutes } from "../cases/admin-page";
import { reportPageRoutes } from "../reports/routes";
import { ErrorPage } from "../pages/layout";
import { AuditListPage, LoginPage } from "./pages";
import { ADMIN_COOKIE, adminSession } from "./session";

/**
 * Admin pages: browsed with a cookie session; everything else an admin does goes through the API. This app owns
 * `/admin/*`: its middleware (CSRF check, cookie session) runs first, then the admin pages other capabilities
 * render (grade report, case list), mounted here so no mount order elsewhere has to be remembered.
 */
const adminRoutes = new Hono<AppEnv>()
  .use("/admin/*", csrf(), adminSession())
  .get("/admin/login", (c) => c.html(<LoginPage />))
  .post("/admin/login", async (c) => {
    const form = await c.req.parseBody();
    const token = typeof form.token === "string" ? form.token.trim() : "";
    const verification = tokenVerification(c.env);
    try {
      if (!token || !verification) throw new ApiError(401, "unauthorized", "请粘贴令牌");
      const principal = await verifyToken(token, verification);
      if (principal.role !== "admin") throw new ApiError(403, "forbidden", "该令牌不是信用管理员令牌");
    } catch (err) {
      const message = err instanceof ApiError ? err.message : "令牌无效";
      return c.html(<LoginPage error={message} />, 401);
    }
    setCookie(c, ADMIN_COOKIE, token, {
      httpOnly: true,
      sameSite: "Strict",
      secure: new URL(c.req.url).protocol === "https:",
      path: "/admin",
      maxAge: 8 * 3600,
    });
    return c.redirect("/admin/audit", 303);
  })
  .post("/admin/logout", (c) => {
    deleteCookie(c, ADMIN_COOKIE, { path: "/admin" });
    return c.redirect("/admin/login", 303);
  })
  .get("/admin/audit", async (c) => {
    if (c.var.principal.role !== "admin") return c.redirect("/admin/login", 303);
    const parsed = AuditQuery.safeParse(c.req.query());
    if (!parsed.success) return c.html(<ErrorPage title="筛选条件不正确" message={parsed.error.issues[0]?.message ?? ""} />, 400);
    const query = parsed.data;
    const params = new URLSearchParams(Object.entries(c.req.query()).filter(([k, v]) => v && k !== "page" && k !== "format"));
    if (query.format === "csv") {
      const result = await searchAudit(c.var.db, query, true);
      return c.body(auditCsv(result.items), 200, {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="audit-${c.var.today}.csv"`,
      });
    }
    const result = await searchAudit(c.var.db, query);
    return c.html(
      <AuditListPage
        query={query}
        result={result}
        csvHref={`/admin/audit?${new URLSearchParams([...params, ["format", "csv"]])}`}
        pageHref={(page) => `/admin/audit?${new URLSearchParams([...params, ["page", String(page)]])}`}
      />,
    );
  });

export const capability: Capability = {
  app: newRouter().route("/", adminRoutes.route("/", reportPageRoutes).route("/", caseAdminRoutes)).route("/", shardRoutes).route("/", shardMoveRoutes),
};
