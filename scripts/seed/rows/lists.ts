/**
 * 名单 entries: reason, deciding body, document number and dates for each variety (in force, expired,
 * removed, repaired).
 */
import type { ListType } from "../../../shared/domain/lists";
import type { Authority } from "../authorities";
import { addMonths, dayBetween, dayNum, fromDay } from "../calendar";
import type { SeedContext, SubjectInfo, Variety } from "../context";
import { ABNORMAL_REASONS, JUDGMENT_REASONS, LIST_REASONS, REMOVAL_REASONS, REPAIR_REASONS, type ListReason } from "../data";
import type { SeedRow } from "../options";
import { type Rng, Weighted } from "../rng";
import { reportedBy } from "./lineage";

interface ListFields {
  list_type: ListType;
  subject_id: number;
  reason: string;
  legal_basis: string;
  authority: Authority;
  doc_no: string;
  listed_on: string;
  planned_removal_on: string | null;
  removed_on: string | null;
  removal_reason: string | null;
  status: "listed" | "removed" | "repaired";
  objection_open: number;
}

export function listRow(ctx: SeedContext, f: ListFields): SeedRow {
  return reportedBy(ctx, f.authority, {
    id: ctx.nextListId++,
    list_type: f.list_type,
    subject_id: f.subject_id,
    reason: f.reason,
    legal_basis: f.legal_basis,
    authority_name: f.authority.name,
    authority_code: f.authority.code,
    doc_no: f.doc_no,
    listed_on: f.listed_on,
    planned_removal_on: f.planned_removal_on,
    removed_on: f.removed_on,
    removal_reason: f.removal_reason,
    status: f.status,
    objection_open: f.objection_open,
  });
}

interface ListDates {
  listed: string;
  planned: string;
  removedOn: string | null;
}

function listDates(rng: Rng, ctx: SeedContext, s: SubjectInfo, months: number, variety: Variety): { dates: ListDates; variety: Variety } {
  const t = ctx.todayDay;
  const earliest = Math.max(s.registeredDay + 30, t - 8 * 365);
  const span = (listedDay: number) => dayNum(addMonths(fromDay(listedDay), months)) - listedDay;
  const periodDays = span(t - months * 31);
  let v = variety;
  // Expired: planned removal strictly before today.
  if (v === "expired") {
    const hi = t - periodDays - 2;
    const lo = Math.max(earliest, hi - 2 * 365);
    if (hi >= earliest) {
      const listedDay = dayBetween(rng, lo, hi);
      const listed = fromDay(listedDay);
      const planned = addMonths(listed, months);
      if (planned < ctx.today) return { dates: { listed, planned, removedOn: null }, variety: v };
    }
    v = "in_force";
  }
  if (v === "removed" || v === "repaired") {
    const minGap = v === "repaired" ? Math.min(365, Math.floor(periodDays / 2)) : 30;
    const lo = Math.max(earliest, t - periodDays - 365);
    const hi = t - minGap - 1;
    if (hi >= lo) {
      const listedDay = dayBetween(rng, lo, hi);
      const listed = fromDay(listedDay);
      const planned = addMonths(listed, months);
      const removedDay = dayBetween(rng, listedDay + minGap, Math.min(t, dayNum(planned) - 1));
      if (removedDay > listedDay && removedDay <= t) return { dates: { listed, planned, removedOn: fromDay(removedDay) }, variety: v };
    }
    v = "in_force";
  }
  const lo = Math.max(earliest, t - periodDays + 1);
  let listedDay = Math.min(t, Math.max(s.registeredDay, dayBetween(rng, lo, t - 1)));
  if (addMonths(fromDay(listedDay), months) < ctx.today) listedDay = t - 1;
  const listed = fromDay(listedDay);
  return { dates: { listed, planned: addMonths(listed, months), removedOn: null }, variety: "in_force" };
}

function pickReason(rng: Rng, reasons: readonly ListReason[], s: SubjectInfo): ListReason {
  const fitting = reasons.filter((r) => (!r.kinds || r.kinds.includes(s.kind)) && (!r.sectors || r.sectors.includes(s.letter)));
  const pool = fitting.length > 0 ? fitting : reasons.filter((r) => !r.kinds && !r.sectors);
  return new Weighted((pool.length > 0 ? pool : reasons).map((r) => [r, r.weight] as const)).sample(rng);
}

const JUDGMENT_TABLE = new Weighted(JUDGMENT_REASONS.map((x) => [x, x[2]] as const));

export function listEntry(ctx: SeedContext, rng: Rng, s: SubjectInfo, type: ListType): SeedRow {
  const variety = ctx.nextVariety(type);
  let reason: string;
  let basis: string;
  let months: number;
  let auth: Authority;
  let docFor: (year: string) => string;
  if (type === "dishonest_judgment_debtor") {
    const r = JUDGMENT_TABLE.sample(rng);
    reason = r[0];
    basis = r[1];
    const u = rng.float();
    months = u < 0.8 ? 24 : u < 0.95 ? 36 : 60;
    const court = ctx.court(s.district, rng.chance(0.15));
    auth = court;
    docFor = (year) => `（${year}）${court.caseCode}执${ctx.docNumber(`${court.code}|执|${year}`, rng)}号`;
  } else {
    const r = type === "abnormal_operation" ? pickReason(rng, ABNORMAL_REASONS, s) : pickReason(rng, LIST_REASONS[type], s);
    reason = r.reason;
    basis = r.basis;
    if (type === "abnormal_operation" && s.kind === "individual_business") basis = "《个体工商户年度报告暂行办法》第十三条";
    if (type === "abnormal_operation" && s.kind === "cooperative") basis = "《农民专业合作社年度报告公示暂行办法》第十三条";
    months = type === "procurement_violation" ? rng.pick([12, 24, 36]) : r.months;
    const region = type === "abnormal_operation" ? s.region : r.city || rng.chance(0.2) || s.region === "500000" ? "500000" : s.district;
    const a = ctx.authority(r.agency, region);
    auth = a;
    docFor = (year) => `${a.short}${r.doc}〔${year}〕${ctx.docNumber(`${a.code}|${r.doc}|${year}`, rng)}号`;
  }
  const { dates, variety: v } = listDates(rng, ctx, s, months, variety);
  const status = v === "removed" ? "removed" : v === "repaired" ? "repaired" : "listed";
  const removalReason = v === "removed" ? rng.pick(REMOVAL_REASONS[type]) : v === "repaired" ? REPAIR_REASONS[type] : null;
  return listRow(ctx, {
    list_type: type,
    subject_id: s.id,
    reason,
    legal_basis: basis,
    authority: auth,
    doc_no: docFor(dates.listed.slice(0, 4)),
    listed_on: dates.listed,
    planned_removal_on: dates.planned,
    removed_on: dates.removedOn,
    removal_reason: removalReason,
    status,
    objection_open: status === "listed" && rng.chance(0.002) ? 1 : 0,
  });
}
