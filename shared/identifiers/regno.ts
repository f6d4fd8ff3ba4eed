/**
 * 工商注册号: the 15-digit registration number market entities carried before the USCC (GS15-2006
 * 《工商行政管理市场主体注册号编制规则》): 6 digits of the first registering office, 8 sequence digits and one
 * check digit computed with ISO 7064 MOD 11,10. Since 2016 it is replaced by the 18-character USCC (GB 32100),
 * but people still type it from old licences and documents.
 */

/**
 * The check digit (ISO 7064 MOD 11,10) of the first 14 digits of a registration number.
 * Throws RangeError unless given exactly 14 digits.
 * @example registrationNumberCheckDigit("11010800000001") // → "6"
 */
export function registrationNumberCheckDigit(first14: string): string {
  if (!/^\d{14}$/.test(first14)) throw new RangeError(`注册号前14位应为14位数字：“${first14}”`);
  let p = 10;
  for (const ch of first14) {
    const s = (p + Number(ch)) % 10 || 10;
    p = (2 * s) % 11;
  }
  return String((11 - p) % 10);
}

/**
 * True for 15 digits whose last digit is the MOD 11,10 check digit of the first 14. No normalisation: pass
 * a normalised code (normalizeCode).
 * @example isValidRegistrationNumber("110108000000016") // → true
 * @example isValidRegistrationNumber("110108000000017") // → false
 */
export function isValidRegistrationNumber(input: string): boolean {
  return /^\d{15}$/.test(input) && registrationNumberCheckDigit(input.slice(0, 14)) === input.charAt(14);
}
