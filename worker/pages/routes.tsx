import { Hono } from "hono";
import { SearchQuery } from "../../shared/contract";
import type { AppEnv } from "../env";
import { ApiError } from "../http/errors";
import { getProfile } from "../lookup/service";
import { searchSubjects } from "../search/service";
import { PUBLIC_PRINCIPAL } from "../auth/principal";
import { HomePage } from "./home";
import { ErrorPage } from "./layout";
import { SubjectPage } from "./subject";

/** The public site: server-rendered, Chinese, usable without JavaScript. */
export const pageRoutes = new Hono<AppEnv>()
  .get("/", async (c) => {
    const raw = c.req.query("q");
    if (raw === undefined || raw.trim() === "") return c.html(<HomePage />);
    const parsed = SearchQuery.safeParse({ q: raw, page: c.req.query("page") });
    if (!parsed.success) {
      return c.html(<HomePage query={raw} error={parsed.error.issues[0]?.message ?? "查询内容不正确"} />, 400);
    }
    const result = await searchSubjects(c.var.db, parsed.data.q, parsed.data.page);
    return c.html(<HomePage query={parsed.data.q} result={result} />);
  })
  .get("/s/:code", async (c) => {
    try {
      const profile = await getProfile(c.var.db, PUBLIC_PRINCIPAL, c.req.param("code"), c.var.today);
      return c.html(<SubjectPage profile={profile} />);
    } catch (err) {
      if (!(err instanceof ApiError) || err.status >= 500) throw err;
      const problems = (err.details as { problems?: { message: string }[] } | undefined)?.problems;
      const title = err.status === 404 ? "未找到该主体" : "代码不正确";
      return c.html(<ErrorPage title={title} message={err.message} problems={problems} />, err.status);
    }
  });
