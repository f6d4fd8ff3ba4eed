/**
 * Field rules of an upload row, each a pure function from the text as received to a clean value or a problem
 * with a stable rule id and a Chinese message that says what to change. Sources: GB 32100 (USCC), GB 11643
 * (ID numbers), the 双公示 data standard (dates, 万元 amounts, 2099/12/31 = 长期), 行政处罚法 art. 9 (处罚类别).
 */
import type { IngestRule } from "../../shared/contract/ingest";
import { memoize } from "./memo";
import { isIsoDate } from "../../shared/domain/dates";
import { LEGACY_PENALTY_KIND_CODES, PENALTY_KINDS, type PenaltyKind } from "../../shared/domain/penalties";
import { maskIdNumber, toHalfWidth, validateIdNumber, validateRegistrationNumber, validateUscc } from "../../shared/identifiers";

export type Parsed<T> = { value: T } | { rule: IngestRule; message: string };

const fail = (rule: IngestRule, message: string): { rule: IngestRule; message: string } => ({ rule, message });

/** 2099-12-31: how the 双公示 standard writes “long term” (长期). */
export const LONG_TERM = "2099-12-31";
const LONG_TERM_WORDS = new Set(["长期", "长期有效", "永久", "永久有效", "无固定期限"]);
/** Dates before this are not plausible for a credit record. */
const EARLIEST = "1949-10-01";

/**
 * A calendar date written as YYYY-MM-DD, YYYY/MM/DD, YYYY.MM.DD, YYYYMMDD or YYYY年M月D日 (a trailing time of
 * day is ignored). `longTerm`: 长期 and 2099/12/31 mean long term; later dates are a `long_term` problem.
 * @example parseDate("2026年3月5日", "处罚决定日期", {}) // { value: "2026-03-05" }
 * @example parseDate("2026/02/30", "处罚决定日期", {}) // { rule: "date", message: "处罚决定日期“2026/02/30”不是有效日期" }
 */
export function parseDate(text: string, label: string, options: { today?: string; notFuture?: boolean; longTerm?: boolean }): Parsed<string> {
  // Decision dates repeat across rows: each distinct (text, label, options) is read once.
  return dateMemo(`${options.today ?? ""}\u0000${options.notFuture ? 1 : 0}${options.longTerm ? 1 : 0}\u0000${label}\u0000${text}`);
}

const dateMemo = memoize((key: string) => {
  // today, flags and label hold no NUL; the text after the third may.
  const a = key.indexOf("\u0000");
  const b = key.indexOf("\u0000", a + 1);
  const c = key.indexOf("\u0000", b + 1);
  const [today, flags, label, text] = [key.slice(0, a), key.slice(a + 1, b), key.slice(b + 1, c), key.slice(c + 1)];
  return readDate(text, label, { today: today || undefined, notFuture: flags[0] === "1", longTerm: flags[1] === "1" });
});

function readDate(text: string, label: string, options: { today?: string; notFuture?: boolean; longTerm?: boolean }): Parsed<string> {
  const t = toHalfWidth(text).trim();
  if (options.longTerm && LONG_TERM_WORDS.has(t)) return { value: LONG_TERM };
  const m =
    /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(t) ??
    /^(\d{4})(\d{2})(\d{2})$/.exec(t) ??
    /^(\d{4})年(\d{1,2})月(\d{1,2})日$/.exec(t);
  if (!m) {
    if (/^\d{5}(\.\d+)?$/.test(t)) return fail("date", `${label}“${t}”像是 Excel 的日期序号：请把该列设为日期或文本格式后重新导出`);
    return fail("date", `${label}“${text.slice(0, 40)}”不是日期：应写作 YYYY-MM-DD、YYYY/MM/DD、YYYYMMDD 或 YYYY年M月D日`);
  }
  const iso = `${m[1]}-${m[2]!.padStart(2, "0")}-${m[3]!.padStart(2, "0")}`;
  if (!isIsoDate(iso)) return fail("date", `${label}“${t}”不是有效日期`);
  if (iso > LONG_TERM) {
    return fail("long_term", options.longTerm ? `${label}“${t}”晚于 2099-12-31：长期有效请填写 2099/12/31 或“长期”` : `${label}“${t}”不合理（晚于 2099-12-31）`);
  }
  if (iso < EARLIEST) return fail("date", `${label}“${t}”早于 1949-10-01，不合理`);
  if (options.notFuture && options.today && iso > options.today) return fail("date", `${label}“${t}”晚于今天（${options.today}）`);
  return { value: iso };
}

export interface AmountOptions {
  /** Largest plausible amount in 万元. */
  max: number;
  /** Flag round amounts of 1000 万元 or more as probably written in yuan (2000 → 0.2 万元). */
  yuanCheck: boolean;
  /** The row's remark says the amount was checked (金额已核实): a large round amount is then accepted. */
  confirmed?: boolean;
}

/** The 双公示 sanity range for fines and confiscations: 0 ≤ amount ≤ 100000 万元 (10 亿元). */
export const MAX_PENALTY_WAN = 100_000;

/**
 * An amount in 万元. Thousands separators and a “万元” suffix are tolerated; an amount in 元 is refused with the
 * figure it should have been.
 * @example parseWan("2", "罚款金额（万元）", { max: 100000, yuanCheck: true }) // { value: 2 }
 * @example parseWan("2000", "罚款金额（万元）", { max: 100000, yuanCheck: true }) // amount_range: “… 疑似按元填写，按万元应为 0.2”
 */
export function parseWan(text: string, label: string, options: AmountOptions): Parsed<number> {
  const t = toHalfWidth(text).trim().replace(/,/g, "").replace(/\s+/g, "");
  const inYuan = /^(-?\d+(?:\.\d+)?)元$/.exec(t);
  if (inYuan) {
    return fail("amount_range", `${label}应以万元为单位：${inYuan[1]} 元应填 ${formatWan(Number(inYuan[1]) / 10_000)}`);
  }
  const number = t.replace(/万元$|万$/, "");
  if (!/^-?\d+(\.\d+)?$/.test(number)) return fail("amount", `${label}“${text.slice(0, 40)}”不是数字（单位：万元）`);
  const value = Number(number);
  if (value < 0) return fail("amount_range", `${label}不能为负数`);
  if ((number.split(".")[1]?.length ?? 0) > 6) return fail("amount", `${label}“${number}”小数位过多：以万元为单位最多 6 位小数（精确到分）`);
  if (value > options.max) return fail("amount_range", `${label} ${number} 万元超出合理范围（0–${options.max} 万元）${options.yuanCheck ? `；如按元填写，应为 ${formatWan(value / 10_000)}` : ""}`);
  if (options.yuanCheck && !options.confirmed && value >= 1000 && Number.isInteger(value)) {
    return fail(
      "amount_range",
      `${label} ${number} 万元（${number}0000 元）异常偏大，疑似按元填写：按万元应为 ${formatWan(value / 10_000)}。如金额确实无误，请在备注中注明“金额已核实”`,
    );
  }
  return { value };
}

function formatWan(wan: number): string {
  return String(Number(wan.toFixed(6)));
}

export interface UsccValue {
  code: string;
  /** An authoritative code that fails only the position-18 check (early pilot codes, GB 32100). */
  checksumLegacy: boolean;
}

/**
 * A 统一社会信用代码 from an authoritative source: normalised; a code failing only the position-18 check is kept
 * and flagged as a legacy pilot code.
 * @example parseUscc("91350100M0001TGQXM", "统一社会信用代码") // { value: { code: "91350100M0001TGQXM", checksumLegacy: true } }
 */
export function parseUscc(text: string, label: string): Parsed<UsccValue> {
  // The same unit, authority and subject codes come on row after row: each distinct text is checked once.
  return usccMemo(`${label}\u0000${text}`);
}

const usccMemo = memoize((key: string) => {
  const split = key.indexOf("\u0000");
  return checkUscc(key.slice(split + 1), key.slice(0, split));
});

function checkUscc(text: string, label: string): Parsed<UsccValue> {
  const result = validateUscc(text, { authoritative: true });
  if (result.valid) return { value: { code: result.code, checksumLegacy: result.checksumLegacy } };
  // A person's number is never repeated in full, not even to its sender (the report is stored).
  if (result.problems[0]?.kind === "id_number") {
    return fail("uscc", `${label}“${maskIdNumber(result.code)}”是公民身份号码，不是统一社会信用代码：自然人或以经营者身份证号码登记的个体工商户，行政相对人类别应填“自然人”或“个体工商户”`);
  }
  return fail("uscc", `${label}“${result.code.slice(0, 40)}”不正确：${result.problems.map((p) => p.message).join("；")}`);
}

/**
 * A 公民身份号码 (15-digit numbers converted to 18). The message never repeats the number in full.
 * @example parseIdNumber("11010519491231002X", "证件号码", "2026-11-27") // { value: "11010519491231002X" }
 */
export function parseIdNumber(text: string, label: string, today: string): Parsed<string> {
  const result = validateIdNumber(text, { today });
  if (result.valid) return { value: result.number };
  return fail("id_number", `${label}“${maskIdNumber(result.number)}”不正确：${result.problems.map((p) => p.message).join("；")}`);
}

/**
 * A 工商注册号 (15 digits, ISO 7064 MOD 11,10). A USCC in this column is named as such.
 * @example parseRegNo("110108000000016", "工商注册号") // { value: "110108000000016" }
 */
export function parseRegNo(text: string, label: string): Parsed<string> {
  const result = validateRegistrationNumber(text);
  if (result.valid) return { value: result.number };
  const uscc = validateUscc(result.number).valid ? "：这是统一社会信用代码，请填在统一社会信用代码列" : "";
  return fail("reg_no", `${label}“${result.number.slice(0, 40)}”不正确：${result.problems.map((p) => p.message).join("；")}${uscc}`);
}

/** Separators between several values in one cell: ；; ，, 、 / | and line breaks. */
const LIST_SEPARATOR = /[;；,，、/|\n\r]+/;

/**
 * The 1996 行政处罚法's “暂扣或者吊销许可证、暂扣或者吊销执照” (legacy code 4) names two kinds of very different weight:
 * a 暂扣 is 一般, a 吊销 严重. It is kept as written, classes as 一般 (its only certain part) and flags the record for an
 * admin's review (issue 11) instead of being read as 吊销.
 */
export const AMBIGUOUS_LICENCE_KIND = "暂扣或者吊销许可证件";
/** A 处罚类别 as read: a kind of the 2021 vocabulary, or the old ambiguous one. */
export type PenaltyKindRead = PenaltyKind | typeof AMBIGUOUS_LICENCE_KIND;

/** The legacy 处罚类别1 codes, code 4 read as the ambiguous kind. */
const LEGACY_CODES: Record<string, readonly PenaltyKindRead[]> = { ...LEGACY_PENALTY_KIND_CODES, "4": [AMBIGUOUS_LICENCE_KIND] };

/** Long names of several kinds at once (with 、 inside) and older wording, mapped before splitting. */
const KIND_PHRASES: [RegExp, string][] = [
  [/法律、行政法规规定的其他行政处罚/g, "其他"],
  [/暂扣或者?吊销(许可证件?|执照|营业执照)、暂扣或者?吊销(许可证件?|执照|营业执照)/g, AMBIGUOUS_LICENCE_KIND],
  [/没收违法所得、没收非法财物/g, "没收违法所得；没收非法财物"],
];

/** Other ways departments write 处罚类别, mapped onto the 2021 vocabulary (legacy code meanings from LEGACY_PENALTY_KIND_CODES). */
const KIND_SYNONYMS: Record<string, PenaltyKindRead> = {
  暂扣许可证: "暂扣许可证件", 暂扣执照: "暂扣许可证件", 暂扣营业执照: "暂扣许可证件", 暂扣证照: "暂扣许可证件",
  吊销许可证: "吊销许可证件", 吊销执照: "吊销许可证件", 吊销营业执照: "吊销许可证件", 吊销证照: "吊销许可证件",
  没收: "没收违法所得", 其他行政处罚: "其他", 停产停业: "责令停产停业", 行政罚款: "罚款",
};

/** 暂扣或者吊销许可证 / 暂扣或吊销执照 / … : either of two kinds, so the ambiguous one. */
const EITHER_SUSPENDED_OR_REVOKED = /^暂扣或者?吊销(许可证件?|执照|营业执照|证照)$/;

/**
 * 处罚类别 in either vocabulary: the current names (several in one cell) or the legacy 处罚类别1 codes 0–6.
 * @example parsePenaltyKinds("警告；罚款", "处罚类别") // { value: ["警告", "罚款"] }
 * @example parsePenaltyKinds("4", "处罚类别1") // { value: ["暂扣或者吊销许可证件"] } (classes as 一般, flagged for review)
 */
export function parsePenaltyKinds(text: string, label: string): Parsed<PenaltyKindRead[]> {
  let t = toHalfWidth(text).trim();
  for (const [phrase, replacement] of KIND_PHRASES) t = t.replace(phrase, replacement);
  const kinds: PenaltyKindRead[] = [];
  for (const token of t.split(LIST_SEPARATOR).map((s) => s.trim()).filter(Boolean)) {
    const code = token.replace(/^0(\d)$/, "$1");
    const kind = Object.hasOwn(LEGACY_CODES, code)
      ? LEGACY_CODES[code]
      : (PENALTY_KINDS as readonly string[]).includes(token)
        ? [token as PenaltyKind]
        : Object.hasOwn(KIND_SYNONYMS, token)
          ? [KIND_SYNONYMS[token]!]
          : token === AMBIGUOUS_LICENCE_KIND || EITHER_SUSPENDED_OR_REVOKED.test(token)
            ? ([AMBIGUOUS_LICENCE_KIND] as const)
            : undefined;
    if (!kind) {
      return fail("enum", `${label}“${token.slice(0, 40)}”不在规定范围：应为 ${PENALTY_KINDS.join("、")} 之一（可多选，用分号隔开），或旧版代码 0–6`);
    }
    for (const k of kind) if (!kinds.includes(k)) kinds.push(k);
  }
  return { value: kinds };
}

/**
 * One value of a closed list, matched after normalising (half-width, no spaces); `table` maps each accepted
 * spelling to its value.
 * @example parseEnum("普通许可", "许可类别", LICENCE_KINDS) // { value: "普通" }
 */
export function parseEnum<T extends string>(text: string, label: string, table: EnumTable<T>): Parsed<T> {
  const t = toHalfWidth(text).replace(/\s+/g, "");
  const value = table.values.get(t) ?? table.values.get(t.toLowerCase());
  if (value !== undefined) return { value };
  return fail("enum", `${label}“${text.slice(0, 40)}”不在规定范围：应为 ${table.allowed.join("、")} 之一`);
}

export interface EnumTable<T extends string> {
  values: ReadonlyMap<string, T>;
  /** The spellings named in messages. */
  allowed: readonly string[];
}

/** Builds an enum table: each value with its spellings (the first is the one shown in messages). */
export function enumTable<T extends string>(entries: Record<T, readonly string[]>): EnumTable<T> {
  const values = new Map<string, T>();
  const allowed: string[] = [];
  for (const [value, spellings] of Object.entries(entries) as [T, readonly string[]][]) {
    values.set(value, value);
    values.set(value.toLowerCase(), value);
    spellings.forEach((s, i) => {
      values.set(toHalfWidth(s).replace(/\s+/g, ""), value);
      if (i === 0) allowed.push(s);
    });
  }
  return { values, allowed };
}

/**
 * 是否公示: the deciding authority's mark that a 轻微 penalty is published all the same (DOMAIN.md §5: 轻微 penalties
 * are in principle not published).
 * @example parseYesNo("是", "是否公示") // { value: true }
 */
export function parseYesNo(text: string, label: string): Parsed<boolean> {
  const t = toHalfWidth(text).replace(/\s+/g, "").toLowerCase();
  if (["是", "1", "y", "yes", "true", "公示"].includes(t)) return { value: true };
  if (["否", "0", "n", "no", "false", "不公示"].includes(t)) return { value: false };
  return fail("enum", `${label}“${text.slice(0, 40)}”不在规定范围：应为 是 或 否（也可写 1 或 0）`);
}

/** 许可类别 of the 双公示 standard. */
export const LICENCE_KINDS = enumTable({
  普通: ["普通", "普通许可", "1"],
  特许: ["特许", "特许许可", "2"],
  认可: ["认可", "认可许可", "3"],
  核准: ["核准", "核准许可", "4"],
  登记: ["登记", "登记许可", "5"],
  其他: ["其他", "其他许可", "6"],
});

/** 行政相对人类别. */
export const SUBJECT_CATEGORIES = enumTable({
  organisation: ["法人及非法人组织", "法人", "非法人组织", "法人及其他组织", "其他组织", "1"],
  natural_person: ["自然人", "2"],
  individual_business: ["个体工商户", "3"],
});

/** 证件类型 accepted for natural persons: the 公民身份号码 is the only key a person is stored under. */
export const ID_TYPES = enumTable({ resident_id: ["身份证", "居民身份证", "中华人民共和国居民身份证", "公民身份号码", "001", "01"] });
