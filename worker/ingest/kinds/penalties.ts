/**
 * 行政处罚 (penalties): the current 双公示 standard's CF_ columns and the legacy schema, classed 轻微 / 一般 / 严重 by the
 * severity rules with a publication window (DOMAIN.md §5, 行政处罚法 art. 9). Written into `records` (record-plan.ts).
 */
import { addDays } from "../../../shared/domain/dates";
import { type SeverityRules, type Severity, classifyPenalty, publicationWindow } from "../../../shared/domain/penalties";
import { type FieldSpec, ID, SOURCE_FIELDS, SUBJECT_CODES, withCodes } from "../columns";
import { AMBIGUOUS_LICENCE_KIND, MAX_PENALTY_WAN, type PenaltyKindRead, enumTable, parseEnum, parsePenaltyKinds, parseWan, parseYesNo } from "../fields";
import { RECORD_KIND, type RecordRow } from "../record-plan";
import { memoize } from "../memo";
import { defineKind } from "../spec";
import { type RowReader, type Validated, docNo, readAuthority, readProvenance, readSubject, result } from "../validate";

/** 行政处罚: the current 双公示 standard's CF_ columns, and the legacy schema's names as aliases. */
export const PENALTY_FIELDS: FieldSpec[] = [
  ...withCodes("CF", SUBJECT_CODES),
  { name: "docNo", label: "行政处罚决定书文号", code: "CF_WSH", aliases: ["处罚决定书文号", "决定书文号"], maxLength: 100 },
  { name: "violation", label: "违法行为类型", code: "CF_WFXW", aliases: ["处罚名称"], maxLength: 500 },
  { name: "facts", label: "违法事实", code: "CF_SY", aliases: ["处罚事由", "主要违法事实"], maxLength: 5000 },
  { name: "basis", label: "处罚依据", code: "CF_YJ", maxLength: 2000 },
  { name: "kinds", label: "处罚类别", code: "CF_CFLB", maxLength: 200 },
  { name: "legacyKinds", label: "处罚类别1", legacy: true, maxLength: 200 },
  { name: "legacyKinds2", label: "处罚类别2", legacy: true, maxLength: 200 },
  { name: "content", label: "处罚内容", code: "CF_NR", aliases: ["处罚结果"], maxLength: 5000 },
  { name: "fineWan", label: "罚款金额（万元）", code: "CF_NR_FK", aliases: ["罚款金额"], maxLength: 40 },
  {
    name: "confiscatedWan",
    label: "没收违法所得、没收非法财物的金额（万元）",
    code: "CF_NR_WFFF",
    aliases: ["没收金额（万元）", "没收金额", "没收违法所得没收非法财物的金额（万元）"],
    maxLength: 40,
  },
  { name: "licenceRef", label: "暂扣或吊销证照名称及编号", code: "CF_NR_ZKDX", maxLength: 500 },
  { name: "decidedOn", label: "处罚决定日期", code: "CF_JDRQ", aliases: ["决定日期"], maxLength: 40 },
  { name: "validUntil", label: "处罚有效期", code: "CF_YXQ", maxLength: 40 },
  { name: "publishUntil", label: "公示截止期", code: "CF_GSJZQ", aliases: ["公示截止日期"], maxLength: 40 },
  { name: "authorityName", label: "处罚机关", code: "CF_CFJG", aliases: ["处罚机关名称"], maxLength: 200, default: "authorityName" },
  { name: "authorityCode", label: "处罚机关统一社会信用代码", code: "CF_CFJGDM", aliases: ["处罚机关代码"], maxLength: 40, default: "authorityCode", ...ID },
  ...SOURCE_FIELDS("CF"),
  { name: "remark", label: "备注", code: "BZ", maxLength: 2000 },
  { name: "legacyStatus", label: "当前状态", legacy: true, maxLength: 20 },
  // Not in the 双公示 standard: the deciding authority's mark that a 轻微 penalty is published all the same.
  { name: "publishMinor", label: "是否公示", aliases: ["公示标记", "轻微处罚是否公示"], maxLength: 10 },
];

const REQUIRED = [
  ["subjectName"], ["subjectCode", "idNumber"], ["docNo"], ["violation"], ["facts"], ["basis"], ["kinds", "legacyKinds"], ["content"],
  ["decidedOn"], ["authorityName"], ["authorityCode"], ["sourceUnitName"], ["sourceUnitCode"],
];

/**
 * The class of a penalty. An unknown fine (legacy files have no amount column) never makes a penalty 轻微:
 * a shorter window than the law allows for a possibly larger fine is the worse error.
 */
export function penaltySeverity(kinds: readonly string[], fineWan: number | null, rules: SeverityRules): Severity {
  const severity = classifyPenalty({ kinds, fineWan }, rules);
  if (severity === "minor" && kinds.includes("罚款") && fineWan === null) return "general";
  return severity;
}

/**
 * The publication window of a penalty: the class's window from the decision date; a 公示截止期 sent with the row
 * is kept when it lies inside the window (at least the minimum period, at most the maximum) and moved into it
 * otherwise.
 * @example penaltyWindow("2026-01-15", "general", null) // { publishUntil: "2027-01-14", repairableFrom: "2026-04-15", adjusted: false }
 */
export function penaltyWindow(decidedOn: string, severity: Severity, given: string | null): { publishUntil: string; repairableFrom: string; adjusted: boolean } {
  return windowMemo(`${decidedOn}|${severity}|${given ?? ""}`);
}

// Decision dates repeat across rows: each (date, class, date given) is worked out once.
const windowMemo = memoize((key: string) => {
  const [decidedOn, severity, given] = key.split("|") as [string, Severity, string];
  return computeWindow(decidedOn, severity, given === "" ? null : given);
});

function computeWindow(decidedOn: string, severity: Severity, given: string | null): { publishUntil: string; repairableFrom: string; adjusted: boolean } {
  const window = publicationWindow(decidedOn, severity);
  if (given === null) return { ...window, adjusted: false };
  const minimumEnd = addDays(window.repairableFrom, -1) < decidedOn ? decidedOn : addDays(window.repairableFrom, -1);
  const publishUntil = given < minimumEnd ? minimumEnd : given > window.publishUntil ? window.publishUntil : given;
  return { publishUntil, repairableFrom: window.repairableFrom, adjusted: publishUntil !== given };
}

const NEEDS_LICENCE_REF: readonly PenaltyKindRead[] = ["暂扣许可证件", "吊销许可证件", AMBIGUOUS_LICENCE_KIND];
const NEEDS_CONFISCATED: readonly PenaltyKindRead[] = ["没收违法所得", "没收非法财物"];
const LEGACY_STATUS = enumTable({ active: ["正常", "0", "有效", "异议", "2", "其他", "3"], revoked: ["撤销", "1", "已撤销"] });

function validate(r: RowReader): Validated<RecordRow> {
  const legacy = r.has("legacyKinds") || r.has("legacyKinds2") || r.has("legacyStatus");
  const subject = readSubject(r, "subjectCategory");
  const doc = docNo(r);
  const violation = r.text("violation", true);
  const facts = r.text("facts", true);
  const basis = r.text("basis", true);
  const content = r.text("content", true);
  const kinds: PenaltyKindRead[] = [];
  for (const name of ["kinds", "legacyKinds", "legacyKinds2"]) {
    for (const k of r.parsed(name, false, parsePenaltyKinds) ?? []) if (!kinds.includes(k)) kinds.push(k);
  }
  if (!["kinds", "legacyKinds", "legacyKinds2"].some((n) => r.has(n))) r.problem("kinds", "required", "处罚类别（CF_CFLB）必填");
  const confirmed = /金额已核实/.test(r.raw("remark") ?? "");
  const wan = (name: string, required: boolean | string) =>
    r.parsed(name, required, (t, label) => parseWan(t, label, { max: MAX_PENALTY_WAN, yuanCheck: true, confirmed }));
  // Legacy files have no amount columns: the amounts are required from the current standard only.
  const fineWan = wan("fineWan", !legacy && kinds.includes("罚款") && "处罚类别含罚款时，罚款金额（万元）必填");
  const confiscatedWan = wan("confiscatedWan", !legacy && kinds.some((k) => NEEDS_CONFISCATED.includes(k)) && "处罚类别含没收时，没收金额（万元）必填");
  const licenceRef = r.text("licenceRef", !legacy && kinds.some((k) => NEEDS_LICENCE_REF.includes(k)) && "处罚类别含暂扣或吊销许可证件时，证照名称及编号必填");
  const decidedOn = r.date("decidedOn", true, { notFuture: true });
  const validUntil = r.date("validUntil", false, { longTerm: true });
  const publishUntilGiven = r.date("publishUntil", false);
  const authority = readAuthority(r);
  const provenance = readProvenance(r);
  const status = r.parsed("legacyStatus", false, (t, l) => parseEnum(t, l, LEGACY_STATUS)) ?? "active";
  const remark = r.text("remark");
  const publishMinor = r.parsed("publishMinor", false, parseYesNo) ?? false;
  if (decidedOn && validUntil && validUntil < decidedOn) r.problem("validUntil", "date_order", `处罚有效期（${validUntil}）早于处罚决定日期（${decidedOn}）`);
  if (decidedOn && publishUntilGiven && publishUntilGiven < decidedOn) {
    r.problem("publishUntil", "date_order", `公示截止期（${publishUntilGiven}）早于处罚决定日期（${decidedOn}）`);
  }
  return result(r, () => {
    if (!subject || !doc || !decidedOn || !authority || !provenance) return null;
    const severity = penaltySeverity(kinds, fineWan, r.ctx.rules);
    const window = penaltyWindow(decidedOn, severity, publishUntilGiven);
    return {
      category: "penalty",
      subject,
      docNo: doc,
      title: violation,
      facts,
      basis,
      kinds: kinds.join("；"),
      content,
      fineWan,
      confiscatedWan,
      licenceRef,
      ...authority,
      decidedOn,
      validFrom: null,
      validUntil,
      severity,
      publishUntil: window.publishUntil,
      repairableFrom: window.repairableFrom,
      status,
      remark,
      publicationAdjusted: window.adjusted,
      legacy,
      publishMinor,
      needsReview: kinds.includes(AMBIGUOUS_LICENCE_KIND),
      ...provenance,
    };
  });
}

export const penalties = defineKind<RecordRow>({
  kind: "penalties",
  batchKind: "penalties",
  category: "penalty",
  columnPrefix: "CF",
  severityRules: true,
  fields: PENALTY_FIELDS,
  required: REQUIRED,
  validate,
  ...RECORD_KIND,
});
