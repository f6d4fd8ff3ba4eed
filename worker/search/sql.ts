/**
 * The per-database statements of name and code search, as text, so `bench/scale/name-index.ts` times exactly what
 * the worker runs. Each database ranks its own candidates and returns only the first rows a page needs, with the
 * number of candidates: over shards, what crosses from D1 to the worker is a page per shard, not every candidate
 * (docs/architecture.md "Shards" → name search).
 */
const COLUMNS = "s.id, s.code, s.code_type, s.kind, s.name, s.region_code, s.registration_status";

/**
 * Organisations whose code starts with ?1, in code order: the first ?3 rows, each carrying `matched`, how many
 * codes start with ?1 here (counted up to ?2).
 */
export const CODE_PREFIX_SQL = `
  SELECT ${COLUMNS},
         (SELECT count(*) FROM (SELECT 1 FROM subjects WHERE code >= ?1 AND code < ?1 || '~' AND code_type = 'uscc' LIMIT ?2)) AS matched
    FROM subjects s
   WHERE s.code >= ?1 AND s.code < ?1 || '~' AND s.code_type = 'uscc'
   ORDER BY s.code LIMIT ?3`;

/** Where names containing the query come from, by its length in characters (each source capped at ?2 names). */
const CONTAINS = {
  /** 3+ characters: the FTS5 trigram index; ?4 is the query as one FTS5 phrase. */
  trigram: "SELECT s.id FROM subject_names f JOIN subjects s ON s.id = f.rowid WHERE subject_names MATCH ?4 AND s.code_type = 'uscc' LIMIT ?2",
  /** 2 characters: the bigram table. */
  bigram: "SELECT s.id FROM subject_name_bigrams g JOIN subjects s ON s.id = g.subject_id WHERE g.gram = ?1 AND s.code_type = 'uscc' LIMIT ?2",
  /**
   * 1 character (not as a name's last one): bigrams starting with it. A name can hold the character more than
   * once, so up to 4 × ?2 bigram rows are read for at most ?2 names.
   */
  bigramPrefix: `SELECT s.id FROM subjects s WHERE s.code_type = 'uscc' AND s.id IN
                   (SELECT g.subject_id FROM subject_name_bigrams g WHERE g.gram >= ?1 AND g.gram < ?1 || char(1114111) LIMIT ?2 * 4) LIMIT ?2`,
} as const;
export type ContainsSource = keyof typeof CONTAINS;

/**
 * Organisations whose names contain ?1: the candidates are the first ?2 names starting with it (name index) and
 * the first ?2 containing it (`source`); they are ranked here — exact name (1), name prefix (3), contains (4);
 * then the earlier the match; then the shorter name; then the name — and the first ?3 are returned, each carrying
 * `matched` (candidates here) and `capped` (a source had more than ?2). The ranking keys come back too, so the
 * worker merges the shards' pages by the same order.
 */
export function nameSql(source: ContainsSource): string {
  return `
  WITH p AS MATERIALIZED (SELECT s.id FROM subjects s WHERE s.name >= ?1 AND s.name < ?1 || char(1114111) AND s.code_type = 'uscc' ORDER BY s.name LIMIT ?2),
       c AS MATERIALIZED (${CONTAINS[source]})
  SELECT ${COLUMNS},
         CASE WHEN s.name = ?1 THEN 1 WHEN instr(s.name, ?1) = 1 THEN 3 ELSE 4 END AS rank,
         instr(s.name, ?1) AS pos, length(s.name) AS len,
         count(*) OVER () AS matched,
         ((SELECT count(*) FROM p) >= ?2 OR (SELECT count(*) FROM c) >= ?2) AS capped
    FROM (SELECT id FROM p UNION SELECT id FROM c) k JOIN subjects s ON s.id = k.id
   WHERE instr(s.name, ?1) > 0
   ORDER BY rank, pos, len, s.name LIMIT ?3`;
}

/** The parameters of nameSql(source): the trigram source also takes the query as an FTS5 phrase (?4). */
export function nameParams(source: ContainsSource, query: string, cap: number, want: number): (string | number)[] {
  return source === "trigram" ? [query, cap, want, ftsPhrase(query)] : [query, cap, want];
}

/** A user's text as one FTS5 phrase: quotes doubled, so no FTS operator can be injected. */
export function ftsPhrase(text: string): string {
  return `"${text.replaceAll('"', '""')}"`;
}

/** The contains source for a query of this many characters. */
export function containsSource(length: number): ContainsSource {
  return length >= 3 ? "trigram" : length === 2 ? "bigram" : "bigramPrefix";
}
