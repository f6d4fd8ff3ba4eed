/**
 * 异议申诉 end to end: filing marks the information 异议处理中 at once (lookup, check, report show it), the
 * providing unit decides within 5 working days — 维持, 更正 (old version kept), 删除 — and the mark goes away.
 */
import { env, exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import type { CaseView, CheckResult, FiledCase, SignedReport, SubjectEvaluation, SubjectProfile } from "../../shared/contract";
import { addWorkingDays } from "../../shared/domain/workdays";
import { AUTHORITY, TODAY, insertListEntry, insertPenalty, insertSubject, uscc } from "./fixtures";
import { ADMIN, bearer, token } from "./tokens";

/** The unit that provided the records (数据来源单位), distinct from the deciding authority. */
const SOURCE_UNIT = { code: "11500000MB1541618P", name: "重庆市市场监督管理局" };
const PROVIDING = { role: "officer", sub: "officer-cq-scjg", name: "赵六", dept: SOURCE_UNIT.code, scenes: ["政府采购"] };
const AUTHORITY_OFFICER = { role: "officer", sub: "officer-yz-scjg", name: "李四", dept: AUTHORITY.code, scenes: ["政府采购"] };
const SUBJECT = uscc("500103");

let providing: Record<string, string>;
let authorityOfficer: Record<string, string>;
let ip = 0;

type Err = { error: { code: string; message: string } };
async function call<T>(path: string, init: { body?: unknown; headers?: Record<string, string> } = {}): Promise<{ status: number; body: T & Err }> {
  const res = await exports.default.fetch(`http://x${path}`, {
    method: init.body === undefined ? "GET" : "POST",
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    headers: { "content-type": "application/json", "cf-connecting-ip": `203.0.113.${++ip % 250}`, ...init.headers },
  });
  return { status: res.status, body: (await res.json()) as T & Err };
}

const objection = (docNo: string) => ({ subjectCode: SUBJECT, docNo, applicantName: "陈晓", applicantContact: "chen@example.cn", reason: "处罚决定已被行政复议撤销" });
const file = async (docNo: string) => {
  const res = await call<FiledCase>("/api/v1/objections", { body: objection(docNo) });
  expect(res.status).toBe(201);
  return res.body.tracking;
};
const decide = (tracking: string, body: unknown, headers = providing) => call<CaseView>(`/api/v1/objections/${tracking}/decision`, { body, headers });
const profile = async () => (await call<SubjectProfile>(`/api/v1/subjects/${SUBJECT}`)).body;

beforeAll(async () => {
  providing = bearer(await token(PROVIDING));
  authorityOfficer = bearer(await token(AUTHORITY_OFFICER));
  const id = await insertSubject({ code: SUBJECT, name: "重庆渝中明远贸易有限公司" });
  for (const n of [1, 2, 3, 4]) await insertPenalty(id, { docNo: `渝中市监罚〔2026〕40${n}号`, monthsAgo: 2 });
  await env.DB.prepare("UPDATE records SET source_unit_code = ?1, source_unit_name = ?2 WHERE subject_id = ?3 AND doc_no <> '渝中市监罚〔2026〕404号'")
    .bind(SOURCE_UNIT.code, SOURCE_UNIT.name, id)
    .run();
  await insertListEntry(id, { listType: "serious_dishonesty", docNo: "渝中市监严失〔2026〕9号" });
});

describe("filing an objection", () => {
  it("marks the penalty 异议处理中 at once in the lookup and the report; the deadline is 5 working days", async () => {
    const res = await call<FiledCase>("/api/v1/objections", { body: objection("渝中市监罚〔2026〕401号") });
    expect(res.status).toBe(201);
    expect(res.body.tracking).toMatch(/^YY-\d{8}-[2-9A-HJ-NP-Z]{6}$/);
    expect(res.body.deadline).toBe(addWorkingDays(TODAY, 5));
    expect((await profile()).penalties.find((p) => p.docNo === "渝中市监罚〔2026〕401号")?.objectionOpen).toBe(true);
    const report = (await call<SignedReport>(`/api/v1/subjects/${SUBJECT}/report`)).body.report;
    expect(report.penalties.find((p) => p.docNo === "渝中市监罚〔2026〕401号")?.objectionOpen).toBe(true);
    const again = await call("/api/v1/objections", { body: objection("渝中市监罚〔2026〕401号") });
    expect(again.status).toBe(409);
    expect((await call(`/api/v1/cases/${res.body.tracking}`)).status).toBe(404); // the public needs the case's secret
    const view = (await call<CaseView>(`/api/v1/cases/${res.body.tracking}?k=${res.body.accessKey}`)).body;
    expect(view).toMatchObject({ kind: "objection", stateLabel: "异议处理中", applicant: { name: "陈*", contact: "c***@example.cn" }, target: { authority: { code: SOURCE_UNIT.code } } });
  });

  it("a check shows the 异议处理中 caveat beside the list hit, and it stays a hit until decided", async () => {
    await file("渝中市监严失〔2026〕9号");
    const check = await call<CheckResult>("/api/v1/checks", { body: { scene: "政府采购", purpose: "CQZC-2026-0777", items: [{ ref: "1", code: SUBJECT }] }, headers: providing });
    expect(check.status).toBe(200);
    expect(check.body.items[0]!.hits).toEqual([expect.objectContaining({ docNo: "渝中市监严失〔2026〕9号", objectionOpen: true })]);
    expect(check.body.items[0]!.decision).toBe("block");
  });
});

describe("deciding an objection", () => {
  it("only the providing unit decides (the authority when no unit is recorded); admins oversee only", async () => {
    const tracking = await file("渝中市监罚〔2026〕402号");
    const byAuthority = await decide(tracking, { outcome: "dismissed", reason: "x" }, authorityOfficer);
    expect(byAuthority.status).toBe(403);
    expect(byAuthority.body.error.message).toContain(SOURCE_UNIT.name);
    expect((await decide(tracking, { outcome: "dismissed", reason: "x" }, bearer(await token(ADMIN)))).status).toBe(403);
    const fallback = await file("渝中市监罚〔2026〕404号");
    expect((await decide(fallback, { outcome: "dismissed", reason: "x" })).status).toBe(403);
    expect((await decide(fallback, { outcome: "dismissed", reason: "原决定事实清楚" }, authorityOfficer)).status).toBe(200);
  });

  it("维持 clears the mark and leaves the record as it was", async () => {
    const tracking = (await call<{ items: { tracking: string; docNo: string }[] }>("/api/v1/cases?kind=objection&state=submitted", { headers: providing })).body.items.find(
      (i) => i.docNo === "渝中市监罚〔2026〕402号",
    )!.tracking;
    const res = await decide(tracking, { outcome: "dismissed", reason: "经核实，处罚决定未被撤销" });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ state: "dismissed", stateLabel: "维持", history: [{ action: "filed" }, { action: "dismissed", note: "经核实，处罚决定未被撤销" }] });
    const penalty = (await profile()).penalties.find((p) => p.docNo === "渝中市监罚〔2026〕402号")!;
    expect(penalty.objectionOpen).toBe(false);
    expect((await decide(tracking, { outcome: "deleted", reason: "x" })).status).toBe(409);
  });

  it("更正 replaces the fields given, keeps the old version and clears the mark", async () => {
    const tracking = await file("渝中市监罚〔2026〕403号");
    const wrongField = await decide(tracking, { outcome: "corrected", reason: "更正", corrections: { legalBasis: "x" } });
    expect(wrongField.status).toBe(400);
    expect((await decide(tracking, { outcome: "corrected", reason: "更正" })).status).toBe(400);
    const res = await decide(tracking, { outcome: "corrected", reason: "罚款金额录入错误", corrections: { fineWan: 0.5, content: "罚款人民币伍仟元整" } });
    expect(res.status).toBe(200);
    const penalty = (await profile()).penalties.find((p) => p.docNo === "渝中市监罚〔2026〕403号")!;
    expect(penalty).toMatchObject({ fineWan: 0.5, content: "罚款人民币伍仟元整", objectionOpen: false });
    const row = await env.DB.prepare("SELECT id, version FROM records WHERE doc_no = '渝中市监罚〔2026〕403号'").first<{ id: number; version: number }>();
    expect(row!.version).toBe(2);
    const old = await env.DB.prepare("SELECT version, snapshot FROM record_versions WHERE record_id = ?1").bind(row!.id).first<{ version: number; snapshot: string }>();
    expect(old!.version).toBe(1);
    expect(JSON.parse(old!.snapshot)).toMatchObject({ fine_wan: 2, content: "罚款人民币贰万元整" });
  });

  it("删除 withdraws the record from every view, with the officer and reason in the status history", async () => {
    const tracking = (await call<{ items: { tracking: string; docNo: string }[] }>("/api/v1/cases?kind=objection", { headers: bearer(await token(ADMIN)) })).body.items.find(
      (i) => i.docNo === "渝中市监罚〔2026〕401号",
    )!.tracking;
    const res = await decide(tracking, { outcome: "deleted", reason: "处罚决定已被复议撤销" });
    expect(res.status).toBe(200);
    expect((await profile()).penalties.map((p) => p.docNo)).not.toContain("渝中市监罚〔2026〕401号");
    const history = await env.DB.prepare(
      "SELECT to_status, actor, reason FROM status_history WHERE entity = 'record' AND entity_id = (SELECT id FROM records WHERE doc_no = '渝中市监罚〔2026〕401号') ORDER BY id DESC LIMIT 1",
    ).first();
    expect(history).toEqual({ to_status: "withdrawn", actor: "officer:officer-cq-scjg", reason: `异议 ${tracking}：处罚决定已被复议撤销` });
  });

  it("删除 of a list entry removes it from checks", async () => {
    const entryCase = (await call<{ items: { tracking: string; docNo: string }[] }>("/api/v1/cases?kind=objection&state=submitted", { headers: authorityOfficer })).body.items;
    const tracking = entryCase.find((i) => i.docNo === "渝中市监严失〔2026〕9号")!.tracking;
    expect((await decide(tracking, { outcome: "deleted", reason: "列入依据不足" }, authorityOfficer)).status).toBe(200);
    const check = await call<CheckResult>("/api/v1/checks", { body: { scene: "政府采购", purpose: "CQZC-2026-0778", items: [{ ref: "1", code: SUBJECT }] }, headers: providing });
    expect(check.body.items[0]!.hits).toEqual([]);
    const entry = await env.DB.prepare("SELECT status, objection_open, removal_reason FROM list_entries WHERE doc_no = '渝中市监严失〔2026〕9号'").first();
    expect(entry).toEqual({ status: "deleted_by_objection", objection_open: 0, removal_reason: "异议成立，删除：列入依据不足" });
    const history = await env.DB.prepare(
      "SELECT to_status, actor FROM status_history WHERE entity = 'list_entry' AND entity_id = (SELECT id FROM list_entries WHERE doc_no = '渝中市监严失〔2026〕9号') ORDER BY id DESC LIMIT 1",
    ).first();
    expect(history).toEqual({ to_status: "deleted_by_objection", actor: "officer:officer-yz-scjg" });
  });

  it("an entry deleted by an upheld objection never counts in the evaluation (a removed one would, for 36 months)", async () => {
    const { body } = await call<SubjectEvaluation>(`/api/v1/evaluations/${SUBJECT}`, { headers: bearer(await token(ADMIN)) });
    const lists = body.explanation.indicators.find((i) => i.id === "dishonesty_lists")!;
    expect(lists.sources).toEqual([]);
    expect(lists.contribution).toBe(lists.weight);
    expect(lists.detail).toContain("另有 1 条因异议成立已删除，不计入");
    expect(body.explanation.capsApplied).toEqual([]);
  });
});

describe("an open objection does not change a score until it is decided", () => {
  it("filing leaves the grade and score as they were; the decision (删除) then changes them", async () => {
    const code = uscc("500105");
    const id = await insertSubject({ code, name: "重庆江北异议评分测试有限公司", region: "500105" });
    await insertPenalty(id, { docNo: "江北市监罚〔2026〕77号", monthsAgo: 2, fineWan: 5 });
    const evaluation = async () => (await call<SubjectEvaluation>(`/api/v1/evaluations/${code}`, { headers: bearer(await token(ADMIN)) })).body;
    const before = await evaluation();
    const filed = await call<FiledCase>("/api/v1/objections", { body: { ...objection("江北市监罚〔2026〕77号"), subjectCode: code } });
    expect(filed.status).toBe(201);
    const during = await evaluation();
    expect({ grade: during.grade, score: during.score }).toEqual({ grade: before.grade, score: before.score });
    const penalties = during.explanation.indicators.find((i) => i.id === "penalties")!;
    expect(penalties.sources[0]!.effect).toContain("异议处理中，决定前照常计分");
    expect((await decide(filed.body.tracking, { outcome: "deleted", reason: "处罚决定已被复议撤销" }, authorityOfficer)).status).toBe(200);
    expect((await evaluation()).score).toBeGreaterThan(before.score);
  });
});
