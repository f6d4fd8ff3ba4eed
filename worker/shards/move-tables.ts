/**
 * What a bucket move copies, verifies and deletes (worker/shards/move.ts): every table keyed by a subject, each
 * described once so the copy, the verification and the delete cannot disagree about a table.
 *
 * Ids are per database, so a copy never carries one. Each row is read on the source with its parents named by
 * natural key (`_code`: the subject's code; `_ek` / `_wk`: a JSON array naming a record, list entry, commitment,
 * subject, evaluation result or watch entry, see `keyOf`) and inserted on the target with those keys turned back
 * into the target's ids (`idOf`). Rows without a natural key of their own (evaluation results, watch entries) are
 * named by their subject and their rank among the subject's rows by id; the copy inserts them in id order, so the
 * rank is the same on both sides.
 *
 * Not copied, on purpose: `webhook_deliveries` (outgoing messages, sent by the shard that enqueued them: the
 * retry job runs on every shard), `alert_cursors`, `evaluation_runs`, `evaluation_feed_cursor` (per shard, not
 * per subject) and the `id_mask_*` work tables of migration 0006.
 */

/** The subjects of the page on either side, by code: `?1` is a JSON array of codes. */
export const SUBJECTS = "(SELECT id FROM subjects WHERE code IN (SELECT value FROM json_each(?1)))";
const RECORDS = `(SELECT id FROM records WHERE subject_id IN ${SUBJECTS})`;
const LISTS = `(SELECT id FROM list_entries WHERE subject_id IN ${SUBJECTS})`;
const COMMITMENTS = `(SELECT id FROM commitments WHERE subject_id IN ${SUBJECTS})`;
const CASES = `(SELECT tracking FROM repair_cases WHERE subject_id IN ${SUBJECTS} UNION ALL SELECT tracking FROM objection_cases WHERE subject_id IN ${SUBJECTS})`;
/** Past every watch id in an alert cursor: the change at its seq is done (worker/alerts/fanout.ts END_OF_CHANGE). */
const END_OF_CHANGE = 9007199254740991;

/** Source side: the natural key (a JSON array) of the row of kind `kind` with id `id`. */
export function keyOf(kind: string, id: string): string {
  const rank = (table: string) =>
    `(SELECT json_array(y.code, (SELECT count(*) FROM ${table} z WHERE z.subject_id = x.subject_id AND z.id <= x.id)) FROM ${table} x JOIN subjects y ON y.id = x.subject_id WHERE x.id = ${id})`;
  return `CASE
    WHEN ${kind} = 'record' THEN (SELECT json_array(x.category, x.authority_code, x.doc_no) FROM records x WHERE x.id = ${id})
    WHEN ${kind} = 'list_entry' THEN (SELECT json_array(x.list_type, y.code, x.doc_no) FROM list_entries x JOIN subjects y ON y.id = x.subject_id WHERE x.id = ${id})
    WHEN ${kind} IN ('commitment', 'commitment_due') THEN (SELECT json_array(x.authority_code, x.doc_no) FROM commitments x WHERE x.id = ${id})
    WHEN ${kind} = 'subject' THEN (SELECT json_array(y.code) FROM subjects y WHERE y.id = ${id})
    WHEN ${kind} IN ('grade', 'result') THEN ${rank("evaluation_results")}
    WHEN ${kind} = 'watch' THEN ${rank("watch_entries")}
  END`;
}

/** Target side: the id of the row of kind `kind` whose natural key is the JSON array `key` (see keyOf). */
export function idOf(kind: string, key: string): string {
  const k = (i: number) => `json_extract(${key}, '$[${i}]')`;
  const subject = (i: number) => `(SELECT y.id FROM subjects y WHERE y.code = ${k(i)})`;
  const rank = (table: string) =>
    `(SELECT x.id FROM ${table} x WHERE x.subject_id = ${subject(0)} AND (SELECT count(*) FROM ${table} z WHERE z.subject_id = x.subject_id AND z.id <= x.id) = ${k(1)})`;
  return `CASE
    WHEN ${kind} = 'record' THEN (SELECT x.id FROM records x WHERE x.category = ${k(0)} AND x.authority_code = ${k(1)} AND x.doc_no = ${k(2)})
    WHEN ${kind} = 'list_entry' THEN (SELECT x.id FROM list_entries x WHERE x.list_type = ${k(0)} AND x.subject_id = ${subject(1)} AND x.doc_no = ${k(2)})
    WHEN ${kind} IN ('commitment', 'commitment_due') THEN (SELECT x.id FROM commitments x WHERE x.authority_code = ${k(0)} AND x.doc_no = ${k(1)})
    WHEN ${kind} = 'subject' THEN ${subject(0)}
    WHEN ${kind} IN ('grade', 'result') THEN ${rank("evaluation_results")}
    WHEN ${kind} = 'watch' THEN ${rank("watch_entries")}
  END`;
}

/** A value of the copied row on the target side (`j` is the row as JSON). */
const v = (field: string) => `(j.value ->> '$.${field}')`;
const subjectOf = `(SELECT id FROM subjects WHERE code = ${v("_code")})`;

export interface MovedTable {
  table: string;
  /** Source and target alike: the page's rows in id order with their parents' natural keys; `?1` = codes. */
  select: string;
  /** Columns not copied as they are (ids, and what is computed instead). */
  drop: string[];
  /** Target columns computed from the row's keys; `?2` is the source's binding. */
  computed: Record<string, string>;
  /**
   * A figure derived from the control database (query_counts from the query log): copied with the bucket, left out
   * of the verification digest (reads during the move change it on the source), and rebuilt from its record on the
   * target after the switch (./move "delete").
   */
  derived?: true;
}

/**
 * Whether the target's fan-out still owes a copied feed row its alerts: yes only when the source's own fan-out had
 * not finished it when the page was read (its alerts, written or not, come along in the same read).
 */
const owed = (feed: "change" | "grade") =>
  `CASE WHEN t.fan_out = 1 AND (SELECT t.seq > c.seq OR (t.seq = c.seq AND c.watch_id < ${END_OF_CHANGE}) FROM alert_cursors c WHERE c.feed = '${feed}') THEN 1 ELSE 0 END AS _fan`;

/** In insertion order: parents before children, and the rows triggers write are replaced before they are used. */
export const MOVED_TABLES: MovedTable[] = [
  { table: "subjects", select: `SELECT t.* FROM subjects t WHERE t.id IN ${SUBJECTS} ORDER BY t.id`, drop: ["id"], computed: {} },
  {
    table: "watch_entries",
    select: `SELECT t.*, s.code AS _code FROM watch_entries t JOIN subjects s ON s.id = t.subject_id WHERE t.subject_id IN ${SUBJECTS} ORDER BY t.id`,
    drop: ["id", "subject_id"],
    computed: { subject_id: subjectOf },
  },
  {
    table: "records",
    select: `SELECT t.*, s.code AS _code FROM records t JOIN subjects s ON s.id = t.subject_id WHERE t.subject_id IN ${SUBJECTS} ORDER BY t.id`,
    drop: ["id", "subject_id"],
    computed: { subject_id: subjectOf },
  },
  {
    table: "list_entries",
    select: `SELECT t.*, s.code AS _code FROM list_entries t JOIN subjects s ON s.id = t.subject_id WHERE t.subject_id IN ${SUBJECTS} ORDER BY t.id`,
    drop: ["id", "subject_id"],
    computed: { subject_id: subjectOf },
  },
  {
    table: "commitments",
    select: `SELECT t.*, s.code AS _code, ${keyOf("'watch'", "t.watch_id")} AS _wk, ${keyOf("'list_entry'", "t.false_entry_id")} AS _ek
      FROM commitments t JOIN subjects s ON s.id = t.subject_id WHERE t.subject_id IN ${SUBJECTS} ORDER BY t.id`,
    drop: ["id", "subject_id", "watch_id", "false_entry_id"],
    computed: { subject_id: subjectOf, watch_id: idOf("'watch'", v("_wk")), false_entry_id: idOf("'list_entry'", v("_ek")) },
  },
  {
    // Inserting records and list entries wrote status history by trigger; it is replaced by the source's own rows
    // (deleted first, see `triggerRows`), so history keeps its real times, actors and reasons.
    table: "status_history",
    select: `SELECT t.*, ${keyOf("t.entity", "t.entity_id")} AS _ek FROM status_history t
      WHERE (t.entity = 'record' AND t.entity_id IN ${RECORDS}) OR (t.entity = 'list_entry' AND t.entity_id IN ${LISTS}) ORDER BY t.id`,
    drop: ["id", "entity_id"],
    computed: { entity_id: idOf(v("entity"), v("_ek")) },
  },
  {
    // The change rows, as copies (copied_from, copied_seq): the change feed skips them, the source keeps serving the
    // originals. The trigger-written rows of this copy are deleted first.
    table: "changes",
    select: `SELECT t.*, s.code AS _code, ${keyOf("t.entity", "t.entity_id")} AS _ek, ${owed("change")}
      FROM changes t JOIN subjects s ON s.id = t.subject_id WHERE t.subject_id IN ${SUBJECTS} ORDER BY t.seq`,
    drop: ["seq", "subject_id", "entity_id", "copied_from", "copied_seq", "fan_out", "moved_code"],
    computed: { subject_id: subjectOf, entity_id: `coalesce(${idOf(v("entity"), v("_ek"))}, 0)`, copied_from: "?2", copied_seq: v("seq"), fan_out: v("_fan") },
  },
  {
    // Copied, not recomputed: grades, explanations and computed_at stay what the source answered. computed_seq is
    // remapped to the copy of the last change it covered, so a result fresh on the source is fresh on the target.
    table: "evaluation_results",
    select: `SELECT t.*, s.code AS _code, (SELECT max(c.seq) FROM changes c WHERE c.subject_id = t.subject_id AND c.seq <= t.computed_seq) AS _cs
      FROM evaluation_results t JOIN subjects s ON s.id = t.subject_id WHERE t.subject_id IN ${SUBJECTS} ORDER BY t.id`,
    drop: ["id", "subject_id", "computed_seq"],
    computed: { subject_id: subjectOf, computed_seq: `coalesce((SELECT c.seq FROM changes c WHERE c.copied_from = ?2 AND c.copied_seq = ${v("_cs")}), 0)` },
  },
  {
    table: "grade_changes",
    select: `SELECT t.*, s.code AS _code, ${keyOf("'result'", "t.result_id")} AS _ek, ${owed("grade")}
      FROM grade_changes t JOIN subjects s ON s.id = t.subject_id WHERE t.subject_id IN ${SUBJECTS} ORDER BY t.seq`,
    drop: ["seq", "subject_id", "result_id", "fan_out"],
    computed: { subject_id: subjectOf, result_id: idOf("'result'", v("_ek")), fan_out: v("_fan") },
  },
  {
    table: "record_versions",
    select: `SELECT t.*, ${keyOf("'record'", "t.record_id")} AS _ek FROM record_versions t WHERE t.record_id IN ${RECORDS} ORDER BY t.record_id, t.version`,
    drop: ["record_id"],
    computed: { record_id: idOf("'record'", v("_ek")) },
  },
  {
    table: "entity_versions",
    select: `SELECT t.*, ${keyOf("t.entity", "t.entity_id")} AS _ek FROM entity_versions t
      WHERE (t.entity = 'subject' AND t.entity_id IN ${SUBJECTS}) OR (t.entity = 'list_entry' AND t.entity_id IN ${LISTS}) OR (t.entity = 'commitment' AND t.entity_id IN ${COMMITMENTS}) ORDER BY t.id`,
    drop: ["id", "entity_id"],
    computed: { entity_id: idOf(v("entity"), v("_ek")) },
  },
  ...(["repair_cases", "objection_cases"] as const).map((table) => ({
    table,
    select: `SELECT t.*, s.code AS _code, ${keyOf("t.target_kind", "t.target_id")} AS _ek FROM ${table} t JOIN subjects s ON s.id = t.subject_id WHERE t.subject_id IN ${SUBJECTS} ORDER BY t.id`,
    drop: ["id", "subject_id", "target_id"],
    computed: { subject_id: subjectOf, target_id: `coalesce(${idOf(v("target_kind"), v("_ek"))}, 0)` },
  })),
  // Case events and files are keyed by tracking number, which a move keeps; files stay in R2 under their content
  // address (evidence/<sha256>), which names no shard.
  ...(["case_events", "case_files"] as const).map((table) => ({ table, select: `SELECT t.* FROM ${table} t WHERE t.tracking IN ${CASES} ORDER BY t.id`, drop: ["id"], computed: {} })),
  {
    // An alert names its change by feed: change → the copy of the change row, grade → the grade change of its
    // result, due → the commitment (change_seq = commitments.id).
    table: "alerts",
    select: `SELECT t.*, s.code AS _code, ${keyOf("'watch'", "t.watch_id")} AS _wk, ${keyOf("t.entity", "t.entity_id")} AS _ek
      FROM alerts t JOIN subjects s ON s.id = t.subject_id WHERE t.subject_id IN ${SUBJECTS} ORDER BY t.id`,
    drop: ["id", "subject_id", "watch_id", "entity_id", "change_seq"],
    computed: {
      subject_id: subjectOf,
      watch_id: idOf("'watch'", v("_wk")),
      entity_id: `coalesce(${idOf(v("entity"), v("_ek"))}, 0)`,
      change_seq: `CASE ${v("feed")}
        WHEN 'change' THEN (SELECT c.seq FROM changes c WHERE c.copied_from = ?2 AND c.copied_seq = ${v("change_seq")})
        WHEN 'grade' THEN (SELECT g.seq FROM grade_changes g WHERE g.result_id = ${idOf("'result'", v("_ek"))})
        ELSE ${idOf("'commitment'", v("_ek"))} END`,
    },
  },
  // The 近90天查询次数 per day (migration 0014): keyed by code, which a move keeps; derived from the query log.
  { table: "query_counts", select: "SELECT t.* FROM query_counts t WHERE t.code IN (SELECT value FROM json_each(?1)) ORDER BY t.code, t.day", drop: [], computed: {}, derived: true },
];

/** Rows the target's triggers wrote while this copy inserted their parents; the copied rows replace them. */
export const TRIGGER_ROWS: Record<string, string> = {
  status_history: `DELETE FROM status_history WHERE (entity = 'record' AND entity_id IN ${RECORDS}) OR (entity = 'list_entry' AND entity_id IN ${LISTS})`,
  changes: `DELETE FROM changes WHERE subject_id IN ${SUBJECTS}`,
  grade_changes: `DELETE FROM grade_changes WHERE subject_id IN ${SUBJECTS}`,
};

/**
 * Statements removing the page's subjects and every row keyed by them (children first, for the foreign keys);
 * `?1` = codes. On the source (`keepFeed`) the change rows written there stay as the feed's history: subject_id 0
 * and the subject's code in moved_code, so a reader whose cursor is before them still reads each once.
 */
export function deleteStatements(keepFeed: boolean): string[] {
  return [
    `DELETE FROM move_frozen WHERE subject_id IN ${SUBJECTS}`,
    "DELETE FROM query_counts WHERE code IN (SELECT value FROM json_each(?1))",
    `DELETE FROM alerts WHERE subject_id IN ${SUBJECTS}`,
    `DELETE FROM case_events WHERE tracking IN ${CASES}`,
    `DELETE FROM case_files WHERE tracking IN ${CASES}`,
    `DELETE FROM repair_cases WHERE subject_id IN ${SUBJECTS}`,
    `DELETE FROM objection_cases WHERE subject_id IN ${SUBJECTS}`,
    `DELETE FROM record_versions WHERE record_id IN ${RECORDS}`,
    `DELETE FROM entity_versions WHERE (entity = 'subject' AND entity_id IN ${SUBJECTS}) OR (entity = 'list_entry' AND entity_id IN ${LISTS}) OR (entity = 'commitment' AND entity_id IN ${COMMITMENTS})`,
    `DELETE FROM grade_changes WHERE subject_id IN ${SUBJECTS}`,
    `DELETE FROM evaluation_results WHERE subject_id IN ${SUBJECTS}`,
    TRIGGER_ROWS.status_history!,
    ...(keepFeed
      ? [
          `DELETE FROM changes WHERE subject_id IN ${SUBJECTS} AND copied_from IS NOT NULL`,
          `UPDATE changes SET moved_code = (SELECT code FROM subjects WHERE id = changes.subject_id), subject_id = 0 WHERE subject_id IN ${SUBJECTS}`,
        ]
      : [TRIGGER_ROWS.changes!]),
    `DELETE FROM commitments WHERE subject_id IN ${SUBJECTS}`,
    `DELETE FROM records WHERE subject_id IN ${SUBJECTS}`,
    `DELETE FROM list_entries WHERE subject_id IN ${SUBJECTS}`,
    `DELETE FROM watch_entries WHERE subject_id IN ${SUBJECTS}`,
    `DELETE FROM subjects WHERE id IN ${SUBJECTS}`,
  ];
}
