/**
 * Classification rules of issue 11 where they take effect, inside workerd with the real D1: 轻微 penalties stay
 * out of public view unless the deciding authority marked them for publication, and a 注销 subject gets no grade
 * (the evaluation API, the checks answer and the grade distribution).
 */
import { env, exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import type { CheckResult, GradeReport, SubjectEvaluation, SubjectProfile } from "../../shared/contract";
import { ADMIN_COOKIE } from "../../worker/admin/session";
import { insertLicence, insertPenalty, insertSubject, uscc } from "./fixtures";
import { ADMIN, OFFICER, bearer, token } from "./tokens";

const MINOR = uscc("500103");
const CANCELLED = uscc("500112");
const QUERY = `scene=${encodeURIComponent("政府采购")}&purpose=CQZC-2026-0381`;
let officer: Record<string, string>;
let admin: Record<string, string>;
let cancelledId: number;

type Err = { error: { code: string; message: string; details?: Record<string, unknown> } };
async function get<T>(path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: T & Err }> {
  const res = await exports.default.fetch(`http://x${path}`, { headers });
  return { status: res.status, body: (await res.json()) as T & Err };
}

beforeAll(async () => {
  officer = bearer(await token(OFFICER));
  admin = bearer(await token(ADMIN));
  const minor = await insertSubject({ code: MINOR, name: "重庆渝中轻微处罚测试商行有限公司" });
  // A warning alone is 轻微 (classifyPenalty); both inside their 3-month window.
  await insertPenalty(minor, { docNo: "渝中市监警〔2026〕1号", monthsAgo: 1, kinds: ["警告"], fineWan: 0 });
  await insertPenalty(minor, { docNo: "渝中市监警〔2026〕2号", monthsAgo: 1, kinds: ["警告"], fineWan: 0 });
  await insertPenalty(minor, { docNo: "渝中市监罚〔2026〕3号", monthsAgo: 1, fineWan: 5 }); // 一般
  await env.DB.prepare("UPDATE records SET publish_minor = 1 WHERE doc_no = '渝中市监警〔2026〕2号'").run();
  cancelledId = await insertSubject({ code: CANCELLED, name: "重庆渝北已注销建材有限公司", region: "500112" });
  await insertLicence(cancelledId, "渝北住建许〔2022〕3号");
});

describe("轻微 penalties are not published unless marked (publish_minor)", () => {
  it("the public sees the marked warning and the 一般 penalty, not the unmarked warning", async () => {
    const { status, body } = await get<SubjectProfile>(`/api/v1/subjects/${MINOR}`);
    expect(status).toBe(200);
    expect(body.penalties.map((p) => p.docNo).sort()).toEqual(["渝中市监罚〔2026〕3号", "渝中市监警〔2026〕2号"]);
    expect(body.summary.publicPenalties).toBe(2);
    const page = await (await exports.default.fetch(`http://x/s/${MINOR}`)).text();
    expect(page).toContain("渝中市监警〔2026〕2号");
    expect(page).not.toContain("渝中市监警〔2026〕1号");
  });

  it("officers, who share rather than publish, still see all three", async () => {
    const { body } = await get<SubjectProfile>(`/api/v1/subjects/${MINOR}?${QUERY}`, officer);
    expect(body.penalties.map((p) => p.docNo).sort()).toEqual(["渝中市监罚〔2026〕3号", "渝中市监警〔2026〕1号", "渝中市监警〔2026〕2号"]);
  });
});

describe("a 注销 subject gets no grade: 已注销，不予评价", () => {
  it("is graded while it exists; once 注销 the evaluation API answers 已注销，不予评价 and no current result remains", async () => {
    const graded = await get<SubjectEvaluation>(`/api/v1/evaluations/${CANCELLED}?${QUERY}`, officer);
    expect(graded.status).toBe(200);
    expect(graded.body.grade).toMatch(/^[A-E]$/);
    await env.DB.prepare("UPDATE subjects SET registration_status = '注销' WHERE id = ?1").bind(cancelledId).run();
    const cancelled = await get<SubjectEvaluation>(`/api/v1/evaluations/${CANCELLED}?${QUERY}`, officer);
    expect(cancelled.status).toBe(404);
    expect(cancelled.body.error).toMatchObject({ code: "subject_not_evaluated", details: { registrationStatus: "注销" } });
    expect(cancelled.body.error.message).toContain("已注销，不予评价");
    // The evaluation job (recomputeChunk) retires the ordinary grade it had; the history keeps it.
    const { recomputeChunk } = await import("../../worker/evaluation/recompute");
    const { publishedModels, allModelsStatement } = await import("../../worker/evaluation/models");
    const models = publishedModels((await allModelsStatement(env.DB).all()).results);
    await recomputeChunk(env.DB, models, { kind: "ids", ids: [cancelledId] }, "2026-11-27", new Date());
    const rows = await env.DB.prepare("SELECT sum(current) AS current, count(*) AS total FROM evaluation_results WHERE subject_id = ?1").bind(cancelledId).first<{ current: number; total: number }>();
    expect(rows).toEqual({ current: 0, total: 2 }); // public + 建筑业 results, both history now
  });

  it("the checks answer carries no grade for it", async () => {
    const res = await exports.default.fetch("http://x/api/v1/checks", {
      method: "POST",
      headers: { "content-type": "application/json", ...officer },
      body: JSON.stringify({ scene: "政府采购", purpose: "CQZC-2026-0381", items: [{ ref: "1", code: CANCELLED }] }),
    });
    const body = (await res.json()) as CheckResult;
    expect(body.items[0]).toMatchObject({ status: "ok", subject: { registrationStatus: "注销" }, grade: null });
  });

  it("the grade distribution leaves it out and counts it as not evaluated", async () => {
    // Even a current public result written before the status changed (the job not yet run) must not count.
    await env.DB.prepare(
      `UPDATE evaluation_results SET current = 1 WHERE id = (SELECT max(id) FROM evaluation_results
         WHERE subject_id = ?1 AND model_id = (SELECT id FROM evaluation_models WHERE kind = 'public' AND status = 'published'))`,
    ).bind(cancelledId).run();
    const { status, body } = await get<GradeReport>("/api/v1/reports/grades", admin);
    expect(status).toBe(200);
    expect(body.cancelled).toBe(1);
    expect(body.total).toBe(0);
    expect(Object.values(body.byGrade).reduce((a, b) => a + b, 0)).toBe(0);
    const cookie = `${ADMIN_COOKIE}=${await token(ADMIN)}`;
    const page = await (await exports.default.fetch("http://x/admin/grades", { headers: { cookie } })).text();
    expect(page).toContain("已注销，不予评价");
  });
});
