import { z } from "zod";
import { DECISIONS, EFFECTS } from "../domain/decisions";
import { GRADES } from "../domain/evaluation/model";
import { LIST_TYPES } from "../domain/lists";
import { MAX_CHECK_ITEMS } from "./limits";
import { DataVersion, ListEntryBase, SUBJECT_KINDS } from "./subjects";

export { MAX_CHECK_ITEMS };

export const CheckRequestItem = z
  .object({
    ref: z.string().trim().min(1, "ref 不能为空").max(100, "ref 不能超过100个字符").describe("调用方自己的编号（如投标人序号），原样返回"),
    code: z.string().trim().max(64, "代码不能超过64个字符").optional().describe("统一社会信用代码，或自然人的身份证号码"),
    name: z.string().trim().max(200, "名称不能超过200个字符").optional().describe("主体名称；仅在没有代码时用于精确匹配"),
  })
  .superRefine((item, ctx) => {
    if (!item.code && !item.name) ctx.addIssue({ code: "custom", path: ["code"], message: "每一项至少需要提供 code 或 name" });
  })
  .meta({ id: "CheckRequestItem" });
export type CheckRequestItem = z.infer<typeof CheckRequestItem>;

export const CheckRequest = z
  .object({
    scene: z.string().trim().min(1, "请说明查询场景").max(20).describe("查询场景，如 政府采购 或 procurement").meta({ example: "政府采购" }),
    purpose: z.string().trim().max(200).optional().describe("查询事由（工作人员必填），如项目编号").meta({ example: "CQZC-2026-0381" }),
    items: z
      .array(CheckRequestItem)
      .min(1, "至少核查1个主体")
      .max(MAX_CHECK_ITEMS, `一次最多核查${MAX_CHECK_ITEMS}个主体`)
      .superRefine((items, ctx) => {
        const seen = new Map<string, number>();
        items.forEach((item, i) => {
          const first = seen.get(item.ref);
          if (first !== undefined) ctx.addIssue({ code: "custom", path: [i, "ref"], message: `ref“${item.ref}”与第${first + 1}项重复` });
          else seen.set(item.ref, i);
        });
      })
      .describe(`1–${MAX_CHECK_ITEMS} 个待核查主体；超过 ${MAX_CHECK_ITEMS} 个返回 413`),
  })
  .meta({ id: "CheckRequest", description: "批量信用核查请求" });
export type CheckRequest = z.infer<typeof CheckRequest>;

export const ListHit = ListEntryBase.extend({
  objectionOpen: z.literal(true).optional().describe("异议处理中：主体对该记录提出的异议尚未决定（仅在此时出现）"),
})
  .meta({ id: "ListHit", description: "现行有效的名单记录（已移出、已过期、已修复的不计）" });
export type ListHit = z.infer<typeof ListHit>;

export const AppliedMeasure = z
  .object({
    id: z.number().int(),
    listType: z.enum(LIST_TYPES),
    effect: z.enum(EFFECTS),
    effectLabel: z.string().describe("不得参与 / 需复核 / 提示 / 守信激励"),
    text: z.string().describe("措施内容"),
    legalBasis: z.string().describe("措施依据"),
  })
  .meta({ id: "AppliedMeasure", description: "本场景下适用的惩戒或激励措施" });
export type AppliedMeasure = z.infer<typeof AppliedMeasure>;

export const CheckedSubject = z
  .object({
    code: z.string().describe("统一社会信用代码；自然人为脱敏的身份证号码"),
    codeType: z.enum(["uscc", "id_number"]),
    checksumLegacy: z.boolean(),
    name: z.string(),
    kind: z.enum(SUBJECT_KINDS),
    kindLabel: z.string(),
    registrationStatus: z.string(),
  })
  .meta({ id: "CheckedSubject" });
export type CheckedSubject = z.infer<typeof CheckedSubject>;

export const CheckGrade = z
  .object({
    grade: z.enum(GRADES),
    label: z.string().describe("优秀 / 良好 / 中等 / 较差 / 差"),
    score: z.number(),
    modelVersion: z.string(),
    computedAt: z.string(),
  })
  .meta({ id: "CheckGrade", description: "公共信用综合评价的现行结果" });
export type CheckGrade = z.infer<typeof CheckGrade>;

export const CHECK_ITEM_STATUSES = ["ok", "invalid_code", "not_found", "ambiguous"] as const;
export type CheckItemStatus = (typeof CHECK_ITEM_STATUSES)[number];

export const CheckItem = z
  .object({
    ref: z.string(),
    status: z.enum(CHECK_ITEM_STATUSES).describe("ok 已核查；invalid_code 代码有误；not_found 未找到；ambiguous 名称对应多个主体"),
    message: z.string().describe("中文说明"),
    input: z.object({ code: z.string().nullable().describe("规范化后的代码（疑似身份证号码时脱敏）"), name: z.string().nullable() }),
    subject: CheckedSubject.nullable(),
    nameMatches: z.boolean().nullable().describe("同时提供名称和代码时，名称是否与该代码登记的名称一致"),
    hits: z.array(ListHit),
    measures: z.array(AppliedMeasure),
    decision: z.enum(DECISIONS).nullable().describe("最严格的措施效果；无措施适用时为 pass；未核查成功时为 null"),
    decisionLabel: z.string().nullable().describe("不得参与 / 需复核 / 提示 / 守信激励 / 通过"),
    grade: CheckGrade.nullable(),
    problems: z.array(z.object({ kind: z.string(), position: z.number().int().optional(), message: z.string() })).describe("代码错误的逐项说明"),
    candidates: z.array(z.object({ code: z.string(), name: z.string() })).describe("名称对应多个主体时的候选（最多5个），不代表其中任何一个"),
  })
  .meta({ id: "CheckItem", description: "一个主体的核查结果" });
export type CheckItem = z.infer<typeof CheckItem>;

const count = z.number().int();

export const CheckSummary = z
  .object({ block: count, review: count, flag: count, benefit: count, pass: count, invalid_code: count, not_found: count, ambiguous: count })
  .meta({ id: "CheckSummary", description: "按结论（已核查的主体）和状态（未核查成功的）计数" });
export type CheckSummary = z.infer<typeof CheckSummary>;

export const ReceiptActor = z
  .object({ id: z.string(), name: z.string(), role: z.enum(["officer", "admin"]), department: z.string().nullable() })
  .meta({ id: "ReceiptActor", description: "查询人" });
export type ReceiptActor = z.infer<typeof ReceiptActor>;

export const ReceiptRef = z
  .object({
    number: z.string().describe("凭证编号 CX-YYYYMMDD-XXXXXX"),
    kid: z.string().describe("签名密钥编号"),
    url: z.string().describe("可打印的凭证页面，地址含随机访问密钥（?k=，128位）：没有密钥的地址按不存在的凭证回答，请完整保存或分享此地址"),
    jws: z.string().describe("签名凭证（JWS 紧凑格式，EdDSA/Ed25519），公钥见 /.well-known/jwks.json"),
  })
  .meta({ id: "ReceiptRef" });

export const CheckResult = z
  .object({
    receipt: ReceiptRef,
    issuedAt: z.string(),
    scene: z.string(),
    sceneLabel: z.string(),
    purpose: z.string().nullable(),
    asOf: z.string().describe("按此日期（北京时间）判断名单效力"),
    dataVersion: DataVersion,
    summary: CheckSummary,
    items: z.array(CheckItem),
  })
  .meta({ id: "CheckResult", description: "批量信用核查结果及其签名凭证" });
export type CheckResult = z.infer<typeof CheckResult>;

/**
 * The answer to a check sent with `Prefer: return=minimal` (RFC 7240): everything but the unsigned copy of the
 * items, which the signed receipt (receipt.jws) holds in full. The extension asks for it: it takes its items from
 * the receipt alone, so the copy beside it was ~40 % of each answer's bytes, read and thrown away.
 */
export const CheckResultMinimal = CheckResult.omit({ items: true }).meta({
  id: "CheckResultMinimal",
  description: "批量信用核查结果（请求头 Prefer: return=minimal 时）：不含未签名的逐项结果副本，逐项结果以签名凭证（receipt.jws）中的为准",
});
export type CheckResultMinimal = z.infer<typeof CheckResultMinimal>;

/** The `Prefer` value that asks POST /api/v1/checks for a CheckResultMinimal. */
export const PREFER_MINIMAL = "return=minimal";

/**
 * Whether a Prefer header (RFC 7240: comma-separated preferences, parameters after ";", a value optionally quoted)
 * asks for return=minimal.
 * @example prefersMinimal('respond-async, return = "minimal"; x=1') // true
 */
export function prefersMinimal(header: string | null | undefined): boolean {
  if (!header) return false;
  return header.split(",").some((p) => p.split(";")[0]!.trim().toLowerCase().replace(/\s*=\s*/, "=").replace(/"/g, "") === PREFER_MINIMAL);
}
