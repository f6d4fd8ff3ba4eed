/**
 * Resident ID numbers written into free text (违法事实, 处罚内容, 备注, 列入事由, 许可内容, 承诺事项 …) are masked at
 * ingest, before anything is stored: in the stored rows, the rejected rows kept with their raw text, the messages,
 * the answer and the quality report (issue 11). The 证件号码 column of a natural person keeps its handling: it is the
 * person's key.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { AUTHORITY, LICENSING_AUTHORITY, SOURCE_UNIT, csvText, enterpriseCode, penaltyCsv, penaltyRow, PENALTY_HEADERS } from "../fixtures/ingest/rows";
import { recordByDocNo, report, upload } from "../fixtures/ingest/worker";
import { TODAY } from "./fixtures";

/** Valid by GB 11643 (check character X), and an old 15-digit number of the same person. */
const ID18 = "11010519491231002X";
const MASKED18 = "1101051949****002X";
const ID15 = "110105491231002";
const MASKED15 = "11010549****002";
/** The same 18-digit number typed with full-width digits (an IME left on). */
const ID18_WIDE = "１１０１０５１９４９１２３１００２Ｘ";
const MASKED18_WIDE = "１１０１０５１９４９****００２Ｘ";

/** Every form an unmasked number of this person can take in stored text. */
const UNMASKED = [ID18, ID15, ID18_WIDE, "11010519491231002x"];

function expectNoIdNumber(text: unknown): void {
  const s = typeof text === "string" ? text : JSON.stringify(text);
  for (const id of UNMASKED) expect(s).not.toContain(id);
}

const dumpTable = async (sql: string, ...params: unknown[]) => JSON.stringify((await env.DB.prepare(sql).bind(...params).all()).results);

describe("ID numbers in the free text of penalties", () => {
  it("are masked in every free-text column before storage, counted per column in the answer and the report", async () => {
    const row = penaltyRow(301, TODAY, {
      违法行为类型: `冒用他人身份证号${ID18}办理登记`,
      违法事实: `经查，当事人员工张某（身份证号${ID18}）与李某（旧证${ID15}）、王某（${ID18_WIDE}）在经营场所销售过期食品。`,
      处罚依据: `《中华人民共和国食品安全法》第一百二十四条（当事人${ID18}）`,
      处罚内容: `罚款人民币贰万元整，由${ID18}缴纳`,
      备注: `联系人身份证${ID18}`,
      法定代表人: `王建国${ID18}`,
    });
    const res = await upload("penalties", penaltyCsv([row]));
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ accepted: 1, maskedIdNumbers: 6 });
    const stored = await recordByDocNo(row.行政处罚决定书文号!);
    expect(stored).toMatchObject({
      title: `冒用他人身份证号${MASKED18}办理登记`,
      facts: `经查，当事人员工张某（身份证号${MASKED18}）与李某（旧证${MASKED15}）、王某（${MASKED18_WIDE}）在经营场所销售过期食品。`,
      basis: `《中华人民共和国食品安全法》第一百二十四条（当事人${MASKED18}）`,
      content: `罚款人民币贰万元整，由${MASKED18}缴纳`,
      remark: `联系人身份证${MASKED18}`,
    });
    expectNoIdNumber(stored);
    const subject = await env.DB.prepare("SELECT legal_representative FROM subjects WHERE code = ?1").bind(row.统一社会信用代码).first();
    expect(subject).toEqual({ legal_representative: `王建国${MASKED18}` });
    const { body } = await report(res.body.batchId);
    expect(body.maskedIdNumbers).toBe(6);
    expect(body.maskedIdNumbersByField).toEqual({ 违法行为类型: 1, 违法事实: 1, 处罚依据: 1, 处罚内容: 1, 备注: 1, 法定代表人: 1 });
    expectNoIdNumber(await dumpTable("SELECT * FROM changes c JOIN status_history h ON h.entity_id = c.entity_id WHERE c.entity_id = ?1", stored!.id));
  });

  it("a correction is masked too, and so is the earlier version kept in the history", async () => {
    const row = penaltyRow(302, TODAY, { 违法事实: `当事人${ID18}销售过期食品` });
    await upload("penalties", penaltyCsv([row]));
    const corrected = await upload("penalties", penaltyCsv([{ ...row, 违法事实: `当事人${ID15}销售过期食品，货值1200元` }]));
    expect(corrected.body).toMatchObject({ updated: 1, maskedIdNumbers: 1 });
    const stored = await recordByDocNo(row.行政处罚决定书文号!);
    expect(stored!.facts).toBe(`当事人${MASKED15}销售过期食品，货值1200元`);
    expectNoIdNumber(await dumpTable("SELECT snapshot FROM record_versions WHERE record_id = ?1", stored!.id));
  });

  it("a rejected row is kept with its raw text and message masked, the person's own 证件号码 included", async () => {
    const person = penaltyRow(303, TODAY, {
      行政相对人名称: "张某",
      行政相对人类别: "自然人",
      统一社会信用代码: "",
      证件类型: "身份证",
      证件号码: ID18,
      违法事实: `当事人（${ID15}）无证经营`,
      处罚决定日期: "2026-02-30",
    });
    const badCode = penaltyRow(304, TODAY, { 统一社会信用代码: ID18, 备注: `见${ID18_WIDE}` });
    const res = await upload("penalties", penaltyCsv([person, badCode]));
    expect(res.body).toMatchObject({ accepted: 0, rejected: 2, maskedIdNumbers: 2 });
    expectNoIdNumber(res.text);
    expect(res.text).toContain(MASKED18);
    const kept = await dumpTable("SELECT field, message, raw FROM ingest_rejections WHERE batch_id = ?1", res.body.batchId);
    expectNoIdNumber(kept);
    expect(kept).toContain(`当事人（${MASKED15}）无证经营`);
    const { text } = await report(res.body.batchId);
    expectNoIdNumber(text);
  });

  it("the natural person's 证件号码 column is the subject's key: stored as sent, never counted as masked", async () => {
    const person = penaltyRow(305, TODAY, { 行政相对人名称: "李某", 行政相对人类别: "自然人", 统一社会信用代码: "", 证件类型: "身份证", 证件号码: ID18 });
    const res = await upload("penalties", penaltyCsv([person]));
    expect(res.body).toMatchObject({ accepted: 1, maskedIdNumbers: 0 });
    expect(await env.DB.prepare("SELECT code_type FROM subjects WHERE code = ?1").bind(ID18).first()).toEqual({ code_type: "id_number" });
  });

  it("a header or JSON key carrying an ID number is masked where it is echoed", async () => {
    const header = [...PENALTY_HEADERS, `备用列${ID18}`];
    const row = penaltyRow(306, TODAY) as Record<string, string>;
    const csvRes = await upload("penalties", csvText(header, [row]));
    expect(csvRes.body.accepted).toBe(1);
    const csvReport = await report(csvRes.body.batchId);
    expect(csvReport.body.ignoredColumns).toContain(`备用列${MASKED18}`);
    expectNoIdNumber(csvReport.text);
    const jsonRes = await upload("penalties", JSON.stringify([{ ...penaltyRow(307, TODAY), [`备注${ID15}`]: "x" }]), { type: "application/json" });
    expect(jsonRes.body.accepted).toBe(1);
    expectNoIdNumber((await report(jsonRes.body.batchId)).text);
    const missing = await upload("penalties", csvText([`行政相对人名称${ID18}`], [{}]));
    expect(missing.status).toBe(400);
    expectNoIdNumber(missing.text);
  });
});

describe("ID numbers in the free text of every other kind", () => {
  const json = (rows: unknown[]) => JSON.stringify(rows);
  const unit = { sourceUnitName: SOURCE_UNIT.name, sourceUnitCode: SOURCE_UNIT.code };

  it("licences, subjects, list entries and removals, commitments", async () => {
    const code = enterpriseCode(311, "500112");
    const licences = await upload(
      "licences",
      json([{ subjectName: `重庆测试${ID18}有限公司`, subjectCode: code, docNo: "渝北审批食经〔2026〕311号", licenceKind: "普通", certName: `食品经营许可证${ID18}`, licenceNo: `JY${ID15}`, content: `许可${ID18}经营预包装食品`, decidedOn: TODAY, validFrom: TODAY, validUntil: "2099/12/31", authorityName: LICENSING_AUTHORITY.name, authorityCode: LICENSING_AUTHORITY.code, remark: ID18, ...unit }]),
      { type: "application/json" },
    );
    expect(licences.body).toMatchObject({ accepted: 1, maskedIdNumbers: 5 });
    expectNoIdNumber(await dumpTable("SELECT r.*, s.name FROM records r JOIN subjects s ON s.id = r.subject_id WHERE s.code = ?1", code));

    const subjects = await upload(
      "subjects",
      json([{ subjectName: "重庆测试商贸有限公司", subjectCode: code, subjectKind: "企业", legalRepresentative: `赵某${ID18}`, industry: `批发${ID15}`, address: `重庆市渝北区${ID18}号`, ...unit }]),
      { type: "application/json" },
    );
    expect(subjects.body).toMatchObject({ accepted: 1, maskedIdNumbers: 3 });
    const subject = await dumpTable("SELECT * FROM subjects WHERE code = ?1", code);
    expectNoIdNumber(subject);
    expect(subject).toContain(`重庆市渝北区${MASKED18}号`);
    // The earlier version of the subject (a provisional one named with the number) is masked as well.
    expectNoIdNumber(await dumpTable("SELECT snapshot FROM entity_versions WHERE entity = 'subject'"));

    const docNo = "渝北市监严失〔2026〕311号";
    const entries = await upload(
      "list-entries",
      json([{ listType: "严重失信主体名单", subjectName: "重庆测试商贸有限公司", subjectCode: code, reason: `提供虚假材料（冒用${ID18}）`, legalBasis: `依据${ID15}`, authorityName: AUTHORITY.name, authorityCode: AUTHORITY.code, docNo, listedOn: TODAY, ...unit }]),
      { type: "application/json" },
    );
    expect(entries.body).toMatchObject({ accepted: 1, maskedIdNumbers: 2 });
    const removals = await upload(
      "list-removals",
      json([{ listType: "严重失信主体名单", subjectCode: code, docNo, removedOn: TODAY, removalReason: `已纠正，经办人${ID18_WIDE}`, ...unit }]),
      { type: "application/json" },
    );
    expect(removals.body).toMatchObject({ accepted: 1, maskedIdNumbers: 1 });
    const entry = await dumpTable("SELECT * FROM list_entries WHERE doc_no = ?1", docNo);
    expectNoIdNumber(entry);
    expect(entry).toContain(`已纠正，经办人${MASKED18_WIDE}`);
    expectNoIdNumber(await dumpTable("SELECT * FROM status_history WHERE entity = 'list_entry'"));

    const commitments = await upload(
      "commitments",
      json([{ subjectName: "重庆测试商贸有限公司", subjectCode: code, commitmentKind: "审批替代型", matter: `承诺人${ID18}承诺经营场所符合要求`, authorityName: LICENSING_AUTHORITY.name, authorityCode: LICENSING_AUTHORITY.code, docNo: "渝北承诺〔2026〕311号", committedOn: TODAY, ...unit }]),
      { type: "application/json" },
    );
    expect(commitments.body).toMatchObject({ accepted: 1, maskedIdNumbers: 1 });
    expectNoIdNumber(await dumpTable("SELECT * FROM commitments WHERE doc_no = ?1", "渝北承诺〔2026〕311号"));
  });
});
