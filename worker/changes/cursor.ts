/**
 * The change feed's cursor over shards: each shard numbers its own changes (`changes.seq`), so one position per
 * shard is kept, keyed by binding name. Encoded `c1.` + base64url(JSON) so clients treat it as opaque and a later
 * format can be told apart. A binding the cursor does not name (a shard added since) starts at 0.
 * @example encodeCursor({ SHARD_0: 12, SHARD_1: 7 }) // "c1.eyJTSEFSRF8wIjoxMiwiU0hBUkRfMSI6N30"
 */
import { ApiError } from "../http/errors";

export type ShardPositions = Record<string, number>;

export function encodeCursor(positions: ShardPositions): string {
  const json = JSON.stringify(Object.fromEntries(Object.entries(positions).sort(([a], [b]) => a.localeCompare(b))));
  return `c1.${btoa(json).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "")}`;
}

/** "0" (first read) or a number from a single-database deployment starts every shard at 0 / that number is refused. */
export function decodeCursor(since: string): ShardPositions {
  if (since === "0") return {};
  const bad = () => new ApiError(400, "invalid_request", "游标无效：应为上次返回的 next", [{ field: "query.since", expected: "cursor", message: "游标无效" }]);
  if (!since.startsWith("c1.")) throw bad();
  let parsed: unknown;
  try {
    parsed = JSON.parse(atob(since.slice(3).replace(/-/g, "+").replace(/_/g, "/")));
  } catch {
    throw bad();
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) throw bad();
  const positions: ShardPositions = {};
  for (const [binding, seq] of Object.entries(parsed)) {
    if (!/^SHARD_\d+$/.test(binding) || !Number.isSafeInteger(seq) || (seq as number) < 0) throw bad();
    positions[binding] = seq as number;
  }
  return positions;
}

/**
 * A k-way merge of each shard's rows (each list in its shard's own order) by (time, binding): the head of each
 * list competes, so no shard's rows are reordered even where their times are not monotonic (rows a bucket move
 * copied keep their original, older times). A shard's rows on a page are therefore a prefix of what it returned,
 * and "the last of its rows on the page" is a position that skips nothing.
 */
export function mergeInOrder<T>(perShard: { binding: string; rows: T[] }[], timeOf: (row: T) => string): { binding: string; row: T }[] {
  const heads = perShard.map(() => 0);
  const out: { binding: string; row: T }[] = [];
  for (;;) {
    let best = -1;
    for (const [i, { binding, rows }] of perShard.entries()) {
      const row = rows[heads[i]!];
      if (row === undefined) continue;
      const leader = best < 0 ? undefined : perShard[best]!.rows[heads[best]!];
      if (leader === undefined || timeOf(row) < timeOf(leader) || (timeOf(row) === timeOf(leader) && binding < perShard[best]!.binding)) best = i;
    }
    if (best < 0) return out;
    out.push({ binding: perShard[best]!.binding, row: perShard[best]!.rows[heads[best]!]! });
    heads[best] = heads[best]! + 1;
  }
}
