/**
 * An upload whose Worker was stopped mid-way (CPU limit, deployment, lost connection) leaves its batch
 * "receiving" for ever. Once a day such batches older than an hour are marked failed, keeping the rows and
 * rejections they already wrote, so the quality report says what happened.
 */
import type { Env } from "../env";
import { type ScheduledJob, DAILY_0010_CHINA } from "../cron";

/** No upload legitimately takes an hour: the Workers CPU limit stops it long before. */
const STALE_AFTER_MS = 60 * 60 * 1000;

/**
 * @example await failStaleBatches(env.DB, new Date()) // 1
 */
export async function failStaleBatches(db: D1Database, now: Date): Promise<number> {
  const before = new Date(now.getTime() - STALE_AFTER_MS).toISOString();
  const result = await db
    .prepare("UPDATE ingest_batches SET status = 'failed', finished_at = ?1 WHERE status = 'receiving' AND received_at < ?2")
    .bind(now.toISOString(), before)
    .run();
  return result.meta.changes;
}

export const staleBatchJob: ScheduledJob = {
  name: "ingest-stale-batches",
  cron: DAILY_0010_CHINA,
  async run(env: Env, now: Date) {
    const failed = await failStaleBatches(env.DB, now);
    if (failed > 0) console.warn(`ingest-stale-batches: ${failed} interrupted uploads marked failed`);
  },
};
