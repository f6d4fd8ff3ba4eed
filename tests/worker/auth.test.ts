import { env, exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { ADMIN, OFFICER, PROVIDER, bearer, token } from "./tokens";

const CODE = "91350100M000100Y43"; // the standard's own example code
const url = (query = "") => `http://x/api/v1/subjects/${CODE}${query}`;
const get = (path: string, headers: Record<string, string> = {}) => exports.default.fetch(path, { headers });

beforeAll(async () => {
  await env.DB.prepare(
    "INSERT INTO subjects (id, code, code_type, kind, name, region_code) VALUES (1, ?1, 'uscc', 'enterprise', '福建测试样例有限公司', '350100')",
  ).bind(CODE).run();
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
    const t = await token(OFFICER, { expiresAt: Math.floor(Date.now() / 1000) - 60 });
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
