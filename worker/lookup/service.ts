import type { SubjectProfile } from "../../shared/contract";
import { maskIdNumber } from "../../shared/identifiers";
import type { Principal } from "../auth/principal";
import { ApiError } from "../http/errors";
import { toPublicProfile } from "./profile";
import { loadProfileRows } from "./queries";
import { invalidCode, parseCodeInput } from "./resolve";

const DAY_MS = 86_400_000;

/**
 * The profile of the subject a typed code names, as this principal may see it. 400 with the reasons for
 * a malformed code, 404 for a well-formed code we do not hold. A code failing only position 18 is served
 * when an authoritative source registered it (flagged checksum_legacy), and refused as malformed otherwise.
 */
export async function getProfile(db: D1DatabaseSession, principal: Principal, input: string, today: string, now = new Date()): Promise<SubjectProfile> {
  const lookup = parseCodeInput(input);
  const auditRef = lookup.type === "id_number" ? maskIdNumber(lookup.code) : lookup.code;
  const since = new Date(now.getTime() - 90 * DAY_MS).toISOString();
  const rows = await loadProfileRows(db, principal, { code: lookup.code, auditRef }, today, since);
  if (lookup.type === "legacy_candidate" && rows.subject?.checksum_legacy !== 1) {
    throw invalidCode(lookup.code, lookup.problems as { message: string }[]);
  }
  if (!rows.subject) {
    const what = lookup.type === "id_number" ? "该身份证号码" : `统一社会信用代码“${lookup.code}”`;
    throw new ApiError(404, "subject_not_found", `未找到${what}对应的信用主体`, lookup.type === "id_number" ? undefined : { code: lookup.code });
  }
  return toPublicProfile({ ...rows, subject: rows.subject }, today, principal.role);
}
