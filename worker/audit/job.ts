/**
 * Daily, per shard: drops 近90天查询次数 rows (query_counts, migration 0014) older than the window, which no lookup
 * reads any more. The query log itself is kept (it is the record; its retention is not this job's business).
 */
import { chinaToday } from "../../shared/domain/dates";
import { type ScheduledJob, DAILY_0010_CHINA } from "../cron";
import type { Env } from "../env";
import { ShardRouter } from "../shards";
import { countSince } from "../../shared/domain/query-counts";

/**
 * Deletes the counts of days before the window ending `today` in one database; returns how many rows went.
 * @example await pruneQueryCounts(env.SHARD_0, "2026-12-03") // 1520
 */
export async function pruneQueryCounts(db: D1Database, today: string): Promise<number> {
  const result = await db.prepare("DELETE FROM query_counts WHERE day < ?1").bind(countSince(today)).run();
  return result.meta.changes ?? 0;
}

export const queryCountPruneJob: ScheduledJob = {
  name: "query-count-prune",
  cron: DAILY_0010_CHINA,
  async run(env: Env, now: Date) {
    const today = chinaToday(now);
    const pruned = await Promise.all(new ShardRouter(env, env.DB, (db) => db).all().map(async (s) => ({ binding: s.binding, n: await pruneQueryCounts(s.db as D1Database, today) })));
    for (const p of pruned) console.log(`query-count-prune ${p.binding}: ${p.n} day counts older than the 90-day window removed`);
  },
};
