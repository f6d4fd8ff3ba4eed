/** Reading cases of both kinds through one normalised shape (repairs and objections share the queue). */
import { LIST_TYPE_INFO, type ListType } from "../../shared/domain/lists";
import type { Queryable, ShardRouter } from "../shards";

export type CaseKind = "repair" | "objection";

export interface CaseRow {
  kind: CaseKind;
  id: number;
  tracking: string;
  target_kind: "record" | "list_entry";
  target_id: number;
  subject_id: number;
  decider_code: string;
  state: string;
  decision: string | null;
  deadline: string;
  deadline_provisional: number;
  submitted_on: string;
  submitted_at: string;
  decided_at: string | null;
  decided_on: string | null;
  applicant_name: string;
  applicant_contact: string;
  subject_name: string;
  subject_code: string;
  code_type: string;
  doc_no: string;
  title: string;
  authority_name: string;
  authority_code: string;
  decider_name: string;
  /** SHA-256 of the tracking page's secret (migrations/0007); null for cases filed before it. */
  secret_hash: string | null;
}

export interface CaseEventRow {
  at: string;
  action: string;
  to_state: string;
  note: string | null;
}

export interface CaseFileRow {
  name: string;
  type: string;
  size: number;
  sha256: string;
  r2_key: string;
}

export const OPEN_STATES = ["submitted", "accepted"] as const;

const CASES = `
  SELECT 'repair' AS kind, id, tracking, target_kind, target_id, subject_id, authority_code AS decider_code, state, reason AS decision,
         deadline, deadline_provisional, submitted_on, submitted_at, decided_at, decided_on, applicant_name, applicant_contact, secret_hash
    FROM repair_cases
  UNION ALL
  SELECT 'objection', id, tracking, target_kind, target_id, subject_id, decider_code, state, decision_reason,
         deadline, deadline_provisional, submitted_on, submitted_at, decided_at, decided_on, applicant_name, applicant_contact, secret_hash
    FROM objection_cases`;

const SELECT_CASES = `
  SELECT c.*, s.name AS subject_name, s.code AS subject_code, s.code_type,
         coalesce(r.doc_no, l.doc_no) AS doc_no, coalesce(r.title, l.list_type, r.category) AS title,
         coalesce(r.authority_name, l.authority_name) AS authority_name, coalesce(r.authority_code, l.authority_code) AS authority_code,
         CASE WHEN c.kind = 'objection' AND coalesce(r.source_unit_code, l.source_unit_code) IS NOT NULL
              THEN coalesce(r.source_unit_name, l.source_unit_name, r.authority_name, l.authority_name)
              ELSE coalesce(r.authority_name, l.authority_name) END AS decider_name
    FROM (${CASES}) c
    JOIN subjects s ON s.id = c.subject_id
    LEFT JOIN records r ON c.target_kind = 'record' AND r.id = c.target_id
    LEFT JOIN list_entries l ON c.target_kind = 'list_entry' AND l.id = c.target_id`;

/** The title shown for a target: the record's 违法行为类型, or the list's name. */
export function targetTitle(row: Pick<CaseRow, "target_kind" | "title">): string {
  return row.target_kind === "list_entry" ? (LIST_TYPE_INFO[row.title as ListType]?.name ?? row.title) : row.title;
}

/**
 * The database that holds a case: cases live beside the record they are about, in its subject's shard
 * (docs/architecture.md "Shards"), and a tracking number names no shard, so every shard is asked (one read
 * of the unique tracking index each, in parallel). Null when no shard has it. While the subject's bucket moves,
 * two shards hold the case: the one the map names is answered (and written), never the other copy.
 */
export async function caseShard(shards: ShardRouter, tracking: string): Promise<Queryable | null> {
  if (shards.single) return shards.control;
  const found = await Promise.all(
    shards.all().map(async ({ binding, db }) => {
      const code = await db
        .prepare(
          `SELECT s.code FROM (SELECT subject_id FROM repair_cases WHERE tracking = ?1 UNION ALL SELECT subject_id FROM objection_cases WHERE tracking = ?1) c
             JOIN subjects s ON s.id = c.subject_id`,
        )
        .bind(tracking)
        .first<string>("code");
      return code !== null && (await shards.owns(binding, code)) ? db : null;
    }),
  );
  return found.find((db) => db !== null) ?? null;
}

/** One case with its history and files, or null, from the shard that holds it. */
export async function loadCase(shards: ShardRouter, tracking: string): Promise<{ row: CaseRow; events: CaseEventRow[]; files: CaseFileRow[] } | null> {
  const db = await caseShard(shards, tracking);
  return db ? loadCaseFrom(db, tracking) : null;
}

/** One case with its history and files from a known database, or null. */
export async function loadCaseFrom(db: Queryable, tracking: string): Promise<{ row: CaseRow; events: CaseEventRow[]; files: CaseFileRow[] } | null> {
  const [cases, events, files] = await db.batch([
    db.prepare(`${SELECT_CASES} WHERE c.tracking = ?1`).bind(tracking),
    db.prepare("SELECT at, action, to_state, note FROM case_events WHERE tracking = ?1 ORDER BY id").bind(tracking),
    db.prepare("SELECT name, type, size, sha256, r2_key FROM case_files WHERE tracking = ?1 ORDER BY id").bind(tracking),
  ]);
  const row = (cases!.results as CaseRow[])[0];
  if (!row) return null;
  return { row, events: events!.results as CaseEventRow[], files: files!.results as CaseFileRow[] };
}

export interface CaseFilter {
  kind?: CaseKind | undefined;
  state?: string | undefined;
  overdueOnly: boolean;
  /** Only this deciding unit's cases (officers); undefined: all (admins). */
  deciderCode?: string | undefined;
  limit: number;
}

/**
 * The queue: overdue open cases first, then open cases by deadline, then decided ones, newest first. Over
 * shards each shard answers its first `limit` in that order and the lists are merged in the same order.
 */
export async function listCases(shards: ShardRouter, filter: CaseFilter, today: string): Promise<CaseRow[]> {
  const lists = await Promise.all(
    shards.all().map(async ({ binding, db }) => {
      const rows = await listCasesFrom(db, filter, today);
      const owned = await Promise.all(rows.map((r) => shards.owns(binding, r.subject_code)));
      return rows.filter((_, i) => owned[i]);
    }),
  );
  if (lists.length === 1) return lists[0]!;
  const open = (r: CaseRow) => (r.state === "submitted" || r.state === "accepted" ? 1 : 0);
  const overdue = (r: CaseRow) => (open(r) && r.deadline < today ? 1 : 0);
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return lists
    .flat()
    .sort((a, b) => open(b) - open(a) || overdue(b) - overdue(a) || cmp(a.deadline, b.deadline) || cmp(b.submitted_at, a.submitted_at))
    .slice(0, filter.limit);
}

async function listCasesFrom(db: Queryable, filter: CaseFilter, today: string): Promise<CaseRow[]> {
  const { results } = await db
    .prepare(
      `${SELECT_CASES}
        WHERE (?2 IS NULL OR c.kind = ?2) AND (?3 IS NULL OR c.state = ?3) AND (?4 IS NULL OR c.decider_code = ?4)
          AND (?5 = 0 OR (c.state IN ('submitted', 'accepted') AND c.deadline < ?1))
        ORDER BY c.state IN ('submitted', 'accepted') DESC, (c.state IN ('submitted', 'accepted') AND c.deadline < ?1) DESC,
                 c.deadline, c.submitted_at DESC
        LIMIT ?6`,
    )
    .bind(today, filter.kind ?? null, filter.state ?? null, filter.deciderCode ?? null, filter.overdueOnly ? 1 : 0, filter.limit)
    .all<CaseRow>();
  return results;
}

/** Decided cases and open counts for the statistics. */
export async function caseStatsRows(shards: ShardRouter): Promise<Pick<CaseRow, "kind" | "state" | "deadline" | "submitted_on" | "decided_on">[]> {
  const lists = await Promise.all(
    shards.all().map(async ({ db }) =>
      (await db.prepare(`SELECT kind, state, deadline, submitted_on, decided_on FROM (${CASES})`).all<Pick<CaseRow, "kind" | "state" | "deadline" | "submitted_on" | "decided_on">>()).results,
    ),
  );
  return lists.flat();
}
