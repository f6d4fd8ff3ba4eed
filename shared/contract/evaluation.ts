import { z } from "zod";
import { GRADES, ModelDefinition } from "../domain/evaluation/model";

/** The version of an evaluation model, as it appears in URLs and answers: v1, E-v1, v2-draft … */
export const ModelVersion = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$/, "版本号为 1–32 位字母、数字、点、下划线或连字符")
  .meta({ example: "v2" });

export const ModelVersionParam = z.object({
  version: ModelVersion.meta({ param: { name: "version", in: "path" }, description: "模型版本号", example: "v1" }),
});

export const EvaluationGrade = z.enum(GRADES).meta({ id: "EvaluationGrade", description: "评价等级：A 优秀、B 良好、C 中等、D 较差、E 差" });
export const GradeCounts = z.object({ A: z.number().int(), B: z.number().int(), C: z.number().int(), D: z.number().int(), E: z.number().int() }).meta({ id: "GradeCounts" });
export type GradeCounts = z.infer<typeof GradeCounts>;

export const EvaluationSource = z
  .object({
    type: z.enum(["subject", "record", "list_entry", "commitment"]).describe("来源表：主体登记、双公示记录、名单、信用承诺"),
    id: z.number().int(),
    docNo: z.string().nullable().describe("决定书文号 / 承诺书编号"),
    label: z.string(),
    date: z.string().nullable(),
    effect: z.string().describe("这条记录对指标的影响"),
  })
  .meta({ id: "EvaluationSource", description: "指标读取的记录" });

export const EvaluationIndicator = z
  .object({
    id: z.string(),
    name: z.string(),
    dimension: z.string(),
    weight: z.number().int().describe("权重（分值）"),
    rate: z.number().describe("得分率 0–1"),
    contribution: z.number().int().describe("得分 = round(权重 × 得分率)"),
    detail: z.string(),
    sources: z.array(EvaluationSource),
  })
  .meta({ id: "EvaluationIndicator" });

export const EvaluationExplanation = z
  .object({
    maxScore: z.number().int(),
    uncappedGrade: EvaluationGrade.describe("仅按分数应得的等级（封顶规则之前）"),
    base: z
      .object({ publicScore: z.number().int(), publicMaxScore: z.number().int(), weight: z.number().int(), contribution: z.number().int() })
      .nullable()
      .describe("行业评价：公共信用综合评价得分折算部分"),
    dimensions: z.array(z.object({ id: z.string(), name: z.string(), weight: z.number().int(), contribution: z.number().int() })),
    indicators: z.array(EvaluationIndicator),
    capsApplied: z.array(z.object({ id: z.string(), name: z.string(), maxGrade: EvaluationGrade, sources: z.array(EvaluationSource) })).describe("触发的等级封顶规则"),
  })
  .meta({ id: "EvaluationExplanation", description: "评价说明：各维度、各指标得分（合计等于总分）、来源记录、封顶规则" });
export type EvaluationExplanation = z.infer<typeof EvaluationExplanation>;

export const SupervisionTier = z
  .object({
    grade: EvaluationGrade,
    tier: z.string().describe("监管类别"),
    spotCheckRatio: z.number().describe("双随机抽查比例 0–1"),
    frequency: z.string().describe("抽查频次"),
    maxInspectionsPerYear: z.number().int().nullable().describe("每年抽查次数上限；空为不设上限（重点监管）"),
    measures: z.string(),
  })
  .meta({ id: "SupervisionTier", description: "分级分类监管：等级对应的监管类别（配置项）" });
export type SupervisionTier = z.infer<typeof SupervisionTier>;

export const EvaluationResult = z
  .object({
    modelVersion: z.string(),
    modelKind: z.enum(["public", "industry"]),
    industryCode: z.string().nullable(),
    grade: EvaluationGrade,
    gradeLabel: z.string(),
    score: z.number().int(),
    maxScore: z.number().int(),
    explanation: EvaluationExplanation,
    dataVersion: z.string().describe("计算时的数据版本：最近入库批次与变更序号"),
    computedAt: z.string(),
  })
  .meta({ id: "EvaluationResult" });
export type EvaluationResult = z.infer<typeof EvaluationResult>;

export const GradeHistoryEntry = z
  .object({ modelVersion: z.string(), grade: EvaluationGrade, gradeLabel: z.string(), score: z.number().int(), dataVersion: z.string(), computedAt: z.string() })
  .meta({ id: "GradeHistoryEntry" });

export const SubjectEvaluation = z
  .object({
    code: z.string(),
    name: z.string(),
    grade: EvaluationGrade,
    gradeLabel: z.string(),
    score: z.number().int(),
    maxScore: z.number().int(),
    explanation: EvaluationExplanation,
    modelVersion: z.string().describe("公共信用综合评价模型版本"),
    dataVersion: z.string(),
    computedAt: z.string(),
    supervision: SupervisionTier,
    history: z.array(GradeHistoryEntry).describe("此前的评价结果，最新的在前"),
    industry: EvaluationResult.extend({ history: z.array(GradeHistoryEntry), supervision: SupervisionTier })
      .nullable()
      .describe("行业信用评价（主体所属行业有行业模型时）"),
  })
  .meta({ id: "SubjectEvaluation", description: "公共信用综合评价结果及说明" });
export type SubjectEvaluation = z.infer<typeof SubjectEvaluation>;

export const EvaluationModel = z
  .object({
    version: z.string(),
    kind: z.enum(["public", "industry"]),
    industryCode: z.string().nullable(),
    status: z.enum(["draft", "published", "retired"]),
    definition: ModelDefinition,
    createdAt: z.string(),
    publishedAt: z.string().nullable(),
  })
  .meta({ id: "EvaluationModel", description: "评价模型（发布后不可修改）" });
export type EvaluationModel = z.infer<typeof EvaluationModel>;

export const EvaluationModelList = z.object({ items: z.array(EvaluationModel) }).meta({ id: "EvaluationModelList" });

const IndustryCode = z.string().regex(/^[A-T]$/, "行业门类为 GB/T 4754 的 A–T 字母");

export const CreateModelBody = z
  .object({
    version: ModelVersion,
    kind: z.enum(["public", "industry"]),
    industryCode: IndustryCode.optional().describe("行业评价模型所属行业门类"),
    definition: ModelDefinition,
  })
  .meta({ id: "CreateEvaluationModel" });

export const UpdateModelBody = z.object({ definition: ModelDefinition }).meta({ id: "UpdateEvaluationModel" });

export const DryRunResult = z
  .object({
    version: z.string(),
    comparedWith: z.string().nullable().describe("当前发布的同类模型版本"),
    population: z.number().int(),
    before: GradeCounts.describe("按当前发布模型"),
    after: GradeCounts.describe("按草稿模型"),
    matrix: z.record(EvaluationGrade, GradeCounts).describe("matrix[当前等级][草稿等级] = 主体数"),
    improved: z.number().int(),
    unchanged: z.number().int(),
    worsened: z.number().int(),
    asOf: z.string(),
  })
  .meta({ id: "EvaluationDryRun", description: "草稿模型试算：等级分布变化" });
export type DryRunResult = z.infer<typeof DryRunResult>;

export const PublishResult = z
  .object({ model: EvaluationModel, retired: z.string().nullable().describe("被替换而退役的版本") })
  .meta({ id: "EvaluationPublishResult" });

export const RecomputeBody = z
  .object({
    maxChunks: z.number().int().min(1).max(1000).default(40).describe("本次最多处理的分块数"),
    chunkSize: z.number().int().min(10).max(2000).default(500),
    restart: z.boolean().default(false).describe("放弃进行中的全量计算，重新开始"),
  })
  .meta({ id: "RecomputeRequest" });

export const RecomputeRun = z
  .object({
    id: z.number().int(),
    modelVersion: z.string(),
    trigger: z.string(),
    startedAt: z.string(),
    finishedAt: z.string().nullable(),
    cursorSubjectId: z.number().int(),
    totalSubjects: z.number().int(),
    processed: z.number().int(),
    regraded: z.number().int(),
    chunks: z.number().int(),
    status: z.enum(["running", "done", "superseded"]),
  })
  .meta({ id: "RecomputeRun" });

export const RecomputeProgress = z
  .object({
    run: RecomputeRun.nullable(),
    changed: z.number().int().describe("本次按变更重算的主体数"),
    chunks: z.number().int().describe("本次处理的全量分块数"),
    processed: z.number().int().describe("本次全量计算处理的主体数"),
    done: z.boolean().describe("全量计算已完成"),
    shards: z
      .array(
        z.object({
          binding: z.string(),
          run: RecomputeRun.nullable(),
          changed: z.number().int(),
          chunks: z.number().int(),
          processed: z.number().int(),
          done: z.boolean(),
        }),
      )
      .optional()
      .describe("分库部署时各分库的进度（各自的全量计算与变更游标）；上面的数字为各分库之和"),
  })
  .meta({ id: "RecomputeProgress" });
export type RecomputeProgress = z.infer<typeof RecomputeProgress>;

export const GradeReportRow = z.object({
  grade: EvaluationGrade,
  regionCode: z.string().nullable(),
  regionName: z.string(),
  industryCode: z.string().nullable(),
  industryName: z.string(),
  count: z.number().int(),
});

export const GradeReport = z
  .object({
    asOf: z.string(),
    modelVersion: z.string().nullable(),
    total: z.number().int(),
    byGrade: GradeCounts,
    cancelled: z.number().int().describe("已注销，不予评价的主体数（不计入各等级）"),
    byRegion: z.array(z.object({ regionCode: z.string().nullable(), regionName: z.string(), counts: GradeCounts, total: z.number().int() })),
    byIndustry: z.array(z.object({ industryCode: z.string().nullable(), industryName: z.string(), counts: GradeCounts, total: z.number().int() })),
    rows: z.array(GradeReportRow).describe("等级 × 区县 × 行业"),
  })
  .meta({ id: "GradeReport", description: "公共信用综合评价等级分布" });
export type GradeReport = z.infer<typeof GradeReport>;
