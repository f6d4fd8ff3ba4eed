/**
 * 行政处罚 classes and publication windows.
 *
 * Sources: 《行政处罚法》(2021) art. 9 for the kinds of penalty; 国办发〔2025〕22号 and NDRC Order 36
 * 《信用修复管理办法》 (in force 2026-04-01) for the three classes of 失信信息 and their publication periods.
 */
import { addDays, addMonths } from "./dates";

/** 轻微 / 一般 / 严重 */
export type Severity = "minor" | "general" | "serious";

export const SEVERITY_LABEL: Record<Severity, string> = { minor: "轻微", general: "一般", serious: "严重" };

/** Kinds of penalty in the 2021 行政处罚法 (art. 9), the current 双公示 vocabulary of 处罚类别. */
export const PENALTY_KINDS = [
  "警告", "通报批评", "罚款", "没收违法所得", "没收非法财物", "暂扣许可证件", "降低资质等级", "吊销许可证件",
  "限制开展生产经营活动", "责令停产停业", "责令关闭", "限制从业", "行政拘留", "其他",
] as const;
export type PenaltyKind = (typeof PENALTY_KINDS)[number];

/** The legacy 双公示 schema's 处罚类别1 codes, mapped to the current vocabulary. */
export const LEGACY_PENALTY_KIND_CODES: Record<string, readonly PenaltyKind[]> = {
  "0": ["警告"],
  "1": ["罚款"],
  "2": ["没收违法所得"],
  "3": ["责令停产停业"],
  "4": ["吊销许可证件"],
  "5": ["行政拘留"],
  "6": ["其他"],
};

/** Publication periods in months, counted from the decision date. */
export const PUBLICATION_PERIOD_MONTHS: Record<Severity, { min: number; max: number }> = {
  minor: { min: 0, max: 3 },
  general: { min: 3, max: 12 },
  serious: { min: 12, max: 36 },
};

/**
 * Rules that decide a penalty's class. Configuration, not law: no national threshold for 巨额罚款 is
 * published, so the amount is a setting (DOMAIN.md §5 marks it unconfirmed).
 */
export interface SeverityRules {
  /** Any of these kinds makes the penalty serious. */
  seriousKinds: readonly string[];
  /** A fine (万元) at or above this makes the penalty serious (巨额罚款). */
  seriousFineWan: number;
  /** Kinds that alone keep a penalty minor (简易程序 warnings and 通报批评). */
  minorKinds: readonly string[];
  /** A fine (万元) at or below this, with only minor kinds otherwise, is still minor (简易程序 limit for organisations: 3,000 元). */
  minorFineWan: number;
}

export const DEFAULT_SEVERITY_RULES: SeverityRules = {
  seriousKinds: ["吊销许可证件", "限制从业", "责令关闭", "责令停产停业", "限制开展生产经营活动", "降低资质等级", "行政拘留"],
  seriousFineWan: 100,
  minorKinds: ["警告", "通报批评"],
  minorFineWan: 0.3,
};

/** Kinds that can never be repaired before the maximum period ends (market supervision rule, DOMAIN.md §5). */
export const NEVER_REPAIRABLE_EARLY_KINDS = ["责令停产停业", "限制开展生产经营活动", "限制从业", "降低资质等级", "吊销许可证件"] as const;

/**
 * The class of a penalty from its kinds and fine.
 * @example classifyPenalty({ kinds: ["警告"] }) // "minor"
 * @example classifyPenalty({ kinds: ["罚款"], fineWan: 5 }) // "general"
 * @example classifyPenalty({ kinds: ["罚款", "吊销许可证件"], fineWan: 2 }) // "serious"
 */
export function classifyPenalty(
  penalty: { kinds: readonly string[]; fineWan?: number | null },
  rules: SeverityRules = DEFAULT_SEVERITY_RULES,
): Severity {
  const fine = penalty.fineWan ?? 0;
  if (penalty.kinds.some((k) => rules.seriousKinds.includes(k)) || fine >= rules.seriousFineWan) return "serious";
  const onlyMinorKinds = penalty.kinds.every((k) => rules.minorKinds.includes(k) || k === "罚款");
  const hasFine = penalty.kinds.includes("罚款") || fine > 0;
  if (onlyMinorKinds && (!hasFine || fine <= rules.minorFineWan)) return "minor";
  return "general";
}

/**
 * The publication window of a penalty decided on `decidedOn`: it is public up to and including
 * `publishUntil`, and repair may be applied for from `repairableFrom`.
 * @example publicationWindow("2026-01-15", "general") // { publishUntil: "2027-01-14", repairableFrom: "2026-04-15" }
 */
export function publicationWindow(decidedOn: string, severity: Severity): { publishUntil: string; repairableFrom: string } {
  const period = PUBLICATION_PERIOD_MONTHS[severity];
  const end = addMonths(decidedOn, period.max);
  return { publishUntil: addDays(end, -1), repairableFrom: addMonths(decidedOn, period.min) };
}

/**
 * Whether a penalty is published to the public (公示) at all: 轻微 penalties are in principle not published
 * (国办发〔2025〕22号, DOMAIN.md §5), unless the deciding authority marked this one for publication
 * (records.publish_minor). Its window still applies on top (publicationWindow). Sharing with officers is not
 * publication: they still see it.
 * @example isPublishedToPublic({ severity: "minor", publishMinor: false }) // false
 * @example isPublishedToPublic({ severity: "minor", publishMinor: true }) // true
 * @example isPublishedToPublic({ severity: "general", publishMinor: false }) // true
 */
export function isPublishedToPublic(penalty: { severity: Severity | null; publishMinor: boolean }): boolean {
  return penalty.severity !== "minor" || penalty.publishMinor;
}

/** The same rule as SQL on records aliased `r` (licences have no severity and are not affected). */
export const PUBLISHED_TO_PUBLIC_SQL = "(r.severity IS NOT 'minor' OR r.publish_minor = 1)";
