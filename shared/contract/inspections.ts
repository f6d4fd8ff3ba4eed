import { z } from "zod";
import { GRADES } from "../domain/evaluation/model";
import { SUBJECT_KINDS } from "./subjects";
import { EvaluationGrade, GradeCounts, SupervisionTier } from "./evaluation";

/** The most subjects one sample may draw (a 双随机 task list, not a data export). */
export const MAX_SAMPLE_SIZE = 5000;

export const SampleFilter = z
  .object({
    regionCode: z.string().regex(/^\d{6}$/, "区县代码为 6 位数字（GB/T 2260）").optional().describe("登记机关所在区县"),
    industryCode: z.string().regex(/^[A-T]$/, "行业门类为 GB/T 4754 的 A–T 字母").optional(),
    grades: z.array(z.enum(GRADES)).min(1).max(5).optional().describe("只在这些等级中抽取"),
    kinds: z.array(z.enum(SUBJECT_KINDS)).min(1).max(7).optional().describe("主体类型"),
  })
  .strict()
  .meta({ id: "SampleFilter", description: "抽查对象范围；不填为全部市场主体" });

export const SampleBody = z
  .object({
    size: z.number().int().min(1).max(MAX_SAMPLE_SIZE).describe("抽取数量"),
    seed: z.number().int().min(0).max(4_294_967_295).describe("随机种子：同一种子、同一范围抽取结果相同，可复现、可公开"),
    filter: SampleFilter.optional(),
    purpose: z.string().trim().max(200).optional().describe("抽查任务（工作人员必填），如 2026年第四季度双随机抽查"),
  })
  .meta({ id: "InspectionSampleRequest" });
export type SampleBody = z.infer<typeof SampleBody>;

export const SampleQuery = z.object({
  format: z.enum(["json", "csv"]).default("json").meta({ param: { name: "format", in: "query" }, description: "csv 导出（UTF-8 带 BOM）" }),
});

export const SampledSubject = z
  .object({
    code: z.string(),
    name: z.string(),
    grade: EvaluationGrade,
    tier: z.string(),
    regionCode: z.string().nullable(),
    regionName: z.string().nullable(),
    industryCode: z.string().nullable(),
    industry: z.string().nullable(),
  })
  .meta({ id: "SampledSubject" });

export const InspectionSample = z
  .object({
    seed: z.number().int(),
    requested: z.number().int(),
    drawn: z.number().int(),
    modelVersion: z.string().nullable(),
    population: z.object({ total: z.number().int(), byGrade: GradeCounts, ungraded: z.number().int().describe("尚无评价结果、按 C 级对待的主体数") }),
    allocation: GradeCounts.describe("各等级抽取数量（按 主体数 × 抽查比例 分配）"),
    tiers: z.array(SupervisionTier),
    items: z.array(SampledSubject),
  })
  .meta({ id: "InspectionSample", description: "双随机抽查名单（按信用等级分层）" });
export type InspectionSample = z.infer<typeof InspectionSample>;
