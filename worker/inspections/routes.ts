import type { Capability } from "../http/capability";
import { createRoute } from "@hono/zod-openapi";
import { InspectionSample, SampleBody, SampleQuery } from "../../shared/contract";
import { appendQueryLog } from "../audit/log";
import { assertScene, requireRole } from "../auth/middleware";
import { ApiError } from "../http/errors";
import { AUTH_ERROR_RESPONSES, BEARER, ERROR_RESPONSES } from "../http/responses";
import { newRouter } from "../http/router";
import { sampleCsv } from "./csv";
import { drawSample } from "./service";

const sample = createRoute({
  method: "post",
  path: "/api/v1/inspections/sample",
  tags: ["分级分类监管"],
  summary: "按信用等级分层抽取双随机抽查对象",
  description: [
    "从 filter 选定的范围（不填为全部存续、在业的法人和非法人组织）中抽取 size 个主体，各等级按 主体数 × 抽查比例 分配名额",
    "（抽查比例见 tiers，为可调整的配置），同一 seed、同一范围结果相同，可复现、可公示。format=csv 导出名单。",
    "信用管理员可直接调用；工作人员须有“日常监管”场景，并在 purpose 中说明抽查任务；每次抽取写入查询使用登记。",
  ].join(""),
  security: BEARER,
  middleware: [requireRole("officer", "admin")] as const,
  request: { query: SampleQuery, body: { content: { "application/json": { schema: SampleBody } }, required: true } },
  responses: {
    200: {
      description: "抽查名单，或 CSV 文件",
      content: { "application/json": { schema: InspectionSample }, "text/csv": { schema: { type: "string" } } },
    },
    ...ERROR_RESPONSES,
    ...AUTH_ERROR_RESPONSES,
  },
});

const inspectionRoutes = newRouter().openapi(sample, async (c) => {
  const principal = c.var.principal;
  const body = c.req.valid("json");
  const purpose = body.purpose?.trim() || null;
  if (principal.role === "officer") {
    assertScene(principal, "supervision");
    if (!purpose) {
      throw new ApiError(400, "invalid_request", "工作人员抽取须说明抽查任务（查询使用登记）", [
        { field: "body.purpose", expected: "抽查任务，如 2026年第四季度双随机抽查", message: "工作人员抽取必须说明事由" },
      ]);
    }
  }
  const result = await drawSample(c.var.shards, body);
  const csv = c.req.valid("query").format === "csv";
  const answer = csv ? sampleCsv(result) : JSON.stringify(result);
  if (principal.role === "officer" || principal.role === "admin") {
    await appendQueryLog(c.var.shards, principal, { route: "POST /api/v1/inspections/sample", scene: "supervision", purpose, subjects: result.items.map((i) => i.code), answer });
  }
  if (csv) {
    return c.body(answer, 200, {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="inspection-sample-${c.var.today}-${body.seed}.csv"`,
    });
  }
  return c.json(result, 200);
});

export const capability: Capability = { app: inspectionRoutes };
