/**
 * The decision for one subject in one scene (核查结论). Pure: list entries and the scene's measures in,
 * the hits that count, the measures that apply and one decision out.
 */
import { type Decision, type Effect, compareStrictness, strictestDecision } from "../../shared/domain/decisions";
import { LIST_TYPES, LIST_TYPE_INFO, type ListEntryStatus, type ListType, isListEntryInForce } from "../../shared/domain/lists";

export interface DecidableEntry {
  listType: ListType;
  status: ListEntryStatus;
  plannedRemovalOn: string | null;
}

export interface DecidableMeasure {
  listType: ListType;
  effect: Effect;
}

export interface Decided<E, M> {
  /** Entries in force on the day, in the order given. */
  hits: E[];
  /** Measures of the scene that apply to those hits, strictest first. */
  measures: M[];
  decision: Decision;
}

const LIST_ORDER = new Map<ListType, number>(LIST_TYPES.map((t, i) => [t, i]));

/**
 * Applies the scene's measures to a subject's list entries:
 * - only entries in force count (listed, not removed, not repaired, planned removal not passed): the
 *   query already filters them, and this stays defensive so a caller can never count a stale one;
 * - a measure applies when its list is hit; `benefit` (守信激励) only when no negative list is hit;
 * - the decision is the strictest applied effect (block > review > flag > benefit), `pass` when none.
 * @example
 * decide([{ listType: "red_list", status: "listed", plannedRemovalOn: null }], [{ listType: "red_list", effect: "benefit" }], "2026-11-27").decision
 * // "benefit"
 */
export function decide<E extends DecidableEntry, M extends DecidableMeasure>(entries: readonly E[], sceneMeasures: readonly M[], today: string): Decided<E, M> {
  const hits = entries.filter((e) => isListEntryInForce(e, today));
  const hitTypes = new Set(hits.map((e) => e.listType));
  const negative = hits.some((e) => LIST_TYPE_INFO[e.listType].polarity === "negative");
  const measures = sceneMeasures
    .filter((m) => hitTypes.has(m.listType) && (m.effect !== "benefit" || !negative))
    .sort((a, b) => compareStrictness(a.effect, b.effect) || (LIST_ORDER.get(a.listType) ?? 0) - (LIST_ORDER.get(b.listType) ?? 0));
  return { hits, measures, decision: strictestDecision(measures.map((m) => m.effect)) };
}
