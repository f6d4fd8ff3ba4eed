/**
 * 公示期满: every day shortly after midnight China time, penalties whose publication window has ended are
 * marked (records.publication_ended_on), which writes their status history and a changes-feed entry so
 * downstream copies drop them too. The read path checks publish_until itself (worker/visibility), so a job
 * that runs late never lets an expired record be shown.
 */
import { chinaToday } from "../../shared/domain/dates";
import type { Env } from "../env";
import { type ScheduledJob, DAILY_0010_CHINA } from "../cron";

/** Records marked per statement: well inside D1's 30-second statement limit. */
const STEP = 2000;
/** Statements per run: a backlog larger than this is finished by the next runs. */
const MAX_STEPS = 200;

/**
 * Marks the penalties whose window ended before `today` (China date); returns how many were marked.
 * @example await endExpiredPublications(env.DB, "2026-11-27") // 42
 */
export async function endExpiredPublications(db: D1Database, today: string): Promise<number> {
  let marked = 0;
  for (let step = 0; step < MAX_STEPS; step++) {
    const result = await db
      .prepare(
        `UPDATE records SET publication_ended_on = ?1
          WHERE id IN (SELECT id FROM records
                        WHERE publication_ended_on IS NULL AND publish_until IS NOT NULL AND publish_until < ?1 AND category = 'penalty'
                        LIMIT ?2)`,
      )
      .bind(today, STEP)
      .run();
    marked += result.meta.changes;
    if (result.meta.changes < STEP) break;
  }
  return marked;
}

export const publicationJob: ScheduledJob = {
  name: "publication-expiry",
  cron: DAILY_0010_CHINA,
  async run(env: Env, now: Date) {
    const marked = await endExpiredPublications(env.DB, chinaToday(now));
    console.log(`publication-expiry: ${marked} penalties left public view`);
  },
};
