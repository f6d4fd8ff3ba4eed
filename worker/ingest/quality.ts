/**
 * The quality figures of an upload, counted as its rows go by (pure, no I/O): 合格率, 及时率 (reported within
 * 7 working days of the decision, counted with the Chinese holiday calendar including 调休 working weekends)
 * and 重错码率 (wrong codes and codes that name two different subjects, per mille; DOMAIN.md §1).
 */
import { INGEST_RESPONSE_PROBLEMS, type IngestProblem, type IngestRule } from "../../shared/contract/ingest";
import { LIBRARY_CALENDAR, reportedInTime, type WorkCalendar } from "../../shared/domain/workdays";
import { maskIdNumber, maskIdNumbersInText, toHalfWidth, validateIdNumber } from "../../shared/identifiers";

/** 双公示: records are published within 7 working days of the decision (DOMAIN.md §7). */
export const REPORTING_WORKING_DAYS = 7;

/**
 * Whether a decision of `decidedOn` reported on `receivedOn` was on time: at most 7 working days after it
 * (workingDaysBetween(decidedOn, receivedOn) ≤ 7), counted with `calendar` (the library's years and those an
 * admin entered). `provisional` when a day it needed lies in a year no calendar covers: the answer may change
 * once that year's arrangement is entered, and the report says how many rows are so.
 * @example isReportedInTime("2026-09-28", "2026-10-13") // { onTime: true, provisional: false }: 29, 30 Sep, 8, 9, 10 (a 调休 Saturday), 12, 13 Oct
 * @example isReportedInTime("2026-09-28", "2026-10-14") // { onTime: false, provisional: false }: the 8th working day
 */
export function isReportedInTime(decidedOn: string, receivedOn: string, workingDays = REPORTING_WORKING_DAYS, calendar: WorkCalendar = LIBRARY_CALENDAR): { onTime: boolean; provisional: boolean } {
  const { onTime, provisional } = reportedInTime(decidedOn, receivedOn, workingDays, calendar);
  return { onTime, provisional };
}

/**
 * Any valid ID number inside a text, masked (birth month and day): messages and names sent back never carry
 * a full 公民身份号码.
 * @example maskIdNumbersIn("证件号码 11010519491231002X 有误") // "证件号码 1101051949****002X 有误"
 */
export function maskIdNumbersIn(text: string): string {
  return maskFreeText(text).replace(/\d{17}[\dXx]|\d{15}/g, (m) => (validateIdNumber(m).valid ? maskIdNumber(m) : m));
}

/** Fifteen digits in a row (half- or full-width): the least an unmasked ID number needs. */
const LONG_DIGIT_RUN = /[0-9\uFF10-\uFF19]{15}/;

/**
 * A free-text value with every resident ID number in it masked (maskIdNumbersInText); most values have no run of
 * 15 digits and are returned as they are without being scanned.
 * @example maskFreeText("当事人张某（身份证号11010519491231002X）") // "当事人张某（身份证号1101051949****002X）"
 */
export function maskFreeText(text: string): string {
  return LONG_DIGIT_RUN.test(text) ? maskIdNumbersInText(text) : text;
}

/** A name as compared for 重码: full-width forms, spaces and brackets do not make two names different. */
export function comparableName(name: string): string {
  return toHalfWidth(name).replace(/\s+/g, "").replace(/[()]/g, "");
}

export type RowOutcome = "inserted" | "updated" | "unchanged";

const DUPLICATE_EXAMPLES = 20;

export interface QualityFigures {
  total: number;
  accepted: number;
  rejected: number;
  inserted: number;
  updated: number;
  unchanged: number;
  timely: number;
  timelinessCounted: number;
  /** Rows whose timeliness needed a day of a year no calendar covers (provisional until it is entered). */
  timelinessProvisional: number;
  wrongCodes: number;
  duplicateCodes: number;
  duplicates: { code: string; names: string[] }[];
  publicationAdjusted: number;
  legacyRows: number;
  rejectedByRule: Record<string, number>;
  /** Free-text values in which a resident ID number was masked, in all and per field (label). */
  maskedIdNumbers: number;
  maskedIdNumbersByField: Record<string, number>;
  /** Stored records flagged for an admin's review, by the rule that flagged them (REVIEW_RULES). */
  needsReview: Record<string, number>;
}

/** Why a stored record was flagged for review; ids are stable (docs/ingest.md). */
export const REVIEW_RULES = {
  /** 处罚类别 暂扣或者吊销 (legacy code 4): classed 一般 until an admin says otherwise. */
  kind_ambiguous: "处罚类别为“暂扣或者吊销”，无法确定是暂扣（一般）还是吊销（严重），已暂按一般处理，待管理员复核",
} as const;

/**
 * Counts an upload's rows as they are classified.
 * @example
 * const tally = new QualityTally("2026-11-27");
 * tally.rejectRow(3, [{ row: 3, field: "CF_XDR_SHXYM", rule: "uscc", message: "…" }]);
 * tally.accept("inserted", { decidedOn: "2026-11-20" });
 * tally.figures(); // { total: 2, accepted: 1, rejected: 1, wrongCodes: 1, timely: 1, … }
 */
export class QualityTally {
  private readonly f: QualityFigures = {
    total: 0, accepted: 0, rejected: 0, inserted: 0, updated: 0, unchanged: 0, timely: 0, timelinessCounted: 0, timelinessProvisional: 0,
    wrongCodes: 0, duplicateCodes: 0, duplicates: [], publicationAdjusted: 0, legacyRows: 0, rejectedByRule: {},
    maskedIdNumbers: 0, maskedIdNumbersByField: {}, needsReview: {},
  };
  /** The first problems, for the upload's answer (the rest are in the batch's rejections). */
  readonly problems: IngestProblem[] = [];
  problemsTruncated = false;
  private readonly duplicateSeen = new Set<string>();

  /** One answer per decision date: an upload has few distinct dates and many rows. */
  private readonly timeliness = new Map<string, { onTime: boolean; provisional: boolean }>();

  constructor(
    private readonly receivedOn: string,
    private readonly calendar: WorkCalendar = LIBRARY_CALENDAR,
  ) {}

  /** A row that was read: counted in the total whatever happens to it. */
  seeRow(): void {
    this.f.total++;
  }

  /** Values of a row read in which ID numbers were masked (whether the row is then stored or rejected). */
  masked(labels: readonly string[]): void {
    for (const label of labels) {
      this.f.maskedIdNumbers++;
      this.f.maskedIdNumbersByField[label] = (this.f.maskedIdNumbersByField[label] ?? 0) + 1;
    }
  }

  rejectRow(row: number, problems: readonly IngestProblem[]): IngestProblem[] {
    this.f.rejected++;
    const masked = problems.map((p) => ({ row, field: maskIdNumbersIn(p.field), rule: p.rule, message: maskIdNumbersIn(p.message) }));
    const rules = new Set<IngestRule>(masked.map((p) => p.rule));
    for (const rule of rules) this.f.rejectedByRule[rule] = (this.f.rejectedByRule[rule] ?? 0) + 1;
    if (rules.has("uscc") || rules.has("id_number")) this.f.wrongCodes++;
    for (const p of masked) {
      if (this.problems.length < INGEST_RESPONSE_PROBLEMS) this.problems.push(p);
      else this.problemsTruncated = true;
    }
    return masked;
  }

  /** A valid row that was stored (or already stored exactly so). `decidedOn`: 双公示 records, for 及时率. */
  accept(outcome: RowOutcome, detail: { decidedOn?: string; publicationAdjusted?: boolean; legacy?: boolean; review?: keyof typeof REVIEW_RULES } = {}): void {
    this.f.accepted++;
    this.f[outcome]++;
    // 及时率 measures first reports: a correction or a resend is not a late report.
    if (outcome === "inserted" && detail.decidedOn) {
      this.f.timelinessCounted++;
      let answer = this.timeliness.get(detail.decidedOn);
      if (!answer) this.timeliness.set(detail.decidedOn, (answer = isReportedInTime(detail.decidedOn, this.receivedOn, REPORTING_WORKING_DAYS, this.calendar)));
      if (answer.onTime) this.f.timely++;
      if (answer.provisional) this.f.timelinessProvisional++;
    }
    if (detail.publicationAdjusted && outcome !== "unchanged") this.f.publicationAdjusted++;
    if (detail.legacy) this.f.legacyRows++;
    if (detail.review) this.f.needsReview[detail.review] = (this.f.needsReview[detail.review] ?? 0) + 1;
  }

  /** One code seen with two different names (counted once per code). */
  duplicateCode(code: string, names: readonly string[], codeType: "uscc" | "id_number"): void {
    if (this.duplicateSeen.has(code)) return;
    this.duplicateSeen.add(code);
    this.f.duplicateCodes++;
    if (this.f.duplicates.length < DUPLICATE_EXAMPLES) {
      this.f.duplicates.push({ code: codeType === "id_number" ? maskIdNumber(code) : code, names: names.map(maskIdNumbersIn) });
    }
  }

  figures(): QualityFigures {
    return { ...this.f, duplicates: [...this.f.duplicates], rejectedByRule: { ...this.f.rejectedByRule }, maskedIdNumbersByField: { ...this.f.maskedIdNumbersByField }, needsReview: { ...this.f.needsReview } };
  }
}

/**
 * 重错码率 in per mille: (rows with a wrong code + codes with two names) / rows × 1000, two decimals.
 * @example codeErrorPerMille(1, 1, 4000) // 0.5
 */
export function codeErrorPerMille(wrongCodes: number, duplicateCodes: number, total: number): number | null {
  if (total === 0) return null;
  return Math.round(((wrongCodes + duplicateCodes) / total) * 1000 * 100) / 100;
}

/** A share rounded to four decimals (0.9875 = 98.75 %), null when there is nothing to share. */
export function rate(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000;
}
