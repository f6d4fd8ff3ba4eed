import type { Capability } from "../http/capability";
import { createRoute } from "@hono/zod-openapi";
import { SearchQuery, SearchResult } from "../../shared/contract";
import { ERROR_RESPONSES } from "../http/responses";
import { newRouter } from "../http/router";
import { searchSubjects } from "./service";

const search = createRoute({
  method: "get",
  path: "/api/v1/search",
  tags: ["信用主体"],
  summary: "按名称或代码前缀检索主体",
  description:
    "名称检索支持1个字、2个字及更长的查询（3个字及以上使用全文索引）；代码检索按前缀匹配。结果是排序后的候选，只有代码完全一致（matchType=code）才表示同一主体。每页20条，最多500个候选。",
  request: { query: SearchQuery },
  responses: {
    200: { description: "候选列表", content: { "application/json": { schema: SearchResult } } },
    ...ERROR_RESPONSES,
  },
});

const searchRoutes = newRouter().openapi(search, async (c) => {
  const { q, page } = c.req.valid("query");
  return c.json(await searchSubjects(c.var.shards, q, page), 200);
});

export const capability: Capability = { app: searchRoutes };
