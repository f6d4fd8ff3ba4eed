import { z } from "zod";
import { OBJECTION_STATES, REPAIR_STATES } from "../domain/repair";

/** Tracking numbers: XF- for 信用修复, YY- for 异议申诉, then the filing date (China) and six characters. */
export const TRACKING_PATTERN = /^(XF|YY)-\d{8}-[2-9A-HJ-NP-Z]{6}$/;

const Tracking = z
  .string()
  .regex(TRACKING_PATTERN, "受理编号格式应为 XF-YYYYMMDD-XXXXXX 或 YY-YYYYMMDD-XXXXXX")
  .meta({ param: { name: "tracking", in: "path" }, description: "受理编号", example: "XF-20261127-7F3K9Q" });
export const TrackingParam = z.object({ tracking: Tracking });

/** The page secret of a case (128 random bits, base64url), handed out once when it is filed. */
export const CaseAccessQuery = z.object({
  k: z
    .string()
    .max(64)
    .optional()
    .meta({ param: { name: "k", in: "query" }, description: "案件访问密钥（提交时返回的 accessKey）；社会公众凭受理编号查询进度时必填，缺少或不符时按不存在的受理编号回答" }),
});

const text = (max: number, what: string) => z.string().trim().min(1, `请填写${what}`).max(max, `${what}不超过 ${max} 字`);
const contact = z
  .string()
  .trim()
  .regex(/^(1\d{10}|0\d{2,3}-?\d{7,8}|[^\s@]{1,64}@[^\s@]{1,255})$/, "联系方式应为手机号、固定电话或电子邮箱")
  .describe("联系方式（手机号、固定电话或电子邮箱）；只向信用管理员和作出决定的部门完整显示");

/** The 信用承诺书 an applicant accepts (Order 36: materials true, obligations performed, liability accepted). */
export const REPAIR_COMMITMENT_TEXT =
  "本主体承诺：所提交的材料真实、准确、完整；已纠正失信行为、履行法定义务；如有虚假，愿意承担相应法律责任，并同意将本承诺履行情况纳入信用记录。";

const TargetRef = {
  subjectCode: z.string().trim().min(1).max(40).describe("主体的统一社会信用代码（自然人为身份证号码）"),
  docNo: z.string().trim().min(1).max(100).describe("行政处罚决定书文号或名单决定文书号"),
};

export const RepairRequest = z
  .object({
    ...TargetRef,
    applicantName: text(50, "申请人"),
    applicantContact: contact,
    statement: text(2000, "失信行为纠正及义务履行情况"),
    commitmentAccepted: z.literal(true, "须作出信用承诺").describe("已阅读并作出信用承诺（必须为 true）"),
  })
  .meta({ id: "RepairRequest", description: "信用修复申请；带证明材料时以 multipart/form-data 提交（字段同名，文件字段为 files）" });
export type RepairRequest = z.infer<typeof RepairRequest>;

export const ObjectionRequest = z
  .object({
    ...TargetRef,
    applicantName: text(50, "申请人"),
    applicantContact: contact,
    reason: text(2000, "异议理由"),
  })
  .meta({ id: "ObjectionRequest", description: "异议申诉" });
export type ObjectionRequest = z.infer<typeof ObjectionRequest>;

export const RepairDecision = z
  .object({ outcome: z.enum(["repaired", "refused"]).describe("repaired 予以修复；refused 不予修复"), reason: text(1000, "决定理由") })
  .meta({ id: "RepairDecision" });
export type RepairDecision = z.infer<typeof RepairDecision>;

/** Fields an objection decision may correct (更正), by target kind. */
export const Corrections = z
  .object({
    title: z.string().trim().min(1).max(200).optional().describe("违法行为类型（记录）"),
    facts: z.string().trim().min(1).max(4000).optional().describe("违法事实（记录）"),
    basis: z.string().trim().min(1).max(1000).optional().describe("处罚依据（记录）"),
    content: z.string().trim().min(1).max(2000).optional().describe("处罚内容（记录）"),
    fineWan: z.number().min(0).max(1e7).optional().describe("罚款金额（万元）（记录）"),
    reason: z.string().trim().min(1).max(1000).optional().describe("列入事由（名单）"),
    legalBasis: z.string().trim().min(1).max(1000).optional().describe("认定依据（名单）"),
  })
  .strict()
  .refine((c) => Object.keys(c).length > 0, "至少更正一个字段")
  .meta({ id: "Corrections" });
export type Corrections = z.infer<typeof Corrections>;

export const ObjectionDecision = z
  .object({
    outcome: z.enum(["dismissed", "corrected", "deleted"]).describe("dismissed 维持；corrected 更正；deleted 删除"),
    reason: text(1000, "决定理由"),
    corrections: Corrections.optional().describe("更正时必填：要更正的字段及新值"),
  })
  .meta({ id: "ObjectionDecision" });
export type ObjectionDecision = z.infer<typeof ObjectionDecision>;

export const CASE_KINDS = ["repair", "objection"] as const;
export const CASE_STATES = [...new Set([...REPAIR_STATES, ...OBJECTION_STATES])] as [string, ...string[]];

export const CaseEvent = z
  .object({
    at: z.string(),
    action: z.string().describe("filed 提交；accepted 受理；repaired/refused/dismissed/corrected/deleted 决定"),
    label: z.string(),
    toState: z.string(),
    note: z.string().nullable(),
  })
  .meta({ id: "CaseEvent" });

export const CaseView = z
  .object({
    kind: z.enum(CASE_KINDS),
    tracking: z.string(),
    state: z.string(),
    stateLabel: z.string(),
    deadline: z.string().describe("应作出决定的日期（按工作日计算）"),
    deadlineProvisional: z.boolean().describe("期限为暂定：计算涉及尚无节假日安排的年份（按周一至周五计）；录入该年安排后重新计算"),
    overdue: z.boolean().describe("未决定且已过期限"),
    submittedAt: z.string(),
    decidedAt: z.string().nullable(),
    decision: z.string().nullable().describe("决定理由"),
    target: z.object({
      kind: z.enum(["record", "list_entry"]),
      subjectName: z.string(),
      subjectCode: z.string().describe("统一社会信用代码；自然人脱敏"),
      docNo: z.string(),
      title: z.string().describe("违法行为类型或名单名称"),
      authority: z.object({ name: z.string(), code: z.string() }).describe("作出决定的部门"),
    }),
    applicant: z.object({ name: z.string(), contact: z.string() }).describe("申请人；除信用管理员和作出决定的部门外均脱敏"),
    files: z.array(z.object({ name: z.string(), type: z.string(), size: z.number().int(), sha256: z.string() })),
    history: z.array(CaseEvent),
  })
  .meta({ id: "CaseView", description: "信用修复或异议申诉的办理情况" });
export type CaseView = z.infer<typeof CaseView>;

export const CaseListQuery = z.object({
  kind: z.enum(CASE_KINDS).optional().meta({ param: { name: "kind", in: "query" }, description: "repair 信用修复；objection 异议申诉；不填为两类" }),
  state: z.enum(CASE_STATES).optional().meta({ param: { name: "state", in: "query" }, description: "按状态筛选" }),
  overdue: z.enum(["true", "false"]).optional().meta({ param: { name: "overdue", in: "query" }, description: "true 只看已超期未决定的" }),
  limit: z.coerce.number().int().min(1).max(500).default(100).meta({ param: { name: "limit", in: "query" }, description: "最多条数" }),
});

export const CaseSummary = z
  .object({
    kind: z.enum(CASE_KINDS),
    tracking: z.string(),
    state: z.string(),
    stateLabel: z.string(),
    deadline: z.string(),
    deadlineProvisional: z.boolean().describe("期限为暂定：计算涉及尚无节假日安排的年份（按周一至周五计）；录入该年安排后重新计算"),
    overdue: z.boolean(),
    submittedAt: z.string(),
    subjectName: z.string(),
    docNo: z.string(),
    deciderCode: z.string(),
  })
  .meta({ id: "CaseSummary" });
export type CaseSummary = z.infer<typeof CaseSummary>;
export const CaseList = z.object({ items: z.array(CaseSummary) }).meta({ id: "CaseList", description: "待办与已办案件，超期的在前" });

export const CaseStats = z
  .object({
    repairs: z.object({
      total: z.number().int(),
      open: z.number().int(),
      overdue: z.number().int(),
      averageWorkingDays: z.number().nullable(),
      averageProvisional: z.boolean().describe("平均处理时间为暂定：有案件的办理期间涉及尚无节假日安排的年份"),
    }),
    objections: z.object({
      total: z.number().int(),
      open: z.number().int(),
      overdue: z.number().int(),
      averageWorkingDays: z.number().nullable().describe("已决定异议的平均处理时间（工作日）"),
      averageProvisional: z.boolean().describe("平均处理时间为暂定：有案件的办理期间涉及尚无节假日安排的年份"),
      validShare: z.number().nullable().describe("有效异议占比：更正或删除的异议 / 已决定的异议"),
    }),
  })
  .meta({ id: "CaseStats", description: "信用修复与异议处理统计" });
export type CaseStats = z.infer<typeof CaseStats>;

export const FiledCase = z
  .object({
    tracking: z.string().describe("受理编号，凭此查询进度"),
    state: z.literal("submitted"),
    deadline: z.string().describe("应作出决定的日期（按工作日计算）"),
    accessKey: z.string().describe("案件访问密钥（128位随机数，base64url）：查询进度时须与受理编号一并提供，请妥善保存；系统只保存其摘要，无法找回"),
    deadlineProvisional: z.boolean().describe("期限为暂定：计算涉及尚无节假日安排的年份（按周一至周五计）；录入该年安排后重新计算"),
    trackingUrl: z.string().describe("进度查询页面（含访问密钥）"),
  })
  .meta({ id: "FiledCase", description: "已提交的信用修复申请或异议申诉" });
export type FiledCase = z.infer<typeof FiledCase>;

/** The same application as multipart/form-data with up to 5 evidence files (field `files`, PDF, JPEG or PNG, 10 MB each). */
export const RepairForm = RepairRequest.extend({
  commitmentAccepted: z.enum(["true", "on"], "须作出信用承诺").describe("已阅读并作出信用承诺：true 或 on"),
  files: z
    .any()
    .optional()
    .meta({ type: "array", items: { type: "string", format: "binary" }, description: "证明材料：PDF、JPEG 或 PNG（按文件内容判断），最多 5 个，每个不超过 10 MB" }),
}).meta({ id: "RepairForm" });

export const CaseFileParam = z.object({
  tracking: Tracking,
  sha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/, "应为 64 位小写十六进制 SHA-256")
    .meta({ param: { name: "sha256", in: "path" }, description: "文件的 SHA-256（见案件的 files）" }),
});
