/**
 * What each item of a check asks for, decided before the database is read: a code to look up (strict,
 * or a legacy pilot code an authoritative source must have registered), an exact name, or a malformed
 * code that fails this item only. Pure.
 */
import type { CheckItem, CheckRequestItem } from "../../shared/contract";
import { maskIdNumber, normalizeCode, validateIdNumber } from "../../shared/identifiers";
import { ApiError } from "../http/errors";
import { type CodeLookup, parseCodeInput } from "../lookup/resolve";

export type CodeProblem = CheckItem["problems"][number];

export type ItemPlan =
  | { ref: string; by: "code"; lookup: CodeLookup; name: string | null; shownCode: string }
  | { ref: string; by: "name"; name: string }
  | { ref: string; by: "invalid"; name: string | null; shownCode: string; problems: CodeProblem[] };

/** What could be a citizen ID number (possibly mistyped): shown masked, even in an error. */
const ID_LIKE = /^\d{17}[\dX]$|^\d{15}$/;

const ID_PROBLEM_MESSAGE: Record<string, string> = {
  empty: "身份证号码为空",
  length: "身份证号码应为18位（或旧版15位）",
  format: "身份证号码只能由数字和末位 X 组成",
  birth_date: "身份证号码中的出生日期（第7–14位）无效",
  check: "身份证号码第18位校验码不正确",
};

/**
 * A name as registers write it: trimmed, no invisible characters, ASCII brackets as the full-width ones
 * enterprise names use (企业名称中的括号为全角).
 * @example normalizeName(" 重庆渝信(集团)有限公司 ") // "重庆渝信（集团）有限公司"
 */
export function normalizeName(name: string): string {
  return name
    .replace(/[\u0000-\u001F\u007F-\u009F\u00AD\u200B-\u200F\u2028-\u202E\u2060-\u206F\uFEFF]/g, "")
    .trim()
    .replace(/\(/g, "（")
    .replace(/\)/g, "）");
}

/** How a code is echoed back: normalised, masked when it may be an ID number. */
export function shownCode(code: string): string {
  return ID_LIKE.test(code) ? maskIdNumber(code) : code;
}

function problemsOf(err: ApiError, code: string): CodeProblem[] {
  if (ID_LIKE.test(code) && /^\d{6}(19|20)/.test(code)) {
    const id = validateIdNumber(code);
    if (!id.valid) return id.problems.map((p) => ({ kind: p.kind, ...(p.position ? { position: p.position } : {}), message: ID_PROBLEM_MESSAGE[p.kind] ?? "身份证号码不正确" }));
  }
  const details = err.details as { problems?: { kind: string; position?: number; message: string }[] } | undefined;
  return (details?.problems ?? [{ kind: "invalid", message: err.message }]).map((p) => ({ kind: p.kind, ...(p.position ? { position: p.position } : {}), message: p.message }));
}

/**
 * The plan of one item: by code when a code is given (the name then only cross-checks it), by exact
 * name otherwise.
 * @example planItem({ ref: "1", code: "91350100m000100y43" }) // { ref: "1", by: "code", lookup: { type: "uscc", code: "91350100M000100Y43" }, … }
 */
export function planItem(item: CheckRequestItem): ItemPlan {
  const name = item.name ? normalizeName(item.name) || null : null;
  if (item.code) {
    const code = normalizeCode(item.code);
    try {
      return { ref: item.ref, by: "code", lookup: parseCodeInput(code), name, shownCode: shownCode(code) };
    } catch (err) {
      if (!(err instanceof ApiError) || err.code !== "invalid_code") throw err;
      return { ref: item.ref, by: "invalid", name, shownCode: shownCode(code), problems: problemsOf(err, code) };
    }
  }
  return { ref: item.ref, by: "name", name: name ?? "" };
}

/** The distinct keys one batch looks up: strict codes, legacy pilot codes and exact names. */
export function lookupKeys(plans: readonly ItemPlan[]): { codes: string[]; legacyCodes: string[]; names: string[] } {
  const codes = new Set<string>();
  const legacyCodes = new Set<string>();
  const names = new Set<string>();
  for (const plan of plans) {
    if (plan.by === "code") (plan.lookup.type === "legacy_candidate" ? legacyCodes : codes).add(plan.lookup.code);
    else if (plan.by === "name" && plan.name) names.add(plan.name);
  }
  return { codes: [...codes], legacyCodes: [...legacyCodes], names: [...names] };
}
