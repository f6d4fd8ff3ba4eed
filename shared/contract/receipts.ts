import { z } from "zod";
import { CheckItem, CheckSummary, ReceiptActor } from "./checks";
import { DataVersion, SubjectProfile } from "./subjects";

/** JWS `typ` of a check receipt (查询凭证): explicit typing (RFC 8725 §3.11) so a report is never taken for one. */
export const RECEIPT_TYP = "cx-receipt+jwt";
/** JWS `typ` of a signed public credit report (公共信用信息报告). */
export const REPORT_TYP = "cx-report+jwt";
/** Payload format version; a verifier refuses versions it does not know. */
export const RECEIPT_FORMAT_VERSION = 1;

/**
 * `CX-YYYYMMDD-XXXXXX`: the issue date in China time and six characters from an alphabet without the
 * look-alikes 0/O and 1/I, so a number read aloud or copied by hand survives.
 */
export const RECEIPT_NUMBER_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
export const RECEIPT_NUMBER_PATTERN = /^CX-\d{8}-[2-9A-HJ-NP-Z]{6}$/;

export const ReceiptNumber = z.string().regex(RECEIPT_NUMBER_PATTERN, "凭证编号格式应为 CX-YYYYMMDD-XXXXXX");

/** What a receipt's JWS signs: who checked what, when, in which scene, against which data, and the answers. */
export const ReceiptPayload = z
  .object({
    v: z.literal(RECEIPT_FORMAT_VERSION),
    iss: z.string().describe("签发方（本服务的地址）"),
    iat: z.number().int().describe("签发时间（Unix 秒）"),
    number: ReceiptNumber,
    issuedAt: z.string().describe("签发时间（ISO 8601，UTC）"),
    scene: z.string(),
    sceneLabel: z.string(),
    purpose: z.string().nullable(),
    actor: ReceiptActor,
    asOf: z.string(),
    dataVersion: DataVersion,
    summary: CheckSummary,
    items: z.array(CheckItem),
  })
  .meta({ id: "ReceiptPayload", description: "查询凭证的签名内容" });
export type ReceiptPayload = z.infer<typeof ReceiptPayload>;

/** What a signed public credit report signs: the public profile as of a date. */
export const ReportPayload = z
  .object({
    v: z.literal(RECEIPT_FORMAT_VERSION),
    iss: z.string(),
    iat: z.number().int(),
    issuedAt: z.string(),
    report: SubjectProfile,
  })
  .meta({ id: "ReportPayload", description: "公共信用信息报告的签名内容" });
export type ReportPayload = z.infer<typeof ReportPayload>;

export const SignedReport = z
  .object({
    report: SubjectProfile,
    issuedAt: z.string(),
    kid: z.string(),
    url: z.string().nullable().describe("可打印的报告页面（自然人不提供链接）"),
    jws: z.string().describe("签名报告（JWS 紧凑格式，typ=cx-report+jwt）"),
  })
  .meta({ id: "SignedReport", description: "签名的公共信用信息报告" });
export type SignedReport = z.infer<typeof SignedReport>;

export const VERIFY_FAILURES = ["malformed", "unknown_key", "bad_signature", "bad_payload"] as const;
export type VerifyFailure = (typeof VERIFY_FAILURES)[number];

export const VERIFY_FAILURE_MESSAGE: Record<VerifyFailure, string> = {
  malformed: "不是有效的签名凭证（JWS 紧凑格式、签名算法或类型不正确）",
  unknown_key: "签名密钥编号（kid）不在公钥集中，无法确认签发方",
  bad_signature: "签名验证失败：凭证内容或签名已被改动",
  bad_payload: "签名有效，但凭证内容不符合凭证格式",
};

export const VerifyRequest = z
  .object({ jws: z.string().trim().min(1, "请提供签名凭证").max(2_000_000, "签名凭证过长（上限 2,000,000 个字符）") })
  .meta({ id: "VerifyRequest" });

export const VerifyResult = z
  .object({
    valid: z.boolean(),
    reason: z.enum(VERIFY_FAILURES).optional().describe("valid=false 时：malformed 格式错误；unknown_key 密钥未知；bad_signature 签名不符；bad_payload 内容格式不符"),
    message: z.string().describe("中文说明"),
    kid: z.string().optional(),
    keyStatus: z.enum(["current", "retired"]).optional().describe("签名密钥是现行密钥还是已轮换停用（仍可验证）的旧密钥"),
    kind: z.enum(["receipt", "report"]).optional(),
    archived: z.boolean().optional().describe("查询凭证：本系统存档中有此编号且摘要一致"),
    payload: z.union([ReceiptPayload, ReportPayload]).optional().describe("验证通过时的凭证内容"),
  })
  .meta({ id: "VerifyResult", description: "签名凭证的验证结果" });
export type VerifyResult = z.infer<typeof VerifyResult>;

export const PublicJwk = z.object({
  kty: z.literal("OKP"),
  crv: z.literal("Ed25519"),
  x: z.string(),
  kid: z.string(),
  alg: z.literal("EdDSA"),
  use: z.literal("sig"),
});
export const Jwks = z.object({ keys: z.array(PublicJwk) }).meta({ id: "Jwks", description: "凭证签名公钥（现行与已停用）" });
export type Jwks = z.infer<typeof Jwks>;
