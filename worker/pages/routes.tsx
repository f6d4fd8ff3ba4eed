import { Hono } from "hono";
import type { Context } from "hono";
import { SearchQuery } from "../../shared/contract";
import type { AppEnv } from "../env";
import type { Capability } from "../http/capability";
import { newRouter } from "../http/router";
import { ApiError } from "../http/errors";
import { getProfile } from "../lookup/service";
import { parseCodeInput } from "../lookup/resolve";
import { searchSubjects } from "../search/service";
import { PUBLIC_PRINCIPAL } from "../../shared/auth/principal";
import { HomePage } from "./home";
import { ErrorPage } from "./layout";
import { SubjectPage } from "./subject";

/** A lookup answered as a page: the profile, or the error page with the status of the API's answer. */
async function profilePage(c: Context<AppEnv>, code: string) {
  try {
    const profile = await getProfile(c.var.shards, PUBLIC_PRINCIPAL, code, c.var.today);
    return c.html(<SubjectPage profile={profile} />);
  } catch (err) {
    if (!(err instanceof ApiError) || err.status >= 500) throw err;
    const problems = (err.details as { problems?: { message: string }[] } | undefined)?.problems;
    const title = err.status === 404 ? "未找到该主体" : "代码不正确";
    return c.html(<ErrorPage title={title} message={err.message} problems={problems} />, err.status);
  }
}

/**
 * The search box: names and USCC (prefixes) are searched; a full ID number or an old 15-digit 注册号 is looked up
 * directly (neither is ever searchable by prefix), with the same answer as /s/{code}.
 */
async function searchPage(c: Context<AppEnv>, raw: string | undefined, page: string | undefined) {
  if (raw === undefined || raw.trim() === "") return c.html(<HomePage />);
  const parsed = SearchQuery.safeParse({ q: raw, page });
  if (!parsed.success) return c.html(<HomePage query={raw} error={parsed.error.issues[0]?.message ?? "查询内容不正确"} />, 400);
  const code = parseCodeInput(parsed.data.q);
  if (code.ok && (code.lookup.type === "id_number" || code.lookup.type === "registration_number")) return profilePage(c, parsed.data.q);
  const result = await searchSubjects(c.var.shards, parsed.data.q, parsed.data.page);
  return c.html(<HomePage query={parsed.data.q} result={result} />);
}

/** The public site: server-rendered, Chinese, usable without JavaScript. */
const pageRoutes = new Hono<AppEnv>()
  .get("/", (c) => searchPage(c, c.req.query("q"), c.req.query("page")))
  // The site's search forms post, so what is typed (an ID number, say) never travels in a URL.
  .post("/", async (c) => {
    const form = await c.req.parseBody();
    return searchPage(c, typeof form.q === "string" ? form.q : undefined, typeof form.page === "string" ? form.page : undefined);
  })
  .get("/s/:code", (c) => profilePage(c, c.req.param("code")));

export const capability: Capability = { app: newRouter().route("/", pageRoutes) };
