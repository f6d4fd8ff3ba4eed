import { env, exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { ADMIN, OFFICER, PROVIDER, bearer, token } from "./tokens";

const CODE = "91350100M000100Y43"; // the standard's own example code
const url = (query = "") => `http://x/api/v1/subjects/${CODE}${query}`;
/** Another subject for the token-acceptance tests, so their logged queries do not count for CODE. */
const OTHER = "91310115591693856A";
const otherUrl = "http://x/api/v1/subjects/91310115591693856A?scene=政府采购&purpose=CQZC-2026-001";
const get = (path: string, headers: Record<string, string> = {}) => exports.default.fetch(path, { headers });

beforeAll(async () => {
  await env.DB.prepare(
    "INSERT INTO subjects (id, code, code_type, kind, name, region_code) VALUES (1, ?1, 'uscc', 'enterprise', '福建测试样例有限公司', '350100')",
  ).bind(CODE).run();
  await env.DB.prepare("INSERT INTO subjects (id, code, code_type, kind, name, region_code) VALUES (2, ?1, 'uscc', 'enterprise', '上海测试样例有限公司', '310115')").bind(OTHER).run();
});

async function reason(res: Response) {
  const body = (await res.json()) as { error: { code: string; details?: { reason?: string } } };
  return { status: res.status, code: body.error.code, reason: body.error.details?.reason };
}

describe("token failures each get a 401 that says which", () => {
  const withOfficerQuery = "?scene=政府采购&purpose=CQZC-2026-001";
  it("malformed Authorization header", async () => {
    expect(await reason(await get(url(withOfficerQuery), { authorization: "Token abc" }))).toEqual({ status: 401, code: "unauthorized", reason: "malformed" });
  });
  it("malformed token", async () => {
    expect(await reason(await get(url(withOfficerQuery), bearer("not.a.jwt")))).toEqual({ status: 401, code: "unauthorized", reason: "malformed" });
  });
  it("expired", async () => {
    const t = await token(OFFICER, { expiresAt: Math.floor(Date.now() / 1000) - 120 });
    expect(await reason(await get(url(withOfficerQuery), bearer(t)))).toEqual({ status: 401, code: "unauthorized", reason: "expired" });
  });
  it("wrong issuer", async () => {
    const t = await token(OFFICER, { issuer: "https://evil.example" });
    expect(await reason(await get(url(withOfficerQuery), bearer(t)))).toEqual({ status: 401, code: "unauthorized", reason: "wrong_issuer" });
  });
  it("wrong audience", async () => {
    const t = await token(OFFICER, { audience: "another-system" });
    expect(await reason(await get(url(withOfficerQuery), bearer(t)))).toEqual({ status: 401, code: "unauthorized", reason: "wrong_audience" });
  });
  it("unknown kid", async () => {
    const t = await token(OFFICER, { kid: "no-such-key" });
    expect(await reason(await get(url(withOfficerQuery), bearer(t)))).toEqual({ status: 401, code: "unauthorized", reason: "unknown_kid" });
  });
  it("bad signature (right kid, another key)", async () => {
    const t = await token(OFFICER, { foreignKey: true });
    expect(await reason(await get(url(withOfficerQuery), bearer(t)))).toEqual({ status: 401, code: "unauthorized", reason: "bad_signature" });
  });
  it("a typ that is not an access token's (a logout token, a DPoP proof, none at all)", async () => {
    for (const typ of ["logout+jwt", "dpop+jwt", "JOSE", null]) {
      const t = await token(OFFICER, { typ });
      expect(await reason(await get(otherUrl, bearer(t))), String(typ)).toEqual({ status: 401, code: "unauthorized", reason: "wrong_type" });
    }
  });
  it("typ as identity providers send it: JWT, at+jwt, application/at+jwt (any case)", async () => {
    for (const typ of ["JWT", "jwt", "at+jwt", "application/at+jwt", "AT+JWT"]) {
      expect((await get(otherUrl, bearer(await token(OFFICER, { typ })))).status, typ).toBe(200);
    }
  });
  it("a locally issued token older than 12 hours, whatever its exp", async () => {
    const now = Math.floor(Date.now() / 1000);
    const old = await token(OFFICER, { issuedAt: now - 12 * 3600 - 61, expiresAt: now + 30 * 86_400 });
    expect(await reason(await get(otherUrl, bearer(old)))).toEqual({ status: 401, code: "unauthorized", reason: "too_old" });
    // Just inside the limit (the 60 s skew included) it is still good.
    const young = await token(OFFICER, { issuedAt: now - 12 * 3600 + 30, expiresAt: now + 3600 });
    expect((await get(otherUrl, bearer(young))).status).toBe(200);
  });
  it("60 seconds of clock skew: exp, nbf and iat just across the line pass, further out fail", async () => {
    const now = Math.floor(Date.now() / 1000);
    const ok = async (t: string) => (await get(otherUrl, bearer(t))).status;
    expect(await ok(await token(OFFICER, { expiresAt: now - 30 }))).toBe(200);
    expect(await reason(await get(otherUrl, bearer(await token(OFFICER, { expiresAt: now - 90 }))))).toMatchObject({ reason: "expired" });
    expect(await ok(await token(OFFICER, { notBefore: now + 30 }))).toBe(200);
    expect(await reason(await get(otherUrl, bearer(await token(OFFICER, { notBefore: now + 120 }))))).toMatchObject({ reason: "not_yet_valid" });
    expect(await ok(await token(OFFICER, { issuedAt: now + 30 }))).toBe(200);
    expect(await reason(await get(otherUrl, bearer(await token(OFFICER, { issuedAt: now + 120 }))))).toMatchObject({ reason: "not_yet_valid" });
  });
  it("missing identity claims", async () => {
    const t = await token({ role: "officer", sub: "x", name: "李四" });
    expect(await reason(await get(url(withOfficerQuery), bearer(t)))).toEqual({ status: 401, code: "unauthorized", reason: "invalid_claims" });
  });
});

describe("roles on the subject lookup", () => {
  it("the public reads without a token, and nothing is logged", async () => {
    const res = await get(url());
    expect(res.status).toBe(200);
    expect(((await res.json()) as { viewerRole: string }).viewerRole).toBe("public");
  });
  it("an officer must give scene and purpose (400 naming both fields)", async () => {
    const res = await get(url(), bearer(await token(OFFICER)));
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; details: { field: string }[] } };
    expect(body.error.code).toBe("invalid_request");
    expect(body.error.details.map((d) => d.field)).toEqual(["query.scene", "query.purpose"]);
  });
  it("an officer outside the token's scenes gets a 403 naming the scene", async () => {
    const res = await get(url("?scene=融资授信&purpose=X"), bearer(await token(OFFICER)));
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ error: { code: "forbidden", details: { requiredScene: "financing" } } });
  });
  it("a provider token may not read subject data (403)", async () => {
    const res = await get(url("?scene=政府采购&purpose=X"), bearer(await token(PROVIDER)));
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ error: { code: "forbidden", details: { requiredRoles: ["officer", "admin"], role: "provider" } } });
  });
  it("an officer in scene reads and exactly one audit entry is written", async () => {
    const before = await env.DB.prepare("SELECT count(*) AS n FROM query_log").first<{ n: number }>();
    const res = await get(url("?scene=政府采购&purpose=CQZC-2026-0381"), bearer(await token(OFFICER)));
    expect(res.status).toBe(200);
    const body = await res.text();
    const after = await env.DB.prepare("SELECT * FROM query_log ORDER BY id DESC LIMIT 1").first<Record<string, unknown>>();
    const count = await env.DB.prepare("SELECT count(*) AS n FROM query_log").first<{ n: number }>();
    expect(count!.n - before!.n).toBe(1);
    expect(after).toMatchObject({ actor: "officer-1", actor_name: "张三", role: "officer", scene: "procurement", purpose: "CQZC-2026-0381" });
    const digest = [...new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(body)))].map((b) => b.toString(16).padStart(2, "0")).join("");
    expect(after!.answer_digest).toBe(digest);
    const subjects = await env.DB.prepare("SELECT subject_code FROM query_log_subjects WHERE log_id = ?").bind(after!.id).all();
    expect(subjects.results).toEqual([{ subject_code: CODE }]);
  });
  it("an admin reads with an optional purpose", async () => {
    const res = await get(url(), bearer(await token(ADMIN)));
    expect(res.status).toBe(200);
    expect(((await res.json()) as { viewerRole: string }).viewerRole).toBe("admin");
  });
  it("the public page counts official queries without identities", async () => {
    const res = await get(url());
    const body = (await res.json()) as { officialQueries90d: number };
    expect(body.officialQueries90d).toBe(2);
    expect(JSON.stringify(body)).not.toContain("张三");
  });
});
