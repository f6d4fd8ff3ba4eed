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
