/**
 * The 近90天查询次数 window (issue 12, migration 0014): which codes the per-shard counts hold and which days a profile
 * adds up. Pure: the worker's log writer (worker/audit/counts.ts), the lookup and a bucket move all use it.
 */
import { addDays } from "./dates";

/** The window the profile's figure covers: today and the 89 China days before it. */
export const QUERY_COUNT_DAYS = 90;

/** Whether a code as the log shows it can be counted in a shard (not a masked ID number). */
export const countable = (shown: string): boolean => !shown.includes("*");

/** The first China date of the window ending today. */
export const countSince = (today: string): string => addDays(today, 1 - QUERY_COUNT_DAYS);

/** The instant China's day `day` begins (UTC+8), as the log's ISO timestamps are written. */
export const chinaDayStartUtc = (day: string): string => new Date(`${day}T00:00:00+08:00`).toISOString();

/**
 * The count over the window for one code, as a scalar subquery for the lookup's statement: `code` and `since` are
 * the SQL parameters (e.g. "?4", "?5") holding the code as the log shows it and the window's first day.
 */
export const countSql = (code: string, since: string): string => `(SELECT coalesce(sum(n), 0) FROM query_counts WHERE code = ${code} AND day >= ${since})`;
