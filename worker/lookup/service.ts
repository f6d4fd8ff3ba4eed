import type { SubjectProfile } from "../../shared/contract";
import { maskIdNumber } from "../../shared/identifiers";
import type { Principal } from "../../shared/auth/principal";
import type { ShardRouter } from "../shards";
import { ApiError } from "../http/errors";
import { toPublicProfile } from "./profile";
import { loadProfileRows, subjectCodeByRegistrationNumber } from "./queries";
import { type CodeLookup, invalidCode, invalidCodeError, parseCodeInput, personNotFound, subjectNotFound, unknownRegistrationNumber } from "./resolve";

/** The one answer for an ID number we cannot show: unknown, or a person with nothing public in force. */
/**
 * A 15-digit 注册号 names the subject registered under it; when none is on file, the same digits may still be an
 * old ID number, else the user is told to use the USCC.
 */
export async function resolveRegistrationNumber(shards: ShardRouter, lookup: Extract<CodeLookup, { type: "registration_number" }>): Promise<CodeLookup> {
  const held = await subjectCodeByRegistrationNumber(shards, lookup.code);
  // A 个体工商户 may be keyed by its operator's ID number: it is then looked up (and logged) as a person.
  if (held) return { type: held.code_type, code: held.code };
  if (lookup.idNumber) return { type: "id_number", code: lookup.idNumber };
  throw unknownRegistrationNumber(lookup.code);
}

/**
 * The profile of the subject a typed code names, as this principal may see it. 400 with the reasons for
 * a malformed code, 404 for a well-formed code we do not hold. A code failing only position 18 is served
 * when an authoritative source registered it (flagged checksum_legacy), and refused as malformed otherwise.
 *
 * No existence oracle for persons (个人信息保护法): to the public, an ID number answers exactly like an unknown
 * one (same status, same body) unless the person has information that is public and in force. Officers see
 * what the visibility rules give them, and their lookups are logged.
 */
export async function getProfile(shards: ShardRouter, principal: Principal, input: string, today: string, options: { freshDataVersion?: boolean } = {}): Promise<SubjectProfile> {
  const parsed = parseCodeInput(input);
  if (!parsed.ok) throw invalidCodeError(parsed.invalid);
  const lookup = parsed.lookup.type === "registration_number" ? await resolveRegistrationNumber(shards, parsed.lookup) : parsed.lookup;
  const auditRef = lookup.type === "id_number" ? maskIdNumber(lookup.code) : lookup.code;
  const rows = await loadProfileRows(shards, principal, { code: lookup.code, auditRef }, today, options);
  if (lookup.type === "legacy_candidate" && rows.subject?.checksum_legacy !== 1) {
    const failure = invalidCode(lookup.code, lookup.problems);
    throw invalidCodeError(failure.invalid);
  }
  const isPerson = lookup.type === "id_number" || rows.subject?.code_type === "id_number";
  if (isPerson && principal.role === "public" && rows.records.length === 0 && rows.lists.length === 0) throw personNotFound();
  if (!rows.subject) throw subjectNotFound(lookup);
  return toPublicProfile({ ...rows, subject: rows.subject }, today, principal.role);
}
