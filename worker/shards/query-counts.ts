/**
 * The 近90天查询次数 of a moved bucket (migration 0014): derived from the query log in the control database, so after
 * the switch the move rebuilds them on the target from that record (worker/shards/move.ts "delete").
 */
import { chinaToday } from "../../shared/domain/dates";
import { chinaDayStartUtc, countSince, countable } from "../../shared/domain/query-counts";

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
