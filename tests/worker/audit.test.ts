import { env, exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { findFirstBreak } from "../../shared/audit/chain";
import type { AuditPage } from "../../shared/contract";
import { insertSubject, uscc } from "./fixtures";
import { ADMIN, OFFICER, PROVIDER, bearer, token } from "./tokens";

const A = uscc("500103");
const B = uscc("500112");
const get = (path: string, headers: Record<string, string> = {}) => exports.default.fetch(`http://x${path}`, { headers });

beforeAll(async () => {
  await insertSubject({ code: A, name: "重庆渝信商贸有限公司" });
  await insertSubject({ code: B, name: "重庆鸿达物流有限公司" });
  const officer = bearer(await token(OFFICER));
  const other = bearer(await token({ ...OFFICER, sub: "officer-2", name: "李四", scenes: ["招标投标"] }));
  await get(`/api/v1/subjects/${A}?scene=政府采购&purpose=CQZC-2026-0001`, officer);
  await get(`/api/v1/subjects/${B}?scene=政府采购&purpose=CQZC-2026-0002`, officer);
  await get(`/api/v1/subjects/${A}?scene=招标投标&purpose=ZB-2026-0003`, other);
  await get(`/api/v1/subjects/${A}`); // the public: not logged
});

async function audit(query: string) {
  const res = await get(`/api/v1/audit${query}`, bearer(await token(ADMIN)));
  return { status: res.status, body: (await res.json()) as AuditPage };
}

describe("GET /api/v1/audit", () => {
  it("lists every officer query, newest first, and only those", async () => {
    const { status, body } = await audit("");
    expect(status).toBe(200);
    expect(body.total).toBe(3);
    expect(body.items.map((e) => e.purpose)).toEqual(["ZB-2026-0003", "CQZC-2026-0002", "CQZC-2026-0001"]);
  });

  it("filters by officer, subject, scene (Chinese or key) and date", async () => {
    expect((await audit("?actor=officer-2")).body.items.map((e) => e.actorName)).toEqual(["李四"]);
    expect((await audit(`?subject=${A.toLowerCase()}`)).body.total).toBe(2);
    expect((await audit(`?scene=${encodeURIComponent("政府采购")}`)).body.total).toBe(2);
    expect((await audit("?scene=bidding")).body.total).toBe(1);
    expect((await audit("?from=2000-01-01&to=2000-12-31")).body.total).toBe(0);
    expect((await audit("?from=2000-01-01")).body.total).toBe(3);
  });

  it("exports CSV with a BOM and Chinese headers", async () => {
    const res = await get("/api/v1/audit?format=csv", bearer(await token(ADMIN)));
    expect(res.headers.get("content-type")).toContain("text/csv");
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    const lines = text.trim().split("\r\n");
    expect(lines[0]).toContain("查询人");
    expect(lines).toHaveLength(4);
    expect(text).toContain("CQZC-2026-0001");
  });

  it("is for admins only: 401 for the public, 403 for officers and providers", async () => {
    expect((await get("/api/v1/audit")).status).toBe(401);
    expect((await get("/api/v1/audit", bearer(await token(OFFICER)))).status).toBe(403);
    expect((await get("/api/v1/audit", bearer(await token(PROVIDER)))).status).toBe(403);
  });

  it("rejects a malformed date naming the field", async () => {
    const res = await get("/api/v1/audit?from=27/11/2026", bearer(await token(ADMIN)));
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: "invalid_request", details: [{ field: "query.from" }] } });
  });

  it("writes a chain that verifies, and breaks at the entry edited in D1", async () => {
    const load = async () => {
      const { results } = await env.DB.prepare(
        `SELECT q.*, (SELECT json_group_array(subject_code) FROM query_log_subjects WHERE log_id = q.id) AS subjects FROM query_log q ORDER BY id`,
      ).all<Record<string, string | number | null>>();
      return results.map((r) => ({
        id: r.id as number, at: r.at as string, actor: r.actor as string, actorName: r.actor_name as string | null, role: r.role as string,
        departmentCode: r.department_code as string | null, scene: r.scene as string | null, purpose: r.purpose as string | null, route: r.route as string,
        receiptNumber: r.receipt_number as string | null, answerDigest: r.answer_digest as string | null, subjects: JSON.parse(r.subjects as string) as string[],
        prevHash: r.prev_hash as string, hash: r.hash as string,
      }));
    };
    expect(await findFirstBreak(await load())).toBeNull();
    await env.DB.prepare("UPDATE query_log SET purpose = 'CQZC-2026-9999' WHERE id = 2").run();
    expect(await findFirstBreak(await load())).toMatchObject({ id: 2, problem: "hash_mismatch" });
  });
});

describe("admin audit page", () => {
  it("asks for a login, then shows the log with a cookie session", async () => {
    const anonymous = await exports.default.fetch("http://x/admin/audit", { redirect: "manual" });
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get("location")).toBe("/admin/login");
    const login = await exports.default.fetch("http://x/admin/login", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: "http://x" },
      body: new URLSearchParams({ token: await token(ADMIN) }),
      redirect: "manual",
    });
    expect(login.status).toBe(303);
    const cookie = login.headers.get("set-cookie")!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    const page = await get("/admin/audit", { cookie: cookie.split(";")[0]! });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("CQZC-2026-0001");
  });

  it("refuses an officer's token at login", async () => {
    const login = await exports.default.fetch("http://x/admin/login", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: "http://x" },
      body: new URLSearchParams({ token: await token(OFFICER) }),
      redirect: "manual",
    });
    expect(login.status).toBe(401);
    expect(await login.text()).toContain("不是信用管理员令牌");
  });
});
