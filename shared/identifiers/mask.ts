/**
 * Masking of personal data for display/logging (court publication style).
 */
import { isValidIdNumber } from "./idcard";
import { normalizeCode, toHalfWidth } from "./normalize";

/**
 * Mask the birth month/day of an ID number: positions 11–14 of an 18-digit
 * number, positions 9–12 (MMDD) of a 15-digit one. Any other length is masked
 * entirely (fail safe).
 *
 * @example
 * maskIdNumber("372827196301018934") // → "3728271963****8934"
 * maskIdNumber("372827630101893")    // → "37282763****893"
 */
export function maskIdNumber(id: string): string {
  const n = normalizeCode(id);
  if (n.length === 18) return `${n.slice(0, 10)}****${n.slice(14)}`;
  if (n.length === 15) return `${n.slice(0, 8)}****${n.slice(12)}`;
  return "*".repeat(n.length);
}

/**
 * Mask a natural person's name: keep the first character, replace every other
 * character with "*" (separators such as "·" are kept).
 *
 * @example
 * maskName("张三")     // → "张*"
 * maskName("欧阳娜娜") // → "欧***"
 */
export function maskName(name: string): string {
  const chars = Array.from(name.trim());
  return chars.map((ch, i) => (i === 0 || ch === "·" || ch === "•" ? ch : "*")).join("");
}

/**
 * Mask a phone number: keep the first 3 and last 4 digits (mobile style).
 * Numbers shorter than 8 characters keep only the last 2.
 *
 * @example
 * maskPhone("13812345678") // → "138****5678"
 */
export function maskPhone(phone: string): string {
  const p = normalizeCode(phone);
  if (p.length >= 8) return `${p.slice(0, 3)}${"*".repeat(p.length - 7)}${p.slice(-4)}`;
  return `${"*".repeat(Math.max(0, p.length - 2))}${p.slice(-2)}`;
}

/** First two digits of a 行政区划码 (GB/T 2260 provinces, Hong Kong, Macao, Taiwan): a 15-digit run needs one. */
const PROVINCES = new Set(["11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65", "71", "81", "82"]);

/** Where an unmasked ID number sits in a text, and which characters of it are masked (birth month and day). */
export interface IdNumberInText {
  /** Index of the first character (UTF-16 units of the original text). */
  start: number;
  length: 18 | 15;
  /** Indices (absolute) of the characters masking replaces. */
  maskFrom: number;
  maskTo: number;
}

/**
 * Every unmasked resident ID number in a free text, full-width forms included, also when written in groups separated
 * by single spaces or hyphens: an 18-character window of
 * 17 digits + digit/X anywhere in a run of digits whose check character (GB 11643) and birth date are
 * valid, and a run of exactly 15 digits (old numbers) with a province code and a real birth date in 19YY.
 * Fail-safe by design: a long account number that happens to contain a valid ID number is reported too.
 *
 * @example
 * findIdNumbersInText("身份证号11010519491231002X") // → [{ start: 4, length: 18, maskFrom: 14, maskTo: 18 }]
 */
export function findIdNumbersInText(text: string, today?: string): IdNumberInText[] {
  // Every form below holds at least 15 digits: most texts (names, addresses, dates, document numbers) have
  // fewer, and are answered by one pass over their characters instead of a conversion and two regex scans.
  if (!hasDigits(text, 15)) return [];
  const t = toHalfWidth(text);
  const found: IdNumberInText[] = [];
  const options = today === undefined ? {} : { today };
  // Runs of digits, optionally ending in X (the check character).
  for (const run of t.matchAll(/\d+[Xx]?/g)) {
    const value = run[0].toUpperCase();
    const at = run.index;
    if (value.length === 15 && /^\d{15}$/.test(value)) {
      if (PROVINCES.has(value.slice(0, 2)) && isValidIdNumber(value, options)) found.push({ start: at, length: 15, maskFrom: at + 8, maskTo: at + 12 });
      continue;
    }
    for (let i = 0; i + 18 <= value.length; i++) {
      const window = value.slice(i, i + 18);
      if (!/^\d{17}[\dX]$/.test(window) || !isValidIdNumber(window, options)) continue;
      found.push({ start: at + i, length: 18, maskFrom: at + i + 10, maskTo: at + i + 14 });
      i += 17; // no overlapping windows
    }
  }
  // Numbers written in groups with single spaces or hyphens (110105 19491231 002X, 110105-19491231-002X): the
  // digits are joined and checked the same way (so ordinary dates and phone numbers, which do not validate, are
  // left alone); the birth month and day are masked where they stand.
  for (const run of t.matchAll(/\d+(?:[ -]\d+)+[Xx]?/g)) {
    const pos: number[] = [];
    let digits = "";
    Array.from(run[0]).forEach((ch, k) => {
      if (ch === " " || ch === "-") return;
      digits += ch.toUpperCase();
      pos.push(run.index + k);
    });
    const taken = (from: number, to: number) => found.some((f) => overlaps(f, from, to));
    if (digits.length === 15 && /^\d{15}$/.test(digits)) {
      if (PROVINCES.has(digits.slice(0, 2)) && isValidIdNumber(digits, options) && !taken(pos[0]!, pos[14]!)) found.push({ start: pos[0]!, length: 15, maskFrom: pos[8]!, maskTo: pos[11]! + 1 });
      continue;
    }
    for (let i = 0; i + 18 <= digits.length; i++) {
      const window = digits.slice(i, i + 18);
      if (!/^\d{17}[\dX]$/.test(window) || taken(pos[i]!, pos[i + 17]!) || !isValidIdNumber(window, options)) continue;
      found.push({ start: pos[i]!, length: 18, maskFrom: pos[i + 10]!, maskTo: pos[i + 13]! + 1 });
      i += 17;
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

/** Whether `text` holds at least `n` digits, half- or full-width (０–９). */
function hasDigits(text: string, n: number): boolean {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (((c >= 48 && c <= 57) || (c >= 0xff10 && c <= 0xff19)) && ++count >= n) return true;
  }
  return false;
}

/** True when a hit found earlier covers any character between `from` and `to` (inclusive, original indices). */
function overlaps(hit: IdNumberInText, from: number, to: number): boolean {
  return hit.start <= to && from < hit.start + hit.length;
}

/**
 * The text with every resident ID number in it masked as the court list does (birth month and day → ****);
 * everything else, including full-width characters, is kept as written. Idempotent.
 *
 * @example
 * maskIdNumbersInText("当事人张某（身份证号11010519491231002X）") // → "当事人张某（身份证号1101051949****002X）"
 * maskIdNumbersInText("注册号110105491231002")                     // → "注册号11010549****002"
 */
export function maskIdNumbersInText(text: string, today?: string): string {
  const found = findIdNumbersInText(text, today);
  if (found.length === 0) return text;
  const chars = text.split("");
  for (const hit of found) for (let i = hit.maskFrom; i < hit.maskTo; i++) chars[i] = "*";
  return chars.join("");
}

/**
 * True when the text contains an unmasked ID number (18 characters, or an old 15-digit number), full-width
 * forms included, word boundaries not required.
 *
 * @example
 * containsUnmaskedIdNumber("身份证号 11010519491231002X") // → true
 * containsUnmaskedIdNumber("身份证号 1101051949****002X") // → false
 */
export function containsUnmaskedIdNumber(text: string): boolean {
  return findIdNumbersInText(text).length > 0;
}
