import { z } from "zod";
import { SUBJECT_KINDS } from "./subjects";

export const SEARCH_PAGE_SIZE = 20;
/** The most candidates a search ranks; past this, users are asked to refine the query. */
export const SEARCH_CANDIDATE_LIMIT = 500;

export const SearchQuery = z.object({
  q: z
    .string()
    .trim()
    .min(1, "请输入查询内容")
    .max(50, "查询内容不能超过50个字符")
    .meta({ param: { name: "q", in: "query" }, description: "名称（1个字及以上）或统一社会信用代码（前缀，至少2位）", example: "渝信" }),
  page: z.coerce
    .number()
    .int()
    .min(1)
    .max(Math.ceil(SEARCH_CANDIDATE_LIMIT / SEARCH_PAGE_SIZE))
    .default(1)
    .meta({ param: { name: "page", in: "query" }, description: "页码，从1开始" }),
});

export const MATCH_TYPES = ["code", "code_prefix", "exact_name", "name_prefix", "name_contains"] as const;

export const SearchCandidate = z
  .object({
    code: z.string().describe("统一社会信用代码；自然人为脱敏号码"),
    linkable: z.boolean().describe("可按此代码打开主体页面（自然人不提供链接）"),
    name: z.string(),
    nameMarked: z.array(z.object({ text: z.string(), match: z.boolean() })).describe("名称分段，match=true 为命中部分"),
    kind: z.enum(SUBJECT_KINDS),
    region: z.string().nullable(),
    registrationStatus: z.string(),
    matchType: z.enum(MATCH_TYPES).describe("code 为代码完全一致；其余均为候选，不代表同一主体"),
  })
  .meta({ id: "SearchCandidate" });
export type SearchCandidate = z.infer<typeof SearchCandidate>;

export const SearchResult = z
  .object({
    query: z.string(),
    page: z.number().int(),
    pageSize: z.number().int(),
    total: z.number().int().describe("候选总数（最多 500）"),
    truncated: z.boolean().describe("候选超过 500 个时为 true，请细化查询"),
    items: z.array(SearchCandidate),
  })
  .meta({ id: "SearchResult", description: "名称或代码检索的候选列表" });
export type SearchResult = z.infer<typeof SearchResult>;
