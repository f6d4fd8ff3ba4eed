/**
 * Who may see what, decided in one place (DESIGN.md "Roles and what each may see"):
 * - the public: 依法公开 lists only, records inside their publication window (轻微 penalties only when marked
 *   for publication), ID numbers masked;
 * - officers, providers: every list (重点监管对象 included), within their scenes (checked by the routes);
 * - admins: everything officers see, and repaired entries and records as well, marked as repaired.
 * Repaired information is never shown to anyone but admins and never shared again.
 */
import { LIST_TYPES, LIST_TYPE_INFO, type ListType } from "../../shared/domain/lists";
import { PUBLISHED_TO_PUBLIC_SQL } from "../../shared/domain/penalties";
import { PUBLIC_PRINCIPAL, type Principal } from "../../shared/auth/principal";

export function visibleListTypes(principal: Principal): ListType[] {
  return principal.role === "public" ? LIST_TYPES.filter((t) => LIST_TYPE_INFO[t].publicDisclosure) : [...LIST_TYPES];
}

/**
 * SQL condition on records (alias `r`; `?1` is today): active records inside their publication window,
 * and, for admins, repaired ones too. Checked at read time so a late expiry job never shows an expired record.
 * The public does not see 轻微 penalties unless the deciding authority marked them for publication.
 */
export function recordCondition(principal: Principal): string {
  const statuses = principal.role === "admin" ? "('active', 'repaired')" : "('active')";
  const published = principal.role === "public" ? ` AND ${PUBLISHED_TO_PUBLIC_SQL}` : "";
  return `r.status IN ${statuses} AND (r.publish_until IS NULL OR r.publish_until >= ?1)${published}`;
}

/** SQL condition on records (alias `r`): the categories published at all (双公示: penalties and licences). */
export const PUBLISHED_CATEGORIES_SQL = "r.category IN ('penalty', 'licence')";

/** SQL condition on list entries (alias `l`; `?1` is today): in force, and for admins repaired ones too. */
export function listEntryCondition(principal: Principal): string {
  const inForce = "(l.status = 'listed' AND (l.planned_removal_on IS NULL OR l.planned_removal_on >= ?1))";
  return principal.role === "admin" ? `(${inForce} OR l.status = 'repaired')` : inForce;
}

/**
 * SQL condition (`?1` is today) true when the subject whose id is `subjectId` (an SQL expression) has information
 * this principal sees that is in force: for the public, a penalty or licence inside its window or an entry in force
 * of a list published by law (the same conditions as the public profile, worker/lookup); for officers, any record
 * or entry the rules above give them; for admins, repaired ones too.
 */
export function visibleInformationCondition(principal: Principal, subjectId: string): string {
  const lists = visibleListTypes(principal).map((t) => `'${t}'`).join(", ");
  const categories = principal.role === "public" ? ` AND ${PUBLISHED_CATEGORIES_SQL}` : "";
  return `(EXISTS (SELECT 1 FROM records r WHERE r.subject_id = ${subjectId}${categories} AND ${recordCondition(principal)})
    OR EXISTS (SELECT 1 FROM list_entries l WHERE l.subject_id = ${subjectId} AND l.list_type IN (${lists}) AND ${listEntryCondition(principal)}))`;
}

/**
 * The test of the no-existence-oracle rule for persons (个人信息保护法): without information public and in force,
 * an ID number answers exactly like an unknown one.
 */
export function publicInformationCondition(subjectId: string): string {
  return visibleInformationCondition(PUBLIC_PRINCIPAL, subjectId);
}

export { maskPersonalNumbers } from "./guard";
export { newPageSecret, pageSecretMatches } from "./page-secret";
