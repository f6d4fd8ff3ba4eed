/**
 * 分级分类监管 in workerd with the real D1: the 双随机 sample respects the tier ratios, is the same for the
 * same seed, exports as CSV and is logged; the grade distribution report and its admin page with the
 * server-rendered SVG chart.
 */
import { env, exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import type { GradeReport, InspectionSample } from "../../shared/contract";
import { ADMIN_COOKIE } from "../../worker/admin/session";
import { insertSubject, uscc } from "./fixtures";
import { ADMIN, OFFICER, bearer, token } from "./tokens";

// Graded population: 100 A, 50 B, 30 C, 15 D, 5 E, half in 渝北区 and half in 江北区; plus 20 ungraded
// organisations (treated as C) and 5 注销 ones (not inspected).
const POPULATION = { A: 100, B: 50, C: 30, D: 15, E: 5 } as const;
let admin: Record<string, string>;
let adminToken: string;
const gradeOf = new Map<string, string>();

const sample = async (body: unknown, headers: Record<string, string> = admin, query = "") => {
  const res = await exports.default.fetch(`http://x/api/v1/inspections/sample${query}`, { method: "POST", headers: { ...headers, "content-type": "application/json" }, body: JSON.stringify(body) });
  return { status: res.status, res, body: res.headers.get("content-type")?.includes("json") ? ((await res.json()) as InspectionSample & { error: { code: string; message: string } }) : null };
};

beforeAll(async () => {
  adminToken = await token(ADMIN);
  admin = bearer(adminToken);
  const model = (await env.DB.prepare("SELECT id FROM evaluation_models WHERE version = 'v1'").first<{ id: number }>())!.id;
  const graded: [number, string][] = [];
  let n = 0;
  for (const [grade, count] of Object.entries(POPULATION)) {
    for (let i = 0; i < count; i++, n++) {
      const region = n % 2 === 0 ? "500112" : "500105";
      const code = uscc(region);
      const id = await insertSubject({ code, name: `重庆${region === "500112" ? "渝北" : "江北"}第${n + 1}商贸有限公司`, region });
      graded.push([id, grade]);
      gradeOf.set(code, grade);
    }
  }
  await env.DB.prepare(
    `INSERT INTO evaluation_results (subject_id, model_id, grade, score, explanation, data_version, computed_at, current)
     SELECT json_extract(value, '$[0]'), ?1, json_extract(value, '$[1]'), 700, '{}', 'b0-s0', '2026-11-27T00:00:00.000Z', 1 FROM json_each(?2)`,
  ).bind(model, JSON.stringify(graded)).run();
  for (let i = 0; i < 20; i++) await insertSubject({ code: uscc("500103"), name: `重庆渝中新设第${i + 1}科技有限公司`, region: "500103" });
  for (let i = 0; i < 5; i++) {
    const id = await insertSubject({ code: uscc("500103"), name: `重庆渝中已注销第${i + 1}贸易有限公司`, region: "500103" });
    await env.DB.prepare("UPDATE subjects SET registration_status = '注销' WHERE id = ?1").bind(id).run();
  }
});

describe("POST /api/v1/inspections/sample", () => {
  it("allocates by population × spot-check ratio and draws subjects of the right grade", async () => {
    const { status, body } = await sample({ size: 40, seed: 20261127, filter: { grades: ["A", "B", "C", "D", "E"] } });
    expect(status).toBe(200);
    // Ungraded organisations count as C: C = 30 + 20. Weights: A 3, B 2.5, C 5, D 4.5, E 5 = 20 → 2 per unit;
    // E would get 10 > 5, so all 5 E are drawn and the remaining 35 go 35/15 per unit to the others.
    expect(body!.population).toEqual({ total: 220, byGrade: { A: 100, B: 50, C: 50, D: 15, E: 5 }, ungraded: 20 });
    expect(body!.allocation).toEqual({ A: 7, B: 6, C: 12, D: 10, E: 5 });
    expect(body!.drawn).toBe(40);
    for (const item of body!.items) if (gradeOf.has(item.code)) expect(item.grade).toBe(gradeOf.get(item.code));
    expect(body!.items.filter((i) => i.grade === "E")).toHaveLength(5);
    expect(new Set(body!.items.map((i) => i.code)).size).toBe(40);
    expect(body!.items.some((i) => i.name.includes("已注销"))).toBe(false);
    expect(body!.tiers.map((t) => t.spotCheckRatio)).toEqual([0.03, 0.05, 0.1, 0.3, 1]);
  });

  it("is the same for the same seed and different for another", async () => {
    const a = await sample({ size: 25, seed: 4242 });
    const b = await sample({ size: 25, seed: 4242 });
    const c = await sample({ size: 25, seed: 4243 });
    expect(a.body!.items).toEqual(b.body!.items);
    expect(c.body!.items.map((i) => i.code)).not.toEqual(a.body!.items.map((i) => i.code));
    expect(c.body!.allocation).toEqual(a.body!.allocation);
  });

  it("samples only the population the filter selects", async () => {
    const { body } = await sample({ size: 10, seed: 1, filter: { regionCode: "500105", grades: ["D", "E"] } });
    expect(body!.population.byGrade).toEqual({ A: 0, B: 0, C: 0, D: 7, E: 3 });
    expect(body!.items.every((i) => i.regionCode === "500105" && ["D", "E"].includes(i.grade) && i.regionName === "江北区")).toBe(true);
    expect(body!.drawn).toBe(10);
    expect(body!.allocation).toEqual({ A: 0, B: 0, C: 0, D: 7, E: 3 }); // the whole population: 10 asked, 10 there
  });

  it("exports the same list as CSV", async () => {
    const json = await sample({ size: 12, seed: 99 });
    const { res } = await sample({ size: 12, seed: 99 }, admin, "?format=csv");
    expect(res.headers.get("content-type")).toContain("text/csv");
    expect(res.headers.get("content-disposition")).toContain("inspection-sample-");
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // the BOM Excel needs to read UTF-8
    const lines = new TextDecoder().decode(bytes).trimEnd().split("\r\n");
    expect(lines[0]).toBe("序号,统一社会信用代码,名称,信用等级,监管类别,区县,行业");
    expect(lines.slice(1).map((l) => l.split(",")[1])).toEqual(json.body!.items.map((i) => i.code));
  });

  it("officers need the 日常监管 scene and a purpose; each draw is logged with the drawn subjects", async () => {
    expect((await sample({ size: 5, seed: 1 }, {})).status).toBe(401);
    const procurementOfficer = bearer(await token(OFFICER));
    const refused = await sample({ size: 5, seed: 1, purpose: "2026年第四季度双随机抽查" }, procurementOfficer);
    expect(refused.status).toBe(403);
    const inspector = bearer(await token({ ...OFFICER, sub: "officer-9", scenes: ["日常监管"] }));
    expect((await sample({ size: 5, seed: 1 }, inspector)).status).toBe(400);
    const ok = await sample({ size: 5, seed: 1, purpose: "2026年第四季度双随机抽查" }, inspector);
    expect(ok.status).toBe(200);
    const logged = await env.DB.prepare(
      "SELECT q.scene, q.purpose, (SELECT count(*) FROM query_log_subjects s WHERE s.log_id = q.id) AS n FROM query_log q WHERE q.actor = 'officer-9'",
    ).all();
    expect(logged.results).toEqual([{ scene: "supervision", purpose: "2026年第四季度双随机抽查", n: 5 }]);
  });

  it("refuses malformed requests in the envelope", async () => {
    for (const body of [{ size: 0, seed: 1 }, { size: 10 }, { size: 10, seed: -1 }, { size: 10, seed: 1, filter: { regionCode: "渝北" } }, { size: 10, seed: 1, filter: { city: "重庆" } }]) {
      const res = await sample(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body!.error.code).toBe("invalid_request");
    }
  });
});

describe("the grade distribution report", () => {
  it("counts current grades per grade × district × industry", async () => {
    const res = await exports.default.fetch("http://x/api/v1/reports/grades", { headers: admin });
    expect(res.status).toBe(200);
    const report = (await res.json()) as GradeReport;
    expect(report).toMatchObject({ modelVersion: "v1", total: 200, byGrade: POPULATION });
    const yubei = report.byRegion.find((r) => r.regionCode === "500112")!;
    expect(yubei).toMatchObject({ regionName: "渝北区", total: 100 });
    expect(report.rows.filter((r) => r.regionCode === "500112").reduce((n, r) => n + r.count, 0)).toBe(100);
    expect(report.byIndustry).toEqual([{ industryCode: "E", industryName: "建筑业", counts: POPULATION, total: 200 }]);
    expect((await exports.default.fetch("http://x/api/v1/reports/grades", { headers: bearer(await token(OFFICER)) })).status).toBe(403);
  });

  it("renders /admin/grades with an SVG chart on the server, and sends others to the login", async () => {
    const page = await exports.default.fetch("http://x/admin/grades", { headers: { cookie: `${ADMIN_COOKIE}=${adminToken}` } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("<svg");
    expect(html).toMatch(/<rect class="grade-E"[^>]*height="\d+/);
    expect(html).toContain("100（50.0%）"); // the A bar's label: 100 of 200
    expect(html).not.toContain("<script");
    expect(page.headers.get("content-security-policy")).toContain("default-src 'self'");
    const anonymous = await exports.default.fetch("http://x/admin/grades", { redirect: "manual" });
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get("location")).toBe("/admin/login");
  });
});
