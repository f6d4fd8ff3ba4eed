/**
 * What a typed code names, decided before the database is asked: a USCC, a resident ID number, an old 15-digit
 * 工商注册号, a pilot code failing only position 18 (GB 32100 pilots), or a malformed code with the reasons.
 * Returned as a value, never thrown: lookups turn a failure into a 400, checks into one failed item.
 */
import type { CheckItem } from "../../shared/contract";
import { isValidRegistrationNumber, maskIdNumber, normalizeCode, validateIdNumber, validateUscc } from "../../shared/identifiers";
import { ApiError } from "../http/errors";

export type CodeProblem = CheckItem["problems"][number];

/** What a typed code resolves to before the database is asked. */
export type CodeLookup =
  | { type: "uscc"; code: string }
  | { type: "id_number"; code: string }
  /** A valid 15-digit 工商注册号; `idNumber` when the same digits are also a valid old ID number. */
  | { type: "registration_number"; code: string; idNumber: string | null }
  /** Fails only the position-18 check: valid if an authoritative source sent it (GB 32100 pilot codes). */
  | { type: "legacy_candidate"; code: string; problems: CodeProblem[] };

/** Why a code cannot be looked up; `idLike` codes are ID numbers as far as the user can tell and are never echoed. */
export interface InvalidCode {
  code: string;
  idLike: boolean;
  message: string;
  problems: CodeProblem[];
}

export type ParsedCode = { ok: true; lookup: CodeLookup } | { ok: false; invalid: InvalidCode };

/** The shape of a resident ID number (GB 11643): 17 digits and a digit or X, or the old 15 digits. */
const ID_NUMBER_SHAPE = /^\d{17}[\dX]$|^\d{15}$/;

/** First two digits of a GB/T 2260 province (Hong Kong, Macao and Taiwan included): how every ID number begins. */
const PROVINCE_PREFIX = /^(1[1-5]|2[1-3]|3[1-7]|4[1-6]|5[0-4]|6[1-5]|71|8[12])/;

/**
 * True when a normalised code may be someone's ID number: 15 digits, or 17 digits + digit/X that is a valid ID
 * number or begins with a province code (whatever its birth year: GB 11643's own example 440524188001010014 was born
 * in 1880). Such a code is echoed masked and its problems are told as an ID number's, not a USCC's.
 * @example looksLikeIdNumber("110105194912310021") // true
 * @example looksLikeIdNumber("440524188001010014") // true
 * @example looksLikeIdNumber("91350100M000100Y43") // false
 */
export function looksLikeIdNumber(code: string): boolean {
  return ID_NUMBER_SHAPE.test(code) && (code.length === 15 || PROVINCE_PREFIX.test(code) || validateIdNumber(code).valid);
}

/** How a code is echoed back: normalised, masked when it may be an ID number. */
export function shownCode(code: string): string {
  return looksLikeIdNumber(code) ? maskIdNumber(code) : code;
}

/** ID-number problems in words that never repeat the digits (a mistyped number is still someone's). */
const ID_PROBLEM_MESSAGE: Record<string, string> = {
  empty: "身份证号码为空",
  length: "身份证号码应为18位（或旧版15位）",
  format: "身份证号码只能由数字和末位 X 组成",
  birth_date: "身份证号码中的出生日期（第7–14位）无效",
  check: "身份证号码中有输入错误的数字（第18位校验码与前17位不符），请逐位核对",
};

const toProblem = (p: { kind: string; position?: number | undefined; message: string }): CodeProblem => ({ kind: p.kind, ...(p.position ? { position: p.position } : {}), message: p.message });

function idProblems(code: string): CodeProblem[] {
  const id = validateIdNumber(code);
  return id.valid ? [] : id.problems.map((p) => toProblem({ kind: p.kind, position: p.position, message: ID_PROBLEM_MESSAGE[p.kind] ?? "身份证号码不正确" }));
}

function invalid(code: string, problems: CodeProblem[]): { ok: false; invalid: InvalidCode } {
  const idLike = looksLikeIdNumber(code);
  const first = problems[0]?.message ?? "代码格式不正确";
  const message = idLike ? `身份证号码不正确：${first}` : `统一社会信用代码“${code}”不正确：${first}`;
  return { ok: false, invalid: { code, idLike, message, problems } };
}

/**
 * Turns user input into a lookup, or says what is wrong with the code.
 * @example parseCodeInput(" ９１３５０１００ｍ０００１００ｙ４３ ") // { ok: true, lookup: { type: "uscc", code: "91350100M000100Y43" } }
 * @example parseCodeInput("110108000000016") // { ok: true, lookup: { type: "registration_number", code: "110108000000016", idNumber: null } }
 */
export function parseCodeInput(input: string): ParsedCode {
  const code = normalizeCode(input);
  // ID numbers first: a valid one is a person's even when it also passes as a USCC (issue 11, review C1).
  if (ID_NUMBER_SHAPE.test(code)) {
    const id = validateIdNumber(code);
    if (isValidRegistrationNumber(code)) return { ok: true, lookup: { type: "registration_number", code, idNumber: id.valid ? id.number : null } };
    if (id.valid) return { ok: true, lookup: { type: "id_number", code: id.number } };
  }
  const uscc = validateUscc(code);
  if (uscc.valid) return { ok: true, lookup: { type: "uscc", code: uscc.code } };
  const usccProblems = uscc.problems.map(toProblem);
  if (uscc.problems.length === 1 && uscc.problems[0]?.kind === "check_18") return { ok: true, lookup: { type: "legacy_candidate", code, problems: usccProblems } };
  return invalidCode(code, usccProblems);
}

/**
 * The failure for a code that names nothing we can look up: an ID-shaped code gets ID-number problems, a
 * 15-digit code that is neither an old ID number nor a 注册号 says so, anything else keeps the USCC problems.
 */
export function invalidCode(code: string, usccProblems: CodeProblem[]): { ok: false; invalid: InvalidCode } {
  if (!looksLikeIdNumber(code)) return invalid(code, usccProblems);
  const problems = idProblems(code);
  if (code.length === 15) problems.push({ kind: "registration_number", message: "也不是有效的15位工商注册号（校验位不符）" });
  return invalid(code, problems.length > 0 ? problems : usccProblems);
}

/**
 * The lookup a code names, or the 400 that says why it names none (for routes that take one code).
 * @example lookupOrThrow("91350100m000100y43") // { type: "uscc", code: "91350100M000100Y43" }
 */
export function lookupOrThrow(input: string): CodeLookup {
  const parsed = parseCodeInput(input);
  if (!parsed.ok) throw invalidCodeError(parsed.invalid);
  return parsed.lookup;
}

/** The 404 of an ID number we hold nothing public for: word for word the same as for one we do not hold at all. */
export function personNotFound(): ApiError {
  return new ApiError(404, "subject_not_found", "未找到该身份证号码对应的信用主体");
}

/**
 * The 404 of a code we hold nothing (visible) for. A person's number, and any code shaped like one (an ID number
 * that also passes as a USCC, or a mistyped one), gets the one person 404 and is never echoed; other codes are.
 */
export function subjectNotFound(lookup: CodeLookup): ApiError {
  if (lookup.type === "id_number" || looksLikeIdNumber(lookup.code)) return personNotFound();
  return new ApiError(404, "subject_not_found", `未找到统一社会信用代码“${lookup.code}”对应的信用主体`, { code: lookup.code });
}

/** The 400 of a lookup: ID-shaped codes are not echoed in the details. */
export function invalidCodeError(failure: InvalidCode): ApiError {
  return new ApiError(400, "invalid_code", failure.message, failure.idLike ? { problems: failure.problems } : { code: failure.code, problems: failure.problems });
}

/** An old registration number we hold no subject for: the USCC is needed. */
export function unknownRegistrationNumber(code: string): ApiError {
  return new ApiError(
    404,
    "subject_not_found",
    `“${code}”是旧版15位工商注册号，本系统没有登记该注册号对应的主体。2016年起营业执照改用18位统一社会信用代码，请使用统一社会信用代码查询`,
    { code },
  );
}
