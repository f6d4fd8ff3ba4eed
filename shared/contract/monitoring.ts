/**
 * Monitoring (issue 14): watchlists (监控名单), alerts (监控提醒) and 告知承诺 registered by officers and followed to
 * verification (核查). The worker validates with these, the OpenAPI document shows them and the extension parses
 * its answers with them.
 */
import { z } from "zod";
import { isIsoDate } from "../domain/dates";
import { LIST_TYPES } from "../domain/lists";
import { SCENES, parseScene } from "../domain/scenes";

/** At most this many subjects per watchlist request (as a check batch). */
export const MAX_WATCH_ITEMS = 100;
/** At most this many alerts marked read by id in one request. */
export const MAX_READ_IDS = 500;

const IsoDate = (what: string) =>
  z
    .string()
    .max(10)
    .refine(isIsoDate, { message: `${what}应为 YYYY-MM-DD 格式的日期` });

const SceneKey = z
  .string()
  .max(20)
  .transform((s, ctx) => parseScene(s) ?? (ctx.addIssue({ code: "custom", message: `未知场景“${s}”` }), z.NEVER))
  .pipe(z.enum(SCENES));

const Code = z.string().min(1, "请填写统一社会信用代码或身份证号码").max(64).describe("统一社会信用代码或公民身份号码；大小写、全角均可");
const Reason = z.string().trim().min(2, "请写明监控事由（项目编号或审批文号）").max(100, "监控事由不能超过100个字").describe("监控事由：项目编号或审批文号");

export const WatchItemInput = z
  .object({
    code: Code,
    reason: Reason,
    until: IsoDate("监控截止日期").describe("监控截止日期（含），不早于今天、不晚于三年后"),
    scene: SceneKey.optional().describe("场景（中文名或英文键）；不填时取令牌授权的第一个场景"),
  })
  .meta({ id: "WatchItemInput" });
export type WatchItemInput = z.infer<typeof WatchItemInput>;

/** One subject (`code`, `reason`, `until`) or up to 100 (`items`); a field-level problem is a 400 naming the field. */
export const WatchlistRequest = z
  .object({
    code: Code.optional(),
    reason: Reason.optional(),
    until: IsoDate("监控截止日期").optional(),
    scene: SceneKey.optional().describe("场景；批量时为各项的默认场景"),
    items: z.array(WatchItemInput).min(1, "items 至少一项").max(MAX_WATCH_ITEMS, `一次最多监控 ${MAX_WATCH_ITEMS} 个主体`).optional(),
  })
  .superRefine((body, ctx) => {
    if (body.items) {
      if (body.code !== undefined) ctx.addIssue({ code: "custom", path: ["code"], message: "批量监控时请把代码写在 items 中" });
      return;
    }
    for (const field of ["code", "reason", "until"] as const) {
      if (body[field] === undefined) ctx.addIssue({ code: "custom", path: [field], message: `请填写 ${field}（或使用 items 批量监控）` });
    }
  })
  .meta({ id: "WatchlistRequest", description: "监控一个主体（code、reason、until），或用 items 一次监控至多 100 个" });
export type WatchlistRequest = z.infer<typeof WatchlistRequest>;

export const WatchEntry = z
  .object({
    id: z.number().int(),
    code: z.string().describe("统一社会信用代码；自然人为脱敏的身份证号码"),
    codeType: z.enum(["uscc", "id_number"]),
    name: z.string(),
    reason: z.string(),
    scene: z.enum(SCENES).nullable(),
    sceneLabel: z.string().nullable(),
    until: z.string(),
    source: z.enum(["officer", "commitment"]).describe("officer 工作人员添加；commitment 登记告知承诺时自动监控"),
    createdAt: z.string(),
    active: z.boolean().describe("未删除且未过截止日期"),
    watcher: z.string().describe("监控人（令牌主体）"),
    watcherName: z.string().nullable(),
  })
  .meta({ id: "WatchEntry", description: "监控名单中的一项" });
export type WatchEntry = z.infer<typeof WatchEntry>;

export const WATCH_ITEM_STATUSES = ["added", "extended", "invalid_code", "not_found"] as const;

export const WatchlistResult = z
  .object({
    items: z.array(
      z.object({
        index: z.number().int().describe("请求中的序号（从 0 开始）"),
        code: z.string().describe("规范化后的代码（自然人脱敏）"),
        status: z.enum(WATCH_ITEM_STATUSES).describe("added 已加入；extended 已在监控中，更新了截止日期；invalid_code 代码不正确；not_found 库中没有该主体"),
        message: z.string().nullable().describe("出错时的中文说明"),
        entry: WatchEntry.nullable(),
      }),
    ),
    added: z.number().int(),
    extended: z.number().int(),
    failed: z.number().int(),
    limit: z.number().int().describe("每位工作人员最多监控的主体数"),
    active: z.number().int().describe("本次之后正在监控的数量"),
  })
  .meta({ id: "WatchlistResult", description: "逐项结果：某项代码有误或不存在只影响该项" });
export type WatchlistResult = z.infer<typeof WatchlistResult>;

export const WatchlistQuery = z.object({
  cursor: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(0).meta({ param: { name: "cursor", in: "query" }, description: "上次返回的 next；首次为 0" }),
  limit: z.coerce.number().int().min(1).max(500).default(100).meta({ param: { name: "limit", in: "query" }, description: "每页条数（1–500）" }),
  watcher: z.string().max(200).optional().meta({ param: { name: "watcher", in: "query" }, description: "（信用管理员）只看某位工作人员的监控名单" }),
});

export const WatchlistPage = z
  .object({
    items: z.array(WatchEntry),
    next: z.number().int().nullable().describe("下一页的 cursor；没有更多时为 null"),
    limit: z.number().int().describe("每位工作人员最多监控的主体数"),
    active: z.number().int().describe("（工作人员）正在监控的数量"),
  })
  .meta({ id: "WatchlistPage" });
export type WatchlistPage = z.infer<typeof WatchlistPage>;

export const WatchIdParam = z.object({
  id: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER).meta({ param: { name: "id", in: "path" }, description: "监控项编号", example: 1 }),
});

/** What an alert announces. */
export const ALERT_KINDS = [
  "record_new",
  "record_updated",
  "list_entry_new",
  "list_entry_updated",
  "commitment_new",
  "commitment_updated",
  "registration_changed",
  "grade_changed",
  "commitment_due",
] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export const ALERT_KIND_LABEL: Record<AlertKind, string> = {
  record_new: "新增记录",
  record_updated: "记录变更",
  list_entry_new: "列入名单",
  list_entry_updated: "名单变更",
  commitment_new: "新增信用承诺",
  commitment_updated: "信用承诺变更",
  registration_changed: "登记状态变更",
  grade_changed: "评价等级变化",
  commitment_due: "告知承诺待核查",
};

export const AlertDetail = z
  .object({
    entity: z.enum(["record", "list_entry", "commitment", "subject", "grade"]),
    title: z.string().describe("一句话说明，如 行政处罚 渝中市监处罚〔2026〕1001号"),
    category: z.string().nullable().describe("记录类别：penalty 行政处罚、licence 行政许可 …"),
    docNo: z.string().nullable(),
    date: z.string().nullable().describe("决定日期、列入日期、承诺日期"),
    authorityName: z.string().nullable(),
    severity: z.enum(["minor", "general", "serious"]).nullable(),
    status: z.string().nullable().describe("当前状态：active、removed、listed、pending、fulfilled、breached、存续 …"),
    corrected: z.boolean().describe("记录已被更正（版本大于 1）"),
    objectionOpen: z.boolean().describe("异议处理中"),
    listType: z.enum(LIST_TYPES).nullable(),
    fromGrade: z.string().nullable(),
    toGrade: z.string().nullable(),
    commitmentId: z.number().int().nullable().describe("告知承诺编号（登记核查结果时用）"),
    verifyBy: z.string().nullable(),
  })
  .meta({ id: "AlertDetail" });
export type AlertDetail = z.infer<typeof AlertDetail>;

export const Alert = z
  .object({
    id: z.number().int(),
    kind: z.enum(ALERT_KINDS),
    kindLabel: z.string(),
    summary: z.string().describe("中文摘要，通知和列表直接显示"),
    subject: z.object({ code: z.string().describe("自然人为脱敏的身份证号码"), name: z.string() }),
    watch: z.object({ id: z.number().int(), reason: z.string(), until: z.string() }),
    changedAt: z.string().describe("变更发生的时间"),
    createdAt: z.string().describe("提醒生成的时间"),
    read: z.boolean(),
    visible: z.boolean().describe("false：变更涉及的信息按您的角色和场景不可查看（如已信用修复或已停止公示），不显示详情"),
    detail: AlertDetail.nullable(),
  })
  .meta({ id: "Alert", description: "监控提醒：被监控主体的一次变更" });
export type Alert = z.infer<typeof Alert>;

const Flag = z
  .enum(["true", "false", "1", "0"])
  .transform((v) => v === "true" || v === "1");

export const AlertsQuery = z.object({
  // A number with one database; over shard databases an opaque `c1.…` cursor with each shard's position
  // (worker/changes/cursor.ts): alert ids are numbered per shard, so no single number orders them in time.
  since: z
    .string()
    .regex(/^(0|[1-9]\d{0,15}|c1\.[A-Za-z0-9_-]{1,4000})$/, "游标无效：应为上次返回的 next")
    .refine((v) => !/^\d+$/.test(v) || Number(v) <= Number.MAX_SAFE_INTEGER, "游标无效：应为上次返回的 next")
    .default("0")
    .meta({ param: { name: "since", in: "query" }, description: "只返回 since 之后的提醒（上次返回的 next，原样传回）", example: "0" }),
  unread: Flag.optional().meta({ param: { name: "unread", in: "query" }, description: "true：只返回未读提醒" }),
  limit: z.coerce.number().int().min(1).max(200).default(50).meta({ param: { name: "limit", in: "query" }, description: "每页条数（1–200）" }),
});

export const AlertPage = z
  .object({
    items: z.array(Alert),
    next: z.union([z.number().int(), z.string()]).describe("下次请求的 since；没有新提醒时等于 since。分库部署时为不透明字符串，原样传回"),
    hasMore: z.boolean(),
    unread: z.number().int().describe("未读提醒总数（扩展图标上的数字）"),
  })
  .meta({ id: "AlertPage" });
export type AlertPage = z.infer<typeof AlertPage>;

export const AlertsReadRequest = z
  .object({
    ids: z.array(z.number().int().min(1).max(Number.MAX_SAFE_INTEGER)).min(1).max(MAX_READ_IDS, `一次最多标记 ${MAX_READ_IDS} 条`).optional(),
    all: z.literal(true).optional().describe("true：全部标记为已读"),
  })
  .superRefine((body, ctx) => {
    if ((body.ids === undefined) === (body.all === undefined)) ctx.addIssue({ code: "custom", path: ["ids"], message: "请给出 ids，或 all: true（二者选一）" });
  })
  .meta({ id: "AlertsReadRequest" });

export const AlertsReadResult = z.object({ marked: z.number().int(), unread: z.number().int() }).meta({ id: "AlertsReadResult" });
export type AlertsReadResult = z.infer<typeof AlertsReadResult>;

/** 告知承诺 types (国办发〔2020〕42号). */
export const COMMITMENT_TYPES = ["证明事项告知承诺", "涉企经营许可事项告知承诺", "其他告知承诺"] as const;
export const COMMITMENT_STATUS_LABEL = { pending: "履行中（待核查）", fulfilled: "已履行（核查属实）", breached: "未履行（核查不实）" } as const;
export const VERIFICATION_RESULTS = ["属实", "不属实"] as const;

export const CommitmentInput = z
  .object({
    code: Code,
    type: z.enum(COMMITMENT_TYPES).describe("告知承诺类型"),
    matter: z.string().trim().min(4, "承诺事项至少4个字").max(500, "承诺事项不能超过500个字").describe("承诺事项，如 食品经营许可：承诺经营场所符合条件"),
    madeOn: IsoDate("承诺日期").describe("作出承诺的日期"),
    verifyBy: IsoDate("核查日期").describe("应当核查的日期（到期提醒登记人）"),
    ref: z.string().trim().min(2, "请填写审批文号或受理编号").max(100).describe("审批文号或受理编号"),
    authorityName: z.string().trim().min(2).max(100).optional().describe("作出审批的部门名称；不填时使用令牌中的部门"),
  })
  .superRefine((c, ctx) => {
    if (isIsoDate(c.madeOn) && isIsoDate(c.verifyBy) && c.verifyBy < c.madeOn) ctx.addIssue({ code: "custom", path: ["verifyBy"], message: `核查日期（${c.verifyBy}）早于承诺日期（${c.madeOn}）` });
  })
  .meta({ id: "CommitmentInput", description: "登记一项告知承诺" });
export type CommitmentInput = z.infer<typeof CommitmentInput>;

export const Commitment = z
  .object({
    id: z.number().int(),
    code: z.string(),
    name: z.string(),
    type: z.string().nullable(),
    matter: z.string(),
    madeOn: z.string(),
    verifyBy: z.string().nullable(),
    ref: z.string(),
    authority: z.object({ name: z.string(), code: z.string() }),
    status: z.enum(["pending", "fulfilled", "breached"]),
    statusLabel: z.string(),
    registeredBy: z.string().nullable(),
    watchId: z.number().int().nullable().describe("登记人自动监控该主体的监控项"),
    verification: z.object({ result: z.enum(VERIFICATION_RESULTS), note: z.string(), verifiedAt: z.string(), verifiedBy: z.string() }).nullable(),
    falseCommitmentEntry: z
      .object({ listType: z.literal("key_supervision"), listName: z.string(), reason: z.string(), docNo: z.string(), listedOn: z.string(), plannedRemovalOn: z.string().nullable() })
      .nullable()
      .describe("核查不实（虚假承诺）时列入的失信记录：重点监管对象名单"),
  })
  .meta({ id: "Commitment", description: "告知承诺及其核查结果" });
export type Commitment = z.infer<typeof Commitment>;

export const CommitmentIdParam = z.object({
  id: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER).meta({ param: { name: "id", in: "path" }, description: "告知承诺编号", example: 1 }),
});

export const VerificationInput = z
  .object({
    result: z.enum(VERIFICATION_RESULTS).describe("属实：承诺已履行；不属实：虚假承诺，列入重点监管对象名单（失信记录）"),
    note: z.string().trim().min(2, "请写明核查情况").max(500, "核查说明不能超过500个字"),
  })
  .meta({ id: "VerificationInput", description: "告知承诺的核查结果" });
export type VerificationInput = z.infer<typeof VerificationInput>;

/** 信用承诺公示: what anyone may read of a subject's commitments. */
export const PublicCommitment = z
  .object({
    type: z.string().nullable().describe("告知承诺类型"),
    kind: z.string().describe("承诺类别：审批替代型、主动型、行业自律型、信用修复型"),
    matter: z.string(),
    madeOn: z.string(),
    verifyBy: z.string().nullable(),
    ref: z.string().describe("审批文号或承诺文书号"),
    authority: z.object({ name: z.string(), code: z.string() }),
    status: z.enum(["pending", "fulfilled", "breached"]),
    statusLabel: z.string(),
    resolvedOn: z.string().nullable(),
  })
  .meta({ id: "PublicCommitment" });

export const PublicCommitmentList = z
  .object({ code: z.string(), name: z.string(), items: z.array(PublicCommitment) })
  .meta({ id: "PublicCommitmentList", description: "信用承诺公示：主体作出的信用承诺及其履行情况" });
export type PublicCommitmentList = z.infer<typeof PublicCommitmentList>;
