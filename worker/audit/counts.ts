/**
 * The 近90天查询次数 a profile shows, kept beside the subject (migration 0014, issue 12 "Lookup: one shard round
 * trip"). The query log in the control database is the record; this is a per-day count derived from it, bumped in
 * each named subject's shard right after its log entry is written (appendQueryLog), so a lookup reads the count
 * in the same batch as the subject instead of a second round trip to the control database.
 *
 * Codes the log shows masked (ID numbers: 500103********1234) name no shard; they are not counted here and a
 * lookup of a person still counts from the log (worker/lookup/queries.ts).
 */
import { addDays, chinaToday } from "../../shared/domain/dates";
import type { ShardRouter } from "../shards";

/** The window the profile's figure covers: today and the 89 China days before it. */
export const QUERY_COUNT_DAYS = 90;

/** Whether a code as the log shows it can be counted in a shard (not a masked ID number). */
export const countable = (shown: string): boolean => !shown.includes("*");

/** The first China date of the window ending today. */
export const countSince = (today: string): string => addDays(today, 1 - QUERY_COUNT_DAYS);

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

/** The instant China's day `day` begins (UTC+8), as the log's ISO timestamps are written. */
export const chinaDayStartUtc = (day: string): string => new Date(`${day}T00:00:00+08:00`).toISOString();

/** The count statement for one code over the window (`?1` code, `?2` first day), for the lookup's shard batch. */
export const COUNT_SQL = "SELECT coalesce(sum(n), 0) AS n FROM query_counts WHERE code = ?1 AND day >= ?2";

/**
 * Recomputes the window's counts of `codes` from the query log in the control database and replaces theirs in
 * `target` (a bucket move, after its switch: counts bumped on the source between the copy and the switch are not
 * lost). One read of the log (its primary key starts with the code), one batch on the target.
 */
export async function rebuildQueryCounts(control: D1Database, target: D1Database, codes: readonly string[], now = new Date()): Promise<void> {
  const counted = codes.filter(countable);
  if (counted.length === 0) return;
  const c = JSON.stringify(counted);
  const since = chinaDayStartUtc(countSince(chinaToday(now)));
  const { results } = await control
    .prepare(
      `SELECT s.subject_code AS code, date(q.at, '+8 hours') AS day, count(*) AS n
         FROM query_log_subjects s JOIN query_log q ON q.id = s.log_id
        WHERE s.subject_code IN (SELECT value FROM json_each(?1)) AND q.at >= ?2
        GROUP BY s.subject_code, date(q.at, '+8 hours')`,
    )
    .bind(c, since)
    .all<{ code: string; day: string; n: number }>();
  await target.batch([
    target.prepare("DELETE FROM query_counts WHERE code IN (SELECT value FROM json_each(?1))").bind(c),
    target
      .prepare("INSERT INTO query_counts (code, day, n) SELECT j.value ->> '$.code', j.value ->> '$.day', j.value ->> '$.n' FROM json_each(?1) j")
      .bind(JSON.stringify(results)),
  ]);
}
