/**
 * GET /api/v1/me: who a token is, as verified — and no query-log entry for asking (it reads no subject).
 */
import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { Me } from "../../shared/contract/me";
import { ADMIN, OFFICER, PROVIDER, TEST_DEPT, bearer, token } from "./tokens";

const me = (headers: Record<string, string> = {}) => exports.default.fetch("http://x/api/v1/me", { headers });
const countLog = async () => (await env.DB.prepare("SELECT count(*) AS n FROM query_log").first<{ n: number }>())!.n;

describe("GET /api/v1/me", () => {
  it("tells an officer's role, name, department, scenes and expiry, and writes nothing to the query log", async () => {
    const expiresAt = Math.floor(Date.now() / 1000) + 1800;
    const before = await countLog();
    const res = await me(bearer(await token(OFFICER, { expiresAt })));
    expect(res.status).toBe(200);
    const body = Me.parse(await res.json());
    expect(body).toEqual({
      role: "officer",
      roleLabel: "工作人员",
      subject: "officer-1",
      name: "张三",
      department: TEST_DEPT,
      sourceUnit: null,
      scenes: [
        { scene: "procurement", label: "政府采购" },
        { scene: "bidding", label: "招标投标" },
      ],
      expiresAt: new Date(expiresAt * 1000).toISOString(),
    });
    expect(await countLog()).toBe(before);
  });

  it("answers providers and admins with their own fields", async () => {
    const provider = Me.parse(await (await me(bearer(await token(PROVIDER)))).json());
    expect(provider).toMatchObject({ role: "provider", roleLabel: "数据提供单位", sourceUnit: TEST_DEPT, department: null, scenes: [] });
    const admin = Me.parse(await (await me(bearer(await token(ADMIN)))).json());
    expect(admin).toMatchObject({ role: "admin", roleLabel: "信用管理员", name: "信用中心管理员", department: null, scenes: [] });
  });

  it("without a token: 401 in the envelope with reason missing", async () => {
    const res = await me();
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: { code: "unauthorized", details: { reason: "missing" } } });
  });

  it("an expired or foreign token: 401 saying why, and still no log entry", async () => {
    const before = await countLog();
    const expired = await me(bearer(await token(OFFICER, { expiresAt: Math.floor(Date.now() / 1000) - 60 })));
    expect(await expired.json()).toMatchObject({ error: { code: "unauthorized", details: { reason: "expired" } } });
    const foreign = await me(bearer(await token(OFFICER, { foreignKey: true })));
    expect(foreign.status).toBe(401);
    expect(await foreign.json()).toMatchObject({ error: { details: { reason: "bad_signature" } } });
    expect(await countLog()).toBe(before);
  });
});
