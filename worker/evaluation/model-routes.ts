import { createRoute } from "@hono/zod-openapi";
import {
  CreateModelBody,
  DryRunResult,
  ErrorEnvelope,
  EvaluationModel,
  EvaluationModelList,
  ModelVersionParam,
  PublishResult,
  UpdateModelBody,
} from "../../shared/contract";
import { ApiError } from "../http/errors";
import { requireRole } from "../auth/middleware";
import { AUTH_ERROR_RESPONSES, BEARER, ERROR_RESPONSES } from "../http/responses";
import { newRouter } from "../http/router";
import { dryRun } from "./dry-run";
import { createDraft, getModel, listModels, loadPublishedModels, modelView, publishDraft, updateDraft } from "./models";

const TAG = ["评价模型"];
const CONFLICT = { 409: { description: "版本号已存在，或模型已发布（发布后不可修改）", content: { "application/json": { schema: ErrorEnvelope } } } } as const;
const modelJson = (description: string) => ({ description, content: { "application/json": { schema: EvaluationModel } } });

const list = createRoute({
  method: "get",
  path: "/api/v1/evaluation-models",
  tags: TAG,
  summary: "评价模型列表（信用管理员）",
  security: BEARER,
  middleware: [requireRole("admin")] as const,
  responses: { 200: { description: "全部模型（草稿、已发布、已退役）", content: { "application/json": { schema: EvaluationModelList } } }, ...ERROR_RESPONSES, ...AUTH_ERROR_RESPONSES },
});

const create = createRoute({
  method: "post",
  path: "/api/v1/evaluation-models",
  tags: TAG,
  summary: "新建模型草稿（信用管理员）",
  description: "公共信用综合评价模型须包含基本信息、经营行为、履约历史、监管信息、成长潜力五个维度；行业评价模型须指定行业门类和 publicWeight。权重合计须等于满分。",
  security: BEARER,
  middleware: [requireRole("admin")] as const,
  request: { body: { content: { "application/json": { schema: CreateModelBody } }, required: true } },
  responses: { 201: modelJson("已创建的草稿"), ...CONFLICT, ...ERROR_RESPONSES, ...AUTH_ERROR_RESPONSES },
});

const get = createRoute({
  method: "get",
  path: "/api/v1/evaluation-models/{version}",
  tags: TAG,
  summary: "查看一个模型（信用管理员）",
  security: BEARER,
  middleware: [requireRole("admin")] as const,
  request: { params: ModelVersionParam },
  responses: { 200: modelJson("模型"), ...ERROR_RESPONSES, ...AUTH_ERROR_RESPONSES },
});

const update = createRoute({
  method: "put",
  path: "/api/v1/evaluation-models/{version}",
  tags: TAG,
  summary: "修改模型草稿（信用管理员；已发布的模型不可修改）",
  security: BEARER,
  middleware: [requireRole("admin")] as const,
  request: { params: ModelVersionParam, body: { content: { "application/json": { schema: UpdateModelBody } }, required: true } },
  responses: { 200: modelJson("修改后的草稿"), ...CONFLICT, ...ERROR_RESPONSES, ...AUTH_ERROR_RESPONSES },
});

const dryRunRoute = createRoute({
  method: "post",
  path: "/api/v1/evaluation-models/{version}/dry-run",
  tags: TAG,
  summary: "草稿试算：发布前的等级分布变化（信用管理员）",
  description: "用当前数据分别按现行模型和草稿计算每个主体（不写入），返回两种等级分布和迁移矩阵。",
  security: BEARER,
  middleware: [requireRole("admin")] as const,
  request: { params: ModelVersionParam },
  responses: { 200: { description: "等级分布变化", content: { "application/json": { schema: DryRunResult } } }, ...CONFLICT, ...ERROR_RESPONSES, ...AUTH_ERROR_RESPONSES },
});

const publish = createRoute({
  method: "post",
  path: "/api/v1/evaluation-models/{version}/publish",
  tags: TAG,
  summary: "发布模型草稿（信用管理员）",
  description: "草稿成为现行模型，同类（同一行业）原现行模型退役。此后该版本不可修改；主体在下次查询或定时任务中按新模型重新评价。",
  security: BEARER,
  middleware: [requireRole("admin")] as const,
  request: { params: ModelVersionParam },
  responses: { 200: { description: "已发布的模型和被替换的版本", content: { "application/json": { schema: PublishResult } } }, ...CONFLICT, ...ERROR_RESPONSES, ...AUTH_ERROR_RESPONSES },
});

export const modelRoutes = newRouter()
  .openapi(list, async (c) => c.json({ items: (await listModels(c.var.db)).map(modelView) }, 200))
  .openapi(create, async (c) => {
    const body = c.req.valid("json");
    return c.json(modelView(await createDraft(c.var.db, body, new Date())), 201);
  })
  .openapi(get, async (c) => c.json(modelView(await getModel(c.var.db, c.req.valid("param").version)), 200))
  .openapi(update, async (c) => c.json(modelView(await updateDraft(c.var.db, c.req.valid("param").version, c.req.valid("json").definition)), 200))
  .openapi(dryRunRoute, async (c) => {
    const model = await getModel(c.var.db, c.req.valid("param").version);
    if (model.status !== "draft") {
      throw new ApiError(409, "model_conflict", `模型 ${model.version} 不是草稿，试算只针对尚未发布的草稿`, { version: model.version, status: model.status });
    }
    return c.json(await dryRun(c.var.shards, model, await loadPublishedModels(c.var.db), c.var.today), 200);
  })
  .openapi(publish, async (c) => {
    const { model, retired } = await publishDraft(c.var.db, c.req.valid("param").version, new Date());
    return c.json({ model: modelView(model), retired }, 200);
  });
