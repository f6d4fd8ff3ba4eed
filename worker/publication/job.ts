/**
 * 公示期满: every day shortly after midnight China time, penalties whose publication window has ended are
 * marked (records.publication_ended_on), and so are list entries whose planned removal date (计划移出日期)
 * has passed (list_entries.publication_ended_on): each mark writes a status-history row and a changes-feed
 * entry so downstream copies drop them too. The read path checks publish_until and planned_removal_on itself
 * (worker/visibility), so a job that runs late never lets an expired record or entry be shown. Subjects whose bucket
 * is being moved (move_frozen, migration 0015) are skipped on the source; their copies are marked on the target.
 */
import { chinaToday } from "../../shared/domain/dates";
import type { Env } from "../env";
import { type ScheduledJob, DAILY_0010_CHINA } from "../cron";
import { ShardRouter } from "../shards";

/** Records marked per statement: well inside D1's 30-second statement limit. */
const STEP = 2000;
/** Statements per run: a backlog larger than this is finished by the next runs. */
const MAX_STEPS = 200;

/**
 * Runs a marking UPDATE (?1 today, ?2 the step size, RETURNING the rows it marked) in steps until nothing is
 * left or MAX_STEPS is reached; returns how many rows were marked.
 */
async function markInSteps(db: D1Database, sql: string, today: string): Promise<number> {
  let marked = 0;
  for (let step = 0; step < MAX_STEPS; step++) {
    const result = await db.prepare(sql).bind(today, STEP).all();
    // Counted from RETURNING: D1's meta.changes also counts the rows the triggers write.
    marked += result.results.length;
    if (result.results.length < STEP) break;
  }
  return marked;
}

/**
 * Marks the penalties whose window ended before `today` (China date); returns how many were marked.
 * @example await endExpiredPublications(env.DB, "2026-11-27") // 42
 */
export function endExpiredPublications(db: D1Database, today: string): Promise<number> {
  return markInSteps(
    db,
    `UPDATE records SET publication_ended_on = ?1
      WHERE id IN (SELECT id FROM records
                    WHERE publication_ended_on IS NULL AND publish_until IS NOT NULL AND publish_until < ?1 AND category = 'penalty'
                      AND subject_id NOT IN (SELECT subject_id FROM move_frozen)
                    LIMIT ?2)
    RETURNING id`,
    today,
  );
}

/**
 * Marks the list entries still listed whose planned removal date is before `today` and that were not marked
 * since that date (an entry whose date was extended after an earlier mark is marked again when the new date
 * passes); returns how many were marked.
 * @example await endExpiredListEntries(env.DB, "2026-11-27") // 7
 */
export function endExpiredListEntries(db: D1Database, today: string): Promise<number> {
  return markInSteps(
    db,
    `UPDATE list_entries SET publication_ended_on = ?1
      WHERE id IN (SELECT id FROM list_entries
                    WHERE status = 'listed' AND planned_removal_on IS NOT NULL AND planned_removal_on < ?1
                      AND (publication_ended_on IS NULL OR publication_ended_on <= planned_removal_on)
                      AND subject_id NOT IN (SELECT subject_id FROM move_frozen)
                    LIMIT ?2)
    RETURNING id`,
    today,
  );
}

export const publicationJob: ScheduledJob = {
  name: "publication-expiry",
  cron: DAILY_0010_CHINA,
  async run(env: Env, now: Date) {
    const today = chinaToday(now);
    // Per shard, in parallel: records and list entries live in their subject's shard. Each statement marks on
    // one shard only and the marks are idempotent, so a run cut off on one shard is finished by the next run
    // there (resume is the query itself: what is still unmarked) without holding back the others.
    const counts = await Promise.all(
      new ShardRouter(env, env.DB, (db) => db).all().map(async (shard) => {
        const db = shard.db as D1Database;
        return { binding: shard.binding, records: await endExpiredPublications(db, today), entries: await endExpiredListEntries(db, today) };
      }),
    );
    for (const c of counts) console.log(`publication-expiry ${c.binding}: ${c.records} penalties and ${c.entries} list entries left public view`);
  },
};
