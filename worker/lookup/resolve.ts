import { normalizeCode, validateIdNumber, validateUscc } from "../../shared/identifiers";
import { ApiError } from "../http/errors";

/** What a typed code resolves to before the database is asked. */
export type CodeLookup =
  | { type: "uscc"; code: string }
  | { type: "id_number"; code: string }
  /** Fails only the position-18 check: valid if an authoritative source sent it (GB 32100 pilot codes). */
  | { type: "legacy_candidate"; code: string; problems: unknown[] };

/**
 * Turns user input into a lookup, or throws a 400 that says what is wrong with the code.
 * @example parseCodeInput(" ９１３５０１００ｍ０００１００ｙ４３ ") // { type: "uscc", code: "91350100M000100Y43" }
 */
export function parseCodeInput(input: string): CodeLookup {
  const code = normalizeCode(input);
  const uscc = validateUscc(code);
  if (uscc.valid) return { type: "uscc", code: uscc.code };
  if (/^\d{17}[\dX]$|^\d{15}$/.test(code)) {
    const id = validateIdNumber(code);
    if (id.valid) return { type: "id_number", code: id.number };
  }
  if (uscc.problems.length === 1 && uscc.problems[0]?.kind === "check_18") {
    return { type: "legacy_candidate", code, problems: uscc.problems };
  }
  throw invalidCode(code, uscc.problems);
}

export function invalidCode(code: string, problems: readonly { message: string }[]): ApiError {
  const first = problems[0]?.message ?? "代码格式不正确";
  return new ApiError(400, "invalid_code", `统一社会信用代码“${code}”不正确：${first}`, { code, problems });
}
