import { SEARCH_CANDIDATE_LIMIT } from "../../shared/contract";
import type { Queryable, ShardRouter } from "../shards";
import { SEARCH_SQL } from "./sql";

export interface CandidateRow {
  id: number;
  code: string;
  code_type: "uscc" | "id_number";
  kind: string;
  name: string;
  region_code: string | null;
  registration_status: string;
}

/** Candidates gathered from every shard; `capped` when some shard had more than it was asked for. */
export interface Candidates {
  rows: CandidateRow[];
  capped: boolean;
}

/**
 * Rows each shard returns per source (code prefix, name prefix, name contains): the candidate limit split over
 * the shards, so all shards together return as many rows as one database did (docs/architecture.md "Shards" →
 * name search: the rows crossing from D1 to the worker are what a search costs at 1 M subjects). One database
 * keeps the whole limit.
 */
export function perShardCap(shardCount: number, limit = SEARCH_CANDIDATE_LIMIT): number {
  return Math.ceil(limit / Math.max(1, shardCount));
}

/**
 * Codes starting with `prefix` (organisations only: ID numbers are never searchable by prefix). A prefix names no
 * bucket, so every shard answers its first `cap` codes in parallel. The merge is exact: a shard that filled its
 * cap may hold more codes after its last one, so only the codes up to the smallest such last code are certain to
 * be the first ones overall; those are kept, in code order (with one database: its first LIMIT codes, as before).
 */
export async function findByCodePrefix(shards: ShardRouter, prefix: string, cap = perShardCap(shards.all().length)): Promise<Candidates> {
  const all = shards.all();
  const perShard = await Promise.all(all.map(({ db }) => codePrefixOn(db, prefix, cap)));
  const full = perShard.filter((rows) => rows.length >= cap);
  const bound = full.length === 0 ? null : full.map((rows) => rows.at(-1)!.code).reduce((a, b) => (a < b ? a : b));
  const rows = perShard
    .flat()
    .filter((r) => bound === null || r.code <= bound)
    .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))
    .slice(0, SEARCH_CANDIDATE_LIMIT);
  return { rows, capped: full.length > 0 };
}

async function codePrefixOn(db: Queryable, prefix: string, cap: number): Promise<CandidateRow[]> {
  const { results } = await db.prepare(SEARCH_SQL.codePrefix).bind(prefix, cap).all<CandidateRow>();
  return results;
}

/**
 * Organisations whose names contain `query` (natural persons are never found by name in public search:
 * they are looked up by their full ID number only). Prefix matches come from the name index; substring matches
 * from FTS5 trigram (3+ characters) or the bigram table (1–2 characters). Each source is capped, so a query that
 * matches a large share of all subjects stays fast.
 *
 * Scatter-gather (docs/architecture.md "Shards"): each shard answers from its own name indexes in parallel, each
 * source capped at its share of the candidate limit (`perShardCap`); the caller ranks the union (exact > code
 * prefix > name prefix > contains). Subjects are spread over the shards by a hash of their code, so every shard
 * holds about the same share of any name's matches and the union is a sample of the same size as one database's.
 */
export async function findByName(shards: ShardRouter, query: string, cap = perShardCap(shards.all().length)): Promise<Candidates> {
  const all = shards.all();
  const perShard = await Promise.all(all.map(({ db }) => nameOn(db, query, cap)));
  // Codes are unique across shards (a subject lives in exactly one); ids are not, so dedupe by code.
  const seen = new Set<string>();
  const rows = perShard.flatMap((p) => p.rows).filter((r) => (seen.has(r.code) ? false : (seen.add(r.code), true)));
  return { rows, capped: perShard.some((p) => p.capped) };
}

async function nameOn(db: Queryable, query: string, cap: number): Promise<Candidates> {
  const length = [...query].length;
  const contains =
    length >= 3
      ? db.prepare(SEARCH_SQL.trigram).bind(ftsPhrase(query), cap)
      : length === 2
        ? db.prepare(SEARCH_SQL.bigram).bind(query, cap)
        : db.prepare(SEARCH_SQL.bigramPrefix).bind(query, cap);
  const prefix = db.prepare(SEARCH_SQL.namePrefix).bind(query, cap);
  const [prefixRows, containsRows] = await db.batch<CandidateRow>([prefix, contains]);
  const a = prefixRows?.results ?? [];
  const b = containsRows?.results ?? [];
  return { rows: dedupe([...a, ...b]), capped: a.length >= cap || b.length >= cap };
}

/** A user's text as one FTS5 phrase: quotes doubled, so no FTS operator can be injected. */
export function ftsPhrase(text: string): string {
  return `"${text.replaceAll('"', '""')}"`;
}

function dedupe(rows: CandidateRow[]): CandidateRow[] {
  const seen = new Set<number>();
  return rows.filter((r) => (seen.has(r.id) ? false : (seen.add(r.id), true)));
}
