/**
 * What each item of a check asks for, decided before the database is read: a code to look up (strict,
 * or a legacy pilot code an authoritative source must have registered), an exact name, or a malformed
 * code that fails this item only. Pure.
 */
import type { CheckRequestItem } from "../../shared/contract";
import { normalizeCode, normalizeName } from "../../shared/identifiers";
import { type CodeLookup, type CodeProblem, parseCodeInput, shownCode } from "../lookup/resolve";

export type { CodeProblem };

export type ItemPlan =
  | { ref: string; by: "code"; lookup: CodeLookup; name: string | null; shownCode: string }
  | { ref: string; by: "name"; name: string }
  | { ref: string; by: "invalid"; name: string | null; shownCode: string; message: string; problems: CodeProblem[] };

/**
 * The plan of one item: by code when a code is given (the name then only cross-checks it), by exact
 * name otherwise.
 * @example planItem({ ref: "1", code: "91350100m000100y43" }) // { ref: "1", by: "code", lookup: { type: "uscc", code: "91350100M000100Y43" }, … }
 */
export function planItem(item: CheckRequestItem): ItemPlan {
  const name = item.name ? normalizeName(item.name) || null : null;
  if (item.code) {
    const code = normalizeCode(item.code);
    const parsed = parseCodeInput(code);
    if (parsed.ok) return { ref: item.ref, by: "code", lookup: parsed.lookup, name, shownCode: shownCode(code) };
    return { ref: item.ref, by: "invalid", name, shownCode: shownCode(code), message: parsed.invalid.message, problems: parsed.invalid.problems };
  }
  return { ref: item.ref, by: "name", name: name ?? "" };
}

/** The distinct keys one batch looks up: strict codes, legacy pilot codes, old registration numbers and exact names. */
export function lookupKeys(plans: readonly ItemPlan[]): { codes: string[]; legacyCodes: string[]; regNos: string[]; names: string[] } {
  const codes = new Set<string>();
  const legacyCodes = new Set<string>();
  const regNos = new Set<string>();
  const names = new Set<string>();
  for (const plan of plans) {
    if (plan.by === "code") {
      const { lookup } = plan;
      if (lookup.type === "legacy_candidate") legacyCodes.add(lookup.code);
      else if (lookup.type === "registration_number") {
        regNos.add(lookup.code);
        // The same 15 digits may be an old ID number too: looked up as one when no 注册号 matches.
        if (lookup.idNumber) codes.add(lookup.idNumber);
      } else codes.add(lookup.code);
    } else if (plan.by === "name" && plan.name) names.add(plan.name);
  }
  return { codes: [...codes], legacyCodes: [...legacyCodes], regNos: [...regNos], names: [...names] };
}
