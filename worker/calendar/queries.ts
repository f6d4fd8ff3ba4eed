/** The admin-entered holiday arrangements (work_calendar_years) and the calendar built from them. */
import type { CalendarArrangementInput, CalendarYear } from "../../shared/contract/calendar";
import { type WorkCalendar, type YearArrangement, libraryArrangement, workCalendar } from "../../shared/domain/workdays";

type Db = D1DatabaseSession | D1Database;

interface YearRow {
  year: number;
  source: string;
  holidays: string;
  workdays: string;
  updated_at: string;
}

const toArrangement = (r: YearRow): YearArrangement => ({ year: r.year, source: r.source, holidays: JSON.parse(r.holidays) as string[], workdays: JSON.parse(r.workdays) as string[] });

/**
 * The working-day calendar in force: every admin-entered year over the library's. The table holds one row a
 * year, so reading it whole per request is cheap.
 * @example const calendar = await loadWorkCalendar(db); workingDeadline("2026-12-28", 5, calendar)
 */
export async function loadWorkCalendar(db: Db): Promise<WorkCalendar> {
  const { results } = await db.prepare("SELECT year, source, holidays, workdays, updated_at FROM work_calendar_years").all<YearRow>();
  return workCalendar(results.map(toArrangement));
}

/** How `year` stands: the admin's arrangement, else the library's, else uncovered. */
export async function calendarYear(db: Db, year: number): Promise<CalendarYear> {
  const row = await db.prepare("SELECT year, source, holidays, workdays, updated_at FROM work_calendar_years WHERE year = ?1").bind(year).first<YearRow>();
  if (row) return { year, covered: true, origin: "admin", updatedAt: row.updated_at, ...pick(toArrangement(row)) };
  const library = libraryArrangement(year);
  if (library) return { year, covered: true, origin: "library", updatedAt: null, ...pick(library) };
  return { year, covered: false, origin: null, updatedAt: null, source: null, holidays: [], workdays: [] };
}

function pick(a: YearArrangement) {
  return { source: a.source, holidays: [...a.holidays].sort(), workdays: [...a.workdays].sort() };
}

/** Stores (or replaces) an admin's arrangement for `year`. */
export function saveArrangementStatement(db: Db, year: number, input: CalendarArrangementInput, adminId: string, now: Date): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO work_calendar_years (year, source, holidays, workdays, updated_at, updated_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
       ON CONFLICT (year) DO UPDATE SET source = excluded.source, holidays = excluded.holidays, workdays = excluded.workdays,
                                        updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
    )
    .bind(year, input.source, JSON.stringify([...new Set(input.holidays)].sort()), JSON.stringify([...new Set(input.workdays)].sort()), now.toISOString(), adminId);
}
