/**
 * 信用修复 end to end inside workerd with the real D1: filing (eligibility, 信用承诺, working-day deadline), who
 * decides (谁认定、谁修复), and every effect a user notices after 予以修复 — the public lookup, the check decision,
 * the signed report, the grade and the change feed.
 */
import { env, exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import type { CaseView, CheckResult, FiledCase, SignedReport, SubjectEvaluation, SubjectProfile } from "../../shared/contract";
import { addMonths } from "../../shared/domain/dates";
import { addWorkingDays } from "../../shared/domain/workdays";
import { AUTHORITY, TODAY, insertListEntry, insertPenalty, insertSubject, uscc } from "./fixtures";
import { ADMIN, OFFICER, PROVIDER, bearer, token } from "./tokens";

const DECIDER = { role: "officer", sub: "officer-yz-scjg", name: "李四", dept: AUTHORITY.code, scenes: ["政府采购", "日常监管"] };
const SUBJECT = uscc("500103");
const OTHER = uscc("500103");
const QUERY = `scene=${encodeURIComponent("政府采购")}&purpose=CQZC-2026-0901`;

let decider: Record<string, string>;
let admin: Record<string, string>;
let subjectId: number;
let ip = 0;

type Err = { error: { code: string; message: string; details?: Record<string, unknown> } };
async function call<T>(path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<{ status: number; body: T & Err }> {
  const res = await exports.default.fetch(`http://x${path}`, {
    method: init.method ?? (init.body === undefined ? "GET" : "POST"),
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    headers: { "content-type": "application/json", "cf-connecting-ip": `198.51.100.${++ip % 250}`, ...init.headers },
  });
  return { status: res.status, body: (await res.json()) as T & Err };
}

const application = (docNo: string, code = SUBJECT) => ({
  subjectCode: code.toLowerCase(),
  docNo,
  applicantName: "王小明",
  applicantContact: "13812345678",
  statement: "罚款已于本月缴清，已整改并补报信息。",
  commitmentAccepted: true,
});

async function insertSeriousListing(subject: number, docNo: string, monthsAgo: number): Promise<void> {
  await env.DB.prepare(
    `INSERT INTO list_entries (list_type, subject_id, reason, legal_basis, authority_name, authority_code, doc_no, listed_on, planned_removal_on)
     VALUES ('serious_dishonesty', ?1, '拒不履行行政处罚决定', '《市场监督管理严重违法失信名单管理办法》第十条', ?2, ?3, ?4, ?5, ?6)`,
  )
    .bind(subject, AUTHORITY.name, AUTHORITY.code, docNo, addMonths(TODAY, -monthsAgo), addMonths(TODAY, 36 - monthsAgo))
    .run();
}

beforeAll(async () => {
  decider = bearer(await token(DECIDER));
  admin = bearer(await token(ADMIN));
  subjectId = await insertSubject({ code: SUBJECT, name: "重庆渝中恒信食品有限公司" });
  await insertPenalty(subjectId, { docNo: "渝中市监罚〔2026〕101号", monthsAgo: 5 });
  await insertSeriousListing(subjectId, "渝中市监严失〔2025〕3号", 13);
  const other = await insertSubject({ code: OTHER, name: "重庆渝中新源商贸有限公司" });
  await insertPenalty(other, { docNo: "渝中市监罚〔2026〕201号", monthsAgo: 2 });
  await insertPenalty(other, { docNo: "渝中市监罚〔2025〕202号", monthsAgo: 14, kinds: ["罚款", "吊销许可证件"] });
  await insertPenalty(other, { docNo: "渝中市监罚〔2026〕203号", monthsAgo: 5 });
  await insertPenalty(other, { docNo: "渝中市监罚〔2026〕204号", monthsAgo: 5 });
  await insertListEntry(other, { listType: "dishonest_judgment_debtor", docNo: "（2026）渝0103执1234号" });
});

describe("filing a repair application", () => {
  it("an eligible penalty is accepted for review with a tracking number and a deadline in working days", async () => {
    const filed = await call<FiledCase>("/api/v1/repairs", { body: application("渝中市监罚〔2026〕203号", OTHER) });
    expect(filed.status).toBe(201);
    expect(filed.body.tracking).toMatch(/^XF-\d{8}-[2-9A-HJ-NP-Z]{6}$/);
    expect(filed.body.deadline).toBe(addWorkingDays(TODAY, 3));
    expect(filed.body.trackingUrl).toBe(`/cases/${filed.body.tracking}?k=${filed.body.accessKey}`);
    const view = await call<CaseView>(`/api/v1/cases/${filed.body.tracking}?k=${filed.body.accessKey}`);
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({ kind: "repair", state: "submitted", stateLabel: "已提交", overdue: false, applicant: { name: "王**", contact: "138****5678" } });
    expect(view.body.target).toMatchObject({ subjectCode: OTHER, docNo: "渝中市监罚〔2026〕203号", authority: { code: AUTHORITY.code } });
    expect(view.body.history.map((h) => h.action)).toEqual(["filed"]);
  });

  it("refuses before the minimum period, naming the day from which one may apply", async () => {
    const res = await call("/api/v1/repairs", { body: application("渝中市监罚〔2026〕201号", OTHER) });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe("case_not_eligible");
    expect(res.body.error.details).toEqual({ rule: "minimum_period", applyFrom: addMonths(addMonths(TODAY, -2), 3) });
    expect(res.body.error.message).toContain("最短公示期未满");
  });

  it("refuses kinds that are never repaired early, and sends 失信被执行人 to the court", async () => {
    const revoked = await call("/api/v1/repairs", { body: application("渝中市监罚〔2025〕202号", OTHER) });
    expect(revoked.status).toBe(422);
    expect(revoked.body.error.details).toMatchObject({ rule: "never_repairable_early" });
    expect(revoked.body.error.message).toContain("吊销许可证件");
    const court = await call("/api/v1/repairs", { body: application("（2026）渝0103执1234号", OTHER) });
    expect(court.status).toBe(422);
    expect(court.body.error.message).toContain("人民法院");
  });

  it("needs the 信用承诺, a valid contact, a known document; one open application per record", async () => {
    const noCommitment = await call("/api/v1/repairs", { body: { ...application("渝中市监罚〔2026〕204号", OTHER), commitmentAccepted: false } });
    expect(noCommitment.status).toBe(400);
    expect(noCommitment.body.error.message).toContain("commitmentAccepted");
    const badContact = await call("/api/v1/repairs", { body: { ...application("渝中市监罚〔2026〕204号", OTHER), applicantContact: "call me" } });
    expect(badContact.status).toBe(400);
    const unknown = await call("/api/v1/repairs", { body: application("渝中市监罚〔2099〕1号", OTHER) });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe("not_found");
    expect((await call("/api/v1/repairs", { body: application("渝中市监罚〔2026〕204号", OTHER) })).status).toBe(201);
    const again = await call("/api/v1/repairs", { body: application("渝中市监罚〔2026〕204号", OTHER) });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe("case_conflict");
  });
});

describe("racing filings", () => {
  it("two filings for the same record at once: one is accepted, the other answers 409", async () => {
    const code = uscc("500103");
    await insertPenalty(await insertSubject({ code, name: "重庆渝中并发测试有限公司" }), { docNo: "渝中市监罚〔2026〕601号", monthsAgo: 5 });
    const results = await Promise.all([1, 2, 3].map(() => call("/api/v1/repairs", { body: application("渝中市监罚〔2026〕601号", code) })));
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409]);
  });
});

describe("who decides (谁认定、谁修复)", () => {
  let tracking: string;
  beforeAll(async () => {
    const subject = await insertSubject({ code: uscc("500103"), name: "重庆渝中百川物流有限公司" });
    await insertPenalty(subject, { docNo: "渝中市监罚〔2026〕301号", monthsAgo: 6 });
    const code = (await env.DB.prepare("SELECT code FROM subjects WHERE id = ?1").bind(subject).first<{ code: string }>())!.code;
    tracking = (await call<FiledCase>("/api/v1/repairs", { body: application("渝中市监罚〔2026〕301号", code) })).body.tracking;
  });

  it("the public needs a token, providers and officers of other departments are refused, naming the deciding authority", async () => {
    expect((await call(`/api/v1/repairs/${tracking}/accept`, { method: "POST" })).status).toBe(401);
    const provider = await call(`/api/v1/repairs/${tracking}/accept`, { method: "POST", headers: bearer(await token(PROVIDER)) });
    expect(provider.status).toBe(403);
    const stranger = await call(`/api/v1/repairs/${tracking}/accept`, { method: "POST", headers: bearer(await token(OFFICER)) });
    expect(stranger.status).toBe(403);
    expect(stranger.body.error.message).toContain(AUTHORITY.name);
  });

  it("admins oversee but do not decide", async () => {
    const res = await call(`/api/v1/repairs/${tracking}/decision`, { body: { outcome: "repaired", reason: "材料齐全" }, headers: admin });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toContain("只监督");
    const read = await call<CaseView>(`/api/v1/cases/${tracking}`, { headers: admin });
    expect(read.body.applicant).toEqual({ name: "王小明", contact: "13812345678" });
  });

  it("the deciding officer accepts before repairing; a decided case cannot be decided again", async () => {
    const early = await call(`/api/v1/repairs/${tracking}/decision`, { body: { outcome: "repaired", reason: "材料齐全" }, headers: decider });
    expect(early.status).toBe(409);
    const accepted = await call<CaseView>(`/api/v1/repairs/${tracking}/accept`, { method: "POST", headers: decider });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ state: "accepted", applicant: { contact: "13812345678" } });
    expect((await call(`/api/v1/repairs/${tracking}/accept`, { method: "POST", headers: decider })).status).toBe(409);
    const refused = await call<CaseView>(`/api/v1/repairs/${tracking}/decision`, { body: { outcome: "refused", reason: "未提供罚款缴纳凭证" }, headers: decider });
    expect(refused.status).toBe(200);
    expect(refused.body).toMatchObject({ state: "refused", stateLabel: "不予修复", decision: "未提供罚款缴纳凭证" });
    expect(refused.body.history.map((h) => h.action)).toEqual(["filed", "accepted", "refused"]);
    const twice = await call(`/api/v1/repairs/${tracking}/decision`, { body: { outcome: "repaired", reason: "x" }, headers: decider });
    expect(twice.status).toBe(409);
    const events = await env.DB.prepare("SELECT count(*) AS n FROM case_events WHERE tracking = ?1").bind(tracking).first<{ n: number }>();
    expect(events!.n).toBe(3);
    // A refusal leaves the record as it was.
    const status = await env.DB.prepare("SELECT status FROM records WHERE doc_no = '渝中市监罚〔2026〕301号'").first<{ status: string }>();
    expect(status!.status).toBe("active");
  });

  it("the deciding officer's read is logged with scene 日常监管 and the tracking number as purpose", async () => {
    const before = (await env.DB.prepare("SELECT count(*) AS n FROM query_log").first<{ n: number }>())!.n;
    expect((await call(`/api/v1/cases/${tracking}`, { headers: decider })).status).toBe(200);
    const last = await env.DB.prepare("SELECT scene, purpose, actor FROM query_log ORDER BY id DESC LIMIT 1").first();
    expect(last).toEqual({ scene: "supervision", purpose: tracking, actor: "officer-yz-scjg" });
    expect((await env.DB.prepare("SELECT count(*) AS n FROM query_log").first<{ n: number }>())!.n).toBe(before + 1);
    // The public read writes nothing.
    await call(`/api/v1/cases/${tracking}`);
    expect((await env.DB.prepare("SELECT count(*) AS n FROM query_log").first<{ n: number }>())!.n).toBe(before + 1);
  });
});

describe("the effects of 予以修复", () => {
  const PENALTY = "渝中市监罚〔2026〕101号";
  const LISTING = "渝中市监严失〔2025〕3号";

  const check = async () =>
    (await call<CheckResult>("/api/v1/checks", { body: { scene: "政府采购", purpose: "CQZC-2026-0901", items: [{ ref: "1", code: SUBJECT }] }, headers: decider })).body.items[0]!;
  const grade = async () => (await call<SubjectEvaluation>(`/api/v1/evaluations/${SUBJECT}?${QUERY}`, { headers: decider })).body;

  async function repair(docNo: string): Promise<string> {
    const filed = await call<FiledCase>("/api/v1/repairs", { body: application(docNo) });
    expect(filed.status).toBe(201);
    expect((await call(`/api/v1/repairs/${filed.body.tracking}/accept`, { method: "POST", headers: decider })).status).toBe(200);
    const decided = await call<CaseView>(`/api/v1/repairs/${filed.body.tracking}/decision`, { body: { outcome: "repaired", reason: "已缴清罚款并完成整改" }, headers: decider });
    expect(decided.status).toBe(200);
    expect(decided.body.state).toBe("repaired");
    return filed.body.tracking;
  }

  it("the record and the listing leave public view, checks, the report; the grade and the change feed follow", async () => {
    const before = { check: await check(), grade: await grade() };
    expect(before.check.decision).toBe("block");
    const lookupBefore = (await call<SubjectProfile>(`/api/v1/subjects/${SUBJECT}`)).body;
    expect(lookupBefore.penalties.map((p) => p.docNo)).toContain(PENALTY);
    const seq = (await env.DB.prepare("SELECT max(seq) AS s FROM changes").first<{ s: number }>())!.s;

    const trackings = [await repair(PENALTY), await repair(LISTING)];

    const lookup = (await call<SubjectProfile>(`/api/v1/subjects/${SUBJECT}`)).body;
    expect(lookup.penalties).toEqual([]);
    expect(lookup.lists).toEqual([]);
    const forAdmin = (await call<SubjectProfile>(`/api/v1/subjects/${SUBJECT}?${QUERY}`, { headers: admin })).body;
    expect(forAdmin.penalties.find((p) => p.docNo === PENALTY)?.repaired).toBe(true);
    expect(forAdmin.lists.find((l) => l.docNo === LISTING)?.repaired).toBe(true);

    const after = await check();
    expect(after.hits).toEqual([]);
    expect(after.decision).toBe("pass");

    const report = (await call<SignedReport>(`/api/v1/subjects/${SUBJECT}/report`)).body;
    expect(report.report.penalties).toEqual([]);
    expect(report.report.lists).toEqual([]);

    const graded = await grade();
    expect(graded.score).toBeGreaterThan(before.grade.score);
    expect(graded.computedAt > before.grade.computedAt).toBe(true);

    const feed = (await call<{ items: { code: string; kinds: string[] }[] }>(`/api/v1/changes?since=${seq}`, { headers: decider })).body;
    expect(feed.items.find((i) => i.code === SUBJECT)?.kinds.sort()).toEqual(["list_entry", "record"]);

    const history = await env.DB.prepare(
      `SELECT h.entity, h.from_status, h.to_status, h.actor, h.reason FROM status_history h
        WHERE h.to_status = 'repaired' AND ((h.entity = 'record' AND h.entity_id = (SELECT id FROM records WHERE doc_no = ?1))
           OR (h.entity = 'list_entry' AND h.entity_id = (SELECT id FROM list_entries WHERE doc_no = ?2))) ORDER BY h.id`,
    )
      .bind(PENALTY, LISTING)
      .all();
    expect(history.results).toEqual([
      { entity: "record", from_status: "active", to_status: "repaired", actor: "officer:officer-yz-scjg", reason: `信用修复 ${trackings[0]}：已缴清罚款并完成整改` },
      { entity: "list_entry", from_status: "listed", to_status: "repaired", actor: "officer:officer-yz-scjg", reason: `信用修复 ${trackings[1]}：已缴清罚款并完成整改` },
    ]);
  });

  it("a repaired record cannot be applied for again, and answers exactly like one that never existed (no existence oracle)", async () => {
    const res = await call("/api/v1/repairs", { body: application(PENALTY) });
    expect(res.status).toBe(404);
    const unknown = await call("/api/v1/repairs", { body: application("渝中市监罚〔2026〕9999号") });
    expect(unknown.status).toBe(404);
    expect(JSON.stringify(res.body).replaceAll(PENALTY, "〔文书号〕")).toBe(JSON.stringify(unknown.body).replaceAll("渝中市监罚〔2026〕9999号", "〔文书号〕"));
  });
});

describe("evidence files (multipart)", () => {
  const PDF = new TextEncoder().encode("%PDF-1.7\n1 0 obj << >> endobj\n%%EOF");
  const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
  let code: string;
  beforeAll(async () => {
    code = uscc("500103");
    const id = await insertSubject({ code, name: "重庆渝中证据材料有限公司" });
    for (const n of [1, 2, 3, 4]) await insertPenalty(id, { docNo: `渝中市监罚〔2026〕80${n}号`, monthsAgo: 6 });
  });

  const upload = async (docNo: string, files: { name: string; type: string; bytes: Uint8Array<ArrayBuffer> }[]) => {
    const form = new FormData();
    for (const [k, v] of Object.entries(application(docNo, code))) form.set(k, String(v));
    for (const f of files) form.append("files", new File([f.bytes], f.name, { type: f.type }));
    const res = await exports.default.fetch("http://x/api/v1/repairs", { method: "POST", body: form, headers: { "cf-connecting-ip": `198.51.100.${++ip % 250}` } });
    return { status: res.status, body: (await res.json()) as FiledCase & Err };
  };

  it("stores PDF and PNG files in R2 by their digest and lists them on the case", async () => {
    const res = await upload("渝中市监罚〔2026〕801号", [
      { name: "缴款凭证.pdf", type: "application/pdf", bytes: PDF },
      { name: "整改照片.png", type: "image/png", bytes: PNG },
    ]);
    expect(res.status).toBe(201);
    const view = (await call<CaseView>(`/api/v1/cases/${res.body.tracking}?k=${res.body.accessKey}`)).body;
    expect(view.files.map((f) => [f.name, f.type, f.size])).toEqual([
      ["缴款凭证.pdf", "application/pdf", PDF.byteLength],
      ["整改照片.png", "image/png", PNG.byteLength],
    ]);
    const stored = await env.EVIDENCE!.get(`evidence/${view.files[0]!.sha256}`);
    expect(new Uint8Array(await stored!.arrayBuffer())).toEqual(PDF);
    // The deciding officer and admins download it; nobody else.
    const path = `http://x/api/v1/cases/${res.body.tracking}/files/${view.files[0]!.sha256}`;
    const download = await exports.default.fetch(path, { headers: decider });
    expect(download.status).toBe(200);
    expect(download.headers.get("content-type")).toBe("application/pdf");
    expect(download.headers.get("content-disposition")).toContain(encodeURIComponent("缴款凭证.pdf"));
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(PDF);
    expect((await exports.default.fetch(path, { headers: admin })).status).toBe(200);
    expect((await exports.default.fetch(path, { headers: bearer(await token(OFFICER)) })).status).toBe(403);
    expect((await exports.default.fetch(path)).status).toBe(401);
    expect((await exports.default.fetch(path.replace(/[0-9a-f]{64}$/, "0".repeat(64)), { headers: decider })).status).toBe(404);
  });

  it("judges the type by content, not by the declared type, naming the file", async () => {
    const res = await upload("渝中市监罚〔2026〕802号", [{ name: "伪装.png", type: "image/png", bytes: new TextEncoder().encode("<html>not an image</html>") }]);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain("伪装.png");
    const none = await env.DB.prepare("SELECT count(*) AS n FROM repair_cases WHERE target_id = (SELECT id FROM records WHERE doc_no = '渝中市监罚〔2026〕802号')").first<{ n: number }>();
    expect(none!.n).toBe(0);
  });

  it("refuses a file over 10 MB with 413 naming it, and more than 5 files", async () => {
    const big = new Uint8Array(10 * 1024 * 1024 + 1);
    big.set(PDF);
    const res = await upload("渝中市监罚〔2026〕803号", [{ name: "扫描件.pdf", type: "application/pdf", bytes: big }]);
    expect(res.status).toBe(413);
    expect(res.body.error.message).toContain("扫描件.pdf");
    const many = await upload("渝中市监罚〔2026〕804号", Array.from({ length: 6 }, (_, i) => ({ name: `${i}.pdf`, type: "application/pdf", bytes: PDF })));
    expect(many.status).toBe(400);
    expect(many.body.error.message).toContain("最多 5 个");
  });
});
