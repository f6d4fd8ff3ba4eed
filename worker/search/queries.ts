import { SEARCH_CANDIDATE_LIMIT } from "../../shared/contract";
import type { Queryable, ShardRouter } from "../shards";
import { compareRanked } from "./rank";
import { CODE_PREFIX_SQL, containsSource, nameParams, nameSql } from "./sql";

export interface CandidateRow {
  id: number;
  code: string;
  code_type: "uscc" | "id_number";
  kind: string;
  name: string;
  region_code: string | null;
  registration_status: string;
}

/** A name candidate with the keys it was ranked by (worker/search/sql.ts): 1 exact, 3 prefix, 4 contains. */
export interface RankedRow extends CandidateRow {
  rank: 1 | 3 | 4;
  /** Where the query starts in the name, in characters from 1. */
  pos: number;
  /** The name's length in characters. */
  len: number;
}

/** The first `want` candidates over every shard, in rank order, and how many there are in all. */
export interface Found<T> {
  rows: T[];
  /** Candidates over every shard (each shard counts up to its cap). */
  matched: number;
  /** Some shard had more matches than it read. */
  capped: boolean;
}

/**
 * Names each shard reads per source (name prefix, name contains): the candidate limit split over the shards, so
 * all shards together read as many candidates as one database did; one database keeps the whole limit.
 */
export function perShardCap(shardCount: number, limit = SEARCH_CANDIDATE_LIMIT): number {
  return Math.ceil(limit / Math.max(1, shardCount));
}

/**
 * Codes starting with `prefix` (organisations only: ID numbers are never searchable by prefix). A prefix names no
 * bucket, so every shard answers in parallel with its first `want` codes and its count (up to `cap`); the first
 * `want` of the merge are the first `want` overall, exactly as one database would give them.
 */
export async function findByCodePrefix(shards: ShardRouter, prefix: string, want: number, cap = SEARCH_CANDIDATE_LIMIT): Promise<Found<CandidateRow>> {
  const perShard = await Promise.all(shards.all().map(({ db }) => codePrefixOn(db, prefix, want, cap)));
  const counts = perShard.map((rows) => rows[0]?.matched ?? 0);
  const rows = (await ownedOnly(shards, perShard))
    .flat()
    .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))
    .slice(0, want)
    .map(({ matched: _, ...row }) => row);
  return { rows, matched: counts.reduce((s, n) => s + n, 0), capped: counts.some((n) => n >= cap) };
}

async function codePrefixOn(db: Queryable, prefix: string, want: number, cap: number): Promise<(CandidateRow & { matched: number })[]> {
  const { results } = await db.prepare(CODE_PREFIX_SQL).bind(prefix, cap, want).all<CandidateRow & { matched: number }>();
  return results;
}

/**
 * Organisations whose names contain `query` (natural persons are never found by name in public search: they are
 * looked up by their full ID number only). Candidates: names starting with the query (name index) and names
 * containing it (FTS5 trigram for 3+ characters, the bigram table for 1–2), each source capped, so a query that
 * matches a large share of all subjects stays fast.
 *
 * Scatter-gather (docs/architecture.md "Shards"): each shard reads its share of the candidate limit
 * (`perShardCap`) from its own indexes, ranks its candidates (exact > name prefix > contains, then position,
 * length, name) and returns only its first `want`; the worker merges those by the same keys. The first `want`
 * of the merge are the first `want` of all the shards' candidates, while at most `want` rows per shard leave D1.
 */
export async function findByName(shards: ShardRouter, query: string, want: number, cap = perShardCap(shards.all().length)): Promise<Found<RankedRow>> {
  const source = containsSource([...query].length);
  const sql = nameSql(source);
  const params = nameParams(source, query, cap, want);
  const perShard = await Promise.all(
    shards.all().map(({ db }) => db.prepare(sql).bind(...params).all<RankedRow & { matched: number; capped: number }>()),
  );
  const all = (await ownedOnly(shards, perShard.map((r) => r.results))).flat();
  const rows = all.sort(compareRanked).slice(0, want).map(({ matched: _m, capped: _c, ...row }) => row);
  return {
    rows,
    matched: perShard.reduce((s, r) => s + (r.results[0]?.matched ?? 0), 0),
    capped: perShard.some((r) => r.results[0]?.capped === 1),
  };
}

/**
 * Each shard's rows (in `shards.all()` order) without the subjects the bucket map puts elsewhere: while a bucket
 * moves, its subjects are on two shards and would be listed twice. Counts are left as the shards gave them, so
 * `total` may count a moving bucket's matches twice until the move's delete step.
 */
async function ownedOnly<T extends { code: string }>(shards: ShardRouter, perShard: T[][]): Promise<T[][]> {
  if (shards.single) return perShard;
  const bindings = shards.all().map((s) => s.binding);
  return Promise.all(
    perShard.map(async (rows, i) => {
      const keep = await Promise.all(rows.map((r) => shards.owns(bindings[i]!, r.code)));
      return rows.filter((_, j) => keep[j]);
    }),
  );
}
