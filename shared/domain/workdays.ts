/**
 * Chinese working days (工作日), for deadlines counted in working days: repair decisions (3), objection
 * decisions (5), 双公示 reporting within 7 working days of the decision (DOMAIN.md §5–§7). Statutory holidays
 * are not working days and 调休 make-up weekends are. Each year's arrangement is the State Council's notice
 * (国务院办公厅关于 YYYY 年部分节假日安排的通知), published around November of the year before.
 *
 * The calendar is data (WorkCalendar): the years the `chinese-days` package knows, overridden by arrangements an
 * admin entered (PUT /api/v1/calendar/{year}). A year in neither is *uncovered*: its days count Monday–Friday,
 * and every computation that looked at one says so (`provisional: true`, `uncoveredYears`), because in such a
 * year New Year's Day, the Spring Festival and National Day would otherwise count as working days — a silently
 * wrong deadline. Pure: no I/O.
 */
import chineseDays from "chinese-days";
import { addDays, isIsoDate } from "./dates";

/** One year's arrangement: days off (holidays, weekends inside a holiday included) and 调休 working days. */
export interface YearArrangement {
  year: number;
  /** Where it comes from: the notice's title, or the library. */
  source: string;
  holidays: readonly string[];
  workdays: readonly string[];
}

/** The working-day calendar as data: each covered year's arrangement. */
export interface WorkCalendar {
  /** The arrangement in force for `year`, or null when nothing covers it. */
  arrangement(year: number): YearArrangement | null;
}

/** What a computation reports about its own reliability. */
export interface Coverage {
  /** True when a day it looked at lies in an uncovered year: the answer may change once that year is entered. */
  provisional: boolean;
  /** Those years, ascending. */
  uncoveredYears: number[];
}

export const LIBRARY_SOURCE = "chinese-days 软件包收录的国务院办公厅节假日安排";

const libraryCache = new Map<number, YearArrangement | null>();

/**
 * The `chinese-days` package's arrangement for `year`, or null when it does not know that year. It has no
 * notion of coverage itself (an unknown year just counts Monday–Friday), so a year counts as known when the
 * package lists at least one holiday in it — every real arrangement has 元旦 at least.
 * @example libraryArrangement(2026)?.holidays.includes("2026-10-01") // true
 * @example libraryArrangement(2027) // null with chinese-days 1.5.7 (its data ends with 2026)
 */
export function libraryArrangement(year: number): YearArrangement | null {
  if (!libraryCache.has(year)) {
    const first = `${year}-01-01`;
    const last = `${year}-12-31`;
    const holidays = chineseDays.getHolidaysInRange(first, last, false);
    const weekendWorkdays = chineseDays.getWorkdaysInRange(first, last, true).filter((d) => isWeekend(d));
    libraryCache.set(year, holidays.length === 0 ? null : { year, source: LIBRARY_SOURCE, holidays, workdays: weekendWorkdays });
  }
  return libraryCache.get(year)!;
}

/**
 * A calendar from admin-entered arrangements over the library's: for a year both know, the admin's wins.
 * `library` is a parameter so tests can stand for a package release that knows more or fewer years.
 * @example workCalendar([arrangement2027]).arrangement(2027)?.source // "国务院办公厅关于2027年部分节假日安排的通知"
 */
export function workCalendar(adminYears: readonly YearArrangement[] = [], library: (year: number) => YearArrangement | null = libraryArrangement): WorkCalendar {
  const entered = new Map(adminYears.map((a) => [a.year, a]));
  return { arrangement: (year) => entered.get(year) ?? library(year) };
}

/** The calendar of the library alone (no admin data): for callers that have no database at hand. */
export const LIBRARY_CALENDAR: WorkCalendar = workCalendar();

function isWeekend(date: string): boolean {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 0 || day === 6;
}

const yearOf = (date: string) => Number(date.slice(0, 4));

/** Day-by-day lookups with the sets built once per year. */
class DayReader {
  private readonly sets = new Map<number, { holidays: Set<string>; workdays: Set<string> } | null>();
  readonly uncovered = new Set<number>();

  constructor(private readonly calendar: WorkCalendar) {}

  isWorkingDay(date: string): boolean {
    const year = yearOf(date);
    if (!this.sets.has(year)) {
      const a = this.calendar.arrangement(year);
      this.sets.set(year, a ? { holidays: new Set(a.holidays), workdays: new Set(a.workdays) } : null);
    }
    const sets = this.sets.get(year)!;
    if (!sets) {
      this.uncovered.add(year);
      return !isWeekend(date);
    }
    if (sets.workdays.has(date)) return true;
    if (sets.holidays.has(date)) return false;
    return !isWeekend(date);
  }

  coverage(): Coverage {
    const years = [...this.uncovered].sort((a, b) => a - b);
    return { provisional: years.length > 0, uncoveredYears: years };
  }
}

/**
 * Whether `date` is a working day, and whether its year is covered.
 * @example isWorkingDay("2026-10-01") // { working: false, provisional: false, uncoveredYears: [] } (国庆节)
 * @example isWorkingDay("2027-01-01") // { working: true, provisional: true, uncoveredYears: [2027] } until 2027 is entered
 */
export function isWorkingDay(date: string, calendar: WorkCalendar = LIBRARY_CALENDAR): { working: boolean } & Coverage {
  const reader = new DayReader(calendar);
  return { working: reader.isWorkingDay(date), ...reader.coverage() };
}

/**
 * The date `n` working days after `start` (`start` itself not counted): a deadline.
 * @example workingDeadline("2026-09-30", 3) // { date: "2026-10-10", provisional: false, uncoveredYears: [] } — 国庆 skipped, Saturday 10-10 (调休) counts
 */
export function workingDeadline(start: string, n: number, calendar: WorkCalendar = LIBRARY_CALENDAR): { date: string } & Coverage {
  const reader = new DayReader(calendar);
  let date = start;
  for (let left = n; left > 0; ) {
    date = addDays(date, 1);
    if (reader.isWorkingDay(date)) left--;
  }
  return { date, ...reader.coverage() };
}

/**
 * Working days after `from` up to and including `to` (0 when `to` ≤ `from`).
 * @example countWorkingDays("2026-09-30", "2026-10-10") // { days: 3, provisional: false, uncoveredYears: [] }
 */
export function countWorkingDays(from: string, to: string, calendar: WorkCalendar = LIBRARY_CALENDAR): { days: number } & Coverage {
  const reader = new DayReader(calendar);
  let days = 0;
  for (let date = addDays(from, 1); date <= to; date = addDays(date, 1)) if (reader.isWorkingDay(date)) days++;
  return { days, ...reader.coverage() };
}

/**
 * 及时率 of one 双公示 record: reported on `receivedOn` at most `workingDays` working days after the decision.
 * Looks at the days from the decision up to the report, stopping once the limit is passed, so the answer is
 * provisional only when one of those days lies in an uncovered year (a report two days after a decision on
 * 2026-12-28 is on time whatever the 2027 arrangement says; one on 2027-01-08 is not known to be).
 * @example reportedInTime("2026-09-28", "2026-10-13", 7) // { onTime: true, provisional: false, uncoveredYears: [] }
 */
export function reportedInTime(decidedOn: string, receivedOn: string, workingDays: number, calendar: WorkCalendar = LIBRARY_CALENDAR): { onTime: boolean } & Coverage {
  const reader = new DayReader(calendar);
  let days = 0;
  for (let date = addDays(decidedOn, 1); date <= receivedOn && days <= workingDays; date = addDays(date, 1)) if (reader.isWorkingDay(date)) days++;
  return { onTime: days <= workingDays, ...reader.coverage() };
}

/**
 * The date `n` working days after `start` with the library calendar: the plain date, for callers that report
 * coverage some other way. Deciding code uses workingDeadline, which says when the date is provisional.
 * @example addWorkingDays("2026-09-30", 3) // "2026-10-10"
 */
export function addWorkingDays(start: string, n: number, calendar: WorkCalendar = LIBRARY_CALENDAR): string {
  return workingDeadline(start, n, calendar).date;
}

/**
 * Working days after `from` up to and including `to`, as a plain number (see countWorkingDays for coverage).
 * @example workingDaysBetween("2026-09-30", "2026-10-10") // 3
 */
export function workingDaysBetween(from: string, to: string, calendar: WorkCalendar = LIBRARY_CALENDAR): number {
  return countWorkingDays(from, to, calendar).days;
}

/** A problem with an arrangement an admin entered, naming the field as the API does (body.holidays.3). */
export interface ArrangementProblem {
  field: string;
  message: string;
}

/**
 * What is wrong with an arrangement for `year`: every date well formed (YYYY-MM-DD, a real date) and inside
 * the year, no date twice, none both a holiday and a working day, 调休 working days on weekends only (a
 * weekday is a working day already), at least one holiday. Empty when it is fine.
 * @example arrangementProblems(2027, { holidays: ["2027-01-02"], workdays: ["2027-01-02"] }) // [{ field: "body.workdays.0", message: "2027-01-02 同时列为放假日期和调休上班日期" }]
 */
export function arrangementProblems(year: number, a: { holidays: readonly string[]; workdays: readonly string[] }): ArrangementProblem[] {
  const problems: ArrangementProblem[] = [];
  if (a.holidays.length === 0) problems.push({ field: "body.holidays", message: "至少应有一个放假日期（元旦）" });
  const check = (list: "holidays" | "workdays", dates: readonly string[]) => {
    const seen = new Set<string>();
    dates.forEach((date, i) => {
      const field = `body.${list}.${i}`;
      if (!isIsoDate(date)) problems.push({ field, message: `“${String(date).slice(0, 20)}”不是有效日期，应为 YYYY-MM-DD` });
      else if (yearOf(date) !== year) problems.push({ field, message: `${date} 不在 ${year} 年内` });
      else if (seen.has(date)) problems.push({ field, message: `${date} 重复` });
      else if (list === "workdays" && !isWeekend(date)) problems.push({ field, message: `${date} 是工作日（周一至周五），调休上班日期应为周六或周日` });
      seen.add(date);
    });
  };
  check("holidays", a.holidays);
  check("workdays", a.workdays);
  const holidays = new Set(a.holidays);
  a.workdays.forEach((date, i) => {
    if (holidays.has(date)) problems.push({ field: `body.workdays.${i}`, message: `${date} 同时列为放假日期和调休上班日期` });
  });
  return problems;
}
