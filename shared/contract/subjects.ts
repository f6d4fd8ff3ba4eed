import { z } from "zod";
import { LIST_TYPES } from "../domain/lists";

/** 统一社会信用代码 or 公民身份号码, as typed: normalised by the server (trim, upper case, full-width → half-width). */
/** Officers must say in which scene and for what (查询使用登记): e.g. a project or case number. */
export const OfficerQueryParams = z.object({
  scene: z.string().max(20).optional().meta({ param: { name: "scene", in: "query" }, description: "查询场景（工作人员必填），如 政府采购 或 procurement", example: "政府采购" }),
  purpose: z.string().trim().max(200).optional().meta({ param: { name: "purpose", in: "query" }, description: "查询事由（工作人员必填），如项目编号或案件编号", example: "CQZC-2026-0381" }),
});

export const SubjectCodeParam = z.object({
  code: z
    .string()
    .max(64)
    .meta({ param: { name: "code", in: "path" }, description: "统一社会信用代码（18位）；大小写、全角均可", example: "91500103MA5U3K9L2B" }),
});

/**
 * The body of POST /api/v1/subjects/lookup: the code travels in the body, so an ID number never lands in a URL
 * (access logs, browser history, Referer headers). Officers add scene and purpose as in the GET's query string.
 */
export const SubjectLookupRequest = z
  .object({
    code: z.string().max(64).describe("统一社会信用代码、身份证号码或旧版15位工商注册号；大小写、全角均可").meta({ example: "91500103MA5U3K9L2B" }),
    scene: z.string().max(20).optional().describe("查询场景（工作人员必填），如 政府采购 或 procurement").meta({ example: "政府采购" }),
    purpose: z.string().trim().max(200).optional().describe("查询事由（工作人员必填），如项目编号或案件编号").meta({ example: "CQZC-2026-0381" }),
  })
  .meta({ id: "SubjectLookupRequest" });
export type SubjectLookupRequest = z.infer<typeof SubjectLookupRequest>;

export const SUBJECT_KINDS = ["enterprise", "individual_business", "cooperative", "social_org", "public_institution", "natural_person", "other"] as const;
export const SUBJECT_KIND_LABEL: Record<(typeof SUBJECT_KINDS)[number], string> = {
  enterprise: "企业",
  individual_business: "个体工商户",
  cooperative: "农民专业合作社",
  social_org: "社会组织",
  public_institution: "机关事业单位",
  natural_person: "自然人",
  other: "其他组织",
};

const Named = z.object({ code: z.string(), name: z.string() });
const Authority = z.object({ name: z.string(), code: z.string() }).meta({ id: "Authority", description: "决定机关及其统一社会信用代码" });

export const PublicPenalty = z
  .object({
    docNo: z.string().describe("行政处罚决定书文号"),
    violation: z.string().nullable().describe("违法行为类型"),
    facts: z.string().nullable().describe("违法事实"),
    basis: z.string().nullable().describe("处罚依据"),
    kinds: z.array(z.string()).describe("处罚类别"),
    content: z.string().nullable().describe("处罚内容"),
    fineWan: z.number().nullable().describe("罚款金额（万元）"),
    confiscatedWan: z.number().nullable().describe("没收金额（万元）"),
    authority: Authority,
    decidedOn: z.string().describe("处罚决定日期"),
    severity: z.enum(["minor", "general", "serious"]).nullable(),
    severityLabel: z.string().nullable().describe("轻微 / 一般 / 严重"),
    publishUntil: z.string().nullable().describe("公示截止日期（含）"),
    objectionOpen: z.boolean().describe("异议处理中"),
    repaired: z.boolean().describe("已信用修复（仅信用管理员可见）"),
  })
  .meta({ id: "PublicPenalty", description: "行政处罚（仍在公示期内）" });

export const PublicLicence = z
  .object({
    docNo: z.string().describe("行政许可决定文书号"),
    title: z.string().nullable().describe("许可证书名称"),
    category: z.string().nullable().describe("许可类别"),
    content: z.string().nullable().describe("许可内容"),
    licenceNo: z.string().nullable().describe("许可证书编号"),
    authority: Authority,
    decidedOn: z.string(),
    validFrom: z.string().nullable(),
    validUntil: z.string().nullable().describe("有效期至；长期有效时为 null 且 longTerm 为 true"),
    longTerm: z.boolean(),
    expired: z.boolean(),
  })
  .meta({ id: "PublicLicence", description: "行政许可" });

/** The fields of a list entry every answer shows (lookups, checks, reports). */
export const ListEntryBase = z.object({
  listType: z.enum(LIST_TYPES),
  listName: z.string(),
  polarity: z.enum(["negative", "positive"]),
  reason: z.string().describe("列入事由"),
  legalBasis: z.string().nullable().describe("认定依据"),
  authority: Authority.describe("认定部门"),
  docNo: z.string().describe("决定文书号"),
  listedOn: z.string().describe("列入日期"),
  plannedRemovalOn: z.string().nullable().describe("计划移出日期"),
});

export const PublicListEntry = ListEntryBase.extend({
  objectionOpen: z.boolean(),
  repaired: z.boolean().describe("已信用修复（仅信用管理员可见）"),
})
  .meta({ id: "PublicListEntry", description: "现行有效的名单记录" });

export const DataVersion = z
  .object({ batchId: z.number().int(), receivedAt: z.string() })
  .nullable()
  .meta({ id: "DataVersion", description: "数据版本：最近一次入库批次及其时间" });

export const SubjectProfile = z
  .object({
    code: z.string().describe("统一社会信用代码；自然人为脱敏的身份证号码"),
    codeType: z.enum(["uscc", "id_number"]),
    checksumLegacy: z.boolean().describe("权威来源的早期试点代码，第18位校验不通过但予以保留"),
    kind: z.enum(SUBJECT_KINDS),
    kindLabel: z.string(),
    name: z.string(),
    legalRepresentative: z.string().nullable(),
    industry: Named.nullable(),
    region: Named.nullable(),
    registeredOn: z.string().nullable(),
    registrationStatus: z.string(),
    registeredCapitalWan: z.number().nullable(),
    address: z.string().nullable(),
    codeInfo: z
      .object({ registrationDepartment: z.string(), category: z.string(), region: z.string().nullable() })
      .nullable()
      .describe("由统一社会信用代码解析出的登记管理部门、机构类别、登记管理机关行政区划"),
    lists: z.array(PublicListEntry),
    penalties: z.array(PublicPenalty),
    licences: z.array(PublicLicence),
    summary: z.object({
      negativeLists: z.number().int().describe("现行有效的失信类名单数"),
      redList: z.boolean(),
      publicPenalties: z.number().int(),
    }),
    officialQueries90d: z.number().int().describe("近90天内工作人员对该主体的查询次数（不含查询人身份）"),
    viewerRole: z.enum(["public", "officer", "provider", "admin"]).describe("本次回答所依据的可见范围"),
    asOf: z.string().describe("按此日期（北京时间）判断公示期与名单效力"),
    dataVersion: DataVersion,
  })
  .meta({ id: "SubjectProfile", description: "信用主体的公开信用信息（依法公开部分）" });
export type SubjectProfile = z.infer<typeof SubjectProfile>;
