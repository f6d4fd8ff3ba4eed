/**
 * 工商注册号: the 15-digit registration number enterprises carried before the 统一社会信用代码 (GB 32100, 2015). Layout
 * (工商总局《工商行政管理市场主体注册号编制规则》): 1–6 the registering authority's 行政区划码, 7–14 a sequence number,
 * 15 a check digit computed with ISO 7064 MOD 11,10. Old numbers still turn up in files and in people's hands; a
 * subject whose number is on file (subjects.reg_no) can be found by it.
 */
import { normalizeCode } from "./normalize";

export type RegistrationNumberProblem = { kind: "length" | "format" | "check"; message: string; expected?: string; position?: number };

export type RegistrationNumberResult = { valid: true; number: string } | { valid: false; number: string; problems: RegistrationNumberProblem[] };

/**
 * The check digit (position 15) for the first 14 digits, ISO 7064 MOD 11,10. Throws RangeError unless given exactly
 * 14 digits.
 *
 * @example
 * registrationNumberCheckDigit("11010800000001") // → "6"
 */
export function registrationNumberCheckDigit(first14: string): string {
  if (!/^\d{14}$/.test(first14)) throw new RangeError(`工商注册号前14位应为14位数字：“${first14}”`);
  let p = 10;
  for (const ch of first14) {
    const s = (p + Number(ch)) % 10 || 10;
    p = (s * 2) % 11;
  }
  return String((11 - p) % 10);
}

/**
 * Validate a 15-digit 工商注册号 (spaces, dashes and full-width digits are tolerated).
 *
 * @example
 * validateRegistrationNumber("110108000000016") // → { valid: true, number: "110108000000016" }
 * validateRegistrationNumber("110108000000017") // → { valid: false, problems: [{ kind: "check", expected: "6", … }] }
 */
export function validateRegistrationNumber(input: string): RegistrationNumberResult {
  const number = normalizeCode(input);
  if (number.length !== 15) {
    return { valid: false, number, problems: [{ kind: "length", message: `工商注册号应为15位数字，实际为${Array.from(number).length}位` }] };
  }
  const position = Array.from(number).findIndex((ch) => !/\d/.test(ch));
  if (position >= 0) return { valid: false, number, problems: [{ kind: "format", position: position + 1, message: `第${position + 1}位应为数字，实际为“${number[position]}”` }] };
  const expected = registrationNumberCheckDigit(number.slice(0, 14));
  if (expected !== number[14]) {
    return {
      valid: false,
      number,
      problems: [{ kind: "check", position: 15, expected, message: `校验位（第15位）不符：按前14位应为“${expected}”，实际为“${number[14]}”，可能有一位录入错误` }],
    };
  }
  return { valid: true, number };
}

/**
 * @example
 * isValidRegistrationNumber("110108000000016") // → true
 * isValidRegistrationNumber("91500103MA5U3K9L2B") // → false (that is a USCC)
 */
export function isValidRegistrationNumber(input: string): boolean {
  return validateRegistrationNumber(input).valid;
}
