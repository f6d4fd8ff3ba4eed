import { z } from "zod";

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "日期格式应为 YYYY-MM-DD");

export const AUDIT_PAGE_SIZE = 50;
/** The most rows one CSV export holds; narrow the filter for more. */
export const AUDIT_EXPORT_LIMIT = 10_000;

export const AuditQuery = z.object({
  actor: z.string().max(200).optional().meta({ param: { name: "actor", in: "query" }, description: "查询人（令牌 sub）" }),
  subject: z.string().max(64).optional().meta({ param: { name: "subject", in: "query" }, description: "被查询主体的统一社会信用代码（自然人为脱敏号码）" }),
  scene: z.string().max(20).optional().meta({ param: { name: "scene", in: "query" }, description: "场景（中文名或英文键）" }),
  from: date.optional().meta({ param: { name: "from", in: "query" }, description: "起始日期（含，北京时间）" }),
  to: date.optional().meta({ param: { name: "to", in: "query" }, description: "截止日期（含，北京时间）" }),
  page: z.coerce.number().int().min(1).max(10_000).default(1).meta({ param: { name: "page", in: "query" } }),
  format: z.enum(["json", "csv"]).default("json").meta({ param: { name: "format", in: "query" }, description: "csv 导出（UTF-8 带 BOM，最多 10000 行）" }),
});
export type AuditQuery = z.infer<typeof AuditQuery>;

export const AuditEntry = z
  .object({
    id: z.number().int(),
    at: z.string(),
    actor: z.string(),
    actorName: z.string().nullable(),
    role: z.string(),
    departmentCode: z.string().nullable(),
    scene: z.string().nullable(),
    purpose: z.string().nullable(),
    route: z.string(),
    receiptNumber: z.string().nullable(),
    answerDigest: z.string().nullable(),
    subjects: z.array(z.string()),
    hash: z.string(),
  })
  .meta({ id: "AuditEntry", description: "查询使用登记" });
export type AuditEntry = z.infer<typeof AuditEntry>;

export const AuditPage = z
  .object({ page: z.number().int(), pageSize: z.number().int(), total: z.number().int(), items: z.array(AuditEntry) })
  .meta({ id: "AuditPage" });
export type AuditPage = z.infer<typeof AuditPage>;
