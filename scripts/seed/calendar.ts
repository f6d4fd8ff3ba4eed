/**
 * Calendar arithmetic for the seed on day numbers (days since 1970-01-01) without Date objects: the
 * generator does millions of these. Same semantics as shared/domain/dates.ts (addMonths clamps to month
 * end). Plus the memoised publication window and a few date formats.
 */
import { publicationWindow, type Severity } from "../../shared/domain/penalties";
import type { Rng } from "./rng";

function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

const DAY_BASE = daysFromCivil(1900, 1, 1);
const DAY_STRINGS: (string | undefined)[] = [];

/** Day number → 'YYYY-MM-DD' (memoised). */
export function fromDay(n: number): string {
  const cached = DAY_STRINGS[n - DAY_BASE];
  if (cached !== undefined) return cached;
  const z = n + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  const s = `${String(y).padStart(4, "0")}-${m < 10 ? "0" : ""}${m}-${d < 10 ? "0" : ""}${d}`;
  if (n >= DAY_BASE && n - DAY_BASE < 80_000) DAY_STRINGS[n - DAY_BASE] = s;
  return s;
}

/** 'YYYY-MM-DD' → day number. */
export function dayNum(date: string): number {
  return daysFromCivil(Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10)));
}

function daysInMonth(y: number, m: number): number {
  return m === 2 ? ((y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28) : m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** addMonths of shared/domain/dates.ts (clamping to the month's last day), without Date. */
export function addMonths(date: string, months: number): string {
  const total = Number(date.slice(0, 4)) * 12 + (Number(date.slice(5, 7)) - 1) + months;
  const y = Math.floor(total / 12);
  const m = total - y * 12 + 1;
  return fromDay(daysFromCivil(y, m, Math.min(Number(date.slice(8, 10)), daysInMonth(y, m))));
}

export function addDays(date: string, days: number): string {
  return fromDay(dayNum(date) + days);
}

const WINDOWS = new Map<string, { publishUntil: string; repairableFrom: string }>();
/** publicationWindow (shared/domain/penalties.ts), memoised per (date, severity). */
export function windowFor(decided: string, severity: Severity): { publishUntil: string; repairableFrom: string } {
  const key = decided + severity;
  let w = WINDOWS.get(key);
  if (!w) {
    w = publicationWindow(decided, severity);
    WINDOWS.set(key, w);
  }
  return w;
}
export const cnDate = (d: string): string => `${Number(d.slice(0, 4))}年${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`;
export const LONG_TERM = "2099-12-31";

/** Uniform day in [lo, hi] (day numbers); hi < lo collapses to hi. */
export function dayBetween(rng: Rng, lo: number, hi: number): number {
  return hi <= lo ? hi : lo + Math.floor(rng.float() * (hi - lo + 1));
}
