import { z } from "zod";
import { PENALTY_KINDS } from "../domain/penalties";

/** What can be uploaded: 双公示 records, subjects, list entries and removals, 信用承诺 and their outcome. */
export const INGEST_KINDS = ["subjects", "penalties", "licences", "list-entries", "list-removals", "commitments"] as const;
export type IngestKind = (typeof INGEST_KINDS)[number];

export const INGEST_KIND_LABEL: Record<IngestKind, string> = {
  subjects: "信用主体",
  penalties: "行政处罚",
  licences: "行政许可",
  "list-entries": "名单列入",
  "list-removals": "名单移出",
  commitments: "信用承诺及履约",
};

/**
 * Stable ids of the rules a row can fail (docs/ingest.md and docs/domain.md §6 name the source of each).
 * Clients count and filter on these, never on the message.
 */
export const INGEST_RULES = [
  "required", // a required field is empty
  "uscc", // 统一社会信用代码 fails GB 32100 (subject, deciding authority, source unit)
  "id_number", // 公民身份号码 fails GB 11643
  "reg_no", // 工商注册号 is not 15 digits or fails its ISO 7064 MOD 11,10 check digit
  "date", // not a date, not a real calendar date, or in the future
  "date_order", // an end before its start (有效期, 公示截止期, 办结日期)
  "amount", // not a number of 万元
  "amount_range", // outside 0–100000 万元, or looks like yuan
  "enum", // not one of the allowed values (处罚类别 in both vocabularies, 许可类别, 名单类型 …)
  "long_term", // a far-future date other than 2099-12-31 (长期)
  "length", // text longer than the field allows
  "consistency", // fields that contradict each other
  "encoding", // undecodable characters (a GBK file read as UTF-8)
  "format", // the row itself cannot be read (CSV quoting, malformed JSON, extra columns)
  "source_unit", // another 数据来源单位 than the token's, or a record another unit provided
  "not_found", // a removal for a list entry that does not exist
  "status_regression", // an older state sent after a newer one (a fulfilled commitment sent as pending)
  "storage", // the database refused the row
  "shard_moving", // the subject's bucket is being moved between shards: send the file again in a few minutes
] as const;
export type IngestRule = (typeof INGEST_RULES)[number];

export const INGEST_RULE_LABEL: Record<IngestRule, string> = {
  required: "必填项为空",
  uscc: "统一社会信用代码错误",
  id_number: "身份证号码错误",
  reg_no: "工商注册号错误",
  date: "日期错误",
  date_order: "日期先后矛盾",
  amount: "金额格式错误",
  amount_range: "金额超出合理范围",
  enum: "取值不在规定范围",
  long_term: "长期有效的写法不规范",
  length: "内容过长",
  consistency: "字段相互矛盾",
  encoding: "字符编码错误",
  format: "数据行格式错误",
  source_unit: "数据来源单位不符",
  not_found: "记录不存在",
  status_regression: "状态倒退",
  storage: "写入失败",
  shard_moving: "分片迁移中，稍后重报",
};

const int = z.number().int();

export const IngestKindParam = z.object({
  kind: z.enum(INGEST_KINDS).meta({ param: { name: "kind", in: "path" }, description: "数据类别", example: "penalties" }),
});

const usccParam = (name: string, description: string) =>
  z.string().trim().max(40).optional().meta({ param: { name, in: "query" }, description });
const textParam = (name: string, description: string) =>
  z.string().trim().max(200).optional().meta({ param: { name, in: "query" }, description });

export const IngestQuery = z.object({
  encoding: z
    .enum(["utf-8", "utf8", "gbk", "gb2312", "gb18030", "utf-16le"])
    .optional()
    .meta({ param: { name: "encoding", in: "query" }, description: "CSV 的字符编码；不填时取 Content-Type 的 charset，再不填则自动识别（非 UTF-8 即按 GBK）" }),
  rowOffset: z.coerce
    .number()
    .int()
    .min(0)
    .max(1_000_000_000)
    .default(0)
    .meta({ param: { name: "rowOffset", in: "query" }, description: "行号偏移：分段上传时加到每一行的行号上，使行号对应原文件" }),
  fileName: textParam("fileName", "原文件名（记入批次）"),
  sourceUnit: usccParam("sourceUnit", "文件没有数据来源单位统一社会信用代码列时使用的默认值（旧版格式）；数据提供单位默认为令牌所属单位"),
  sourceUnitName: textParam("sourceUnitName", "文件没有数据来源单位列时使用的默认值"),
  authorityCode: usccParam("authorityCode", "文件没有决定机关统一社会信用代码列时使用的默认值（旧版格式）"),
  authorityName: textParam("authorityName", "文件没有决定机关名称列时使用的默认值"),
  listType: textParam("listType", "名单列入/移出：文件没有名单类型列时使用的默认值，如 serious_dishonesty 或 严重失信主体名单"),
});
export type IngestQuery = z.infer<typeof IngestQuery>;

export const IngestProblem = z
  .object({
    row: int.describe("行号：CSV 为表头之后的第几条记录（Excel 中为第 row+1 行），JSON 为数组中的第几个对象，NDJSON 为行号"),
    field: z.string().describe("出错的列（按上传文件中的列名）"),
    rule: z.enum(INGEST_RULES).describe("规则编号"),
    message: z.string().describe("中文说明；身份证号码一律脱敏"),
  })
  .meta({ id: "IngestProblem", description: "被拒绝的数据行中的一个问题" });
export type IngestProblem = z.infer<typeof IngestProblem>;

/** Rejected rows returned in the upload's answer; the batch report pages through all of them. */
export const INGEST_RESPONSE_PROBLEMS = 1000;

export const IngestResult = z
  .object({
    batchId: int,
    kind: z.enum(INGEST_KINDS),
    total: int.describe("数据行总数"),
    accepted: int.describe("通过校验并已保存（含内容未变的行）"),
    rejected: int.describe("被拒绝的行数"),
    unchanged: int.describe("与已有记录完全相同、未作任何改动的行数"),
    inserted: int.describe("新增"),
    updated: int.describe("更正（旧版本保留在历史中）"),
    maskedIdNumbers: int.describe("自由文本中含有居民身份证号码、已在保存前脱敏的字段值个数（请在源数据中删除这些号码）"),
    rejectedRows: z.array(IngestProblem).describe(`被拒绝行的问题（最多 ${INGEST_RESPONSE_PROBLEMS} 条，其余见质量报告）`),
    rejectedRowsTruncated: z.boolean(),
    reportUrl: z.string().describe("本批次质量报告的地址"),
  })
  .meta({ id: "IngestResult", description: "一次上传的结果" });
export type IngestResult = z.infer<typeof IngestResult>;

export const BatchParams = z.object({
  id: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER).meta({ param: { name: "id", in: "path" }, description: "批次编号", example: 12 }),
});

export const REJECTIONS_PAGE_SIZE = 200;

export const BatchQuery = z.object({
  page: z.coerce.number().int().min(1).max(100_000).default(1).meta({ param: { name: "page", in: "query" }, description: `被拒绝问题的页码（每页 ${REJECTIONS_PAGE_SIZE} 条）` }),
});

export const QualityReport = z
  .object({
    batchId: int,
    kind: z.enum(INGEST_KINDS),
    status: z.enum(["receiving", "done", "failed"]).describe("receiving 接收中；done 完成；failed 中断（已写入的行保留）"),
    sourceUnit: z.object({ code: z.string(), name: z.string() }).describe("数据来源单位"),
    fileName: z.string().nullable(),
    format: z.string().nullable().describe("CSV / JSON / NDJSON"),
    encoding: z.string().nullable().describe("UTF-8 / GBK …"),
    schema: z.enum(["current", "legacy", "mixed"]).nullable().describe("双公示现行格式或旧版格式"),
    receivedAt: z.string(),
    finishedAt: z.string().nullable(),
    total: int,
    accepted: int,
    rejected: int,
    unchanged: int,
    inserted: int,
    updated: int,
    passRate: z.number().nullable().describe("合格率 = 通过行数 / 总行数"),
    timeliness: z
      .object({
        workingDays: int.describe("时限（工作日）"),
        counted: int.describe("参与计算的新增记录数"),
        timely: int.describe("在决定之日起 7 个工作日内报送的记录数"),
        rate: z.number().nullable().describe("及时率"),
        provisional: int
          .optional()
          .describe("其中计算涉及尚无节假日安排年份的记录数：这些记录的及时与否为暂定（按周一至周五计），录入该年安排（PUT /api/v1/calendar/{year}）后以重新上传或复核为准"),
      })
      .nullable()
      .describe("及时率（仅行政处罚、行政许可；按法定节假日和调休计算工作日）"),
    codeQuality: z
      .object({
        wrongCodes: int.describe("错码：代码未通过校验的行数"),
        duplicateCodes: int.describe("重码：同一代码对应两个不同名称的代码数（本批次内或与库中已有主体）"),
        perMille: z.number().nullable().describe("重错码率（‰）= (错码行数 + 重码数) / 总行数 × 1000"),
        duplicates: z.array(z.object({ code: z.string(), names: z.array(z.string()) })).describe("重码示例（最多 20 个；自然人号码脱敏）"),
      })
      .describe("统一社会信用代码重错码率"),
    publicationAdjusted: int.describe("公示截止期超出所属类别公示期限、已按规则调整的行政处罚数"),
    rejectedByRule: z.record(z.string(), int).describe("按规则统计的被拒绝行数（一行可违反多条规则）"),
    maskedIdNumbers: int.describe("自由文本（违法事实、处罚内容、备注等）中含有居民身份证号码、已在保存前脱敏的字段值个数"),
    maskedIdNumbersByField: z.record(z.string(), int).describe("按列统计的脱敏字段值个数"),
    needsReview: z
      .record(z.string(), int)
      .describe("已保存、但需管理员复核的记录数，按原因统计（kind_ambiguous：处罚类别为“暂扣或者吊销”/旧版代码 4，暂按一般处理）"),
    ignoredColumns: z.array(z.string()).describe("未入库的列（不认识的列，或按规定不保存的列）"),
    severityRules: z.unknown().nullable().describe("本批次划分处罚类别所用的规则"),
    rejections: z.object({ page: int, pageSize: int, total: int, items: z.array(IngestProblem) }).describe("被拒绝问题（分页）"),
  })
  .meta({ id: "QualityReport", description: "上传批次的数据质量报告" });
export type QualityReport = z.infer<typeof QualityReport>;

/** 处罚类别 rules (configuration, DOMAIN.md §5): editable by admins, used by every later upload. */
export const SeverityRulesSchema = z
  .object({
    seriousKinds: z.array(z.enum(PENALTY_KINDS)).max(PENALTY_KINDS.length).describe("含有任一即为严重"),
    seriousFineWan: z.number().positive().max(100_000).describe("罚款达到此数（万元）即为严重（巨额罚款）"),
    minorKinds: z.array(z.enum(PENALTY_KINDS)).max(PENALTY_KINDS.length).describe("只含这些类别（及小额罚款）时为轻微"),
    minorFineWan: z.number().min(0).max(100_000).describe("罚款不超过此数（万元）仍可为轻微（简易程序限额）"),
  })
  .refine((r) => r.minorFineWan < r.seriousFineWan, { message: "轻微罚款上限应小于巨额罚款下限", path: ["minorFineWan"] })
  .refine((r) => !r.minorKinds.some((k) => r.seriousKinds.includes(k)), { message: "同一处罚类别不能既是轻微又是严重", path: ["minorKinds"] })
  .meta({ id: "SeverityRules", description: "行政处罚轻微 / 一般 / 严重的划分规则" });
export type SeverityRulesInput = z.infer<typeof SeverityRulesSchema>;

export const SeverityRulesState = z
  .object({
    rules: SeverityRulesSchema,
    source: z.enum(["default", "settings"]).describe("default 为内置默认值；settings 为管理员设置"),
    updatedAt: z.string().nullable(),
    updatedBy: z.string().nullable(),
  })
  .meta({ id: "SeverityRulesState" });
export type SeverityRulesState = z.infer<typeof SeverityRulesState>;

/** 轻微 / 一般 / 严重, as admins and the public name them; stored as minor / general / serious. */
export const SEVERITY_LABELS = { 轻微: "minor", 一般: "general", 严重: "serious" } as const;
export type SeverityLabel = keyof typeof SEVERITY_LABELS;
const SEVERITY_LABEL_VALUES = Object.keys(SEVERITY_LABELS) as [SeverityLabel, ...SeverityLabel[]];

export const RecordIdParam = z.object({
  id: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER).meta({ param: { name: "id", in: "path" }, description: "记录编号", example: 1024 }),
});

/**
 * Record ids are per database (docs/architecture.md "Shards"): over shard databases the subject's code names the
 * database the id belongs to. Optional with one database.
 */
export const RecordSubjectQuery = z.object({
  subject: z
    .string()
    .trim()
    .min(1)
    .max(40)
    .optional()
    .meta({ param: { name: "subject", in: "query" }, description: "记录所属主体的统一社会信用代码或身份证号码（分库部署时必填：记录编号只在主体所在分库内唯一）", example: "91500103MA5U7Q8K4J" }),
});

export const ClassificationInput = z
  .object({
    severity: z.enum(SEVERITY_LABEL_VALUES).describe("复核后的处罚类别"),
    note: z.string().trim().min(2, "请说明复核的依据（如处罚决定书载明的处罚种类）").max(500).describe("复核依据，记入状态历史"),
  })
  .strict()
  .meta({ id: "ClassificationInput", description: "管理员复核一条行政处罚的轻微 / 一般 / 严重类别" });
export type ClassificationInput = z.infer<typeof ClassificationInput>;

export const ClassificationResult = z
  .object({
    id: int,
    docNo: z.string(),
    severity: z.enum(["minor", "general", "serious"]),
    severityLabel: z.enum(SEVERITY_LABEL_VALUES),
    previousSeverity: z.enum(["minor", "general", "serious"]).nullable(),
    publishUntil: z.string().describe("按新类别重新计算的公示截止日期（自处罚决定日期起算的最长公示期）"),
    repairableFrom: z.string().describe("最短公示期届满、可申请信用修复的日期"),
    needsReview: z.literal(false),
    reviewedBy: z.string(),
    reviewedAt: z.string(),
    version: int,
  })
  .meta({ id: "ClassificationResult", description: "复核后的记录类别与公示期" });
export type ClassificationResult = z.infer<typeof ClassificationResult>;
