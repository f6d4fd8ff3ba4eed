/**
 * Identifier toolkit: 统一社会信用代码 (USCC), 公民身份号码, 工商注册号, normalisation,
 * region names and masking. Pure functions; runs in workerd, Node and browsers.
 */
import { validateIdNumber } from "./idcard";
import { normalizeCode } from "./normalize";
import { validateUscc } from "./uscc";

export { cleanQueryText, normalizeCode, normalizeName, toHalfWidth } from "./normalize";
export {
  CHONGQING_DISTRICTS,
  CHONGQING_FORMER_COUNTIES,
  PROVINCES,
  isChongqingRegion,
  regionName,
} from "./regions";
export type { RegionEntry } from "./regions";
export {
  USCC_ALPHABET,
  isValidUscc,
  orgCodeCheckChar,
  usccCheckChar18,
  usccFromParts,
  validateUscc,
} from "./uscc";
export type { UsccOptions, UsccParts, UsccProblem, UsccResult } from "./uscc";
export { convert15To18, idCheckChar, isValidIdNumber, validateIdNumber } from "./idcard";
export type { IdNumberResult, IdOptions, IdProblem, IdProblemKind } from "./idcard";
export { isValidRegistrationNumber, registrationNumberCheckDigit, validateRegistrationNumber } from "./regno";
export type { RegistrationNumberProblem, RegistrationNumberResult } from "./regno";
export { containsUnmaskedIdNumber, findIdNumbersInText, maskIdNumber, maskIdNumbersInText, maskName, maskPhone } from "./mask";
export type { IdNumberInText } from "./mask";

export type CodeType = "uscc" | "id_number" | "unknown";

/**
 * Guess what kind of code the user entered. Rules, in order:
 * 1. empty after normalisation, or containing anything but 0-9/A-Z → "unknown";
 * 2. a valid ID number (18 or 15 digits) → "id_number" (never a USCC, see validateUscc); else a strictly valid USCC → "uscc";
 * 3. starts with a non-digit, or has a letter anywhere except a final X → "uscc";
 * 4. otherwise (digits, maybe final X) the validator reporting fewer problems
 *    wins; ties go to "uscc" for 18 characters and "id_number" otherwise.
 *
 * @example
 * classifyCode("91350100m000100y43") // → { type: "uscc", normalized: "91350100M000100Y43" }
 * classifyCode("11010519491231002x") // → { type: "id_number", normalized: "11010519491231002X" }
 */
export function classifyCode(input: string): { type: CodeType; normalized: string } {
  const normalized = normalizeCode(input);
  if (!/^[0-9A-Z]+$/.test(normalized)) return { type: "unknown", normalized };
  const uscc = validateUscc(normalized);
  if (uscc.valid) return { type: "uscc", normalized };
  const id = validateIdNumber(normalized);
  if (id.valid) return { type: "id_number", normalized };
  if (/^\D/.test(normalized) || /[A-Z]/.test(normalized.replace(/X$/, ""))) return { type: "uscc", normalized };
  const usccCount = uscc.problems.length;
  const idCount = id.problems.length;
  if (usccCount !== idCount) return { type: usccCount < idCount ? "uscc" : "id_number", normalized };
  return { type: normalized.length === 18 ? "uscc" : "id_number", normalized };
}
