/** Calendar-date helpers on ISO 'YYYY-MM-DD' strings (no time zone: dates are China calendar dates). */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True when `s` is a real calendar date written as YYYY-MM-DD. */
export function isIsoDate(s: string): boolean {
  const m = ISO_DATE.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === s;
}

/**
 * Adds calendar months, clamping to the month's last day (2026-01-31 + 1 month → 2026-02-28).
 * @example addMonths("2026-01-31", 1) // "2026-02-28"
 */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = total % 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return new Date(Date.UTC(year, month, Math.min(d, lastDay))).toISOString().slice(0, 10);
}

/** @example addDays("2026-02-28", 1) // "2026-03-01" */
export function addDays(date: string, days: number): string {
  const t = Date.parse(`${date}T00:00:00Z`) + days * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

/**
 * Today's date in China (UTC+8, no daylight saving), the calendar the publication rules count in.
 * @example chinaToday(new Date("2026-11-26T17:00:00Z")) // "2026-11-27"
 */
export function chinaToday(now: Date = new Date()): string {
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

/**
 * An instant (UTC ISO string) as China time for people to read; anything unparsable is returned as it was.
 * @example chinaDateTime("2026-11-27T02:13:20.000Z") // "2026-11-27 10:13:20（北京时间）"
 */
export function chinaDateTime(iso: string): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  return `${new Date(t + 8 * 3_600_000).toISOString().slice(0, 19).replace("T", " ")}（北京时间）`;
}
