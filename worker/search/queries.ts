import { SEARCH_CANDIDATE_LIMIT } from "../../shared/contract";
import type { Queryable, ShardRouter } from "../shards";

export interface CandidateRow {
  id: number;
  code: string;
  code_type: "uscc" | "id_number";
  kind: string;
  name: string;
  region_code: string | null;
  registration_status: string;
}

const COLUMNS = "s.id, s.code, s.code_type, s.kind, s.name, s.region_code, s.registration_status";

/**
 * Codes starting with `prefix` (organisations only: ID numbers are never searchable by prefix). A prefix names no
 * bucket, so every shard answers its first LIMIT codes in parallel and the merge keeps the first LIMIT overall:
 * the same rows, in the same order, as one database would give.
 */
export async function findByCodePrefix(shards: ShardRouter, prefix: string): Promise<CandidateRow[]> {
  const perShard = await Promise.all(shards.all().map(({ db }) => codePrefixOn(db, prefix)));
  return perShard
    .flat()
    .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))
    .slice(0, SEARCH_CANDIDATE_LIMIT);
}

async function codePrefixOn(db: Queryable, prefix: string): Promise<CandidateRow[]> {
  const { results } = await db
    .prepare(`SELECT ${COLUMNS} FROM subjects s WHERE s.code >= ?1 AND s.code < ?1 || '~' AND s.code_type = 'uscc' ORDER BY s.code LIMIT ?2`)
    .bind(prefix, SEARCH_CANDIDATE_LIMIT)
    .all<CandidateRow>();
  return results;
}

/**
 * Organisations whose names contain `query` (natural persons are never found by name in public search:
 * they are looked up by their full ID number only). Exact and prefix matches come from the name index (cheap, always complete);
 * substring matches from FTS5 trigram (3+ characters) or the bigram table (1–2 characters). Each source
 * is capped, so a query that matches a large share of all subjects stays fast.
 *
 * Scatter-gather (docs/architecture.md "Shards"): each shard answers from its own name indexes in parallel,
 * capped like one database; the caller ranks the union (exact > code prefix > name prefix > contains), so the
 * best candidates of every shard compete, as they would in one database.
 */
export async function findByName(shards: ShardRouter, query: string): Promise<CandidateRow[]> {
  const perShard = await Promise.all(shards.all().map(({ db }) => nameOn(db, query)));
  // Codes are unique across shards (a subject lives in exactly one); ids are not, so dedupe by code.
  const seen = new Set<string>();
  return perShard.flat().filter((r) => (seen.has(r.code) ? false : (seen.add(r.code), true)));
}

async function nameOn(db: Queryable, query: string): Promise<CandidateRow[]> {
  const length = [...query].length;
  const contains =
    length >= 3
      ? db
          .prepare(`SELECT ${COLUMNS} FROM subject_names f JOIN subjects s ON s.id = f.rowid WHERE subject_names MATCH ?1 AND s.code_type = 'uscc' LIMIT ?2`)
          .bind(ftsPhrase(query), SEARCH_CANDIDATE_LIMIT)
      : length === 2
        ? db
            .prepare(`SELECT ${COLUMNS} FROM subject_name_bigrams g JOIN subjects s ON s.id = g.subject_id WHERE g.gram = ?1 AND s.code_type = 'uscc' LIMIT ?2`)
            .bind(query, SEARCH_CANDIDATE_LIMIT)
        : db
            .prepare(
              `SELECT ${COLUMNS} FROM subjects s WHERE s.code_type = 'uscc' AND s.id IN
                 (SELECT g.subject_id FROM subject_name_bigrams g WHERE g.gram >= ?1 AND g.gram < ?1 || char(1114111) LIMIT ?2)`,
            )
            .bind(query, SEARCH_CANDIDATE_LIMIT * 4);
  const prefix = db
    .prepare(`SELECT ${COLUMNS} FROM subjects s WHERE s.name >= ?1 AND s.name < ?1 || char(1114111) AND s.code_type = 'uscc' ORDER BY s.name LIMIT ?2`)
    .bind(query, SEARCH_CANDIDATE_LIMIT);
  const [prefixRows, containsRows] = await db.batch<CandidateRow>([prefix, contains]);
  return dedupe([...(prefixRows?.results ?? []), ...(containsRows?.results ?? [])]);
}

/** A user's text as one FTS5 phrase: quotes doubled, so no FTS operator can be injected. */
export function ftsPhrase(text: string): string {
  return `"${text.replaceAll('"', '""')}"`;
}

function dedupe(rows: CandidateRow[]): CandidateRow[] {
  const seen = new Set<number>();
  return rows.filter((r) => (seen.has(r.id) ? false : (seen.add(r.id), true)));
}
