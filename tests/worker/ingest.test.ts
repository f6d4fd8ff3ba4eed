/**
 * Uploads through the real worker into the real (local) D1: a mixed file, the same file twice, a GBK file, the
 * legacy schema, a correction that keeps history, JSON / NDJSON, licences, lists and commitments, and uploads
 * that cannot be read at all.
 */
import { env } from "cloudflare:workers";
import iconv from "iconv-lite";
import { beforeAll, describe, expect, it } from "vitest";
import { addDays } from "../../shared/domain/dates";
import { AUTHORITY, OTHER_UNIT, REGISTERED_PERSON_ID, SOURCE_UNIT, companyName, csvText, enterpriseCode, penaltyCsv, penaltyRow } from "../fixtures/ingest/rows";
import { profile, recordByDocNo, report, tableCounts, upload } from "../fixtures/ingest/worker";
import codesCsv from "../fixtures/ingest/penalties-codes.csv?raw";
import legacyCsv from "../fixtures/ingest/penalties-legacy.csv?raw";
import licencesCsv from "../fixtures/ingest/licences.csv?raw";
import listEntriesCsv from "../fixtures/ingest/list-entries.csv?raw";
import listRemovalsCsv from "../fixtures/ingest/list-removals.csv?raw";
import commitmentsNdjson from "../fixtures/ingest/commitments.ndjson?raw";
import subjectsJson from "../fixtures/ingest/subjects.json?raw";
import { TODAY } from "./fixtures";

const PERSON_ID = "11010519491231002X";

/** A file as departments send them: good rows, every kind of bad row, a blank line, quotes and line breaks. */
function mixedFile(): { csv: string; good: { code: string; docNo: string }[]; bad: Record<number, string[]> } {
  const row = (n: number, o = {}) => penaltyRow(n, TODAY, o, 3);
  const rows = [
    row(1), // 一般
    row(2, { 处罚类别: "警告", 处罚内容: "警告", "罚款金额（万元）": "" }), // 轻微
    row(3, { 处罚类别: "罚款；吊销许可证件", "罚款金额（万元）": "1,200.5", 暂扣或吊销证照名称及编号: "食品经营许可证 JY15001030012345" }), // 严重
    row(4, { 行政相对人名称: "张某某", 行政相对人类别: "自然人", 统一社会信用代码: "", 证件类型: "身份证", 证件号码: PERSON_ID }),
    row(5, { 统一社会信用代码: "91350100M0001TGQXM", 违法事实: "经查，当事人“福建早期试点”公司\r\n在渝经营，未按规定公示信息。" }),
    row(6, { "罚款金额（万元）": "12.5万元" }),
    row(7, { 统一社会信用代码: "91500103MA5U3K9L2X" }), // uscc
    row(8, { 违法事实: "" }), // required
    row(9, { 处罚类别: "批评教育" }), // enum
    row(10, { "罚款金额（万元）": "2000" }), // amount_range (yuan-looking)
    row(11, { 处罚决定日期: addDays(TODAY, 1) }), // date (future)
    row(12, { 处罚决定日期: "2026-02-30" }), // date (impossible)
    row(13, { 行政相对人类别: "自然人", 统一社会信用代码: "", 证件号码: "110105194912310021" }), // id_number
    row(14, { 处罚机关统一社会信用代码: "11500103MB1K0423" }), // uscc (authority)
    row(15, { "罚款金额（万元）": "贰万元" }), // amount
    row(16, { 公示截止期: "2020-01-01" }), // date_order
    row(17, { 行政处罚决定书文号: "号".repeat(120) }), // length
    row(18, { 行政相对人名称: "重庆\uFFFD\uFFFD商贸有限公司" }), // encoding
  ];
  const lines = penaltyCsv(rows, { bom: true }).split("\r\n");
  // A blank line between rows (not a row), and a row with an unquoted comma in it (one column too many).
  lines.splice(4, 0, "");
  const extra = penaltyCsv([row(19, { 违法事实: "PLACEHOLDER" })]).split("\r\n")[1]!.replace("PLACEHOLDER", "销售过期食品,货值3600元");
  lines.splice(lines.length - 1, 0, extra);
  const good = [1, 2, 3, 4, 5, 6].map((n) => ({ code: rows[n - 1]!.统一社会信用代码 || PERSON_ID, docNo: rows[n - 1]!.行政处罚决定书文号! }));
  return {
    csv: lines.join("\r\n"),
    good,
    bad: { 8: ["uscc"], 9: ["required"], 10: ["enum"], 11: ["amount_range"], 12: ["date"], 13: ["date"], 14: ["id_number"], 15: ["uscc"], 16: ["amount"], 17: ["date_order"], 18: ["length"], 19: ["encoding"], 20: ["format"] },
  };
}

describe("a mixed file", () => {
  const file = mixedFile();
  let batchId: number;

  beforeAll(async () => {
    const res = await upload("penalties", file.csv, { query: { fileName: "渝中区2026年11月行政处罚.csv" } });
    expect(res.status, res.text).toBe(200);
    batchId = res.body.batchId;
  });

  it("stores the good rows, rejects the bad ones row by row: accepted + rejected = total", async () => {
    const { body } = await report(batchId);
    expect(body).toMatchObject({ total: 19, accepted: 6, rejected: 13, inserted: 6, unchanged: 0, status: "done", encoding: "UTF-8", format: "CSV", schema: "current" });
    expect(body.accepted + body.rejected).toBe(body.total);
    expect(body.passRate).toBeCloseTo(6 / 19, 4);
  });

  it("answers each rejected row with its row number, column, rule and a message saying what to change", async () => {
    const res = await upload("penalties", file.csv);
    const byRow = new Map<number, string[]>();
    for (const p of res.body.rejectedRows) byRow.set(p.row, [...(byRow.get(p.row) ?? []), p.rule]);
    expect(Object.fromEntries(byRow)).toEqual(file.bad);
    expect(res.body.rejectedRows.find((p) => p.row === 11)).toMatchObject({ field: "罚款金额（万元）", message: expect.stringContaining("按万元应为 0.2") });
    expect(res.body.rejectedRows.find((p) => p.row === 20)).toMatchObject({ rule: "format", message: expect.stringContaining("未加引号的逗号") });
    // Never a full ID number in an answer.
    expect(res.text).not.toContain("110105194912310021");
    expect(res.text).not.toContain(PERSON_ID);
  });

  it("makes every good row queryable, with its lineage", async () => {
    for (const { code, docNo } of file.good) {
      const { status, body } = await profile(code);
      expect(status, code).toBe(200);
      expect(body.penalties.map((p) => p.docNo), code).toContain(docNo);
      const record = await recordByDocNo(docNo);
      expect(record).toMatchObject({ batch_id: batchId, source_unit_code: SOURCE_UNIT.code, source_unit_name: SOURCE_UNIT.name, version: 1 });
      expect(record!.received_at).toMatch(/^\d{4}-\d\d-\d\dT/);
    }
    const rows = await env.DB.prepare("SELECT doc_no, source_row, severity FROM records WHERE batch_id = ?1 ORDER BY source_row").bind(batchId).all();
    // Row numbers count the blank line after row 3 (as a spreadsheet shows it), though it is not a row.
    expect(rows.results.map((r) => [r.source_row, r.severity])).toEqual([[1, "general"], [2, "minor"], [3, "serious"], [5, "general"], [6, "general"], [7, "general"]]);
  });

  it("creates the unknown subjects from the rows: a natural person by ID number, a legacy pilot code flagged", async () => {
    const person = await env.DB.prepare("SELECT code_type, kind, name, provisional, batch_id FROM subjects WHERE code = ?1").bind(PERSON_ID).first();
    expect(person).toMatchObject({ code_type: "id_number", kind: "natural_person", name: "张某某", provisional: 1, batch_id: batchId });
    const legacy = await env.DB.prepare("SELECT checksum_legacy FROM subjects WHERE code = '91350100M0001TGQXM'").first();
    expect(legacy).toMatchObject({ checksum_legacy: 1 });
  });

  it("keeps every rejected row with its problems and raw text, and counts them per rule in the report", async () => {
    const kept = await env.DB.prepare("SELECT row_number, rule, raw FROM ingest_rejections WHERE batch_id = ?1 ORDER BY row_number").bind(batchId).all<{ row_number: number; rule: string; raw: string }>();
    expect(kept.results.map((r) => r.row_number)).toEqual(Object.keys(file.bad).map(Number));
    expect(kept.results.find((r) => r.row_number === 9)!.raw).toContain(companyName(8));
    const { body, text } = await report(batchId);
    expect(body.rejectedByRule).toEqual({ uscc: 2, required: 1, enum: 1, amount_range: 1, date: 2, id_number: 1, amount: 1, date_order: 1, length: 1, encoding: 1, format: 1 });
    expect(body.codeQuality).toMatchObject({ wrongCodes: 3, duplicateCodes: 0 });
    expect(body.codeQuality.perMille).toBeCloseTo((3 / 19) * 1000, 1);
    expect(body.rejections.items).toHaveLength(13);
    expect(text).not.toContain("110105194912310021");
  });
});

describe("the same file twice", () => {
  it("changes nothing the second time: no new version, history or change-feed row", async () => {
    const csv = penaltyCsv([penaltyRow(31, TODAY), penaltyRow(32, TODAY, { 处罚类别: "警告", "罚款金额（万元）": "" }), penaltyRow(33, TODAY, { 统一社会信用代码: "bad" })]);
    const first = await upload("penalties", csv);
    expect(first.body).toMatchObject({ total: 3, accepted: 2, inserted: 2, rejected: 1 });
    const before = await tableCounts();
    const stored = await recordByDocNo(penaltyRow(31, TODAY).行政处罚决定书文号!);
    const second = await upload("penalties", csv);
    expect(second.body).toMatchObject({ total: 3, accepted: 2, unchanged: 2, inserted: 0, updated: 0, rejected: 1 });
    expect(await tableCounts()).toEqual(before);
    expect(await recordByDocNo(penaltyRow(31, TODAY).行政处罚决定书文号!)).toEqual(stored);
  });
});

describe("a GBK file", () => {
  it("is detected without a charset and read like its UTF-8 twin (the sample file, as Excel saves it)", async () => {
    const gbk = new Uint8Array(iconv.encode(codesCsv, "gbk"));
    const res = await upload("penalties", gbk);
    expect(res.body).toMatchObject({ total: 3, accepted: 3, rejected: 0 });
    expect((await report(res.body.batchId)).body.encoding).toBe("GBK");
    const record = await recordByDocNo("渝中市监处罚〔2026〕1101号");
    expect(record).toMatchObject({ title: "经营超过保质期的食品", authority_name: "重庆市渝中区市场监督管理局" });
    expect(record!.facts).toContain("“山城牌”火锅底料标签不符合规定，\r\n货值金额3,600元");
    // Sent again as UTF-8: the same rows, so nothing changes.
    expect((await upload("penalties", codesCsv)).body).toMatchObject({ accepted: 3, unchanged: 3 });
  });

  it("honours a declared charset, and a GBK file declared UTF-8 loses no row silently", async () => {
    const csv = penaltyCsv([penaltyRow(41, TODAY)]);
    expect((await upload("penalties", new Uint8Array(iconv.encode(csv, "gbk")), { type: "text/csv; charset=GB2312" })).body).toMatchObject({ accepted: 1 });
    const wrong = await upload("penalties", new Uint8Array(iconv.encode(penaltyCsv([penaltyRow(42, TODAY)]), "gbk")), { query: { encoding: "utf-8" } });
    expect(wrong.status).toBe(400); // the header itself is unreadable as UTF-8: no known column
    const header = penaltyCsv([]).trim();
    const body = new Uint8Array([...new TextEncoder().encode(`${header}\r\n`), ...iconv.encode(penaltyCsv([penaltyRow(43, TODAY)]).split("\r\n")[1]!, "gbk")]);
    const mixed = await upload("penalties", body, { type: "text/csv; charset=utf-8" });
    expect(mixed.body).toMatchObject({ total: 1, rejected: 1 });
    expect(mixed.body.rejectedRows.map((p) => p.rule)).toContain("encoding");
  });
});

describe("the legacy schema", () => {
  const defaults = { authorityCode: AUTHORITY.code, authorityName: AUTHORITY.name, sourceUnit: SOURCE_UNIT.code, sourceUnitName: SOURCE_UNIT.name };

  it("maps 处罚类别1 codes and the older names onto the same fields", async () => {
    const res = await upload("penalties", legacyCsv, { query: defaults });
    expect(res.body).toMatchObject({ total: 5, accepted: 4, rejected: 1 });
    expect(res.body.rejectedRows).toEqual([{ row: 5, field: "处罚类别1", rule: "enum", message: expect.stringContaining("旧版代码 0–6") }]);
    expect(await recordByDocNo("渝中工商处字〔2019〕201号")).toMatchObject({ kinds: "罚款", title: "擅自改变经营场所", content: "罚款人民币1万元", fine_wan: null, decided_on: "2019-06-11", authority_code: AUTHORITY.code, severity: "general", status: "active" });
    expect(await recordByDocNo("渝中工商处字〔2019〕202号")).toMatchObject({ kinds: "警告；罚款" });
    // Code 4 is “暂扣或者吊销”: classed 一般 (its only certain part) and flagged for an admin's review (issue 11).
    expect(await recordByDocNo("渝中工商处字〔2019〕203号")).toMatchObject({ kinds: "暂扣或者吊销许可证件", severity: "general", needs_review: 1, publish_until: "2020-06-12" });
    expect(await recordByDocNo("渝中工商处字〔2019〕204号")).toMatchObject({ status: "revoked" });
    const { body } = await report(res.body.batchId);
    expect(body.schema).toBe("legacy");
    expect(body.needsReview).toEqual({ kind_ambiguous: 1 });
    expect(body.ignoredColumns).toContain("行政相对人代码_2(组织机构代码)（按规定不保存）");
  });

  it("without the authority code column or its default, the upload is refused before anything is written", async () => {
    const before = await tableCounts();
    const res = await upload("penalties", legacyCsv, { query: { sourceUnit: SOURCE_UNIT.code, sourceUnitName: SOURCE_UNIT.name } });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: "invalid_request", message: expect.stringContaining("处罚机关统一社会信用代码（CF_CFJGDM）") });
    expect(await tableCounts()).toEqual(before);
  });
});

describe("a correction", () => {
  it("replaces the record and keeps the earlier version in the history", async () => {
    const original = penaltyRow(51, TODAY);
    const docNo = original.行政处罚决定书文号!;
    const first = await upload("penalties", penaltyCsv([original]));
    const stored = await recordByDocNo(docNo);
    const before = await tableCounts();
    const corrected = await upload("penalties", penaltyCsv([{ ...original, "罚款金额（万元）": "3", 处罚内容: "罚款人民币叁万元整" }]));
    expect(corrected.body).toMatchObject({ accepted: 1, updated: 1, inserted: 0 });
    const now = await recordByDocNo(docNo);
    expect(now).toMatchObject({ fine_wan: 3, content: "罚款人民币叁万元整", version: 2, batch_id: corrected.body.batchId, id: stored!.id });
    const versions = await env.DB.prepare("SELECT version, snapshot, replaced_by_batch FROM record_versions WHERE record_id = ?1").bind(stored!.id).all<{ version: number; snapshot: string; replaced_by_batch: number }>();
    expect(versions.results).toHaveLength(1);
    expect(versions.results[0]).toMatchObject({ version: 1, replaced_by_batch: corrected.body.batchId });
    expect(JSON.parse(versions.results[0]!.snapshot)).toMatchObject({ fine_wan: 2, content: "警告，罚款人民币贰万元整", batch_id: first.body.batchId, version: 1 });
    // One change-feed row; the status did not change, so no status-history row.
    expect(await tableCounts()).toMatchObject({ records: before.records, record_versions: before.record_versions + 1, changes: before.changes + 1, status_history: before.status_history });
    // The corrected file sent again changes nothing more.
    expect((await upload("penalties", penaltyCsv([{ ...original, "罚款金额（万元）": "3", 处罚内容: "罚款人民币叁万元整" }]))).body).toMatchObject({ unchanged: 1 });
    expect((await recordByDocNo(docNo))!.version).toBe(2);
  });

  it("two rows with one natural key in one file: the later corrects the earlier", async () => {
    const row = penaltyRow(52, TODAY);
    const res = await upload("penalties", penaltyCsv([row, { ...row, "罚款金额（万元）": "4" }]));
    expect(res.body).toMatchObject({ accepted: 2, inserted: 1, updated: 1 });
    expect(await recordByDocNo(row.行政处罚决定书文号!)).toMatchObject({ fine_wan: 4, version: 2, source_row: 2 });
  });

  it("one row the database refuses does not take the good rows of its chunk down", async () => {
    const rows = [penaltyRow(53, TODAY), penaltyRow(54, TODAY), penaltyRow(55, TODAY)];
    await upload("penalties", penaltyCsv(rows));
    // A history row already holding the next version number: the correction of row 54 cannot be stored.
    const target = await recordByDocNo(rows[1]!.行政处罚决定书文号!);
    await env.DB.prepare("INSERT INTO record_versions (record_id, version, snapshot, replaced_at) VALUES (?1, ?2, '{}', '2026-01-01T00:00:00Z')").bind(target!.id, target!.version).run();
    const res = await upload("penalties", penaltyCsv(rows.map((r) => ({ ...r, "罚款金额（万元）": "5" }))));
    expect(res.body).toMatchObject({ total: 3, accepted: 2, updated: 2, rejected: 1 });
    expect(res.body.rejectedRows).toEqual([{ row: 2, field: "", rule: "storage", message: expect.stringContaining("数据库拒绝写入此行") }]);
    expect(await recordByDocNo(rows[0]!.行政处罚决定书文号!)).toMatchObject({ fine_wan: 5 });
    expect(await recordByDocNo(rows[1]!.行政处罚决定书文号!)).toMatchObject({ fine_wan: 2, version: 1 });
    expect(await recordByDocNo(rows[2]!.行政处罚决定书文号!)).toMatchObject({ fine_wan: 5 });
  });
});

describe("JSON and NDJSON", () => {
  it("reads an array of objects keyed by Chinese names, codes or field names; a malformed element is rejected alone", async () => {
    const a = penaltyRow(61, TODAY);
    const b = Object.fromEntries(Object.entries(penaltyRow(62, TODAY)).map(([k, v]) => [({ 行政处罚决定书文号: "CF_WSH", "罚款金额（万元）": "fineWan" } as Record<string, string>)[k] ?? k, v]));
    const body = `[${JSON.stringify({ ...a, "罚款金额（万元）": 2 })}, ${JSON.stringify(b)}, {"CF_WSH": }, {"CF_WSH": {"nested": 1}}]`;
    const res = await upload("penalties", body, { type: "application/json" });
    expect(res.body).toMatchObject({ total: 4, accepted: 2, rejected: 2 });
    expect(res.body.rejectedRows.slice(0, 2)).toEqual([
      { row: 3, field: "", rule: "format", message: "不是合法的 JSON" },
      { row: 4, field: "CF_WSH", rule: "format", message: expect.stringContaining("不能是对象或数组") },
    ]);
    expect(await recordByDocNo(b.CF_WSH!)).toMatchObject({ fine_wan: 2 });
  });

  it("NDJSON commitments, then their fulfilment and breach; an older pending file sent again is refused", async () => {
    expect((await upload("commitments", commitmentsNdjson, { type: "application/x-ndjson" })).body).toMatchObject({ total: 2, accepted: 2, inserted: 2 });
    const [one, two] = commitmentsNdjson.trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
    const outcome = [
      JSON.stringify({ ...one, commitmentStatus: "已履行", resolvedOn: "2026-11-20" }),
      JSON.stringify({ ...two, commitmentStatus: "未履行", resolvedOn: "2026-11-21" }),
    ].join("\n");
    expect((await upload("commitments", outcome, { type: "application/x-ndjson" })).body).toMatchObject({ accepted: 2, updated: 2 });
    const stored = await env.DB.prepare("SELECT doc_no, status, resolved_on FROM commitments ORDER BY doc_no").all();
    expect(stored.results).toEqual([
      { doc_no: "渝北承诺〔2026〕61号", status: "fulfilled", resolved_on: "2026-11-20" },
      { doc_no: "渝北承诺〔2026〕62号", status: "breached", resolved_on: "2026-11-21" },
    ]);
    expect((await env.DB.prepare("SELECT count(*) AS n FROM entity_versions WHERE entity = 'commitment'").first())!.n).toBe(2);
    const stale = await upload("commitments", commitmentsNdjson, { type: "application/x-ndjson" });
    expect(stale.body).toMatchObject({ accepted: 0, rejected: 2 });
    expect(stale.body.rejectedRows[0]).toMatchObject({ row: 1, rule: "status_regression", message: expect.stringContaining("已认定为已履行") });
    expect((await env.DB.prepare("SELECT status FROM commitments WHERE doc_no = '渝北承诺〔2026〕61号'").first())!.status).toBe("fulfilled");
  });

  it("subjects from a JSON array: a natural person is stored under the ID number and never echoed", async () => {
    const res = await upload("subjects", subjectsJson, { type: "application/json" });
    expect(res.body).toMatchObject({ total: 2, accepted: 2, inserted: 2 });
    expect(res.text).not.toContain(REGISTERED_PERSON_ID);
    const person = await env.DB.prepare("SELECT code_type, kind, region_code FROM subjects WHERE code = ?1").bind(REGISTERED_PERSON_ID).first();
    expect(person).toMatchObject({ code_type: "id_number", kind: "natural_person", region_code: "500103" });
    const company = await env.DB.prepare("SELECT name, industry_code, registered_capital_wan, provisional FROM subjects WHERE code = ?1").bind(enterpriseCode(600)).first();
    expect(company).toMatchObject({ name: companyName(600), industry_code: "F", registered_capital_wan: 500, provisional: 0 });
  });
});

describe("licences and lists", () => {
  it("licences with XK_ codes: 2099/12/31 and 长期 are long term; an unknown 许可类别 is refused", async () => {
    const res = await upload("licences", licencesCsv);
    expect(res.body).toMatchObject({ total: 4, accepted: 3, rejected: 1 });
    expect(res.body.rejectedRows).toEqual([{ row: 4, field: "XK_XKLB", rule: "enum", message: expect.stringContaining("普通") }]);
    const { body } = await profile(enterpriseCode(302, "500112"));
    expect(body.licences).toEqual([expect.objectContaining({ docNo: "渝北审批食经〔2026〕42号", longTerm: true, validUntil: null })]);
    expect((await report(res.body.batchId)).body.timeliness).toMatchObject({ workingDays: 7, counted: 3 });
  });

  it("list entries, then removals: status history kept, an unknown entry reported, the second removal changes nothing", async () => {
    const listed = await upload("list-entries", listEntriesCsv);
    expect(listed.body).toMatchObject({ total: 3, accepted: 2, rejected: 1 });
    expect(listed.body.rejectedRows[0]).toMatchObject({ row: 3, field: "名单类型", rule: "enum" });
    const entry = await env.DB.prepare("SELECT id, planned_removal_on FROM list_entries WHERE doc_no = '渝中市监严失〔2026〕2号'").first<{ id: number; planned_removal_on: string | null }>();
    expect(entry!.planned_removal_on).toBeNull();
    const removed = await upload("list-removals", listRemovalsCsv);
    expect(removed.body).toMatchObject({ total: 2, accepted: 1, updated: 1, rejected: 1 });
    expect(removed.body.rejectedRows[0]).toMatchObject({ row: 2, rule: "not_found" });
    expect(await env.DB.prepare("SELECT status, removed_on, removal_reason, batch_id FROM list_entries WHERE id = ?1").bind(entry!.id).first()).toEqual({
      status: "removed", removed_on: "2026-11-20", removal_reason: "已补报年度报告并公示", batch_id: removed.body.batchId,
    });
    const history = await env.DB.prepare("SELECT from_status, to_status FROM status_history WHERE entity = 'list_entry' AND entity_id = ?1 ORDER BY id").bind(entry!.id).all();
    expect(history.results).toEqual([{ from_status: null, to_status: "listed" }, { from_status: "listed", to_status: "removed" }]);
    const before = await tableCounts();
    expect((await upload("list-removals", listRemovalsCsv)).body).toMatchObject({ accepted: 1, unchanged: 1, rejected: 1 });
    expect(await tableCounts()).toEqual(before);
    // The listing file sent again does not list the removed entry again.
    const again = await upload("list-entries", listEntriesCsv);
    expect(again.body.rejectedRows.find((p) => p.row === 2)).toMatchObject({ rule: "status_regression" });
  });
});

describe("uploads that cannot be read at all", () => {
  it("are refused before anything is written: no columns, duplicate columns, header only, empty, wrong type", async () => {
    const before = await tableCounts();
    const batches = async () => (await env.DB.prepare("SELECT count(*) AS n FROM ingest_batches").first<{ n: number }>())!.n;
    const startBatches = await batches();
    const cases: [string, BodyInit, string, number, string][] = [
      ["licences in the penalties route", licencesCsv, "text/csv", 400, "行政许可数据"],
      ["duplicate columns", csvText(["CF_WSH", "行政处罚决定书文号"], [{ CF_WSH: "1" }]), "text/csv", 400, "列重复"],
      ["header only", penaltyCsv([]), "text/csv", 400, "没有数据行"],
      ["empty", "", "text/csv", 400, "为空"],
      ["not an array", '{"CF_WSH":"1"}', "application/json", 400, "顶层应为数组"],
      ["a spreadsheet", "PK\u0003\u0004", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", 415, "不支持的内容类型"],
    ];
    for (const [name, body, type, status, message] of cases) {
      const res = await upload("penalties", body, { type });
      expect(res.status, name).toBe(status);
      expect(res.body.error?.message, name).toContain(message);
    }
    expect(await tableCounts()).toEqual(before);
    expect(await batches()).toBe(startBatches);
  });

  it("an upload streamed past 95 MB is stopped with 413", async () => {
    const header = new TextEncoder().encode(`${penaltyCsv([]).trim()}\r\n"`);
    const megabyte = new Uint8Array(1024 * 1024).fill(0x78);
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent === 0) controller.enqueue(header);
        if (sent++ > 100) return controller.close();
        controller.enqueue(megabyte);
      },
    });
    const res = await upload("penalties", body);
    expect(res.status).toBe(413);
    expect(res.body.error).toMatchObject({ code: "payload_too_large", details: { maxBytes: 95 * 1024 * 1024 } });
  });

  it("a limit reached mid-way keeps the rows read before it and marks the batch failed", async () => {
    const row = penaltyRow(72, TODAY);
    const head = new TextEncoder().encode(`${penaltyCsv([row])}"`);
    const megabyte = new Uint8Array(1024 * 1024).fill(0x79);
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent === 0) controller.enqueue(head);
        if (sent++ > 100) return controller.close();
        controller.enqueue(megabyte);
      },
    });
    const res = await upload("penalties", body);
    expect(res.status).toBe(413);
    const batchId = res.body.error!.details!.batchId as number;
    expect(res.body.error).toMatchObject({ code: "payload_too_large", message: expect.stringContaining(`批次 ${batchId}`) });
    expect((await report(batchId)).body).toMatchObject({ status: "failed", total: 1, accepted: 1 });
    expect(await recordByDocNo(row.行政处罚决定书文号!)).toMatchObject({ batch_id: batchId });
  });

  it("other units' codes in a provider-free admin upload are kept as sent", async () => {
    const res = await upload("penalties", penaltyCsv([penaltyRow(71, TODAY, { 数据来源单位: OTHER_UNIT.name, 数据来源单位统一社会信用代码: OTHER_UNIT.code })]));
    expect(res.body).toMatchObject({ accepted: 1 });
    expect((await report(res.body.batchId)).body.sourceUnit).toEqual({ code: OTHER_UNIT.code, name: OTHER_UNIT.name });
  });
});
