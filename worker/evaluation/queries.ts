/**
 * Facts for a chunk of subjects in one D1 round trip: one query per table for the whole chunk (the chunk
 * is a CTE: explicit ids through json_each, or the next N subjects after a cursor), never one per subject.
 * Repaired records and list entries are not read: repaired information is never shared again.
 */
import type { ListEntryStatus, ListType } from "../../shared/domain/lists";
import type { Severity } from "../../shared/domain/penalties";
import type { SubjectFacts } from "../../shared/domain/evaluation";

/** Which subjects a chunk holds. Natural persons are never graded (the evaluation covers organisations). */
export type ChunkSelector =
  | { kind: "ids"; ids: readonly number[] }
  | { kind: "after"; cursor: number; limit: number; industryCode?: string | null };

function chunkCte(selector: ChunkSelector): { sql: string; params: unknown[] } {
  if (selector.kind === "ids") {
    return { sql: "chunk(id) AS (SELECT s.id FROM subjects s WHERE s.id IN (SELECT value FROM json_each(?1)) AND s.code_type = 'uscc')", params: [JSON.stringify(selector.ids)] };
  }
  const industry = selector.industryCode ? " AND s.industry_code = ?3" : "";
  return {
    sql: `chunk(id) AS (SELECT s.id FROM subjects s WHERE s.id > ?1 AND s.code_type = 'uscc'${industry} ORDER BY s.id LIMIT ?2)`,
    params: selector.industryCode ? [selector.cursor, selector.limit, selector.industryCode] : [selector.cursor, selector.limit],
  };
}

interface SubjectRow {
  id: number;
  code: string;
  name: string;
  registered_on: string | null;
  registration_status: string;
  industry_code: string | null;
}
interface RecordRow {
  id: number;
  subject_id: number;
  category: string;
  doc_no: string;
  title: string | null;
  basis: string | null;
  kinds: string | null;
  authority_name: string;
  decided_on: string;
  valid_until: string | null;
  severity: Severity | null;
  publish_until: string | null;
  status: string;
  objection_open: number;
}
interface ListRow {
  id: number;
  subject_id: number;
  list_type: ListType;
  doc_no: string;
  reason: string;
  listed_on: string;
  planned_removal_on: string | null;
  removed_on: string | null;
  status: ListEntryStatus;
}
interface CommitmentRow {
  id: number;
  subject_id: number;
  doc_no: string;
  matter: string;
  status: "pending" | "fulfilled" | "breached";
  committed_on: string;
  resolved_on: string | null;
}

/** A current result row, enough to tell whether a recomputation changed anything. */
export interface CurrentResultRow {
  id: number;
  subject_id: number;
  model_id: number;
  grade: string;
  score: number;
}

export interface ChunkFacts {
  /** In subject id order. */
  facts: SubjectFacts[];
  current: CurrentResultRow[];
  /** The change feed position and the latest finished ingest batch when the facts were read (one transaction). */
  seq: number;
  batchId: number | null;
}

/**
 * Loads the facts of every subject in the chunk, their current results and the data version, in one batch
 * (a D1 batch is one transaction, so the facts and the change-feed position are consistent).
 * @example const chunk = await loadChunkFacts(db, { kind: "after", cursor: 0, limit: 500 });
 */
export async function loadChunkFacts(db: D1DatabaseSession | D1Database, selector: ChunkSelector): Promise<ChunkFacts> {
  const cte = chunkCte(selector);
  const q = (sql: string) => db.prepare(`WITH ${cte.sql} ${sql}`).bind(...cte.params);
  const [subjects, records, lists, commitments, current, version] = await db.batch([
    q("SELECT s.id, s.code, s.name, s.registered_on, s.registration_status, s.industry_code FROM subjects s JOIN chunk c ON c.id = s.id ORDER BY s.id"),
    q(
      `SELECT r.id, r.subject_id, r.category, r.doc_no, r.title, r.basis, r.kinds, r.authority_name, r.decided_on, r.valid_until, r.severity,
              r.publish_until, r.status, r.objection_open
         FROM records r WHERE r.subject_id IN (SELECT id FROM chunk) AND r.status <> 'repaired'`,
    ),
    q(
      `SELECT l.id, l.subject_id, l.list_type, l.doc_no, l.reason, l.listed_on, l.planned_removal_on, l.removed_on, l.status
         FROM list_entries l WHERE l.subject_id IN (SELECT id FROM chunk) AND l.status <> 'repaired'`,
    ),
    q("SELECT m.id, m.subject_id, m.doc_no, m.matter, m.status, m.committed_on, m.resolved_on FROM commitments m WHERE m.subject_id IN (SELECT id FROM chunk)"),
    q("SELECT e.id, e.subject_id, e.model_id, e.grade, e.score FROM evaluation_results e WHERE e.current = 1 AND e.subject_id IN (SELECT id FROM chunk)"),
    db.prepare(
      "SELECT (SELECT coalesce(max(seq), 0) FROM changes) AS seq, (SELECT id FROM ingest_batches WHERE status = 'done' ORDER BY id DESC LIMIT 1) AS batch_id",
    ),
  ]);
  const bySubject = new Map<number, SubjectFacts>();
  const facts: SubjectFacts[] = [];
  for (const s of (subjects?.results ?? []) as SubjectRow[]) {
    const f: SubjectFacts = {
      subject: { id: s.id, code: s.code, name: s.name, registeredOn: s.registered_on, registrationStatus: s.registration_status, industryCode: s.industry_code },
      records: [],
      listEntries: [],
      commitments: [],
    };
    bySubject.set(s.id, f);
    facts.push(f);
  }
  for (const r of (records?.results ?? []) as RecordRow[]) {
    bySubject.get(r.subject_id)?.records.push({
      id: r.id,
      category: r.category,
      docNo: r.doc_no,
      title: r.title,
      basis: r.basis,
      kinds: r.kinds,
      authorityName: r.authority_name,
      decidedOn: r.decided_on,
      validUntil: r.valid_until,
      severity: r.severity,
      publishUntil: r.publish_until,
      status: r.status,
      objectionOpen: r.objection_open === 1,
    });
  }
  for (const l of (lists?.results ?? []) as ListRow[]) {
    bySubject.get(l.subject_id)?.listEntries.push({
      id: l.id,
      listType: l.list_type,
      docNo: l.doc_no,
      reason: l.reason,
      listedOn: l.listed_on,
      plannedRemovalOn: l.planned_removal_on,
      removedOn: l.removed_on,
      status: l.status,
    });
  }
  for (const m of (commitments?.results ?? []) as CommitmentRow[]) {
    bySubject.get(m.subject_id)?.commitments.push({ id: m.id, docNo: m.doc_no, matter: m.matter, status: m.status, committedOn: m.committed_on, resolvedOn: m.resolved_on });
  }
  const v = version?.results[0] as { seq: number; batch_id: number | null } | undefined;
  return { facts, current: (current?.results ?? []) as CurrentResultRow[], seq: v?.seq ?? 0, batchId: v?.batch_id ?? null };
}
