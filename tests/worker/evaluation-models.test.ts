/**
 * The model lifecycle through the admin API and the database: drafts are editable, published models are not
 * (409 from the API, and the D1 triggers as a second guard), a dry run reports the shift before publishing,
 * and publishing retires the model it replaces and regrades subjects on their next read.
 */
import { env, exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import type { EvaluationModel, SubjectEvaluation } from "../../shared/contract";
import { insertLicence, insertListEntry, insertPenalty, insertSubject, uscc } from "./fixtures";
import { ADMIN, OFFICER, bearer, token } from "./tokens";

let admin: Record<string, string>;
let v1: EvaluationModel;
const CODES = { clean: uscc("500112"), fined: uscc("500103"), listed: uscc("500106") };

const api = async (method: string, path: string, body?: unknown, headers = admin) => {
  const res = await exports.default.fetch(`http://x${path}`, {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as any };
};

beforeAll(async () => {
  admin = bearer(await token(ADMIN));
  const clean = await insertSubject({ code: CODES.clean, name: "重庆渝北清风建筑工程有限公司", region: "500112" });
  for (const n of [1, 2, 3]) await insertLicence(clean, `渝北住建许〔2024〕${n}号`);
  const fined = await insertSubject({ code: CODES.fined, name: "重庆渝中巴渝餐饮管理有限公司" });
  await insertPenalty(fined, { docNo: "渝中市监处罚〔2026〕12号", monthsAgo: 2, fineWan: 5 });
  const listed = await insertSubject({ code: CODES.listed, name: "重庆沙坪坝鸿达建材有限公司", region: "500106" });
  await insertListEntry(listed, { listType: "abnormal_operation", docNo: "沙市监异〔2026〕3号" });
  v1 = (await api("GET", "/api/v1/evaluation-models/v1")).body;
});

describe("the admin model API", () => {
  it("lists the shipped models and is for admins only", async () => {
    const list = await api("GET", "/api/v1/evaluation-models");
    expect(list.body.items.map((m: EvaluationModel) => [m.version, m.kind, m.status, m.industryCode])).toEqual([
      ["v1", "public", "published", null],
      ["E-v1", "industry", "published", "E"],
    ]);
    expect((await api("GET", "/api/v1/evaluation-models", undefined, {})).status).toBe(401);
    expect((await api("GET", "/api/v1/evaluation-models", undefined, bearer(await token(OFFICER)))).status).toBe(403);
  });

  it("refuses to change a published model: 409 with a clear message", async () => {
    const edited = structuredClone(v1.definition);
    edited.thresholds.A = 950;
    const res = await api("PUT", "/api/v1/evaluation-models/v1", { definition: edited });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: "model_conflict", message: "模型 v1 已发布，不可修改：请以新的版本号创建草稿" });
    expect((await api("POST", "/api/v1/evaluation-models/v1/publish")).status).toBe(409);
    expect((await api("POST", "/api/v1/evaluation-models/v1/dry-run")).status).toBe(409);
    expect((await api("GET", "/api/v1/evaluation-models/v1")).body.definition).toEqual(v1.definition);
  });

  it("the database refuses it too, whatever path writes", async () => {
    await expect(env.DB.prepare("UPDATE evaluation_models SET definition = '{}' WHERE version = 'v1'").run()).rejects.toThrow(/immutable/);
    await expect(env.DB.prepare("UPDATE evaluation_models SET version = 'v1b' WHERE version = 'v1'").run()).rejects.toThrow(/immutable/);
    await expect(env.DB.prepare("UPDATE evaluation_models SET status = 'draft' WHERE version = 'v1'").run()).rejects.toThrow(/draft -> published -> retired/);
    await expect(env.DB.prepare("DELETE FROM evaluation_models WHERE version = 'v1'").run()).rejects.toThrow(/cannot be deleted/);
  });

  it("validates drafts: the five dimensions, weights adding up, a new version number", async () => {
    const fourDims = structuredClone(v1.definition);
    fourDims.dimensions = fourDims.dimensions.slice(0, 4);
    fourDims.indicators = fourDims.indicators.filter((i) => i.dimension !== "growth");
    fourDims.maxScore = 900;
    const wrongShape = await api("POST", "/api/v1/evaluation-models", { version: "v2", kind: "public", definition: fourDims });
    expect(wrongShape.status).toBe(400);
    expect(wrongShape.body.error.message).toContain("五个维度");
    const badWeights = structuredClone(v1.definition);
    badWeights.indicators[0]!.weight = 90;
    const weights = await api("POST", "/api/v1/evaluation-models", { version: "v2", kind: "public", definition: badWeights });
    expect(weights.status).toBe(400);
    expect(JSON.stringify(weights.body.error.details)).toContain("权重合计 1010 与满分 1000 不符");
    const taken = await api("POST", "/api/v1/evaluation-models", { version: "v1", kind: "public", definition: v1.definition });
    expect(taken.status).toBe(409);
    expect(taken.body.error.message).toContain("已存在");
    expect((await api("POST", "/api/v1/evaluation-models", { version: "E-v2", kind: "industry", definition: v1.definition })).status).toBe(400); // no industry, no publicWeight
  });
});

describe("a draft from creation to publication", () => {
  const stricter = () => {
    const d = structuredClone(v1.definition);
    d.thresholds = { A: 950, B: 880, C: 760, D: 600 };
    return d;
  };

  it("is created, edited, dry-run and published; subjects follow on their next read", async () => {
    const officer = bearer(await token(OFFICER));
    const read = async (code: string) =>
      (await (await exports.default.fetch(`http://x/api/v1/evaluations/${code}?scene=${encodeURIComponent("政府采购")}&purpose=CQZC-2026-0400`, { headers: officer })).json()) as SubjectEvaluation;
    const now = await Promise.all(Object.values(CODES).map(read));
    expect(now.map((e) => e.modelVersion)).toEqual(["v1", "v1", "v1"]);

    const created = await api("POST", "/api/v1/evaluation-models", { version: "v2", kind: "public", definition: v1.definition });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ version: "v2", status: "draft", publishedAt: null });
    const edited = await api("PUT", "/api/v1/evaluation-models/v2", { definition: stricter() });
    expect(edited.status).toBe(200);
    expect(edited.body.definition.thresholds.A).toBe(950);

    // The dry run: every organisation under v1 and under the draft, nothing written.
    const resultsBefore = (await env.DB.prepare("SELECT count(*) AS n FROM evaluation_results").first<{ n: number }>())!.n;
    const dry = await api("POST", "/api/v1/evaluation-models/v2/dry-run");
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ version: "v2", comparedWith: "v1", population: 3 });
    expect(dry.body.before).toEqual(countGrades(now.map((e) => e.grade)));
    // Stricter thresholds: the clean one 914 drops A → B, the fined one 814 B → C, the listed one 754 C → D.
    expect(now.map((e) => [e.score, e.grade])).toEqual([[914, "A"], [814, "B"], [754, "C"]]);
    const expected = ["B", "C", "D"];
    expect(dry.body.after).toEqual(countGrades(expected));
    expect(dry.body.worsened).toBe(now.filter((e, i) => e.grade !== expected[i]).length);
    expect(dry.body.worsened).toBeGreaterThan(0);
    expect(dry.body.improved).toBe(0);
    expect(dry.body.matrix.A.B).toBe(now.filter((e, i) => e.grade === "A" && expected[i] === "B").length);
    expect((await env.DB.prepare("SELECT count(*) AS n FROM evaluation_results").first<{ n: number }>())!.n).toBe(resultsBefore);

    const published = await api("POST", "/api/v1/evaluation-models/v2/publish");
    expect(published.status).toBe(200);
    expect(published.body).toMatchObject({ retired: "v1", model: { version: "v2", status: "published" } });
    expect((await api("GET", "/api/v1/evaluation-models/v1")).body.status).toBe("retired");
    expect((await api("PUT", "/api/v1/evaluation-models/v2", { definition: v1.definition })).status).toBe(409);

    const later = await Promise.all(Object.values(CODES).map(read));
    expect(later.map((e) => e.modelVersion)).toEqual(["v2", "v2", "v2"]);
    expect(later.map((e) => e.grade)).toEqual(expected);
    expect(later[0]!.history[0]).toMatchObject({ modelVersion: "v1", grade: now[0]!.grade });
    expect(later[0]!.industry?.explanation.base?.publicScore).toBe(later[0]!.score);
  });

  it("answers 404 for a version that does not exist", async () => {
    const res = await api("POST", "/api/v1/evaluation-models/v9/dry-run");
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe("model_not_found");
  });
});

function countGrades(grades: string[]) {
  const counts: Record<string, number> = { A: 0, B: 0, C: 0, D: 0, E: 0 };
  for (const g of grades) counts[g]!++;
  return counts;
}
