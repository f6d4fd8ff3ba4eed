/**
 * 公共信用综合评价 model definitions: the versioned configuration (DOMAIN.md §8: no national thresholds are
 * public, so indicators, weights, thresholds and caps are data stored in D1, never constants in code).
 *
 * A model is a set of indicators, each belonging to a dimension, with an integer weight in points and a
 * formula that turns the subject's facts into a rate between 0 and 1. contribution = round(weight × rate);
 * the score is the sum of the contributions, so an explanation always adds up to its score.
 * An industry overlay (行业信用评价) adds its own indicators on top of the public score scaled to `publicWeight`.
 */
import { z } from "zod";
import { LIST_TYPES } from "../lists";

export const GRADES = ["A", "B", "C", "D", "E"] as const;
export type Grade = (typeof GRADES)[number];

/** Chongqing's grade names (DOMAIN.md §8). */
export const GRADE_LABEL: Record<Grade, string> = { A: "优秀", B: "良好", C: "中等", D: "较差", E: "差" };

/** The five dimensions of the plan, in its order; a public model must have exactly these. */
export const PLAN_DIMENSIONS = [
  { id: "basic", name: "基本信息" },
  { id: "operation", name: "经营行为" },
  { id: "fulfilment", name: "履约历史" },
  { id: "supervision", name: "监管信息" },
  { id: "growth", name: "成长潜力" },
] as const;

/** 全国公共信用信息基础目录 (2024) categories an indicator may read (DOMAIN.md §2); nothing outside it. */
export const CATALOGUE_CATEGORIES = [
  "登记注册基本信息",
  "司法裁判及执行信息",
  "行政管理信息",
  "职称和职业信息",
  "经营（活动）异常名录（状态）",
  "严重失信主体名单",
  "合同履行",
  "信用承诺及履行情况",
  "信用评价结果",
  "遵守法律法规情况",
  "诚实守信相关荣誉",
  "知识产权",
  "市场主体自愿提供的信息",
] as const;

export const RECORD_CATEGORIES = ["penalty", "licence", "enforcement", "inspection", "commendation", "judgement", "other"] as const;
export const REGISTRATION_STATUSES = ["存续", "在业", "吊销", "注销", "迁出", "撤销"] as const;

const Rate = z.number().min(0).max(1);
const Months = z.number().int().min(1).max(600);
const Points = z.number().min(0).max(10_000);

/** Which records a formula looks at beyond their category: any keyword in the title (违法行为类型 / 许可证书名称), basis or authority, or any penalty kind. */
const RecordMatch = z
  .object({
    keywords: z.array(z.string().min(1).max(40)).max(20).optional(),
    kinds: z.array(z.string().min(1).max(20)).max(20).optional(),
  })
  .refine((m) => (m.keywords?.length ?? 0) + (m.kinds?.length ?? 0) > 0, "match 至少需要一个关键词或处罚类别");
export type RecordMatch = z.infer<typeof RecordMatch>;

/** Ascending steps: the rate of the highest step whose threshold is reached. */
const ascending =
  <T,>(at: (step: T) => number) =>
  (steps: T[]): boolean =>
    steps.every((s, i) => i === 0 || at(s) > at(steps[i - 1] as T));
const AgeSteps = z
  .array(z.object({ minYears: z.number().min(0).max(200), rate: Rate }))
  .min(1)
  .max(20)
  .refine(ascending((s: { minYears: number }) => s.minYears), "阶梯门槛须严格递增");
const CountSteps = z
  .array(z.object({ min: z.number().int().min(0).max(10_000), rate: Rate }))
  .min(1)
  .max(20)
  .refine(ascending((s: { min: number }) => s.min), "阶梯门槛须严格递增")
  .refine((steps) => steps[0]?.min === 0, "第一级阶梯须从 0 开始");

export const Formula = z.discriminatedUnion("kind", [
  /** 成立年限: years since registered_on, by steps; `unknownRate` when the date is missing. */
  z.object({ kind: z.literal("registration_age"), steps: AgeSteps, unknownRate: Rate }),
  /** 登记状态: a rate per registration status. */
  z.object({ kind: z.literal("registration_status"), rates: z.partialRecord(z.enum(REGISTRATION_STATUSES), Rate), otherRate: Rate }),
  /** Counts active records of a category (optionally valid today, decided within N months, matching) → rate by steps. */
  z.object({
    kind: z.literal("record_count"),
    category: z.enum(RECORD_CATEGORIES),
    validOnToday: z.boolean().default(false),
    withinMonths: Months.optional(),
    match: RecordMatch.optional(),
    steps: CountSteps,
  }),
  /**
   * Penalties still in their publication window, decided within `withinMonths`: Σ points(severity) × recency
   * factor → rate = max(0, 1 − Σ / fullDeduction). An open objection does not change the deduction until it is
   * decided; `objectionOpenFactor`, which once reduced it, is still accepted in stored models and ignored.
   */
  z.object({
    kind: z.literal("penalty_deduction"),
    withinMonths: Months,
    points: z.object({ minor: Points, general: Points, serious: Points }),
    recency: z.array(z.object({ withinMonths: Months, factor: Rate })).min(1).max(10),
    objectionOpenFactor: Rate.optional().describe("已停用：异议处理中的记录在决定前照常计分（issue 11），此值不再生效"),
    fullDeduction: z.number().positive().max(10_000),
    match: RecordMatch.optional(),
  }),
  /**
   * List entries: in force → points per list type; removed (not repaired) within `removedWithinMonths` →
   * points × removedFactor. rate = max(0, 1 − Σ / fullDeduction).
   */
  z.object({
    kind: z.literal("list_deduction"),
    points: z.partialRecord(z.enum(LIST_TYPES), Points),
    removedWithinMonths: Months,
    removedFactor: Rate,
    fullDeduction: z.number().positive().max(10_000),
  }),
  /** 信用承诺: (fulfilled + prior × priorWeight) / (fulfilled + breached + priorWeight); no history → prior. */
  z.object({ kind: z.literal("commitment_ratio"), prior: Rate, priorWeight: z.number().positive().max(100) }),
  /** 荣誉与红名单: min(1, base + redList when on the red list + perCommendation × commendations within N months). */
  z.object({ kind: z.literal("honours"), base: Rate, redList: Rate, perCommendation: Rate, withinMonths: Months }),
]);
export type Formula = z.infer<typeof Formula>;
export type FormulaKind = Formula["kind"];

export const Indicator = z.object({
  id: z.string().regex(/^[a-z][a-z0-9_]{1,39}$/, "指标编号为小写字母、数字和下划线"),
  name: z.string().min(1).max(40),
  dimension: z.string().min(1).max(40),
  weight: z.number().int().min(1).max(10_000),
  reads: z.array(z.enum(CATALOGUE_CATEGORIES)).min(1).max(5),
  formula: Formula,
});
export type Indicator = z.infer<typeof Indicator>;

export const CapCondition = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("list_in_force"), listTypes: z.array(z.enum(LIST_TYPES)).min(1) }),
  z.object({ kind: z.literal("penalty_within"), severity: z.enum(["minor", "general", "serious"]), withinMonths: Months, match: RecordMatch.optional() }),
  z.object({ kind: z.literal("registration_status"), statuses: z.array(z.enum(REGISTRATION_STATUSES)).min(1) }),
]);
export type CapCondition = z.infer<typeof CapCondition>;

export const Cap = z.object({
  id: z.string().regex(/^[a-z][a-z0-9_]{1,39}$/),
  name: z.string().min(1).max(60),
  when: CapCondition,
  maxGrade: z.enum(GRADES),
});
export type Cap = z.infer<typeof Cap>;

/** The lowest score of grades A–D; anything below D's is E. Must strictly decrease from A to D. */
export const Thresholds = z
  .object({ A: z.number().int().min(0), B: z.number().int().min(0), C: z.number().int().min(0), D: z.number().int().min(0) })
  .refine((t) => t.A > t.B && t.B > t.C && t.C > t.D, "等级分数线须满足 A > B > C > D");
export type Thresholds = z.infer<typeof Thresholds>;

export const ModelDefinition = z
  .object({
    /** The best possible score: Σ indicator weights (+ publicWeight for an overlay). */
    maxScore: z.number().int().min(1).max(100_000),
    /** Overlays only: the public score, scaled to this many points, is the base of the sector score. */
    publicWeight: z.number().int().min(0).max(100_000).optional(),
    dimensions: z.array(z.object({ id: z.string().min(1).max(40), name: z.string().min(1).max(20) })).min(1).max(10),
    indicators: z.array(Indicator).min(1).max(100),
    thresholds: Thresholds,
    caps: z.array(Cap).max(30),
  })
  .superRefine((m, ctx) => {
    const dims = new Set(m.dimensions.map((d) => d.id));
    if (dims.size !== m.dimensions.length) ctx.addIssue({ code: "custom", path: ["dimensions"], message: "维度编号重复" });
    const ids = new Set<string>();
    m.indicators.forEach((ind, i) => {
      if (!dims.has(ind.dimension)) ctx.addIssue({ code: "custom", path: ["indicators", i, "dimension"], message: `指标 ${ind.id} 的维度 ${ind.dimension} 未定义` });
      if (ids.has(ind.id)) ctx.addIssue({ code: "custom", path: ["indicators", i, "id"], message: `指标编号 ${ind.id} 重复` });
      ids.add(ind.id);
    });
    for (const d of m.dimensions) {
      if (!m.indicators.some((ind) => ind.dimension === d.id)) ctx.addIssue({ code: "custom", path: ["dimensions"], message: `维度 ${d.name} 没有指标` });
    }
    const total = m.indicators.reduce((s, ind) => s + ind.weight, 0) + (m.publicWeight ?? 0);
    if (total !== m.maxScore) ctx.addIssue({ code: "custom", path: ["maxScore"], message: `权重合计 ${total} 与满分 ${m.maxScore} 不符` });
    if (m.thresholds.A > m.maxScore) ctx.addIssue({ code: "custom", path: ["thresholds", "A"], message: "A 级分数线高于满分" });
    const capIds = new Set(m.caps.map((c) => c.id));
    if (capIds.size !== m.caps.length) ctx.addIssue({ code: "custom", path: ["caps"], message: "封顶规则编号重复" });
  });
export type ModelDefinition = z.infer<typeof ModelDefinition>;

export type ModelKind = "public" | "industry";

/**
 * Checks a definition against its kind: a public model has exactly the plan's five dimensions and no
 * public base; an overlay has a public base. Returns the problems (empty when it fits).
 * @example modelKindProblems(definition, "public") // []
 */
export function modelKindProblems(definition: ModelDefinition, kind: ModelKind): string[] {
  if (kind === "industry") return definition.publicWeight === undefined ? ["行业评价模型须设置 publicWeight（公共信用评价得分折算的分值）"] : [];
  const problems: string[] = [];
  if (definition.publicWeight !== undefined) problems.push("公共信用综合评价模型不能设置 publicWeight");
  const ids = definition.dimensions.map((d) => d.id).join(",");
  if (ids !== PLAN_DIMENSIONS.map((d) => d.id).join(",")) {
    problems.push(`公共信用综合评价模型须包含且仅包含五个维度：${PLAN_DIMENSIONS.map((d) => `${d.id}（${d.name}）`).join("、")}`);
  }
  return problems;
}

/**
 * The grade a score earns under the thresholds, before caps.
 * @example gradeForScore(812, { A: 900, B: 800, C: 650, D: 500 }) // "B"
 */
export function gradeForScore(score: number, thresholds: Thresholds): Grade {
  if (score >= thresholds.A) return "A";
  if (score >= thresholds.B) return "B";
  if (score >= thresholds.C) return "C";
  if (score >= thresholds.D) return "D";
  return "E";
}

/** The worse of two grades (E is the worst). @example worseGrade("B", "D") // "D" */
export function worseGrade(a: Grade, b: Grade): Grade {
  return GRADES.indexOf(a) >= GRADES.indexOf(b) ? a : b;
}
