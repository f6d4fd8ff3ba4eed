/**
 * The alert fan-out: follows the change feed (`changes`, filled by triggers whatever path writes) and the grade
 * feed (`grade_changes`) from a cursor and writes one alert per (change, watch entry) whose watch is active.
 *
 * Work is cut into chunks of at most `rowsPerChunk` alerts over at most `changesPerChunk` changes, so one change
 * with a million watchers is as safe as an upload touching ten thousand watched subjects. The cursor is a pair
 * (change seq, watch id): every (change, watcher) pair at or before it has its alert. Each chunk is one D1 batch
 * (one transaction): claim the cursor move, insert the chunk's alerts (INSERT OR IGNORE on the unique
 * (feed, change, watch) key), enqueue the integrating departments' webhooks. A consumer that dies midway loses
 * nothing (the cursor did not move past unwritten alerts) and one that runs twice writes nothing twice.
 */
import type { Env } from "../env";
import { ShardRouter } from "../shards";

export type Feed = "change" | "grade";

/** Where each feed's rows come from: seq, subject_id, entity, entity_id, at, fan_out. */
const FEED_SOURCE: Record<Feed, string> = {
  change: "changes",
  grade: "(SELECT seq, subject_id, 'grade' AS entity, result_id AS entity_id, at, fan_out FROM grade_changes)",
};

/** Past every watch id: the change at `seq` is done for all its watchers (the same number as migration 0009). */
export const END_OF_CHANGE = Number.MAX_SAFE_INTEGER;

export interface FanOutOptions {
  now: Date;
  /** China date: watches whose `until` is before it no longer alert. */
  today: string;
  /** Alerts written per chunk (one D1 batch). */
  rowsPerChunk?: number;
  /** Changes looked at per chunk. */
  changesPerChunk?: number;
  /** Stop after this many chunks (the queue consumer then sends itself another message). */
  maxChunks?: number;
  /** Stop starting chunks after this instant (ms since epoch). */
  deadline?: number;
}

export interface FanOutOutcome {
  chunks: number;
  alerts: number;
  /** Both feeds followed to their end. */
  done: boolean;
}

/** Departments whose systems receive alert webhooks: "*" for every department, or a list of codes. */
export function webhookDepartments(env: Env): string[] | "*" | null {
  if (!env.WEBHOOK_URL || !env.WEBHOOK_SECRET || !env.ALERT_WEBHOOK_DEPARTMENTS) return null;
  const value = env.ALERT_WEBHOOK_DEPARTMENTS.trim();
  if (value === "*") return "*";
  const codes = value.split(",").map((c) => c.trim()).filter(Boolean);
  return codes.length > 0 ? codes : null;
}

/**
 * The join of a feed's rows with the watches they alert; `?1` is today. A row a bucket move copied here whose
 * alerts the source had already written (and copied along) has fan_out 0: its watchers are not alerted twice.
 */
function joined(feed: Feed): string {
  return `${FEED_SOURCE[feed]} AS c
    JOIN watch_entries w ON w.subject_id = c.subject_id AND w.removed_at IS NULL AND w.until >= ?1 AND w.created_at <= c.at AND c.fan_out = 1`;
}

interface Cursor {
  seq: number;
  watch_id: number;
}

/**
 * Writes the next chunk of one feed's alerts; false when the feed has nothing after its cursor.
 * @example await fanOutChunk(env.DB, env, "change", { now: new Date(), today: "2026-11-27" })
 */
export async function fanOutChunk(db: D1Database | D1DatabaseSession, env: Env, feed: Feed, options: FanOutOptions): Promise<{ wrote: number } | null> {
  const rows = options.rowsPerChunk ?? 5_000;
  const changes = options.changesPerChunk ?? 2_000;
  const cursor = await db.prepare("SELECT seq, watch_id FROM alert_cursors WHERE feed = ?1").bind(feed).first<Cursor>();
  if (!cursor) throw new Error(`alert cursor for feed ${feed} is missing (migration 0009)`);
  // The window: the change the cursor stands in (maybe half done) and the next ones, `changes` in all.
  const table = feed === "change" ? "changes" : "grade_changes";
  const window = await db
    .prepare(`SELECT max(seq) AS last, count(*) AS n FROM (SELECT seq FROM ${table} WHERE seq >= ?1 ORDER BY seq LIMIT ?2)`)
    .bind(cursor.seq, changes)
    .first<{ last: number | null; n: number }>();
  const last = window?.last ?? null;
  // Nothing after the cursor: the change it stands in is finished, or the feed is empty.
  if (last === null || (last === cursor.seq && cursor.watch_id >= END_OF_CHANGE)) return null;
  const after = "(c.seq > ?2 OR (c.seq = ?2 AND w.id > ?3))";
  const boundary = await db
    .prepare(`SELECT c.seq AS seq, w.id AS watch_id FROM ${joined(feed)} WHERE c.seq >= ?2 AND c.seq <= ?4 AND ${after} ORDER BY c.seq, w.id LIMIT 1 OFFSET ?5`)
    .bind(options.today, cursor.seq, cursor.watch_id, last, rows - 1)
    .first<Cursor>();
  const to: Cursor = boundary ?? { seq: last, watch_id: END_OF_CHANGE };
  // The chunk's own time (not the run's start): created_at says when each alert became readable.
  const at = new Date(Math.max(options.now.getTime(), Date.now())).toISOString();
  const upTo = "(c.seq < ?6 OR (c.seq = ?6 AND w.id <= ?7))";
  const statements: D1PreparedStatement[] = [
    // Claim the move first: a consumer racing this one on the same chunk changes nothing, and then neither do
    // the statements after it (changes() = 0).
    db
      .prepare(`UPDATE alert_cursors SET seq = ?2, watch_id = ?3, updated_at = ?4 WHERE feed = ?1 AND seq = ?5 AND watch_id = ?6`)
      .bind(feed, to.seq, to.watch_id, at, cursor.seq, cursor.watch_id),
    db
      .prepare(
        `INSERT OR IGNORE INTO alerts (feed, change_seq, watch_id, watcher, department_code, subject_id, entity, entity_id, changed_at, created_at)
         SELECT ?8, c.seq, w.id, w.watcher, w.department_code, c.subject_id, c.entity, c.entity_id, c.at, ?5
           FROM ${joined(feed)}
          WHERE c.seq >= ?2 AND c.seq <= ?6 AND ${after} AND ${upTo} AND changes() > 0`,
      )
      .bind(options.today, cursor.seq, cursor.watch_id, null, at, to.seq, to.watch_id, feed),
  ];
  const departments = webhookDepartments(env);
  if (departments) statements.push(webhookStatement(db, feed, cursor, to, departments, at));
  const results = await db.batch(statements);
  return { wrote: results[1]?.meta.changes ?? 0 };
}

/**
 * One signed-webhook delivery per integrating department for the alerts this chunk wrote (worker/webhooks sends
 * it with the HMAC scheme and retries). Only when the alert insert before it wrote rows, and only those rows
 * (created_at is the chunk's own time): alerts a bucket move copied into the chunk's range were announced already.
 */
function webhookStatement(db: D1Database | D1DatabaseSession, feed: Feed, from: Cursor, to: Cursor, departments: string[] | "*", at: string): D1PreparedStatement {
  const departmentFilter = departments === "*" ? "a.department_code IS NOT NULL" : "a.department_code IN (SELECT value FROM json_each(?7))";
  return db
    .prepare(
      `INSERT INTO webhook_deliveries (event, payload, next_attempt_at, created_at)
       SELECT 'alerts.created', json_object('event', 'alerts.created', 'department', d.department_code, 'at', ?6, 'alerts', json(d.items)), ?6, ?6
         FROM (SELECT a.department_code,
                      json_group_array(json_object('id', a.id, 'watcher', a.watcher, 'watchId', a.watch_id, 'entity', a.entity, 'changedAt', a.changed_at,
                        'subjectCode', CASE WHEN s.code_type = 'id_number' THEN substr(s.code, 1, 10) || '****' || substr(s.code, 15) ELSE s.code END)) AS items
                 FROM alerts a JOIN subjects s ON s.id = a.subject_id
                WHERE a.feed = ?1 AND a.created_at = ?6 AND (a.change_seq > ?2 OR (a.change_seq = ?2 AND a.watch_id > ?3)) AND (a.change_seq < ?4 OR (a.change_seq = ?4 AND a.watch_id <= ?5))
                  AND ${departmentFilter}
                GROUP BY a.department_code) AS d
        WHERE changes() > 0`,
    )
    .bind(feed, from.seq, from.watch_id, to.seq, to.watch_id, at, departments === "*" ? null : JSON.stringify(departments));
}

/**
 * The fan-out on every shard, in parallel: watch entries, alerts and the alert cursors live in the watched
 * subject's shard (the join of a feed with its watchers stays inside one database, and each shard's cursor
 * moves on its own). The outcome is the sum; done when every shard is done.
 * @example await fanOutAllShards(env, { now: new Date(), today: chinaToday() })
 */
export async function fanOutAllShards(env: Env, options: FanOutOptions): Promise<FanOutOutcome> {
  const outcomes = await Promise.all(new ShardRouter(env, env.DB, (db) => db).all().map((shard) => fanOut(shard.db, env, options)));
  return { chunks: outcomes.reduce((n, o) => n + o.chunks, 0), alerts: outcomes.reduce((n, o) => n + o.alerts, 0), done: outcomes.every((o) => o.done) };
}

/**
 * Follows both feeds chunk by chunk until they are done, `maxChunks` were written or the deadline passed.
 * @example await fanOut(env.DB, env, { now: new Date(), today: chinaToday() })
 */
export async function fanOut(db: D1Database | D1DatabaseSession, env: Env, options: FanOutOptions): Promise<FanOutOutcome> {
  let chunks = 0;
  let alerts = 0;
  for (const feed of ["change", "grade"] as const) {
    for (;;) {
      if ((options.maxChunks !== undefined && chunks >= options.maxChunks) || (options.deadline !== undefined && Date.now() > options.deadline)) {
        return { chunks, alerts, done: false };
      }
      const chunk = await fanOutChunk(db, env, feed, options);
      if (!chunk) break;
      chunks++;
      alerts += chunk.wrote;
    }
  }
  return { chunks, alerts, done: true };
}
