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

/**
 * True when the text contains an unmasked 18-character ID number: any
 * substring of 17 digits + digit/X (full-width forms included, word
 * boundaries not required) whose check character and birth date are valid.
 *
 * @example
 * containsUnmaskedIdNumber("身份证号 11010519491231002X") // → true
 * containsUnmaskedIdNumber("身份证号 1101051949****002X") // → false
 */
export function containsUnmaskedIdNumber(text: string): boolean {
  const t = toHalfWidth(text);
  const candidate = /\d{17}[\dXx]/g;
  for (let i = 0; i + 18 <= t.length; i++) {
    candidate.lastIndex = i;
    const m = candidate.exec(t);
    if (!m) return false;
    i = m.index;
    if (isValidIdNumber(m[0])) return true;
  }
  return false;
}
