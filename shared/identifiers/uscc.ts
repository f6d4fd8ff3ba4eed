/**
 * 统一社会信用代码 (Unified Social Credit Code), GB 32100-2015.
 *
 * Layout (1-based): 1 登记管理部门 · 2 机构类别 · 3–8 行政区划码 ·
 * 9–16 主体标识码 · 17 组织机构代码校验码 (GB 11714) · 18 校验码.
 */
import { isValidIdNumber } from "./idcard";
import { normalizeCode } from "./normalize";
import { isChongqingRegion, regionName } from "./regions";

/** The 31 characters allowed in a USCC; a character's index is its value. */
export const USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/** Weights for positions 1..17: 3^(i-1) mod 31. */
const WEIGHTS_18 = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

/** GB 11714 weights for the 8-character organisation code body (positions 9..16). */
const WEIGHTS_17 = [3, 7, 9, 10, 5, 8, 4, 2] as const;

interface Named {
  code: string;
  name: string;
}

/** 登记管理部门 (position 1) → name and its 机构类别 (position 2) table. */
const DEPARTMENTS: Readonly<Record<string, { name: string; categories: Readonly<Record<string, string>> }>> = {
  "1": { name: "机构编制", categories: { "1": "机关", "2": "事业单位", "3": "中央编办直接管理机构编制的群众团体", "9": "其他" } },
  "2": { name: "外交", categories: { "1": "外国常驻新闻机构", "9": "其他" } },
  "3": {
    name: "司法行政",
    categories: { "1": "律师执业机构", "2": "公证处", "3": "基层法律服务所", "4": "司法鉴定机构", "5": "仲裁委员会", "9": "其他" },
  },
  "4": { name: "文化", categories: { "1": "外国在华文化中心", "9": "其他" } },
  "5": { name: "民政", categories: { "1": "社会团体", "2": "民办非企业单位", "3": "基金会", "9": "其他" } },
  "6": {
    name: "旅游",
    categories: { "1": "外国旅游部门常驻代表机构", "2": "港澳台地区旅游部门常驻内地（大陆）代表机构", "9": "其他" },
  },
  "7": { name: "宗教", categories: { "1": "宗教活动场所", "2": "宗教院校", "9": "其他" } },
  "8": { name: "工会", categories: { "1": "基层工会", "9": "其他" } },
  "9": { name: "工商(市场监管)", categories: { "1": "企业", "2": "个体工商户", "3": "农民专业合作社" } },
  A: { name: "中央军委改革和编制办公室", categories: { "1": "军队事业单位", "9": "其他" } },
  N: { name: "农业", categories: { "1": "组级集体经济组织", "2": "村级集体经济组织", "3": "乡镇级集体经济组织", "9": "其他" } },
  Y: { name: "其他", categories: { "1": "其他" } },
};

export type UsccProblem =
  | { kind: "empty"; message: string }
  | { kind: "length"; actual: number; message: string }
  | { kind: "character"; position: number; character: string; message: string }
  | { kind: "registration_department"; position: 1; character: string; message: string }
  | { kind: "category"; position: 2; character: string; message: string }
  | { kind: "check_17"; position: 17; expected: string; actual: string; message: string }
  | { kind: "check_18"; position: 18; expected: string; actual: string; message: string }
  /** A valid 公民身份号码 (GB 11643): never a USCC, whatever its checksums say (issue 11, review C1). */
  | { kind: "id_number"; message: string };

export interface UsccParts {
  registrationDepartment: Named;
  category: Named;
  region: { code: string; name?: string; chongqing: boolean };
  /** Positions 9–17 (主体标识码 + its GB 11714 check character). */
  organizationCode: string;
}

export type UsccResult =
  | { valid: true; code: string; parts: UsccParts; checksumLegacy: boolean }
  | { valid: false; code: string; problems: UsccProblem[]; parts?: UsccParts };

export interface UsccOptions {
  /**
   * The code comes from an authoritative register (not typed by a user).
   * Then a code whose ONLY problem is the position-18 check is accepted as an
   * early pilot code (`checksumLegacy: true`), e.g. 91350100M0001TGQXM.
   */
  authoritative?: boolean;
}

/** GB 11714 value of a character: 0–9 for digits, A–Z → 10–35; -1 otherwise. */
function orgValue(ch: string): number {
  if (/^[0-9]$/.test(ch)) return Number(ch);
  if (/^[A-Z]$/.test(ch)) return ch.charCodeAt(0) - 55;
  return -1;
}

/**
 * GB 11714 check character (USCC position 17) for an 8-character body (positions 9–16).
 * Throws RangeError on wrong length or characters outside 0-9/A-Z.
 *
 * @example
 * orgCodeCheckChar("M000100Y") // → "4"
 */
export function orgCodeCheckChar(first8: string): string {
  const chars = Array.from(first8.toUpperCase());
  if (chars.length !== 8) throw new RangeError(`组织机构代码本体应为8位，实际为${chars.length}位`);
  let sum = 0;
  chars.forEach((ch, i) => {
    const v = orgValue(ch);
    if (v < 0) throw new RangeError(`组织机构代码本体含无效字符“${ch}”`);
    sum += v * (WEIGHTS_17[i] ?? 0);
  });
  const c = 11 - (sum % 11);
  return c === 10 ? "X" : c === 11 ? "0" : String(c);
}

/**
 * USCC check character (position 18) for the first 17 characters.
 * Throws RangeError on wrong length or characters outside the USCC alphabet.
 *
 * @example
 * usccCheckChar18("91350100M000100Y4") // → "3"
 */
export function usccCheckChar18(first17: string): string {
  const chars = Array.from(first17.toUpperCase());
  if (chars.length !== 17) throw new RangeError(`统一社会信用代码前17位应为17位，实际为${chars.length}位`);
  let sum = 0;
  chars.forEach((ch, i) => {
    const v = USCC_ALPHABET.indexOf(ch);
    if (v < 0) throw new RangeError(`“${ch}”不是统一社会信用代码字符`);
    sum += v * (WEIGHTS_18[i] ?? 0);
  });
  const c = (31 - (sum % 31)) % 31;
  return USCC_ALPHABET.charAt(c);
}

/**
 * Build a complete, valid USCC from its parts, computing positions 17 and 18.
 * Throws RangeError for an unknown department/category pair, a non-digit region or a bad body.
 *
 * @example
 * usccFromParts("9", "1", "350100", "M000100Y") // → "91350100M000100Y43"
 */
export function usccFromParts(dept: string, category: string, region6: string, body8: string): string {
  const d = dept.toUpperCase();
  const c = category.toUpperCase();
  if (DEPARTMENTS[d]?.categories[c] === undefined) {
    throw new RangeError(`usccFromParts: 登记管理部门“${dept}”与机构类别“${category}”的组合无效`);
  }
  if (!/^\d{6}$/.test(region6)) throw new RangeError(`usccFromParts: 行政区划码“${region6}”应为6位数字`);
  const body = body8.toUpperCase();
  if (!new RegExp(`^[${USCC_ALPHABET}]{8}$`).test(body)) {
    throw new RangeError(`usccFromParts: 主体标识码“${body8}”应为8位，且不含 I、O、S、V、Z`);
  }
  const first17 = `${d}${c}${region6}${body}${orgCodeCheckChar(body)}`;
  return first17 + usccCheckChar18(first17);
}

function characterMessage(position: number, ch: string): string {
  const rule = /^[IOSVZ]$/.test(ch) ? "（不使用 I、O、S、V、Z）" : "（只能使用数字和大写字母，且不使用 I、O、S、V、Z）";
  return `第${position}位字符“${ch}”不允许出现在统一社会信用代码中${rule}`;
}

/**
 * Position 18 checks the 17 characters before it: when it fails, any one character may have been mistyped,
 * not necessarily position 18 itself. The message says so, and gives position 18 as positions 1–17 stand.
 * @example check18Message("5", "7") // "统一社会信用代码校验未通过：其中有字符录入有误（任何一位都可能），请逐位核对；按所录前17位计算，第18位应为“5”，所录为“7”"
 */
export function check18Message(expected: string, actual: string): string {
  return `统一社会信用代码校验未通过：其中有字符录入有误（任何一位都可能），请逐位核对；按所录前17位计算，第18位应为“${expected}”，所录为“${actual}”`;
}

function decodeParts(chars: readonly string[]): UsccParts | undefined {
  const d = chars[0] ?? "";
  const c = chars[1] ?? "";
  const dept = DEPARTMENTS[d];
  const catName = dept?.categories[c];
  if (!dept || catName === undefined) return undefined;
  const regionCode = chars.slice(2, 8).join("");
  const name = regionName(regionCode);
  return {
    registrationDepartment: { code: d, name: dept.name },
    category: { code: c, name: catName },
    region: { code: regionCode, ...(name === undefined ? {} : { name }), chongqing: isChongqingRegion(regionCode) },
    organizationCode: chars.slice(8, 17).join(""),
  };
}

/**
 * Validate a 统一社会信用代码 after normalisation (normalizeCode). Reports every
 * forbidden character; a wrong length stops further checks; the check
 * characters are only verified when all characters are allowed.
 *
 * @example
 * validateUscc("91350100M000100Y43").valid // → true
 * validateUscc("91350100M0001TGQXM", { authoritative: true }) // → { valid: true, checksumLegacy: true, … }
 */
export function validateUscc(input: string, options: UsccOptions = {}): UsccResult {
  const code = normalizeCode(input);
  const chars = Array.from(code);
  if (chars.length === 0) {
    return { valid: false, code, problems: [{ kind: "empty", message: "统一社会信用代码为空" }] };
  }
  if (chars.length !== 18) {
    const message = `统一社会信用代码应为18位，实际为${chars.length}位`;
    return { valid: false, code, problems: [{ kind: "length", actual: chars.length, message }] };
  }

  // Some ID numbers (provinces 11–14, 31–35, 41, 51–53, 61–62, 71, 81) start with a valid department and category
  // pair and a few also pass both check characters: a value that is a valid ID number is a person's, never a
  // USCC, so it is masked and looked up as one (个人信息保护法: fail safe towards the person).
  if (/^\d{17}[\dX]$/.test(code) && isValidIdNumber(code)) {
    return { valid: false, code, problems: [{ kind: "id_number", message: "这是公民身份号码，不是统一社会信用代码" }] };
  }
  const problems: UsccProblem[] = [];
  chars.forEach((ch, i) => {
    if (!USCC_ALPHABET.includes(ch)) {
      problems.push({ kind: "character", position: i + 1, character: ch, message: characterMessage(i + 1, ch) });
    }
  });
  const badChars = problems.length > 0;
  const c1 = chars[0] ?? "";
  const c2 = chars[1] ?? "";
  const dept = DEPARTMENTS[c1];
  if (!dept && USCC_ALPHABET.includes(c1)) {
    problems.push({
      kind: "registration_department",
      position: 1,
      character: c1,
      message: `第1位登记管理部门代码“${c1}”无效`,
    });
  }
  if (dept && USCC_ALPHABET.includes(c2) && dept.categories[c2] === undefined) {
    const allowed = Object.keys(dept.categories).join("、");
    problems.push({
      kind: "category",
      position: 2,
      character: c2,
      message: `第2位机构类别代码“${c2}”无效（登记管理部门“${c1} ${dept.name}”下只有 ${allowed}）`,
    });
  }
  if (!badChars) {
    const exp17 = orgCodeCheckChar(chars.slice(8, 16).join(""));
    const act17 = chars[16] ?? "";
    if (exp17 !== act17) {
      problems.push({
        kind: "check_17",
        position: 17,
        expected: exp17,
        actual: act17,
        message: `第17位（组织机构代码校验码）应为“${exp17}”，实际为“${act17}”`,
      });
    }
    const exp18 = usccCheckChar18(chars.slice(0, 17).join(""));
    const act18 = chars[17] ?? "";
    if (exp18 !== act18) {
      problems.push({
        kind: "check_18",
        position: 18,
        expected: exp18,
        actual: act18,
        message: check18Message(exp18, act18),
      });
    }
  }

  const parts = decodeParts(chars);
  if (problems.length === 0 && parts) return { valid: true, code, parts, checksumLegacy: false };
  const onlyCheck18 = problems.length === 1 && problems[0]?.kind === "check_18";
  if (onlyCheck18 && options.authoritative === true && parts) {
    return { valid: true, code, parts, checksumLegacy: true };
  }
  return parts ? { valid: false, code, problems, parts } : { valid: false, code, problems };
}

/**
 * Strict validity (as typed by a user: legacy checksums are NOT accepted).
 *
 * @example
 * isValidUscc("91320621MA1MRHG205") // → true
 * isValidUscc("91320621MA1MRHG207") // → false
 */
export function isValidUscc(input: string): boolean {
  return validateUscc(input).valid;
}
