/**
 * Row validation with real-looking rows: every rule id, both 处罚类别 vocabularies, 万元 amounts, 2099/12/31,
 * publication classes and windows at their edges, 及时率 with the holiday calendar, 重错码率.
 */
import { describe, expect, it } from "vitest";
import type { IngestKind } from "../../shared/contract/ingest";
import { DEFAULT_SEVERITY_RULES } from "../../shared/domain/penalties";
import { workCalendar, workingDaysBetween } from "../../shared/domain/workdays";
import { fieldForHeader, mapColumns, missingColumns, normalizeHeader } from "../../worker/ingest/columns";
import { parseDate, parsePenaltyKinds, parseUscc, parseWan, parseYesNo } from "../../worker/ingest/fields";
import { QualityTally, codeErrorPerMille, isReportedInTime, maskIdNumbersIn } from "../../worker/ingest/quality";
import { KINDS, kindSpec } from "../../worker/ingest/kinds";
import { penaltySeverity, penaltyWindow } from "../../worker/ingest/kinds/penalties";
import type { RecordRow } from "../../worker/ingest/record-plan";
import { validateRow } from "../../worker/ingest/spec";
import { type ValidationContext, rowValues } from "../../worker/ingest/validate";
import { AUTHORITY, OTHER_UNIT, PENALTY_CODES, PENALTY_HEADERS, type PenaltyColumns, SOURCE_UNIT, enterpriseCode, penaltyRow } from "../fixtures/ingest/rows";

const TODAY = "2026-11-27";
const ctx: ValidationContext = { today: TODAY, rules: DEFAULT_SEVERITY_RULES, defaults: {} };

/** Validates one row given as header → text, the way a CSV upload delivers it. */
function validate(kind: IngestKind, row: Record<string, string>, context: ValidationContext = ctx) {
  const header = Object.keys(row);
  const spec = kindSpec(kind);
  const columns = mapColumns(spec, header);
  return validateRow(spec, rowValues(spec, { row: 7, fields: header.map((h) => row[h]!), raw: "" }, columns, new Set()), context);
}

function problems(kind: IngestKind, row: Record<string, string>, context?: ValidationContext) {
  const result = validate(kind, row, context);
  return "errors" in result ? result.errors.map((e) => ({ field: e.field, rule: e.rule })) : [];
}

/** Every column of the current standard, as a CSV export has them (empty cells included). */
const penaltyFields = (overrides: PenaltyColumns = {}) => {
  const row = penaltyRow(1, TODAY, overrides);
  return Object.fromEntries(PENALTY_HEADERS.map((h) => [h, row[h] ?? ""]));
};

function penalty(overrides: PenaltyColumns = {}): RecordRow {
  const result = validate("penalties", penaltyFields(overrides));
  if (!("ok" in result)) throw new Error(JSON.stringify(result.errors));
  return result.ok as RecordRow;
}

describe("columns", () => {
  it("finds a field by Chinese header, CF_ code, legacy name, JSON name, whatever the width and markers", () => {
    expect(fieldForHeader(KINDS.penalties, "CF_WSH")?.name).toBe("docNo");
    expect(fieldForHeader(KINDS.penalties, "*罚款金额(万元)（必填）")?.name).toBe("fineWan");
    expect(fieldForHeader(KINDS.penalties, "罚款金额（万元）")?.name).toBe("fineWan");
    expect(fieldForHeader(KINDS.penalties, "处罚类别1")?.name).toBe("legacyKinds");
    expect(fieldForHeader(KINDS.penalties, "行政相对人代码_1(统一社会信用代码)")?.name).toBe("subjectCode");
    expect(fieldForHeader(KINDS.penalties, "CF_WSH 行政处罚决定书文号")?.name).toBe("docNo");
    expect(fieldForHeader(KINDS.penalties, "docNo")?.name).toBe("docNo");
    expect(fieldForHeader(KINDS.licences, "XK_YXQZI")?.name).toBe("validUntil");
    expect(fieldForHeader(KINDS.licences, "XK_LYDWDM")?.name).toBe("sourceUnitCode");
    expect(normalizeHeader(" *罚款金额（万元）(必填)")).toBe("罚款金额(万元)");
  });

  it("says which columns are duplicated, unknown or missing", () => {
    const columns = mapColumns(KINDS.penalties, ["CF_WSH", "行政处罚决定书文号", "不认识的列", "CF_XDR_ZZJG"]);
    expect(columns.duplicates).toEqual([{ field: "docNo", columns: ["CF_WSH", "行政处罚决定书文号"] }]);
    expect(columns.ignored).toEqual(["不认识的列", "CF_XDR_ZZJG"]);
    const all = new Set(mapColumns(KINDS.penalties, PENALTY_HEADERS.map((h) => PENALTY_CODES[h])).fields.map((f) => f!.name));
    expect(missingColumns(KINDS.penalties, all, new Set())).toEqual([]);
    all.delete("authorityCode");
    expect(missingColumns(KINDS.penalties, all, new Set()).map((g) => g.map((f) => f.code))).toEqual([["CF_CFJGDM"]]);
    expect(missingColumns(KINDS.penalties, all, new Set(["authorityCode"]))).toEqual([]);
  });
});

describe("field rules", () => {
  it("dates in every accepted spelling; impossible, future and Excel-serial dates refused with the reason", () => {
    for (const text of ["2026-03-05", "2026/3/5", "20260305", "2026年3月5日", "2026.03.05", "2026-03-05 00:00:00", "２０２６－０３－０５"]) {
      expect(parseDate(text, "处罚决定日期", { today: TODAY }), text).toEqual({ value: "2026-03-05" });
    }
    expect(parseDate("2026/02/30", "处罚决定日期", {})).toMatchObject({ rule: "date", message: expect.stringContaining("不是有效日期") });
    expect(parseDate("2026-11-28", "处罚决定日期", { today: TODAY, notFuture: true })).toMatchObject({ rule: "date", message: expect.stringContaining("晚于今天") });
    expect(parseDate("46000", "处罚决定日期", {})).toMatchObject({ rule: "date", message: expect.stringContaining("Excel") });
    expect(parseDate("去年", "处罚决定日期", {})).toMatchObject({ rule: "date" });
  });

  it("2099/12/31 and 长期 are long term; later dates are a long_term problem", () => {
    expect(parseDate("2099/12/31", "有效期至", { longTerm: true })).toEqual({ value: "2099-12-31" });
    expect(parseDate("长期", "有效期至", { longTerm: true })).toEqual({ value: "2099-12-31" });
    expect(parseDate("9999-12-31", "有效期至", { longTerm: true })).toMatchObject({ rule: "long_term", message: expect.stringContaining("2099/12/31") });
    expect(parseDate("长期", "处罚决定日期", {})).toMatchObject({ rule: "date" });
  });

  it("amounts in 万元: separators tolerated, yuan refused with the 万元 figure, range 0–100000", () => {
    const opts = { max: 100_000, yuanCheck: true };
    expect(parseWan("2.5", "罚款金额（万元）", opts)).toEqual({ value: 2.5 });
    expect(parseWan("1,200.5", "罚款金额（万元）", opts)).toEqual({ value: 1200.5 });
    expect(parseWan("0.2万元", "罚款金额（万元）", opts)).toEqual({ value: 0.2 });
    expect(parseWan("2000", "罚款金额（万元）", opts)).toMatchObject({ rule: "amount_range", message: expect.stringContaining("按万元应为 0.2") });
    expect(parseWan("2000", "罚款金额（万元）", { ...opts, confirmed: true })).toEqual({ value: 2000 });
    expect(parseWan("3000元", "罚款金额（万元）", opts)).toMatchObject({ rule: "amount_range", message: expect.stringContaining("3000 元应填 0.3") });
    expect(parseWan("-1", "罚款金额（万元）", opts)).toMatchObject({ rule: "amount_range" });
    expect(parseWan("100001", "罚款金额（万元）", opts)).toMatchObject({ rule: "amount_range", message: expect.stringContaining("0–100000") });
    expect(parseWan("贰万元", "罚款金额（万元）", opts)).toMatchObject({ rule: "amount" });
    expect(parseWan("0.0000001", "罚款金额（万元）", opts)).toMatchObject({ rule: "amount" });
  });

  it("USCC from a provider: a legacy pilot code is kept and flagged, a wrong one says which character", () => {
    expect(parseUscc("91350100M0001TGQXM", "统一社会信用代码")).toEqual({ value: { code: "91350100M0001TGQXM", checksumLegacy: true } });
    expect(parseUscc(" 91350100m000100y43 ", "统一社会信用代码")).toEqual({ value: { code: "91350100M000100Y43", checksumLegacy: false } });
    expect(parseUscc("91500103MA5U3K9L2X", "统一社会信用代码")).toMatchObject({ rule: "uscc", message: expect.stringContaining("第18位") });
  });

  it("处罚类别 in both vocabularies: names (several per cell), legacy codes 0–6, common variants", () => {
    expect(parsePenaltyKinds("警告；罚款", "处罚类别")).toEqual({ value: ["警告", "罚款"] });
    expect(parsePenaltyKinds("没收违法所得、没收非法财物", "处罚类别")).toEqual({ value: ["没收违法所得", "没收非法财物"] });
    expect(parsePenaltyKinds("吊销营业执照", "处罚类别")).toEqual({ value: ["吊销许可证件"] });
    expect(parsePenaltyKinds("法律、行政法规规定的其他行政处罚", "处罚类别")).toEqual({ value: ["其他"] });
    expect(parsePenaltyKinds("0", "处罚类别1")).toEqual({ value: ["警告"] });
    // Legacy code 4 is “暂扣或者吊销”: kept as the ambiguous kind, never read as 吊销 (issue 11).
    expect(parsePenaltyKinds("4", "处罚类别1")).toEqual({ value: ["暂扣或者吊销许可证件"] });
    expect(parsePenaltyKinds("1;5", "处罚类别1")).toEqual({ value: ["罚款", "行政拘留"] });
    expect(parsePenaltyKinds("9", "处罚类别1")).toMatchObject({ rule: "enum" });
    expect(parsePenaltyKinds("批评教育", "处罚类别")).toMatchObject({ rule: "enum", message: expect.stringContaining("通报批评") });
    expect(parsePenaltyKinds("constructor", "处罚类别")).toMatchObject({ rule: "enum" });
  });

  it("“暂扣或者吊销” in any wording is the ambiguous kind: never 吊销, and it classes as 一般", () => {
    for (const text of ["暂扣或者吊销许可证、暂扣或者吊销执照", "暂扣或者吊销许可证", "暂扣或吊销执照", "暂扣或者吊销营业执照", "04", "暂扣或者吊销许可证件"]) {
      expect(parsePenaltyKinds(text, "处罚类别"), text).toEqual({ value: ["暂扣或者吊销许可证件"] });
    }
    expect(parsePenaltyKinds("罚款；暂扣或吊销许可证", "处罚类别")).toEqual({ value: ["罚款", "暂扣或者吊销许可证件"] });
    expect(penaltySeverity(["暂扣或者吊销许可证件"], null, DEFAULT_SEVERITY_RULES)).toBe("general");
    // Other kinds still count: a fine of 巨额罚款 size makes it 严重 whatever the ambiguous part was.
    expect(penaltySeverity(["罚款", "暂扣或者吊销许可证件"], 150, DEFAULT_SEVERITY_RULES)).toBe("serious");
  });

  it("是否公示 (a 轻微 penalty marked for publication): 是/否/1/0", () => {
    expect(parseYesNo("是", "是否公示")).toEqual({ value: true });
    expect(parseYesNo("１", "是否公示")).toEqual({ value: true });
    expect(parseYesNo("否", "是否公示")).toEqual({ value: false });
    expect(parseYesNo("0", "是否公示")).toEqual({ value: false });
    expect(parseYesNo("可能", "是否公示")).toMatchObject({ rule: "enum", message: expect.stringContaining("是 或 否") });
  });
});

describe("penalty rows", () => {
  it("a good row becomes a record with its class and window", () => {
    const row = penalty();
    expect(row).toMatchObject({ category: "penalty", docNo: "渝中市监处罚〔2026〕1001号", kinds: "警告；罚款", fineWan: 2, severity: "general", status: "active" });
    expect(row.subject).toMatchObject({ code: enterpriseCode(1), codeType: "uscc", kind: "enterprise", regionCode: "500103" });
  });

  it("reports every problem of a row with its column and rule", () => {
    const found = problems("penalties", {
      ...penaltyFields(),
      统一社会信用代码: "91500103MA5U3K9L2X",
      违法事实: "",
      处罚类别: "批评教育",
      "罚款金额（万元）": "5000",
      处罚决定日期: "2026-13-01",
      处罚机关统一社会信用代码: "11500103MB1K0423",
    });
    expect(found).toEqual([
      { field: "统一社会信用代码", rule: "uscc" },
      { field: "违法事实", rule: "required" },
      { field: "处罚类别", rule: "enum" },
      { field: "罚款金额（万元）", rule: "amount_range" },
      { field: "处罚决定日期", rule: "date" },
      { field: "处罚机关统一社会信用代码", rule: "uscc" },
    ]);
  });

  it("the fine is required when 处罚类别 has 罚款, the confiscated amount with 没收, the licence with 吊销", () => {
    expect(problems("penalties", { ...penaltyFields(), "罚款金额（万元）": "" })).toEqual([{ field: "罚款金额（万元）", rule: "required" }]);
    expect(problems("penalties", { ...penaltyFields(), 处罚类别: "没收违法所得" })).toEqual([
      { field: "没收违法所得、没收非法财物的金额（万元）", rule: "required" },
    ]);
    expect(problems("penalties", { ...penaltyFields(), 处罚类别: "吊销许可证件" })).toEqual([{ field: "暂扣或吊销证照名称及编号", rule: "required" }]);
  });

  it("a natural person is keyed by the ID number, never echoed in full", () => {
    const row = penalty({ 行政相对人名称: "张某某", 行政相对人类别: "自然人", 统一社会信用代码: "", 证件类型: "身份证", 证件号码: "11010519491231002x" });
    expect(row.subject).toMatchObject({ code: "11010519491231002X", codeType: "id_number", kind: "natural_person", regionCode: "110105" });
    const bad = validate("penalties", penaltyFields({ 行政相对人类别: "自然人", 统一社会信用代码: "", 证件号码: "110105194912310021" }));
    expect("errors" in bad && bad.errors[0]).toMatchObject({ rule: "id_number", message: expect.stringContaining("1101051949****0021") });
    expect(JSON.stringify(bad)).not.toContain("110105194912310021");
    expect(problems("penalties", penaltyFields({ 行政相对人类别: "自然人", 统一社会信用代码: "", 证件类型: "护照", 证件号码: "11010519491231002X" }))).toEqual([
      { field: "证件类型", rule: "enum" },
    ]);
  });

  it("a legacy pilot code is accepted and flagged", () => {
    expect(penalty({ 统一社会信用代码: "91350100M0001TGQXM" }).subject).toMatchObject({ code: "91350100M0001TGQXM", checksumLegacy: true });
  });

  it("undecodable characters (GBK read as UTF-8) are an encoding problem of that field", () => {
    expect(problems("penalties", penaltyFields({ 行政相对人名称: "重庆\uFFFD\uFFFD商贸有限公司" }))).toEqual([
      { field: "行政相对人名称", rule: "encoding" },
    ]);
  });

  it("text longer than the field allows is a length problem", () => {
    expect(problems("penalties", penaltyFields({ 行政处罚决定书文号: "号".repeat(101) }))).toEqual([
      { field: "行政处罚决定书文号", rule: "length" },
    ]);
  });

  it("dates out of order are refused", () => {
    expect(problems("penalties", penaltyFields({ 公示截止期: "2020-01-01" }))).toEqual([{ field: "公示截止期", rule: "date_order" }]);
  });

  it("a provider's row must carry its own unit; an admin may send any unit's rows", () => {
    const row = penaltyFields({ 数据来源单位: OTHER_UNIT.name, 数据来源单位统一社会信用代码: OTHER_UNIT.code });
    expect(problems("penalties", row, { ...ctx, providerUnit: SOURCE_UNIT.code })).toEqual([{ field: "数据来源单位统一社会信用代码", rule: "source_unit" }]);
    expect(problems("penalties", row)).toEqual([]);
  });

  it("legacy rows: codes 0–6 in 处罚类别1, amounts not required, 当前状态 1 = revoked", () => {
    const legacy = {
      行政处罚决定书文号: "渝中工商处字〔2019〕201号", 处罚名称: "擅自改变经营场所", 处罚类别1: "1", 处罚类别2: "0", 处罚事由: "未经核准擅自改变经营场所",
      处罚依据: "《公司登记管理条例》第六十九条", 行政相对人名称: "重庆渝信商贸有限公司", "行政相对人代码_1(统一社会信用代码)": enterpriseCode(1), 处罚结果: "警告并罚款",
      处罚决定日期: "2019/06/11", 处罚机关: AUTHORITY.name, 当前状态: "1",
    };
    const result = validate("penalties", legacy, { ...ctx, defaults: { authorityCode: AUTHORITY.code, sourceUnit: SOURCE_UNIT.code, sourceUnitName: SOURCE_UNIT.name } });
    expect(result).toMatchObject({ ok: { kinds: "罚款；警告", fineWan: null, status: "revoked", legacy: true, severity: "general" } });
  });
});

describe("publication classes and windows at their edges", () => {
  it("轻微 up to 0.3 万元 with only warnings, 一般 above, 严重 from 100 万元 or a serious kind", () => {
    expect(penaltySeverity(["警告"], null, DEFAULT_SEVERITY_RULES)).toBe("minor");
    expect(penaltySeverity(["罚款"], 0.3, DEFAULT_SEVERITY_RULES)).toBe("minor");
    expect(penaltySeverity(["罚款"], 0.31, DEFAULT_SEVERITY_RULES)).toBe("general");
    expect(penaltySeverity(["罚款"], 99.99, DEFAULT_SEVERITY_RULES)).toBe("general");
    expect(penaltySeverity(["罚款"], 100, DEFAULT_SEVERITY_RULES)).toBe("serious");
    expect(penaltySeverity(["警告", "责令停产停业"], null, DEFAULT_SEVERITY_RULES)).toBe("serious");
    // An unknown amount (legacy) never makes a fine 轻微.
    expect(penaltySeverity(["罚款"], null, DEFAULT_SEVERITY_RULES)).toBe("general");
  });

  it("rules are configuration: a lower 巨额罚款 threshold makes 50 万元 serious", () => {
    expect(penaltySeverity(["罚款"], 50, { ...DEFAULT_SEVERITY_RULES, seriousFineWan: 50 })).toBe("serious");
    expect(penalty({ "罚款金额（万元）": "50" }).severity).toBe("general");
  });

  it("windows count from the decision date and end the day before the anniversary", () => {
    expect(penaltyWindow("2026-01-15", "minor", null)).toEqual({ publishUntil: "2026-04-14", repairableFrom: "2026-01-15", adjusted: false });
    expect(penaltyWindow("2026-01-15", "general", null)).toEqual({ publishUntil: "2027-01-14", repairableFrom: "2026-04-15", adjusted: false });
    expect(penaltyWindow("2026-01-15", "serious", null)).toEqual({ publishUntil: "2029-01-14", repairableFrom: "2027-01-15", adjusted: false });
    expect(penaltyWindow("2024-02-29", "general", null).publishUntil).toBe("2025-02-27");
  });

  it("a 公示截止期 inside the window is kept; outside it is moved to the nearest edge", () => {
    expect(penaltyWindow("2026-01-15", "general", "2026-10-01")).toMatchObject({ publishUntil: "2026-10-01", adjusted: false });
    expect(penaltyWindow("2026-01-15", "general", "2027-01-14")).toMatchObject({ publishUntil: "2027-01-14", adjusted: false });
    expect(penaltyWindow("2026-01-15", "general", "2027-01-15")).toMatchObject({ publishUntil: "2027-01-14", adjusted: true });
    expect(penaltyWindow("2026-01-15", "general", "2026-04-14")).toMatchObject({ publishUntil: "2026-04-14", adjusted: false });
    expect(penaltyWindow("2026-01-15", "general", "2026-04-13")).toMatchObject({ publishUntil: "2026-04-14", adjusted: true });
    expect(penalty({ 公示截止期: "2099-12-31" })).toMatchObject({ publicationAdjusted: true, severity: "general" });
  });
});

describe("other kinds", () => {
  const licence = (overrides: Record<string, string> = {}) => ({
    XK_XDR_MC: "重庆两江食品有限公司", XK_XDR_SHXYM: enterpriseCode(3, "500112"), XK_WSH: "渝北审批食经〔2026〕41号", XK_XKLB: "普通", XK_NR: "预包装食品销售",
    XK_JDRQ: "2026/10/11", XK_YXQZ: "2026/10/11", XK_YXQZI: "2099/12/31", XK_XKJG: AUTHORITY.name, XK_XKJGDM: AUTHORITY.code, XK_SJLY: SOURCE_UNIT.name, XK_SJLYDM: SOURCE_UNIT.code,
    ...overrides,
  });

  it("licences: 许可类别 closed list, 2099/12/31 long term, 有效期 in order", () => {
    expect(validate("licences", licence())).toMatchObject({ ok: { category: "licence", kinds: "普通", validUntil: "2099-12-31", severity: null, publishUntil: null } });
    expect(problems("licences", licence({ XK_XKLB: "一般" }))).toEqual([{ field: "XK_XKLB", rule: "enum" }]);
    expect(problems("licences", licence({ XK_YXQZI: "2026/01/01" }))).toEqual([{ field: "XK_YXQZI", rule: "date_order" }]);
    expect(problems("licences", licence({ XK_YXQZI: "" }))).toEqual([{ field: "XK_YXQZI", rule: "required" }]);
  });

  it("commitments: fulfilment needs its date; pending with a date contradicts itself", () => {
    const row = {
      主体名称: "重庆两江食品有限公司", 统一社会信用代码: enterpriseCode(3), 承诺类型: "告知承诺", 承诺事项: "经营场所符合要求", 承诺受理单位: AUTHORITY.name,
      承诺受理单位统一社会信用代码: AUTHORITY.code, 承诺书编号: "渝中承诺〔2026〕1号", 承诺日期: "2026-09-01", 数据来源单位: SOURCE_UNIT.name, 数据来源单位统一社会信用代码: SOURCE_UNIT.code,
    };
    expect(validate("commitments", row)).toMatchObject({ ok: { commitmentKind: "审批替代型", status: "pending", resolvedOn: null } });
    expect(problems("commitments", { ...row, 履约状态: "已履行" })).toEqual([{ field: "履约认定日期", rule: "required" }]);
    expect(problems("commitments", { ...row, 履约认定日期: "2026-10-01" })).toEqual([{ field: "履约认定日期", rule: "consistency" }]);
    expect(validate("commitments", { ...row, 履约状态: "违诺", 履约认定日期: "2026-10-01" })).toMatchObject({ ok: { status: "breached" } });
  });

  it("list entries: list names and keys both accepted; an unknown list refused", () => {
    const row = {
      名单类型: "严重失信主体名单", 主体名称: "重庆渝信商贸有限公司", 统一社会信用代码: enterpriseCode(1), 列入事由: "提供虚假材料", 认定部门: AUTHORITY.name,
      认定部门统一社会信用代码: AUTHORITY.code, 决定文书号: "渝中市监严失〔2026〕1号", 列入日期: "2026-11-02", 计划移出日期: "长期", 数据来源单位: SOURCE_UNIT.name, 数据来源单位统一社会信用代码: SOURCE_UNIT.code,
    };
    expect(validate("list-entries", row)).toMatchObject({ ok: { listType: "serious_dishonesty", plannedRemovalOn: null } });
    expect(validate("list-entries", { ...row, 名单类型: "abnormal_operation" })).toMatchObject({ ok: { listType: "abnormal_operation" } });
    expect(problems("list-entries", { ...row, 名单类型: "黑名单" })).toEqual([{ field: "名单类型", rule: "enum" }]);
  });
});

describe("quality figures", () => {
  it("及时率: within 7 working days of the decision, holidays skipped and 调休 Saturdays counted", () => {
    // 2026 国庆: 1–7 Oct off, Saturday 10 Oct a working day.
    expect(isReportedInTime("2026-09-28", "2026-10-13")).toEqual({ onTime: true, provisional: false });
    expect(isReportedInTime("2026-09-28", "2026-10-14")).toEqual({ onTime: false, provisional: false });
    for (const [decided, received] of [["2026-09-28", "2026-10-13"], ["2026-11-17", "2026-11-27"], ["2026-11-18", "2026-11-27"], ["2026-02-10", "2026-02-27"]] as const) {
      expect(isReportedInTime(decided, received).onTime, `${decided} → ${received}`).toBe(workingDaysBetween(decided, received) <= 7);
    }
  });

  it("及时率 across 2026→2027: provisional while 2027 is uncovered, exact once an arrangement is entered", () => {
    // Decided 2026-12-28, received 2027-01-07: whether 元旦 is off decides it (8 working days if counted, 7 if
    // not), and the library knows no 2027, so it counts 1 January as a working day: late, but only provisionally.
    const uncovered = new QualityTally("2027-01-07");
    uncovered.accept("inserted", { decidedOn: "2026-12-28" });
    uncovered.accept("inserted", { decidedOn: "2027-01-06" }); // on time, but counted on an uncovered day: provisional too
    uncovered.accept("inserted", { decidedOn: "2026-11-02" }); // late within 2026 alone: exact
    expect(uncovered.figures()).toMatchObject({ timelinessCounted: 3, timely: 1, timelinessProvisional: 2 });
    // A labelled test arrangement (not the State Council's notice): 1–3 January 2027 off.
    const entered = workCalendar([{ year: 2027, source: "测试用安排", holidays: ["2027-01-01", "2027-01-02", "2027-01-03"], workdays: [] }]);
    const covered = new QualityTally("2027-01-07", entered);
    covered.accept("inserted", { decidedOn: "2026-12-28" });
    expect(covered.figures()).toMatchObject({ timelinessCounted: 1, timely: 1, timelinessProvisional: 0 });
  });

  it("counts 合格, 重码 once per code, 错码 per row, and masks ID numbers in what it returns", () => {
    const tally = new QualityTally(TODAY);
    for (let i = 0; i < 4; i++) tally.seeRow();
    tally.accept("inserted", { decidedOn: "2026-11-25" });
    tally.accept("unchanged", { decidedOn: "2026-01-01" });
    const masked = tally.rejectRow(3, [
      { row: 3, field: "证件号码", rule: "id_number", message: "证件号码 11010519491231002X 与姓名不符" },
      { row: 3, field: "处罚类别", rule: "enum", message: "…" },
    ]);
    tally.rejectRow(4, [{ row: 4, field: "处罚类别", rule: "enum", message: "…" }]);
    tally.duplicateCode(enterpriseCode(1), ["重庆渝信商贸有限公司", "重庆渝新商贸有限公司"], "uscc");
    tally.duplicateCode(enterpriseCode(1), ["重庆渝信商贸有限公司", "重庆渝鑫商贸有限公司"], "uscc");
    expect(masked[0]!.message).toBe("证件号码 1101051949****002X 与姓名不符");
    expect(tally.figures()).toMatchObject({ total: 4, accepted: 2, rejected: 2, inserted: 1, unchanged: 1, timely: 1, timelinessCounted: 1, wrongCodes: 1, duplicateCodes: 1, rejectedByRule: { id_number: 1, enum: 2 } });
    expect(codeErrorPerMille(1, 1, 4)).toBe(500);
    expect(codeErrorPerMille(1, 0, 10_000)).toBe(0.1);
    expect(maskIdNumbersIn("无号码 91500103MA5U3K9L2B")).toBe("无号码 91500103MA5U3K9L2B");
  });
});
