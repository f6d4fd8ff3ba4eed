/**
 * Input normalisation for identifier codes (统一社会信用代码, 公民身份号码).
 * Pure string functions: safe in workerd, Node and browsers.
 */

/**
 * Control characters, bidirectional marks and overrides, zero-width and other invisible characters: what users
 * paste along with codes and names, never meaningful in either. One set for codes, names and queries.
 */
const INVISIBLE = /[\u0000-\u001F\u007F-\u009F\u00AD\u200B-\u200F\u2028-\u202E\u2060-\u206F\uFEFF]/g;

/** Whitespace (incl. U+3000 and NBSP via \s) and the dash family (hyphen, en/em dash, minus, …). */
const SEPARATORS = /[\s\-\u2010-\u2015\u2212\uFE58\uFE63]/g;

/**
 * Convert full-width ASCII forms (U+FF01–U+FF5E) to half-width (U+0021–U+007E),
 * and the ideographic space U+3000 to an ASCII space. Other characters are unchanged.
 *
 * @example
 * toHalfWidth("９１３５ＡＢｃ") // → "9135ABc"
 */
export function toHalfWidth(s: string): string {
  let out = "";
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp >= 0xff01 && cp <= 0xff5e) out += String.fromCharCode(cp - 0xfee0);
    else if (cp === 0x3000) out += " ";
    else out += ch;
  }
  return out;
}

/**
 * Normalise a typed/pasted code: full-width → half-width, drop zero-width
 * characters, remove all spaces (incl. U+3000) and hyphens/dashes anywhere,
 * then upper-case.
 *
 * @example
 * normalizeCode(" ９１３５０１００ｍ０００-１００ y43\u200B ") // → "91350100M000100Y43"
 */
export function normalizeCode(input: string): string {
  return toHalfWidth(input).replace(INVISIBLE, "").replace(SEPARATORS, "").toUpperCase();
}

/**
 * A free-text query as users mean it: control and invisible characters removed, all white space
 * (including U+3000) removed, everything else kept as typed (names keep their full-width brackets).
 *
 * @example
 * cleanQueryText(" 重庆\u0000渝信　建设\u200B ") // → "重庆渝信建设"
 */
export function cleanQueryText(input: string): string {
  return input.replace(INVISIBLE, "").replace(/\s+/g, "");
}

/**
 * A name as registers write it: trimmed, no invisible characters, ASCII brackets as the full-width ones
 * enterprise names use (企业名称中的括号为全角).
 * @example normalizeName(" 重庆渝信(集团)有限公司 ") // "重庆渝信（集团）有限公司"
 */
export function normalizeName(name: string): string {
  return name.replace(INVISIBLE, "").trim().replace(/\(/g, "（").replace(/\)/g, "）");
}
