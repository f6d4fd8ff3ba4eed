/**
 * Chinese working days (工作日), for deadlines counted in working days: repair decisions (3), objection
 * decisions (5), 双公示 reporting within 7 working days of the decision. Statutory holidays are not working
 * days and 调休 make-up weekends are; the calendar comes from the maintained `chinese-days` package
 * (the State Council's yearly notices). Years it does not yet cover count Monday–Friday only.
 */
import chineseDays from "chinese-days";
import { addDays } from "./dates";

/**
 * @example isWorkingDay("2026-10-01") // false (国庆节)
 * @example isWorkingDay("2026-10-10") // true (调休, a Saturday)
 */
export function isWorkingDay(date: string): boolean {
  return chineseDays.isWorkday(date);
}

/**
 * The date `n` working days after `start` (`start` itself not counted): a deadline.
 * @example addWorkingDays("2026-09-30", 3) // "2026-10-10" — the National Day week is skipped, Saturday 10-10 counts
 */
export function addWorkingDays(start: string, n: number): string {
  let date = start;
  for (let left = n; left > 0; ) {
    date = addDays(date, 1);
    if (isWorkingDay(date)) left--;
  }
  return date;
}

/**
 * Working days after `from` up to and including `to` (0 when `to` ≤ `from`).
 * @example workingDaysBetween("2026-09-30", "2026-10-10") // 3
 */
export function workingDaysBetween(from: string, to: string): number {
  let count = 0;
  for (let date = addDays(from, 1); date <= to; date = addDays(date, 1)) if (isWorkingDay(date)) count++;
  return count;
}
