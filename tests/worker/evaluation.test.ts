/**
 * GET /api/v1/evaluations/{code} inside workerd with the real D1: who may read, what the answer holds
 * (grade, score, explanation adding up, both model versions, data version, history, supervision tier), and
 * that a change to the subject's data — a serious penalty, a list entry, a repair — shows on the next read.
 */
import { env, exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import type { SubjectEvaluation } from "../../shared/contract";
import { TODAY, insertLicence, insertListEntry, insertPenalty, insertSubject, uscc } from "./fixtures";
import { ADMIN, OFFICER, PROVIDER, bearer, token } from "./tokens";

const CLEAN = uscc("500112");
const WATCHED = uscc("500105");
const LISTED = uscc("500106");
const PERSON_ID = "11010519491231002X";
const QUERY = `scene=${encodeURIComponent("政府采购")}&purpose=CQZC-2026-0381`;

let officer: Record<string, string>;
let admin: Record<string, string>;
let watchedId: number;

type Answer = SubjectEvaluation & { error: { code: string; message: string } };
const get = async (code: string, headers: Record<string, string>, query = QUERY) => {
  const res = await exports.default.fetch(`http://x/api/v1/evaluations/${encodeURIComponent(code)}?${query}`, { headers });
  return { status: res.status, body: (await res.json()) as Answer };
};
const logCount = async () => (await env.DB.prepare("SELECT count(*) AS n FROM query_log").first<{ n: number }>())!.n;

beforeAll(async () => {
  officer = bearer(await token(OFFICER));
  admin = bearer(await token(ADMIN));
  const clean = await insertSubject({ code: CLEAN, name: "重庆渝北清风建筑工程有限公司", region: "500112" });
  await insertLicence(clean, "渝北住建许〔2024〕18号");
  await insertLicence(clean, "渝北住建许〔2024〕19号");
  watchedId = await insertSubject({ code: WATCHED, name: "重庆江北宏远建设有限公司", region: "500105" });
  await insertLicence(watchedId, "江北住建许〔2023〕7号");
  const listed = await insertSubject({ code: LISTED, name: "重庆沙坪坝鸿达建材有限公司", region: "500106" });
  await insertListEntry(listed, { listType: "serious_dishonesty", docNo: "渝市监严失〔2026〕2号" });
  await insertSubject({ code: PERSON_ID, name: "李某某", kind: "natural_person", codeType: "id_number", region: "110105" });
});

describe("who may read an evaluation", () => {
  it("the public gets 401, a data provider 403", async () => {
    expect((await get(CLEAN, {})).status).toBe(401);
    const provider = await get(CLEAN, bearer(await token(PROVIDER)));
    expect(provider.status).toBe(403);
    expect(provider.body.error.code).toBe("forbidden");
  });

  it("an officer must give scene and purpose, in a scene the token grants", async () => {
    const missing = await get(CLEAN, officer, "");
    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toContain("查询使用登记");
    const wrongScene = await get(CLEAN, officer, `scene=${encodeURIComponent("评先评优")}&purpose=X`);
    expect(wrongScene.status).toBe(403);
  });

  it("each officer read writes one 查询使用登记 entry naming the subject; admins are logged too", async () => {
    const before = await logCount();
    expect((await get(CLEAN, officer)).status).toBe(200);
    expect((await get(CLEAN, admin, "")).status).toBe(200);
    expect(await logCount()).toBe(before + 2);
    const last = await env.DB.prepare(
      "SELECT q.route, q.scene, q.purpose, s.subject_code FROM query_log q JOIN query_log_subjects s ON s.log_id = q.id WHERE q.role = 'officer' ORDER BY q.id DESC LIMIT 1",
    ).first();
    expect(last).toEqual({ route: "GET /api/v1/evaluations/{code}", scene: "procurement", purpose: "CQZC-2026-0381", subject_code: CLEAN });
  });
});

describe("the answer", () => {
  it("names the grade, score, model and data versions, and an explanation that adds up", async () => {
    const { status, body } = await get(CLEAN, officer);
    expect(status).toBe(200);
    expect(body).toMatchObject({ code: CLEAN, name: "重庆渝北清风建筑工程有限公司", modelVersion: "v1", maxScore: 1000 });
    expect(body.grade).toMatch(/^[A-E]$/);
    expect(body.dataVersion).toMatch(/^b\d+-s\d+$/);
    const { explanation } = body;
    expect(explanation.dimensions.map((d) => d.name)).toEqual(["基本信息", "经营行为", "履约历史", "监管信息", "成长潜力"]);
    expect(explanation.indicators.reduce((s, i) => s + i.contribution, 0)).toBe(body.score);
    expect(explanation.dimensions.reduce((s, d) => s + d.contribution, 0)).toBe(body.score);
    const licences = explanation.indicators.find((i) => i.id === "licences_held")!;
    expect(licences.sources.map((s) => s.docNo).sort()).toEqual(["渝北住建许〔2024〕18号", "渝北住建许〔2024〕19号"]);
    expect(body.supervision).toMatchObject({ grade: body.grade });
  });

  it("gives the 建筑业 overlay result with its own version, standing on the public score", async () => {
    const { body } = await get(CLEAN, officer);
    expect(body.industry).toMatchObject({ modelVersion: "E-v1", modelKind: "industry", industryCode: "E" });
    const sector = body.industry!;
    expect(sector.explanation.base).toEqual({ publicScore: body.score, publicMaxScore: 1000, weight: 700, contribution: Math.round(body.score * 0.7) });
    expect(sector.explanation.base!.contribution + sector.explanation.indicators.reduce((s, i) => s + i.contribution, 0)).toBe(sector.score);
  });

  it("holds a subject on the 严重失信主体名单 at D at most, naming the entry", async () => {
    const { body } = await get(LISTED, officer);
    expect(["D", "E"]).toContain(body.grade);
    expect(body.explanation.capsApplied).toEqual([expect.objectContaining({ id: "serious_dishonesty", maxGrade: "D", sources: [expect.objectContaining({ docNo: "渝市监严失〔2026〕2号" })] })]);
    expect(body.supervision.spotCheckRatio).toBeGreaterThanOrEqual(0.3);
  });

  it("does not grade natural persons, and answers unknown or malformed codes as the lookup does", async () => {
    const person = await get(PERSON_ID, officer);
    expect(person.status).toBe(404);
    expect(person.body.error.code).toBe("subject_not_evaluated");
    // The same answer for a number we do not hold: the answer never reveals whether a person is in the database.
    const unknownPerson = await get("440524198001010013", officer);
    expect(unknownPerson.status).toBe(404);
    expect(unknownPerson.body.error.code).toBe("subject_not_evaluated");
    expect((await get(uscc("500101"), officer)).body.error.code).toBe("subject_not_found");
    expect((await get("91500112MA5U3K9L2", officer)).body.error.code).toBe("invalid_code");
  });
});

describe("a change to the subject's data shows on the very next read", () => {
  it("a new serious penalty lowers the grade at once, keeps the old grade in the history, and a repair restores it", async () => {
    const first = (await get(WATCHED, officer)).body;
    expect(first.history).toEqual([]);

    await insertPenalty(watchedId, { docNo: "江北应急罚〔2026〕31号", monthsAgo: 0, kinds: ["罚款", "责令停产停业"], fineWan: 30 });
    const after = (await get(WATCHED, officer)).body;
    expect(after.score).toBeLessThan(first.score);
    expect("ABCDE".indexOf(after.grade)).toBeGreaterThan("ABCDE".indexOf(first.grade));
    expect(["C", "D", "E"]).toContain(after.grade); // the serious-penalty cap holds it at C at most
    const penalties = after.explanation.indicators.find((i) => i.id === "penalties")!;
    expect(penalties.sources).toEqual([expect.objectContaining({ docNo: "江北应急罚〔2026〕31号", date: TODAY })]);
    expect(after.history[0]).toMatchObject({ grade: first.grade, score: first.score, modelVersion: "v1" });
    expect(after.dataVersion).not.toBe(first.dataVersion);

    // 信用修复: the deciding authority repairs the record; the next read no longer counts it.
    await env.DB.prepare("UPDATE records SET status = 'repaired' WHERE doc_no = ?1").bind("江北应急罚〔2026〕31号").run();
    const repaired = (await get(WATCHED, officer)).body;
    expect(repaired).toMatchObject({ grade: first.grade, score: first.score });
    expect(JSON.stringify(repaired.explanation)).not.toContain("江北应急罚〔2026〕31号");
    expect(repaired.history.map((h) => h.grade)).toEqual([after.grade, first.grade]);
  });

  it("a list entry written by an ingest regrades too; an unchanged subject is not rewritten", async () => {
    const before = (await get(CLEAN, officer)).body;
    const again = (await get(CLEAN, officer)).body;
    expect(again.computedAt).toBe(before.computedAt); // fresh: read, not recomputed
    const cleanId = (await env.DB.prepare("SELECT id FROM subjects WHERE code = ?1").bind(CLEAN).first<{ id: number }>())!.id;
    await insertListEntry(cleanId, { listType: "abnormal_operation", docNo: "渝北市监异〔2026〕88号", reason: "未按规定报送2025年度年度报告" });
    const listed = (await get(CLEAN, officer)).body;
    expect(listed.score).toBe(before.score - 100);
    const rows = await env.DB.prepare("SELECT count(*) AS n FROM evaluation_results WHERE subject_id = ?1 AND current = 1").bind(cleanId).first<{ n: number }>();
    expect(rows!.n).toBe(2); // one public, one 建筑业 result
  });
});
