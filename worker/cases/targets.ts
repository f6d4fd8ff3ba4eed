/**
 * The record or list entry a case is about, found by subject code + document number, with what the rules
 * (eligibility, who decides, objection mark) need.
 */
import { LIST_TYPE_INFO, type ListType } from "../../shared/domain/lists";
import type { RepairTarget } from "../../shared/domain/repair";
import type { Severity } from "../../shared/domain/penalties";
import { normalizeCode } from "../../shared/identifiers";
import { PUBLIC_PRINCIPAL } from "../../shared/auth/principal";
import { ApiError } from "../http/errors";
import { PUBLISHED_CATEGORIES_SQL, listEntryCondition, recordCondition, visibleListTypes } from "../visibility";

export interface TargetRow {
  target_kind: "record" | "list_entry";
  id: number;
  subject_id: number;
  subject_code: string;
  code_type: string;
  subject_name: string;
  doc_no: string;
  title: string;
  category: string | null;
  kinds: string | null;
  severity: Severity | null;
  decided_on: string;
  repairable_from: string | null;
  publish_until: string | null;
  planned_removal_on: string | null;
  status: string;
  objection_open: number;
  authority_name: string;
  authority_code: string;
  source_unit_name: string | null;
  source_unit_code: string | null;
}

const TARGETS = `
  SELECT 'record' AS target_kind, r.id, r.subject_id, s.code AS subject_code, s.code_type, s.name AS subject_name, r.doc_no,
         coalesce(r.title, r.category) AS title, r.category, r.kinds, r.severity, r.decided_on, r.repairable_from, r.publish_until,
         NULL AS planned_removal_on, r.status, r.objection_open, r.authority_name, r.authority_code, r.source_unit_name, r.source_unit_code
    FROM records r JOIN subjects s ON s.id = r.subject_id
  UNION ALL
  SELECT 'list_entry', l.id, l.subject_id, s.code, s.code_type, s.name, l.doc_no, l.list_type, NULL, NULL, NULL, l.listed_on, NULL, NULL,
         l.planned_removal_on, l.status, l.objection_open, l.authority_name, l.authority_code, l.source_unit_name, l.source_unit_code
    FROM list_entries l JOIN subjects s ON s.id = l.subject_id`;

/**
 * What the public sees of a target (`?1` today, `?4` the public list types), by the rules of worker/visibility:
 * penalties and licences inside their window (轻微 only when marked for publication), entries in force of lists
 * published by law. Inspection, enforcement and other records, and 重点监管对象 entries, are never filing targets.
 */
const PUBLIC_TARGET = `(t.target_kind = 'record' AND EXISTS (SELECT 1 FROM records r WHERE r.id = t.id AND ${PUBLISHED_CATEGORIES_SQL} AND ${recordCondition(PUBLIC_PRINCIPAL)}))
  OR (t.target_kind = 'list_entry' AND EXISTS (SELECT 1 FROM list_entries l WHERE l.id = t.id AND ${listEntryCondition(PUBLIC_PRINCIPAL)} AND l.list_type IN (SELECT value FROM json_each(?4))))`;

/** Candidates the public may see for subject code + document number, records first (a code may name both). */
export async function findTargets(db: D1DatabaseSession | D1Database, subjectCode: string, docNo: string, today: string): Promise<TargetRow[]> {
  const { results } = await db
    .prepare(`SELECT * FROM (${TARGETS}) t WHERE t.subject_code = ?2 AND t.doc_no = ?3 AND (${PUBLIC_TARGET}) ORDER BY t.target_kind = 'record' DESC, t.id`)
    .bind(today, normalizeCode(subjectCode), docNo.trim(), JSON.stringify(visibleListTypes(PUBLIC_PRINCIPAL)))
    .all<TargetRow>();
  return results.filter(isFileable);
}

/** One target by kind and id. */
export async function loadTarget(db: D1DatabaseSession | D1Database, kind: "record" | "list_entry", id: number): Promise<TargetRow | null> {
  return db.prepare(`SELECT * FROM (${TARGETS}) WHERE target_kind = ?1 AND id = ?2`).bind(kind, id).first<TargetRow>();
}

/** The rules' view of a target. */
export function toRepairTarget(t: TargetRow): RepairTarget {
  return t.target_kind === "record"
    ? { kind: "record", category: t.category ?? "other", kinds: t.kinds, severity: t.severity, decidedOn: t.decided_on, repairableFrom: t.repairable_from, publishUntil: t.publish_until, status: t.status }
    : { kind: "list_entry", listType: t.title as ListType, listedOn: t.decided_on, plannedRemovalOn: t.planned_removal_on, status: t.status };
}

/**
 * Filings are public, so they only reach what the public may know exists: records, and entries of lists
 * published by law (依法公开). Entries of 重点监管对象名单 are handled by the listing authority directly.
 */
export function isFileable(t: TargetRow): boolean {
  return t.target_kind === "record" || LIST_TYPE_INFO[t.title as ListType]?.publicDisclosure === true;
}

/**
 * The target a filing names: 404 when there is none the public may see. A repaired, withdrawn, expired or
 * unpublished record answers exactly like an unknown one, so the forms never tell whether something existed.
 */
export async function resolveFilingTarget(db: D1DatabaseSession | D1Database, subjectCode: string, docNo: string, today: string): Promise<TargetRow> {
  const target = await findFilingTarget(db, subjectCode, docNo, today);
  if (!target) throw filingTargetNotFound(docNo);
  return target;
}

/** The target a filing names if the public may see it, else null (whatever the reason). */
export async function findFilingTarget(db: D1DatabaseSession | D1Database, subjectCode: string, docNo: string, today: string): Promise<TargetRow | null> {
  return (await findTargets(db, subjectCode, docNo, today))[0] ?? null;
}

/** The one "not found" of the repair and objection forms and APIs. */
export function filingTargetNotFound(docNo: string): ApiError {
  return new ApiError(404, "not_found", `没有找到该主体文书号为“${docNo.slice(0, 100)}”的公示信息，请核对统一社会信用代码和文书号`);
}
