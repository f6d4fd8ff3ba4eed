/**
 * Case deadlines against the calendar. A deadline is stored when the case is filed, with the number of working
 * days it counts and whether it is provisional (it crossed a year no calendar covers). When an admin enters a
 * year, every case whose deadline was provisional or whose count ran through that year is recomputed from its
 * filing date — so the queue, the overdue flags and the tracking page are right again the moment the State
 * Council's arrangement is in, and a changed date is written into the case's history.
 */
import { type WorkCalendar, workingDeadline } from "../../shared/domain/workdays";
import type { Env } from "../env";

/** Working days to decide, by case kind (DOMAIN.md §5 and §6): 3 for repairs, 5 for objections unless configured. */
const DEFAULTS = { repair: 3, objection: 5 } as const;

/**
 * The decision period in working days, from REPAIR_DECISION_WORKING_DAYS / OBJECTION_DECISION_WORKING_DAYS.
 * @example decisionWorkingDays({ REPAIR_DECISION_WORKING_DAYS: "2" } as Env, "repair") // 2
 */
export function decisionWorkingDays(env: Env, kind: "repair" | "objection"): number {
  const raw = kind === "repair" ? env.REPAIR_DECISION_WORKING_DAYS : env.OBJECTION_DECISION_WORKING_DAYS;
  const n = Number(raw);
  return raw !== undefined && Number.isInteger(n) && n >= 1 && n <= 60 ? n : DEFAULTS[kind];
}

type Db = D1DatabaseSession | D1Database;
type Kind = "repair" | "objection";

const TABLE: Record<Kind, string> = { repair: "repair_cases", objection: "objection_cases" };

interface DeadlineRow {
  tracking: string;
  state: string;
  submitted_on: string;
  deadline: string;
  deadline_working_days: number | null;
  deadline_provisional: number;
}

/**
 * A new case's deadline: `days` working days after the filing date, with whether it is provisional.
 * @example caseDeadline(calendar, env, "objection", "2026-12-28") // { date: "2027-01-04", provisional: true, days: 5, … } while 2027 is uncovered
 */
export function caseDeadline(calendar: WorkCalendar, env: Env, kind: Kind, filedOn: string) {
  const days = decisionWorkingDays(env, kind);
  return { ...workingDeadline(filedOn, days, calendar), days };
}

/**
 * Recomputes the deadlines of cases that depend on `year` (provisional ones, and those whose count ran through
 * it); returns how many changed and how many are still provisional (they cross another uncovered year).
 * @example await recomputeDeadlines(db, env, calendar, 2027, "admin:admin-1", new Date()) // { cases: 3, stillProvisional: 0 }
 */
export async function recomputeDeadlines(db: Db, env: Env, calendar: WorkCalendar, year: number, actor: string, now: Date): Promise<{ cases: number; stillProvisional: number }> {
  const at = now.toISOString();
  let cases = 0;
  let stillProvisional = 0;
  const statements: D1PreparedStatement[] = [];
  for (const kind of ["repair", "objection"] as const) {
    const { results } = await db
      .prepare(
        `SELECT tracking, state, submitted_on, deadline, deadline_working_days, deadline_provisional FROM ${TABLE[kind]}
          WHERE deadline_provisional = 1 OR (submitted_on <= ?1 AND deadline >= ?2)`,
      )
      .bind(`${year}-12-31`, `${year}-01-01`)
      .all<DeadlineRow>();
    for (const row of results) {
      // Cases filed before the count was stored are counted with today's setting, as they were filed.
      const days = row.deadline_working_days ?? decisionWorkingDays(env, kind);
      const next = workingDeadline(row.submitted_on, days, calendar);
      if (next.provisional) stillProvisional++;
      if (next.date === row.deadline && (next.provisional ? 1 : 0) === row.deadline_provisional) continue;
      cases++;
      statements.push(
        db
          .prepare(`UPDATE ${TABLE[kind]} SET deadline = ?2, deadline_provisional = ?3, deadline_working_days = ?4 WHERE tracking = ?1`)
          .bind(row.tracking, next.date, next.provisional ? 1 : 0, days),
      );
      if (next.date !== row.deadline) {
        statements.push(
          db
            .prepare("INSERT INTO case_events (case_kind, tracking, at, actor, action, from_state, to_state, note) VALUES (?1, ?2, ?3, ?4, 'deadline_recomputed', ?5, ?5, ?6)")
            .bind(kind, row.tracking, at, actor, row.state, `按${year}年节假日安排重新计算决定期限：${row.deadline} → ${next.date}${next.provisional ? "（仍为暂定）" : ""}`),
        );
      }
    }
  }
  // One batch: the deadlines and their history rows change together.
  if (statements.length > 0) await db.batch(statements);
  return { cases, stillProvisional };
}
