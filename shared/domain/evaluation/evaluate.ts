/**
 * Scores one subject under a model: pure, no I/O. Every indicator reports its rate, its contribution
 * (round(weight × rate), whole points) and the rows it read, so the grade explains itself and the
 * contributions add up exactly to the score.
 */
import { addMonths } from "../dates";
import { LIST_TYPE_INFO, type ListType, isListEntryInForce } from "../lists";
import { SEVERITY_LABEL, type Severity } from "../penalties";
import type { ListEntryFact, RecordFact, SubjectFacts } from "./facts";
import {
  type Cap,
  type CapCondition,
  type Formula,
  GRADE_LABEL,
  type Grade,
  type Indicator,
  type ModelDefinition,
  type RecordMatch,
  gradeForScore,
  worseGrade,
} from "./model";

/** A row an indicator or cap read: enough to find it (type + id + document number) and to say what it did. */
export interface SourceRef {
  type: "subject" | "record" | "list_entry" | "commitment";
  id: number;
  docNo: string | null;
  label: string;
  date: string | null;
  effect: string;
}

export interface IndicatorResult {
  id: string;
  name: string;
  dimension: string;
  weight: number;
  /** The formula's rate, 0–1, rounded to 4 places for display (the contribution uses the exact rate). */
  rate: number;
  contribution: number;
  detail: string;
  sources: SourceRef[];
}

export interface DimensionResult {
  id: string;
  name: string;
  weight: number;
  contribution: number;
}

export interface CapApplied {
  id: string;
  name: string;
  maxGrade: Grade;
  sources: SourceRef[];
}

/** An overlay's base: the public score scaled to the overlay's publicWeight. */
export interface PublicBase {
  publicScore: number;
  publicMaxScore: number;
  weight: number;
  contribution: number;
}

export interface Evaluation {
  score: number;
  maxScore: number;
  grade: Grade;
  gradeLabel: string;
  /** The grade the score alone earns; differs from `grade` when a cap applied. */
  uncappedGrade: Grade;
  base: PublicBase | null;
  dimensions: DimensionResult[];
  indicators: IndicatorResult[];
  capsApplied: CapApplied[];
}

/** What a subject that is not graded shows instead of a grade. */
export const CANCELLED_NOT_EVALUATED = "已注销，不予评价";

/**
 * Why a subject gets no grade at all, or null when it is graded. A 注销 registration ends the market entity
 * (《市场主体登记管理条例》第三十一条: its 主体资格 ends with the 注销登记), so there is nothing left to supervise
 * by grade; an ordinary grade would read as a judgement of a living business. 吊销 is different: the entity
 * still exists until it is cancelled, and the `registration_revoked` cap grades it E.
 * @example notEvaluatedReason({ registrationStatus: "注销" }) // "已注销，不予评价"
 * @example notEvaluatedReason({ registrationStatus: "吊销" }) // null
 */
export function notEvaluatedReason(subject: Pick<SubjectFacts["subject"], "registrationStatus">): string | null {
  return subject.registrationStatus === "注销" ? CANCELLED_NOT_EVALUATED : null;
}

/**
 * The public evaluation of one subject (callers first ask notEvaluatedReason whether it is graded at all).
 * @example
 * const result = evaluate(model, facts, "2026-11-27");
 * result.score === result.indicators.reduce((s, i) => s + i.contribution, 0) // always true
 */
export function evaluate(model: ModelDefinition, facts: SubjectFacts, today: string): Evaluation {
  return score(model, facts, today, null, []);
}

/**
 * An industry overlay (行业信用评价) on top of a public evaluation: the public score scaled to the
 * overlay's publicWeight, plus the sector's own indicators. The public caps still bind.
 * @example evaluateOverlay(constructionModel, facts, "2026-11-27", publicResult).base?.contribution // e.g. 640
 */
export function evaluateOverlay(model: ModelDefinition, facts: SubjectFacts, today: string, publicResult: Evaluation): Evaluation {
  const weight = model.publicWeight ?? 0;
  const base: PublicBase = {
    publicScore: publicResult.score,
    publicMaxScore: publicResult.maxScore,
    weight,
    contribution: Math.round((publicResult.score * weight) / publicResult.maxScore),
  };
  const inherited = publicResult.capsApplied.map((cap) => ({ ...cap, id: `public_${cap.id}`, name: `${cap.name}（公共信用综合评价）` }));
  return score(model, facts, today, base, inherited);
}

function score(model: ModelDefinition, facts: SubjectFacts, today: string, base: PublicBase | null, inheritedCaps: CapApplied[]): Evaluation {
  const indicators = model.indicators.map((indicator) => scoreIndicator(indicator, facts, today));
  const dimensions = model.dimensions.map((d) => {
    const own = indicators.filter((i) => i.dimension === d.id);
    return { id: d.id, name: d.name, weight: own.reduce((s, i) => s + i.weight, 0), contribution: own.reduce((s, i) => s + i.contribution, 0) };
  });
  const total = (base?.contribution ?? 0) + indicators.reduce((s, i) => s + i.contribution, 0);
  const uncappedGrade = gradeForScore(total, model.thresholds);
  const capsApplied = [...inheritedCaps, ...model.caps.flatMap((cap) => applyCap(cap, facts, today))];
  const grade = capsApplied.reduce<Grade>((g, cap) => worseGrade(g, cap.maxGrade), uncappedGrade);
  return { score: total, maxScore: model.maxScore, grade, gradeLabel: GRADE_LABEL[grade], uncappedGrade, base, dimensions, indicators, capsApplied };
}

interface FormulaOutcome {
  rate: number;
  detail: string;
  sources: SourceRef[];
}

function scoreIndicator(indicator: Indicator, facts: SubjectFacts, today: string): IndicatorResult {
  const outcome = applyFormula(indicator.formula, facts, today);
  const rate = Math.min(1, Math.max(0, outcome.rate));
  return {
    id: indicator.id,
    name: indicator.name,
    dimension: indicator.dimension,
    weight: indicator.weight,
    rate: Math.round(rate * 10_000) / 10_000,
    contribution: Math.round(indicator.weight * rate),
    detail: outcome.detail,
    sources: outcome.sources,
  };
}

function applyFormula(formula: Formula, facts: SubjectFacts, today: string): FormulaOutcome {
  switch (formula.kind) {
    case "registration_age":
      return registrationAge(formula, facts, today);
    case "registration_status": {
      const status = facts.subject.registrationStatus;
      const rate = (formula.rates as Record<string, number | undefined>)[status] ?? formula.otherRate;
      return { rate, detail: `登记状态：${status}`, sources: [subjectRef(facts, "registration_status", status)] };
    }
    case "record_count":
      return recordCount(formula, facts, today);
    case "penalty_deduction":
      return penaltyDeduction(formula, facts, today);
    case "list_deduction":
      return listDeduction(formula, facts, today);
    case "commitment_ratio":
      return commitmentRatio(formula, facts);
    case "honours":
      return honours(formula, facts, today);
  }
}

function registrationAge(formula: Extract<Formula, { kind: "registration_age" }>, facts: SubjectFacts, today: string): FormulaOutcome {
  const registeredOn = facts.subject.registeredOn;
  if (!registeredOn) return { rate: formula.unknownRate, detail: "成立日期不详", sources: [] };
  const years = fullYearsBetween(registeredOn, today);
  const step = [...formula.steps].reverse().find((s) => years >= s.minYears);
  return { rate: step?.rate ?? 0, detail: `成立 ${years} 年（${registeredOn} 登记）`, sources: [subjectRef(facts, "registered_on", `成立 ${years} 年`)] };
}

function recordCount(formula: Extract<Formula, { kind: "record_count" }>, facts: SubjectFacts, today: string): FormulaOutcome {
  const since = formula.withinMonths ? addMonths(today, -formula.withinMonths) : null;
  const counted = facts.records.filter(
    (r) =>
      r.category === formula.category &&
      r.status === "active" &&
      r.decidedOn <= today &&
      (!formula.validOnToday || r.validUntil === null || r.validUntil >= today) &&
      (since === null || r.decidedOn >= since) &&
      matches(r, formula.match),
  );
  const step = stepRate(formula.steps, counted.length);
  const what = `${CATEGORY_LABEL[formula.category] ?? formula.category}${formula.validOnToday ? "（有效期内）" : ""}`;
  return {
    rate: step,
    detail: `${formula.withinMonths ? `近 ${formula.withinMonths} 个月` : ""}${what} ${counted.length} 项`,
    sources: counted.map((r) => recordRef(r, "计 1 项")),
  };
}

function penaltyDeduction(formula: Extract<Formula, { kind: "penalty_deduction" }>, facts: SubjectFacts, today: string): FormulaOutcome {
  const since = addMonths(today, -formula.withinMonths);
  const bands = [...formula.recency].sort((a, b) => a.withinMonths - b.withinMonths).map((b) => ({ since: addMonths(today, -b.withinMonths), factor: b.factor }));
  const inScope = facts.records.filter((r) => r.category === "penalty" && r.decidedOn >= since && r.decidedOn <= today && matches(r, formula.match));
  const sources: SourceRef[] = [];
  let deducted = 0;
  for (const r of inScope) {
    if (r.status !== "active" || (r.publishUntil !== null && r.publishUntil < today)) continue;
    const severity: Severity = r.severity ?? "general";
    const factor = bands.find((b) => r.decidedOn >= b.since)?.factor ?? 0;
    // An open objection changes nothing until it is decided: otherwise filing objections would raise a grade.
    const points = formula.points[severity] * factor;
    deducted += points;
    sources.push(recordRef(r, `${SEVERITY_LABEL[severity]} ${formula.points[severity]} 分 × 时效 ${factor} = ${round2(points)} 分${r.objectionOpen ? "（异议处理中，决定前照常计分）" : ""}`));
  }
  const revoked = inScope.filter((r) => r.status === "revoked" || r.status === "withdrawn").length;
  const detail = [
    `近 ${formula.withinMonths} 个月公示期内行政处罚 ${sources.length} 起，扣减 ${round2(deducted)} 分（满扣 ${formula.fullDeduction} 分）`,
    revoked > 0 ? `另有 ${revoked} 起已撤销或撤回（如异议成立），不计入` : "",
  ].filter(Boolean).join("；");
  return { rate: 1 - deducted / formula.fullDeduction, detail, sources };
}

function listDeduction(formula: Extract<Formula, { kind: "list_deduction" }>, facts: SubjectFacts, today: string): FormulaOutcome {
  const since = addMonths(today, -formula.removedWithinMonths);
  const points = formula.points as Partial<Record<ListType, number>>;
  const sources: SourceRef[] = [];
  let deducted = 0;
  let deletedByObjection = 0;
  for (const entry of facts.listEntries) {
    const p = points[entry.listType];
    if (p === undefined || entry.status === "repaired") continue;
    // Deleted as wrong after an upheld objection: it never counts, not even as a past listing.
    if (entry.status === "deleted_by_objection") {
      deletedByObjection++;
      continue;
    }
    if (isListEntryInForce(entry, today)) {
      deducted += p;
      sources.push(listRef(entry, `列入中 ${p} 分`));
      continue;
    }
    const endedOn = entry.removedOn ?? entry.plannedRemovalOn;
    if (endedOn !== null && endedOn >= since) {
      const reduced = p * formula.removedFactor;
      deducted += reduced;
      sources.push(listRef(entry, `${endedOn} 已移出，${p} 分 × ${formula.removedFactor} = ${round2(reduced)} 分`));
    }
  }
  const names = Object.keys(points).map((t) => LIST_TYPE_INFO[t as ListType].name).join("、");
  return {
    rate: 1 - deducted / formula.fullDeduction,
    detail: [
      `${names}：列入中或近 ${formula.removedWithinMonths} 个月移出的记录 ${sources.length} 条，扣减 ${round2(deducted)} 分（满扣 ${formula.fullDeduction} 分）`,
      deletedByObjection > 0 ? `另有 ${deletedByObjection} 条因异议成立已删除，不计入` : "",
    ].filter(Boolean).join("；"),
    sources,
  };
}

function commitmentRatio(formula: Extract<Formula, { kind: "commitment_ratio" }>, facts: SubjectFacts): FormulaOutcome {
  const resolved = facts.commitments.filter((c) => c.status !== "pending");
  const kept = resolved.filter((c) => c.status === "fulfilled").length;
  const breached = resolved.length - kept;
  const pending = facts.commitments.length - resolved.length;
  return {
    rate: (kept + formula.prior * formula.priorWeight) / (kept + breached + formula.priorWeight),
    detail: `信用承诺已履行 ${kept} 项、未履行（违诺）${breached} 项${pending ? `、履行期内 ${pending} 项（不计）` : ""}`,
    sources: resolved.map((c) => ({
      type: "commitment" as const,
      id: c.id,
      docNo: c.docNo,
      label: c.matter,
      date: c.resolvedOn ?? c.committedOn,
      effect: c.status === "fulfilled" ? "已履行" : "未履行（违诺）",
    })),
  };
}

function honours(formula: Extract<Formula, { kind: "honours" }>, facts: SubjectFacts, today: string): FormulaOutcome {
  const since = addMonths(today, -formula.withinMonths);
  const red = facts.listEntries.filter((e) => e.listType === "red_list" && isListEntryInForce(e, today));
  const commendations = facts.records.filter((r) => r.category === "commendation" && r.status === "active" && r.decidedOn >= since && r.decidedOn <= today);
  const rate = formula.base + (red.length > 0 ? formula.redList : 0) + formula.perCommendation * commendations.length;
  return {
    rate,
    detail: `基础 ${formula.base}；${red.length > 0 ? `红名单（守信激励对象）+${formula.redList}` : "不在红名单"}；近 ${formula.withinMonths} 个月诚实守信相关荣誉 ${commendations.length} 项（每项 +${formula.perCommendation}）`,
    sources: [
      ...red.map((e) => listRef(e, `红名单 +${formula.redList}`)),
      ...commendations.map((r) => recordRef(r, `荣誉 +${formula.perCommendation}`)),
    ],
  };
}

function applyCap(cap: Cap, facts: SubjectFacts, today: string): CapApplied[] {
  const sources = capSources(cap.when, facts, today);
  return sources.length > 0 ? [{ id: cap.id, name: cap.name, maxGrade: cap.maxGrade, sources }] : [];
}

const SEVERITY_RANK: Record<Severity, number> = { minor: 0, general: 1, serious: 2 };

function capSources(when: CapCondition, facts: SubjectFacts, today: string): SourceRef[] {
  switch (when.kind) {
    case "list_in_force":
      return facts.listEntries
        .filter((e) => (when.listTypes as readonly string[]).includes(e.listType) && isListEntryInForce(e, today))
        .map((e) => listRef(e, "列入中"));
    case "penalty_within": {
      const since = addMonths(today, -when.withinMonths);
      return facts.records
        .filter(
          (r) =>
            r.category === "penalty" &&
            r.status === "active" &&
            (r.publishUntil === null || r.publishUntil >= today) &&
            r.decidedOn >= since &&
            r.decidedOn <= today &&
            SEVERITY_RANK[r.severity ?? "general"] >= SEVERITY_RANK[when.severity] &&
            matches(r, when.match),
        )
        .map((r) => recordRef(r, `${SEVERITY_LABEL[r.severity ?? "general"]}行政处罚`));
    }
    case "registration_status":
      return (when.statuses as readonly string[]).includes(facts.subject.registrationStatus)
        ? [subjectRef(facts, "registration_status", facts.subject.registrationStatus)]
        : [];
  }
}

const CATEGORY_LABEL: Record<string, string> = {
  penalty: "行政处罚",
  licence: "行政许可",
  enforcement: "行政强制",
  inspection: "行政检查",
  commendation: "诚实守信相关荣誉",
  judgement: "司法裁判",
  other: "其他",
};

function matches(r: RecordFact, match: RecordMatch | undefined): boolean {
  if (!match) return true;
  const text = [r.title, r.basis, r.authorityName].filter(Boolean).join(" ");
  const kinds = (r.kinds ?? "").split(/[；;,，]/).map((k) => k.trim());
  return (match.keywords ?? []).some((k) => text.includes(k)) || (match.kinds ?? []).some((k) => kinds.includes(k));
}

function stepRate(steps: readonly { min: number; rate: number }[], n: number): number {
  return [...steps].reverse().find((s) => n >= s.min)?.rate ?? 0;
}

/** Whole years from `from` to `to` (a birthday-style count: 2016-08-09 → 2026-08-08 is 9). */
function fullYearsBetween(from: string, to: string): number {
  let years = Number(to.slice(0, 4)) - Number(from.slice(0, 4));
  if (addMonths(from, years * 12) > to) years--;
  return Math.max(0, years);
}

const round2 = (n: number) => Math.round(n * 100) / 100;

function subjectRef(facts: SubjectFacts, field: string, effect: string): SourceRef {
  const label = field === "registered_on" ? "成立日期" : "登记状态";
  return { type: "subject", id: facts.subject.id, docNo: null, label, date: field === "registered_on" ? facts.subject.registeredOn : null, effect };
}

function recordRef(r: RecordFact, effect: string): SourceRef {
  return { type: "record", id: r.id, docNo: r.docNo, label: `${r.authorityName}：${r.title ?? CATEGORY_LABEL[r.category] ?? r.category}`, date: r.decidedOn, effect };
}

function listRef(e: ListEntryFact, effect: string): SourceRef {
  return { type: "list_entry", id: e.id, docNo: e.docNo, label: `${LIST_TYPE_INFO[e.listType].name}：${e.reason}`, date: e.listedOn, effect };
}
