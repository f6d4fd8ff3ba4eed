/**
 * Finding 统一社会信用代码 in page text. A candidate counts only when it passes BOTH check characters
 * (positions 17 and 18, strict validateUscc), so a badge is never put on something that is not a code.
 * Early pilot codes that fail position 18 are left alone on purpose, and so is an 18-digit string that is
 * also a valid 身份证号码 (a person's number is never sent as a company code). Full-width characters count.
 */
import { validateIdNumber } from "../../shared/identifiers/idcard";
import { toHalfWidth } from "../../shared/identifiers/normalize";
import { USCC_ALPHABET, validateUscc } from "../../shared/identifiers/uscc";

export interface CodeMatch {
  code: string;
  /** Where the code stands in the original text (full-width characters keep their positions). */
  index: number;
  end: number;
}

const CANDIDATE = new RegExp(`(?<![0-9A-Za-z])[${USCC_ALPHABET}${USCC_ALPHABET.toLowerCase()}]{18}(?![0-9A-Za-z])`, "g");
/** A quick test before the real work: 18 letters or digits in a row, either width. */
const MAYBE = /[0-9A-Za-z０-９Ａ-Ｚａ-ｚ]{18}/;

/** Whether the text can hold a code at all (cheap; most text nodes stop here). */
export function mayContainCode(text: string): boolean {
  return text.length >= 18 && MAYBE.test(text);
}

/**
 * Every valid USCC in a text.
 * @example findCodes("投标人：重庆恒盛建材有限公司（９１５００１１３４０８２０３３３８Ｕ）") // [{ code: "91500113408203338U", index: 15, end: 33 }]
 */
export function findCodes(text: string): CodeMatch[] {
  if (!mayContainCode(text)) return [];
  const half = toHalfWidth(text);
  const found: CodeMatch[] = [];
  for (const m of half.matchAll(CANDIDATE)) {
    const code = m[0].toUpperCase();
    if (!validateUscc(code).valid) continue;
    if (/^\d{17}[\dX]$/.test(code) && validateIdNumber(code).valid) continue;
    found.push({ code, index: m.index, end: m.index + m[0].length });
  }
  return found;
}

/** Endings of organisation names (企业、个体工商户、社会组织、事业单位). */
export const ORGANISATION_SUFFIX =
  /(?:有限责任公司|股份有限公司|有限公司|分公司|公司|集团|合伙企业|（普通合伙）|（有限合伙）|厂|店|中心|合作社|事务所|研究院|研究所|设计院|医院|学校|学院|协会|商会|基金会|工作室|经营部|商行|门市部|馆|站|局|委员会)$/;

const LABEL_PREFIX = /^(?:投标人|投标单位|供应商|中标人|中标供应商|申请人|申请单位|单位名称|企业名称|主体名称|名称)[：:]?/;

/**
 * A cleaned organisation name, or undefined when the text does not look like one.
 * @example organisationName(" 重庆恒盛建材有限公司 ") // "重庆恒盛建材有限公司"
 */
export function organisationName(text: string | null | undefined): string | undefined {
  if (!text) return undefined;
  const name = text.replace(/[\s\u200B-\u200D\uFEFF]+/g, "").replace(LABEL_PREFIX, "");
  if (name.length < 2 || name.length > 100) return undefined;
  if (!/[\u4e00-\u9fff]/.test(name) || !ORGANISATION_SUFFIX.test(name)) return undefined;
  return name;
}

/** What stands between a name and its code: brackets, colons and the label 统一社会信用代码. */
const BETWEEN = /[\s，,、；;：:（(【\[]*(?:统一社会信用代码|社会信用代码|信用代码|代码)?[\s：:]*$/;
const NAME_BEFORE = /([\u4e00-\u9fffA-Za-z0-9（）()·&]{2,60})$/;

/**
 * The organisation named just before a code in the same text, e.g. 「重庆恒盛建材有限公司（统一社会信用代码：…）」.
 * @example nameBefore("供应商：重庆瑞丰物流有限公司，统一社会信用代码 91500112484746545R", 32) // "重庆瑞丰物流有限公司"
 */
export function nameBefore(text: string, index: number): string | undefined {
  const before = text.slice(Math.max(0, index - 90), index).replace(BETWEEN, "");
  const m = NAME_BEFORE.exec(before);
  if (!m) return undefined;
  let candidate = m[1]!;
  // The name ends with the last organisation suffix; brackets opened after it belong to the code.
  const open = candidate.search(/[（(][^）)]*$/);
  if (open >= 0) candidate = candidate.slice(0, open);
  return organisationName(candidate);
}
