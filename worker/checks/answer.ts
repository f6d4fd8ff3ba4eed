/**
 * Rows → the answer of a check, item by item, in the order asked. Pure: no I/O. Natural persons appear
 * only with masked ID numbers.
 */
import type { AppliedMeasure, CheckGrade, CheckItem, CheckSummary, CheckedSubject, ListHit } from "../../shared/contract";
import { SUBJECT_KIND_LABEL } from "../../shared/contract";
import { GRADES, GRADE_LABEL, type Grade } from "../../shared/domain/evaluation/model";
import { DECISION_LABEL, type Effect } from "../../shared/domain/decisions";
import { type ListEntryStatus, type ListType } from "../../shared/domain/lists";
import { auditSubjectRef } from "../lookup/profile";
import { decide } from "./decide";
import { normalizeName } from "../../shared/identifiers";
import { invalidCode } from "../lookup/resolve";
import type { ItemPlan } from "./plan";
import type { CheckEntryRow, CheckRows, CheckSubjectRow } from "./queries";
import { listEntryFields } from "../lists/entry";

const EMPTY = { subject: null, nameMatches: null, hits: [], measures: [], decision: null, decisionLabel: null, grade: null, problems: [], candidates: [] };

function groupBy<T>(rows: readonly T[], key: (row: T) => number | string): Map<number | string, T[]> {
  const map = new Map<number | string, T[]>();
  for (const row of rows) {
    const k = key(row);
    const list = map.get(k);
    if (list) list.push(row);
    else map.set(k, [row]);
  }
  return map;
}

function toSubject(row: CheckSubjectRow): CheckedSubject {
  const kind = row.kind as CheckedSubject["kind"];
  return {
    code: auditSubjectRef(row),
    codeType: row.code_type,
    checksumLegacy: row.checksum_legacy === 1,
    name: row.name,
    kind,
    kindLabel: SUBJECT_KIND_LABEL[kind] ?? row.kind,
    registrationStatus: row.registration_status,
  };
}

function toHit(row: CheckEntryRow): ListHit {
  return { ...listEntryFields(row), ...(row.objection_open === 1 ? { objectionOpen: true as const } : {}) };
}

/**
 * The answer for each item, in the order of the plans.
 * @example answerItems([{ ref: "1", by: "name", name: "无此公司" }], rows, "2026-11-27")[0].status // "not_found"
 */
export function answerItems(plans: readonly ItemPlan[], rows: CheckRows, today: string): CheckItem[] {
  const byCode = new Map(rows.byCode.map((s) => [s.code, s]));
  // Rows come highest id first, so the first subject registered under a 注册号 is the one kept.
  const byRegNo = new Map(rows.byCode.flatMap((s) => (s.reg_no ? [[s.reg_no, s] as const] : [])));
  const byName = groupBy(rows.byName, (s) => s.name);
  const entries = groupBy(rows.entries, (e) => e.subject_id);
  const grades = new Map<number, CheckGrade>();
  for (const g of rows.grades) {
    if (grades.has(g.subject_id) || !(GRADES as readonly string[]).includes(g.grade)) continue;
    grades.set(g.subject_id, { grade: g.grade as Grade, label: GRADE_LABEL[g.grade as Grade], score: g.score, modelVersion: g.model_version, computedAt: g.computed_at });
  }
  const measures: AppliedMeasure[] = rows.measures.map((m) => ({
    id: m.id,
    listType: m.list_type as ListType,
    effect: m.effect as Effect,
    effectLabel: DECISION_LABEL[m.effect as Effect],
    text: m.text,
    legalBasis: m.legal_basis,
  }));

  const checked = (plan: ItemPlan, subject: CheckSubjectRow, input: CheckItem["input"]): CheckItem => {
    const decidable = (entries.get(subject.id) ?? []).map((row) => ({ row, listType: row.list_type as ListType, status: row.status as ListEntryStatus, plannedRemovalOn: row.planned_removal_on }));
    const result = decide(decidable, measures, today);
    const label = DECISION_LABEL[result.decision];
    const nameMatches = plan.by === "code" && plan.name ? normalizeName(subject.name) === plan.name : null;
    const what = result.hits.length === 0 ? "未发现现行有效的名单记录" : `命中名单 ${result.hits.length} 项，适用措施 ${result.measures.length} 项`;
    return {
      ...EMPTY,
      ref: plan.ref,
      status: "ok",
      message: `${label}：${what}${nameMatches === false ? "；注意：提供的名称与该代码登记的名称不一致" : ""}`,
      input,
      subject: toSubject(subject),
      nameMatches,
      hits: result.hits.map((h) => toHit(h.row)),
      measures: result.measures,
      decision: result.decision,
      decisionLabel: label,
      grade: grades.get(subject.id) ?? null,
    };
  };

  return plans.map((plan): CheckItem => {
    if (plan.by === "invalid") {
      return { ...EMPTY, ref: plan.ref, status: "invalid_code", message: plan.message, input: { code: plan.shownCode, name: plan.name }, problems: plan.problems };
    }
    if (plan.by === "code") {
      const input = { code: plan.shownCode, name: plan.name };
      const { lookup } = plan;
      const subject =
        lookup.type === "registration_number" ? (byRegNo.get(lookup.code) ?? (lookup.idNumber ? byCode.get(lookup.idNumber) : undefined)) : byCode.get(lookup.code);
      if (lookup.type === "legacy_candidate" && subject?.checksum_legacy !== 1) {
        const failure = invalidCode(lookup.code, lookup.problems).invalid;
        return { ...EMPTY, ref: plan.ref, status: "invalid_code", message: failure.message, input, problems: failure.problems };
      }
      if (!subject) {
        const message =
          lookup.type === "registration_number" && !lookup.idNumber
            ? `“${lookup.code}”是旧版15位工商注册号，本系统没有登记该注册号对应的主体，请使用统一社会信用代码核查`
            : `未找到${lookup.type === "uscc" || lookup.type === "legacy_candidate" ? `统一社会信用代码“${lookup.code}”` : "该身份证号码"}对应的信用主体`;
        return { ...EMPTY, ref: plan.ref, status: "not_found", message, input };
      }
      return checked(plan, subject, input);
    }
    const input = { code: null, name: plan.name };
    const matches = byName.get(plan.name) ?? [];
    const first = matches[0];
    if (!first) return { ...EMPTY, ref: plan.ref, status: "not_found", message: `未找到名称为“${plan.name}”的主体（按名称核查须与登记名称完全一致，建议提供统一社会信用代码）`, input };
    if (first.matches > 1) {
      return {
        ...EMPTY,
        ref: plan.ref,
        status: "ambiguous",
        message: `名称“${plan.name}”对应 ${first.matches} 个主体，无法确定是哪一个，请提供统一社会信用代码`,
        input,
        candidates: matches.map((m) => ({ code: auditSubjectRef(m), name: m.name })),
      };
    }
    return checked(plan, first, input);
  });
}

/**
 * Counts by decision (items checked) and by status (items that could not be checked).
 * @example summarize(items).block // how many subjects may not take part
 */
export function summarize(items: readonly CheckItem[]): CheckSummary {
  const summary: CheckSummary = { block: 0, review: 0, flag: 0, benefit: 0, pass: 0, invalid_code: 0, not_found: 0, ambiguous: 0 };
  for (const item of items) {
    if (item.status === "ok" && item.decision) summary[item.decision]++;
    else if (item.status !== "ok") summary[item.status]++;
  }
  return summary;
}
