/**
 * The per-database candidate statements of name and code search, as text, so `bench/scale/name-index.ts` times
 * exactly what the worker runs. ?1 is the query text (a code prefix or a name fragment), ?2 the row cap.
 */
export const CANDIDATE_COLUMNS = "s.id, s.code, s.code_type, s.kind, s.name, s.region_code, s.registration_status";

export const SEARCH_SQL = {
  /** Organisations whose code starts with ?1, in code order. */
  codePrefix: `SELECT ${CANDIDATE_COLUMNS} FROM subjects s WHERE s.code >= ?1 AND s.code < ?1 || '~' AND s.code_type = 'uscc' ORDER BY s.code LIMIT ?2`,
  /** Names starting with ?1, in name order (the subjects_name index). */
  namePrefix: `SELECT ${CANDIDATE_COLUMNS} FROM subjects s WHERE s.name >= ?1 AND s.name < ?1 || char(1114111) AND s.code_type = 'uscc' ORDER BY s.name LIMIT ?2`,
  /** Names containing ?1 (an FTS5 phrase, 3+ characters): the trigram index. */
  trigram: `SELECT ${CANDIDATE_COLUMNS} FROM subject_names f JOIN subjects s ON s.id = f.rowid WHERE subject_names MATCH ?1 AND s.code_type = 'uscc' LIMIT ?2`,
  /** Names containing the 2-character ?1: the bigram table. */
  bigram: `SELECT ${CANDIDATE_COLUMNS} FROM subject_name_bigrams g JOIN subjects s ON s.id = g.subject_id WHERE g.gram = ?1 AND s.code_type = 'uscc' LIMIT ?2`,
  /**
   * Names containing the 1 character ?1 (not as their last character): bigrams starting with it. A name can hold
   * the character more than once, so up to 4 × ?2 bigram rows are read for at most ?2 names.
   */
  bigramPrefix: `SELECT ${CANDIDATE_COLUMNS} FROM subjects s WHERE s.code_type = 'uscc' AND s.id IN
                 (SELECT g.subject_id FROM subject_name_bigrams g WHERE g.gram >= ?1 AND g.gram < ?1 || char(1114111) LIMIT ?2 * 4) LIMIT ?2`,
} as const;
