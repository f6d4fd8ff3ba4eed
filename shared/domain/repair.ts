/**
 * 信用修复 eligibility: may this record or list entry be repaired today? Pure rules, no I/O.
 *
 * Sources: 国办发〔2025〕22号 and NDRC Order 36 《信用修复管理办法》 (in force 2026-04-01): minimum publication
 * periods per class, repair only after the minimum period, 轻微 once obligations are fulfilled; the market
 * supervision rule that some penalties are never repaired early (DOMAIN.md §5); for lists, the rule of the
 * authority that keeps the list (see docs/repair-and-objections.md).
 */
import { addDays, addMonths } from "./dates";
import { LIST_TYPE_INFO, type ListType } from "./lists";
import { NEVER_REPAIRABLE_EARLY_KINDS, type Severity } from "./penalties";

export interface RecordTarget {
  kind: "record";
  category: string;
  /** 处罚类别 as stored ('；'-separated) or already split. */
  kinds: string | readonly string[] | null;
  severity: Severity | null;
  decidedOn: string;
  repairableFrom: string | null;
  publishUntil: string | null;
  status: string;
}

export interface ListEntryTarget {
  kind: "list_entry";
  listType: ListType;
  listedOn: string;
  plannedRemovalOn: string | null;
  status: string;
}

export type RepairTarget = RecordTarget | ListEntryTarget;

export type IneligibleRule =
  | "not_active"
  | "not_dishonesty"
  | "publication_ended"
  | "never_repairable_early"
  | "minimum_period"
  | "court_decides";

export type Eligibility = { eligible: true; basis: string } | { eligible: false; rule: IneligibleRule; message: string; applyFrom?: string };

/** Lists whose entries are repaired after a minimum of one year (严重失信 class, Order 36). */
const ONE_YEAR_LISTS: readonly ListType[] = ["serious_dishonesty", "major_tax_violation", "procurement_violation", "key_supervision"];

/** Splits stored 处罚类别 text into kinds. */
function splitKinds(kinds: RecordTarget["kinds"]): string[] {
  if (kinds === null) return [];
  if (typeof kinds !== "string") return [...kinds];
  return kinds.split(/[；;、,，]/).map((k) => k.trim()).filter(Boolean);
}

function recordEligibility(r: RecordTarget, today: string): Eligibility {
  if (r.status === "repaired") return { eligible: false, rule: "not_active", message: "该信息已完成信用修复" };
  if (r.status !== "active") return { eligible: false, rule: "not_active", message: "该信息已撤销或撤回，无需修复" };
  if (r.category !== "penalty") return { eligible: false, rule: "not_dishonesty", message: "只有行政处罚等失信信息可以申请信用修复" };
  if (r.publishUntil !== null && r.publishUntil < today) {
    return { eligible: false, rule: "publication_ended", message: `该信息的公示期已于 ${r.publishUntil} 届满，已停止公示，无需申请修复` };
  }
  const blocking = splitKinds(r.kinds).filter((k) => (NEVER_REPAIRABLE_EARLY_KINDS as readonly string[]).includes(k));
  if (blocking.length > 0) {
    const end = r.publishUntil ? `，公示期满（${r.publishUntil}）后自动停止公示` : "";
    return {
      eligible: false,
      rule: "never_repairable_early",
      message: `处罚类别含“${blocking.join("、")}”，按规定不得提前修复${end}`,
      ...(r.publishUntil ? { applyFrom: addDays(r.publishUntil, 1) } : {}),
    };
  }
  if (r.severity === "minor") return { eligible: true, basis: "轻微失信信息：履行法定义务、纠正失信行为并作出信用承诺后即可修复（国家发展改革委令第36号）" };
  if (r.repairableFrom !== null && today < r.repairableFrom) {
    return {
      eligible: false,
      rule: "minimum_period",
      message: `最短公示期未满，${r.repairableFrom} 起可以申请信用修复`,
      applyFrom: r.repairableFrom,
    };
  }
  return { eligible: true, basis: "最短公示期已满：纠正失信行为、履行法定义务并作出信用承诺后可以修复（国家发展改革委令第36号）" };
}

function listEntryEligibility(e: ListEntryTarget, today: string): Eligibility {
  if (e.status === "repaired") return { eligible: false, rule: "not_active", message: "该名单记录已完成信用修复" };
  if (e.status !== "listed" || (e.plannedRemovalOn !== null && e.plannedRemovalOn < today)) {
    return { eligible: false, rule: "not_active", message: "该名单记录已移出，无需修复" };
  }
  const info = LIST_TYPE_INFO[e.listType];
  if (info.polarity === "positive") return { eligible: false, rule: "not_dishonesty", message: `${info.name}不是失信信息，无需修复` };
  if (e.listType === "dishonest_judgment_debtor") {
    return {
      eligible: false,
      rule: "court_decides",
      message: "失信被执行人名单由作出决定的人民法院修复：履行生效法律文书确定的义务后，请向执行法院申请删除失信信息（《最高人民法院关于公布失信被执行人名单信息的若干规定》第十条）",
    };
  }
  if (e.listType === "abnormal_operation") {
    return { eligible: true, basis: "经营异常名录：补报、更正信息等义务履行完毕后，可申请移出（《企业经营异常名录管理暂行办法》）" };
  }
  if (ONE_YEAR_LISTS.includes(e.listType)) {
    const from = addMonths(e.listedOn, 12);
    if (today < from) {
      return { eligible: false, rule: "minimum_period", message: `${info.name}自列入之日起满一年方可申请信用修复，${from} 起可以申请`, applyFrom: from };
    }
    return { eligible: true, basis: `${info.name}列入满一年：纠正失信行为、履行法定义务并作出信用承诺后可以修复（国家发展改革委令第36号）` };
  }
  return { eligible: true, basis: "纠正失信行为、履行法定义务并作出信用承诺后可以修复" };
}

/**
 * Whether a record or a list entry may be repaired on `today` (China date), and if not, why and from when.
 * @example repairEligibility({ kind: "record", category: "penalty", kinds: "罚款", severity: "general", decidedOn: "2026-01-15", repairableFrom: "2026-04-15", publishUntil: "2027-01-14", status: "active" }, "2026-04-14")
 * // { eligible: false, rule: "minimum_period", message: "最短公示期未满，2026-04-15 起可以申请信用修复", applyFrom: "2026-04-15" }
 */
export function repairEligibility(target: RepairTarget, today: string): Eligibility {
  return target.kind === "record" ? recordEligibility(target, today) : listEntryEligibility(target, today);
}

/** Repair case states: 已提交 → 已受理 → 已修复 / 不予修复 (a case may also be refused before acceptance). */
export const REPAIR_STATES = ["submitted", "accepted", "repaired", "refused"] as const;
export type RepairState = (typeof REPAIR_STATES)[number];
export const REPAIR_STATE_LABEL: Record<RepairState, string> = { submitted: "已提交", accepted: "已受理", repaired: "已修复", refused: "不予修复" };

/** Objection case states: 处理中, then 维持 (dismissed), 更正 (corrected) or 删除 (deleted). */
export const OBJECTION_STATES = ["submitted", "dismissed", "corrected", "deleted"] as const;
export type ObjectionState = (typeof OBJECTION_STATES)[number];
export const OBJECTION_STATE_LABEL: Record<ObjectionState, string> = { submitted: "异议处理中", dismissed: "维持", corrected: "更正", deleted: "删除" };

/**
 * The repair transitions: who may move a case from which state. A decision is final.
 * @example nextRepairState("submitted", "accept") // "accepted"
 * @example nextRepairState("repaired", "refuse") // null
 */
export function nextRepairState(state: RepairState, action: "accept" | "repair" | "refuse"): RepairState | null {
  if (action === "accept") return state === "submitted" ? "accepted" : null;
  if (action === "repair") return state === "accepted" ? "repaired" : null;
  return state === "submitted" || state === "accepted" ? "refused" : null;
}
