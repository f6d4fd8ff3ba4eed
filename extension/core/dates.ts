/** Calendar dates as the officer sees them (local time, YYYY-MM-DD), for the dates the page prefills. */

/**
 * The local date of `ms`, `addDays` later.
 * @example localDate(Date.parse("2026-12-02T10:00:00+08:00"), 30) // "2027-01-01" in China
 */
export function localDate(ms: number, addDays = 0): string {
  const d = new Date(ms);
  d.setDate(d.getDate() + addDays);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}
