import { createRoute } from "@hono/zod-openapi";
import {
  BatchParams,
  BatchQuery,
  ClassificationInput,
  ClassificationResult,
  RecordIdParam,
  RecordSubjectQuery,
  IngestKindParam,
  IngestQuery,
  IngestResult,
  QualityReport,
  SeverityRulesSchema,
  SeverityRulesState,
} from "../../shared/contract/ingest";
import { ErrorEnvelope } from "../../shared/contract";
import { requireRole } from "../auth/middleware";
import type { Capability } from "../http/capability";
import { limitBody } from "../http/hardening";
import { AUTH_ERROR_RESPONSES, BEARER, ERROR_RESPONSES } from "../http/responses";
import { newRouter } from "../http/router";
import { ApiError } from "../http/errors";
import { MAX_UPLOAD_BYTES } from "./body";
import { reclassify } from "./classification";
import { loadBatchReport } from "./report";
import { ingestUpload } from "./service";
import { loadSeverityRules, saveSeverityRules } from "./settings";


const TAG = "数据报送";
const errorJson = (description: string) => ({ description, content: { "application/json": { schema: ErrorEnvelope } } });

// Plain (non-zod) body schemas: the body is streamed by the handler, never parsed up front.
const uploadBody = {
  required: true,
  description: "数据文件。CSV 用双公示现行列名（中文或 CF_ / XK_ 代码）或旧版列名，UTF-8 或 GBK；JSON 为对象数组；NDJSON 每行一个对象。列清单见 docs/ingest.md。",
  content: {
    "text/csv": { schema: { type: "string" as const, description: "CSV 文件（首行为表头）" } },
    "application/json": { schema: { type: "array" as const, items: { type: "object" as const } } },
    "application/x-ndjson": { schema: { type: "string" as const, description: "每行一个 JSON 对象" } },
  },
};

const upload = createRoute({
  method: "post",
  path: "/api/v1/ingest/{kind}",
  tags: [TAG],
  summary: "上传数据（数据提供单位、信用管理员）",
  description: `逐行校验后保存：合格的行保存，不合格的行连同行号、列、规则和说明一并返回（前 1000 条；全部见质量报告）。同一文件重复上传不产生任何变化；更正的行替换原记录，原版本保留在历史中。请求体以流方式读取，上限 ${MAX_UPLOAD_BYTES / 1024 / 1024} MB；更大的文件请用 npm run ingest 分段上传。数据提供单位只能上传本单位（令牌 source_unit）的数据。`,
  security: BEARER,
  middleware: [requireRole("provider", "admin")] as const,
  request: { params: IngestKindParam, query: IngestQuery, body: uploadBody },
  responses: {
    200: { description: "上传结果（含被拒绝的行）", content: { "application/json": { schema: IngestResult } } },
    ...ERROR_RESPONSES,
    ...AUTH_ERROR_RESPONSES,
    413: errorJson("上传内容过大（details.batchId：中途超限时已保存的行所在批次）"),
    415: errorJson("不支持的内容类型"),
  },
});

const batchReport = createRoute({
  method: "get",
  path: "/api/v1/ingest/batches/{id}",
  tags: [TAG],
  summary: "上传批次的数据质量报告",
  description: "合格率、及时率（决定之日起 7 个工作日内报送，按法定节假日和调休计算）、重错码率（‰）、按规则统计的被拒绝行数，以及被拒绝问题的分页列表。上传单位的数据提供单位和信用管理员可查看。",
  security: BEARER,
  middleware: [requireRole("provider", "admin")] as const,
  request: { params: BatchParams, query: BatchQuery },
  responses: {
    200: { description: "质量报告", content: { "application/json": { schema: QualityReport } } },
    ...ERROR_RESPONSES,
    ...AUTH_ERROR_RESPONSES,
  },
});

const getRules = createRoute({
  method: "get",
  path: "/api/v1/ingest/severity-rules",
  tags: [TAG],
  summary: "行政处罚轻微 / 一般 / 严重的划分规则",
  description: "上传行政处罚时按这些规则（处罚类别和罚款金额）划分类别，并据此确定最短和最长公示期。",
  security: BEARER,
  middleware: [requireRole("provider", "admin")] as const,
  responses: {
    200: { description: "当前规则", content: { "application/json": { schema: SeverityRulesState } } },
    ...ERROR_RESPONSES,
    ...AUTH_ERROR_RESPONSES,
  },
});

const putRules = createRoute({
  method: "put",
  path: "/api/v1/ingest/severity-rules",
  tags: [TAG],
  summary: "修改行政处罚类别划分规则（信用管理员）",
  description: "只影响此后的上传；已保存的记录保持原类别。每个批次的质量报告记录了它所用的规则。",
  security: BEARER,
  middleware: [requireRole("admin"), limitBody(16 * 1024)] as const,
  request: { body: { required: true, content: { "application/json": { schema: SeverityRulesSchema } } } },
  responses: {
    200: { description: "修改后的规则", content: { "application/json": { schema: SeverityRulesState } } },
    ...ERROR_RESPONSES,
    ...AUTH_ERROR_RESPONSES,
    413: errorJson("请求体过大"),
  },
});

const classification = createRoute({
  method: "post",
  path: "/api/v1/records/{id}/classification",
  tags: [TAG],
  summary: "复核行政处罚的轻微 / 一般 / 严重类别（信用管理员）",
  description:
    "用于质量报告中标记为待复核（needsReview）的记录，如处罚类别为“暂扣或者吊销”（旧版代码 4）、暂按一般处理的处罚；也可更正任何类别。按新类别自处罚决定日期重新计算公示期，原版本保留在历史中，复核人和依据记入状态历史，并产生变更通知。此后重复上传同一条含糊的数据不会改回原类别。",
  security: BEARER,
  middleware: [requireRole("admin"), limitBody(16 * 1024)] as const,
  request: { params: RecordIdParam, query: RecordSubjectQuery, body: { required: true, content: { "application/json": { schema: ClassificationInput } } } },
  responses: {
    200: { description: "复核后的类别与公示期", content: { "application/json": { schema: ClassificationResult } } },
    ...ERROR_RESPONSES,
    ...AUTH_ERROR_RESPONSES,
    413: errorJson("请求体过大"),
  },
});

const ingestRoutes = newRouter()
  .openapi(upload, async (c) => {
    const principal = c.var.principal;
    if (principal.role !== "provider" && principal.role !== "admin") throw new Error("requireRole let another role through");
    const result = await ingestUpload({
      db: c.var.db,
      shards: c.var.shards,
      kind: c.req.valid("param").kind,
      principal,
      today: c.var.today,
      now: new Date(),
      contentType: c.req.header("content-type"),
      contentLength: c.req.header("content-length"),
      query: c.req.valid("query"),
      body: c.req.raw.body,
      maxBytes: MAX_UPLOAD_BYTES,
    });
    return c.json(result, 200);
  })
  .openapi(batchReport, async (c) => {
    const { id } = c.req.valid("param");
    return c.json(await loadBatchReport(c.var.db, c.var.principal, id, c.req.valid("query").page), 200);
  })
  .openapi(getRules, async (c) => c.json(await loadSeverityRules(c.var.db), 200))
  .openapi(putRules, async (c) => {
    const principal = c.var.principal;
    const actor = principal.role === "public" ? "public" : principal.id;
    return c.json(await saveSeverityRules(c.var.db, c.req.valid("json"), actor), 200);
  })
  .openapi(classification, async (c) => {
    const principal = c.var.principal;
    const actor = principal.role === "public" ? "public" : principal.id;
    // The record's shard: named by its subject's code, since ids are per database.
    const { subject } = c.req.valid("query");
    if (!c.var.shards.single && !subject) {
      throw new ApiError(400, "invalid_request", "参数 query.subject 不正确：分库部署时须给出记录所属主体的代码", [{ field: "query.subject", expected: "string", message: "分库部署时必填" }]);
    }
    const db = subject ? (await c.var.shards.shardFor(subject)).db : c.var.db;
    return c.json(await reclassify(db, c.req.valid("param").id, c.req.valid("json"), actor, new Date(), subject), 200);
  });

/** Uploads stream under their own limits (worker/ingest/body.ts); the app default is far too small. */
export const capability: Capability = { app: ingestRoutes, ownBodyLimit: ["/api/v1/ingest/*"] };
