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
