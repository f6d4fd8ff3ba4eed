/**
 * The 近90天查询次数 a profile shows, kept beside the subject (migration 0014, issue 12 "Lookup: one shard round
 * trip"). The query log in the control database is the record; this is a per-day count derived from it, bumped in
 * each named subject's shard right after its log entry is written (appendQueryLog), so a lookup reads the count
 * in the same batch as the subject instead of a second round trip to the control database. The window and the
 * count statement: shared/domain/query-counts.ts; the rebuild after a bucket move: worker/shards/query-counts.ts.
 *
 * Codes the log shows masked (ID numbers: 500103********1234) name no shard; they are not counted here and a
 * lookup of a person still counts from the log (worker/lookup/queries.ts).
 */
import { chinaToday } from "../../shared/domain/dates";
import { countable } from "../../shared/domain/query-counts";
import type { ShardRouter } from "../shards";

/** Adds one to each countable code's count for the entry's China date: one statement per shard, in parallel. */
export async function bumpQueryCounts(shards: ShardRouter, shownCodes: readonly string[], at: Date): Promise<void> {
  const codes = [...new Set(shownCodes)].filter(countable);
  if (codes.length === 0) return;
  const day = chinaToday(at);
  const groups = await shards.byShard(codes, (code) => code);
  await Promise.all(
    groups.map(({ shard, items }) =>
      shard.db
        .prepare("INSERT INTO query_counts (code, day, n) SELECT value, ?2, 1 FROM json_each(?1) WHERE true ON CONFLICT (code, day) DO UPDATE SET n = n + 1")
        .bind(JSON.stringify(items), day)
        .run(),
    ),
  );
}
