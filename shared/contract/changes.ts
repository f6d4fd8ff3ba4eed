import { z } from "zod";

/** What changed: 双公示 and other records, list entries, commitments (信用承诺), registration data. */
export const CHANGE_KINDS = ["record", "list_entry", "commitment", "subject"] as const;

/**
 * The feed's cursor. With one database it is the last change's sequence number; over shards it is opaque,
 * `c1.` + base64url JSON of each shard's last sequence number (worker/changes/cursor.ts), so one cursor carries
 * every shard's position.
 */
export const ChangeCursor = z.union([z.number().int(), z.string()]);

export const ChangesQuery = z.object({
  since: z
    .string()
    .regex(/^(0|[1-9]\d{0,15}|c1\.[A-Za-z0-9_-]{1,4000})$/, "游标无效：应为上次返回的 next")
    .refine((v) => !/^\d+$/.test(v) || Number(v) <= Number.MAX_SAFE_INTEGER, "游标无效：应为上次返回的 next")
    .default("0")
    .meta({ param: { name: "since", in: "query" }, description: "游标：上次返回的 next（数字或不透明字符串）；首次为 0", example: "0" }),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(1000)
    .default(200)
    .meta({ param: { name: "limit", in: "query" }, description: "本次最多读取的变更条数（1–1000）", example: 200 }),
});

export const ChangedSubject = z
  .object({
    code: z.string().describe("统一社会信用代码；自然人为脱敏的身份证号码"),
    codeType: z.enum(["uscc", "id_number"]),
    name: z.string(),
    changedAt: z.string().describe("本批次中该主体最后一次变更的时间"),
    kinds: z.array(z.enum(CHANGE_KINDS)).describe("变更的内容：record 行政许可、处罚等记录；list_entry 名单；commitment 信用承诺；subject 登记信息"),
    seq: z.number().int().describe("本批次中该主体最后一次变更的序号（分库部署时为其所在分库内的序号）"),
  })
  .meta({ id: "ChangedSubject" });

export const ChangeFeed = z
  .object({
    since: ChangeCursor,
    next: ChangeCursor.describe("下次请求的 since；没有新变更时等于 since。分库部署时为不透明字符串，原样传回"),
    hasMore: z.boolean().describe("游标之后还有变更，请立即以 next 再取"),
    items: z.array(ChangedSubject),
  })
  .meta({ id: "ChangeFeed", description: "自游标以来名单或记录发生变更的主体（去重，按变更顺序）" });
export type ChangeFeed = z.infer<typeof ChangeFeed>;
