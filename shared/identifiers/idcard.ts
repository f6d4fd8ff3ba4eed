/**
 * 公民身份号码 (citizen ID number), GB 11643-1999.
 *
 * Layout (1-based): 1–6 行政区划码 · 7–14 出生日期 YYYYMMDD · 15–17 顺序码
 * (17th digit odd = male) · 18 校验码 (ISO 7064 MOD 11-2, 0–9 or X).
 * Legacy 15-digit numbers: 6 region + YYMMDD + 3 sequence, no check digit.
 */
import { normalizeCode } from "./normalize";
import { regionName } from "./regions";

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const ID_CHECK = "10X98765432";

export type IdProblemKind = "empty" | "length" | "format" | "birth_date" | "check";

export interface IdProblem {
  kind: IdProblemKind;
  message: string;
  expected?: string;
  actual?: string;
  position?: number;
}

export type IdNumberResult =
  | {
      valid: true;
      /** Always the 18-digit form (15-digit input is converted). */
      number: string;
      /** YYYY-MM-DD */
      birthDate: string;
      sex: "male" | "female";
      region: { code: string; name?: string };
      convertedFrom15: boolean;
    }
  | { valid: false; number: string; problems: IdProblem[] };

export interface IdOptions {
  /** Reference date "YYYY-MM-DD" (or YYYYMMDD) for the not-in-the-future rule; default: today in China (UTC+8). */
  today?: string;
}

/**
 * Check character (position 18) for the first 17 digits.
 * Throws RangeError unless given exactly 17 digits.
 *
 * @example
 * idCheckChar("11010519491231002") // → "X"
 */
export function idCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError(`身份号码前17位应为17位数字：“${first17}”`);
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17.charAt(i)) * (ID_WEIGHTS[i] ?? 0);
  return ID_CHECK.charAt(sum % 11);
}

/**
 * Convert a legacy 15-digit number to 18 digits ("19" century + check character).
 * Throws RangeError unless given exactly 15 digits.
 *
 * @example
 * convert15To18("110105491231002") // → "11010519491231002X"
 */
export function convert15To18(id15: string): string {
  if (!/^\d{15}$/.test(id15)) throw new RangeError(`旧版身份号码应为15位数字：“${id15}”`);
  const first17 = `${id15.slice(0, 6)}19${id15.slice(6)}`;
  return first17 + idCheckChar(first17);
}

function todayInChina(): string {
  return new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10).replace(/-/g, "");
}

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

/**
 * Problem with an 8-digit YYYYMMDD birth date, or undefined when it is a real
 * calendar date, year ≥ 1900 and not after `today` (YYYYMMDD).
 */
function birthDateProblem(yyyymmdd: string, today: string): string | undefined {
  const y = Number(yyyymmdd.slice(0, 4));
  const m = Number(yyyymmdd.slice(4, 6));
  const d = Number(yyyymmdd.slice(6, 8));
  const days = [31, isLeap(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
  if (!/^\d{8}$/.test(yyyymmdd) || days === undefined || d < 1 || d > days) {
    return `出生日期“${yyyymmdd}”不是有效日期`;
  }
  if (y < 1900) return `出生日期“${yyyymmdd}”早于1900年`;
  if (yyyymmdd > today) {
    return `出生日期“${yyyymmdd}”晚于当前日期${today.slice(0, 4)}-${today.slice(4, 6)}-${today.slice(6, 8)}`;
  }
  return undefined;
}

function formatProblems(id: string): IdProblem[] {
  const problems: IdProblem[] = [];
  Array.from(id).forEach((ch, i) => {
    const last18 = id.length === 18 && i === 17;
    if (/^\d$/.test(ch) || (last18 && ch === "X")) return;
    const want = last18 ? "数字或X" : "数字";
    problems.push({ kind: "format", position: i + 1, actual: ch, message: `第${i + 1}位应为${want}，实际为“${ch}”` });
  });
  return problems;
}

/**
 * Validate a 公民身份号码 (18 digits, or legacy 15 digits which is converted).
 * Input is normalised first (spaces, full-width, lower-case x).
 *
 * @example
 * validateIdNumber("11010519491231002x") // → { valid: true, birthDate: "1949-12-31", sex: "female", … }
 */
export function validateIdNumber(input: string, options: IdOptions = {}): IdNumberResult {
  const raw = normalizeCode(input);
  const len = Array.from(raw).length;
  if (len === 0) return { valid: false, number: raw, problems: [{ kind: "empty", message: "公民身份号码为空" }] };
  if (len !== 18 && len !== 15) {
    const message = `公民身份号码应为18位（或旧版15位），实际为${len}位`;
    return { valid: false, number: raw, problems: [{ kind: "length", actual: String(len), message }] };
  }
  const format = formatProblems(raw);
  if (format.length > 0) return { valid: false, number: raw, problems: format };

  const convertedFrom15 = len === 15;
  const id = convertedFrom15 ? convert15To18(raw) : raw;
  const problems: IdProblem[] = [];
  const birth = id.slice(6, 14);
  const today = (options.today ?? todayInChina()).replace(/-/g, "");
  const birthMsg = birthDateProblem(birth, today);
  if (birthMsg) problems.push({ kind: "birth_date", position: 7, actual: birth, message: birthMsg });
  const expected = idCheckChar(id.slice(0, 17));
  const actual = id.charAt(17);
  if (expected !== actual) {
    problems.push({ kind: "check", position: 18, expected, actual, message: `第18位校验码应为“${expected}”，实际为“${actual}”` });
  }
  if (problems.length > 0) return { valid: false, number: raw, problems };

  const regionCode = id.slice(0, 6);
  const name = regionName(regionCode);
  return {
    valid: true,
    number: id,
    birthDate: `${birth.slice(0, 4)}-${birth.slice(4, 6)}-${birth.slice(6, 8)}`,
    sex: Number(id.charAt(16)) % 2 === 1 ? "male" : "female",
    region: name === undefined ? { code: regionCode } : { code: regionCode, name },
    convertedFrom15,
  };
}

/**
 * @example
 * isValidIdNumber("440524188001010014") // → false (born before 1900)
 */
export function isValidIdNumber(input: string, options: IdOptions = {}): boolean {
  return validateIdNumber(input, options).valid;
}
