/**
 * Evaluation models in D1: read, create drafts, edit drafts, publish. A published model is immutable:
 * this module refuses with 409, and the triggers of migrations/0004_evaluation.sql refuse whatever path writes.
 */
import type { EvaluationModel } from "../../shared/contract";
import { ModelDefinition, type ModelKind, modelKindProblems } from "../../shared/domain/evaluation";
import { ApiError } from "../http/errors";

export interface LoadedModel {
  id: number;
  version: string;
  kind: ModelKind;
  industryCode: string | null;
  status: "draft" | "published" | "retired";
  definition: ModelDefinition;
  createdAt: string;
  publishedAt: string | null;
}

interface ModelRow {
  id: number;
  version: string;
  kind: ModelKind;
  industry_code: string | null;
  status: LoadedModel["status"];
  definition: string;
  created_at: string;
  published_at: string | null;
}

/** The models that grade subjects now: the published public model and the published overlay per industry. */
export interface PublishedModels {
  public: LoadedModel | null;
  industry: Map<string, LoadedModel>;
  /** Every model's kind by id (current results are sorted into public / industry slots with it). */
  kindById: Map<number, ModelKind>;
  versionById: Map<number, string>;
  /** The rows as read from the control database (copied to shards by mirrorModelsStatement). */
  rows: readonly ModelRow[];
}

const COLUMNS = "id, version, kind, industry_code, status, definition, created_at, published_at";

// Published definitions never change, so a parsed copy per isolate is safe; drafts are always re-read.
const parsedPublished = new Map<number, ModelDefinition>();

function toModel(row: ModelRow): LoadedModel {
  let definition = row.status === "draft" ? undefined : parsedPublished.get(row.id);
  if (!definition) {
    definition = ModelDefinition.parse(JSON.parse(row.definition));
    if (row.status !== "draft") parsedPublished.set(row.id, definition);
  }
  return {
    id: row.id,
    version: row.version,
    kind: row.kind,
    industryCode: row.industry_code,
    status: row.status,
    definition,
    createdAt: row.created_at,
    publishedAt: row.published_at,
  };
}

/** The statement that loads every model (small table); pair with `publishedModels` in a batch. */
export function allModelsStatement(db: D1DatabaseSession | D1Database): D1PreparedStatement {
  return db.prepare(`SELECT ${COLUMNS} FROM evaluation_models ORDER BY id`);
}

/** Sorts the rows of `allModelsStatement` into the models that grade subjects now. */
export function publishedModels(rows: readonly unknown[]): PublishedModels {
  const models = rows as ModelRow[];
  const result: PublishedModels = { public: null, industry: new Map(), kindById: new Map(), versionById: new Map(), rows: models };
  for (const row of models) {
    result.kindById.set(row.id, row.kind);
    result.versionById.set(row.id, row.version);
    if (row.status !== "published") continue;
    const model = toModel(row);
    if (model.kind === "public") result.public = model;
    else if (model.industryCode) result.industry.set(model.industryCode, model);
  }
  return result;
}

/**
 * Models are configuration and live in the control database, but a shard's evaluation_results and
 * evaluation_runs name their model by foreign key, so each shard keeps a copy of every published and retired
 * model (drafts are never graded with and may still be deleted). Published definitions are immutable, so the
 * copy only ever gains rows or moves a status forward; retired rows go first so the one-published-model index
 * holds at every step. Idempotent: run before every job step and before a recompute on read.
 */
export function mirrorModelsStatement(shard: D1DatabaseSession | D1Database, models: PublishedModels): D1PreparedStatement {
  const rows = models.rows.filter((r) => r.status !== "draft").sort((a, b) => (a.status === b.status ? a.id - b.id : a.status === "retired" ? -1 : 1));
  return shard
    .prepare(
      `INSERT INTO evaluation_models (${COLUMNS})
       SELECT j.value ->> 'id', j.value ->> 'version', j.value ->> 'kind', j.value ->> 'industry_code', j.value ->> 'status', j.value ->> 'definition', j.value ->> 'created_at', j.value ->> 'published_at'
         FROM json_each(?1) j WHERE true
       ON CONFLICT (id) DO UPDATE SET status = excluded.status, published_at = excluded.published_at WHERE evaluation_models.status <> excluded.status`,
    )
    .bind(JSON.stringify(rows));
}

export async function loadPublishedModels(db: D1DatabaseSession | D1Database): Promise<PublishedModels> {
  return publishedModels((await allModelsStatement(db).all()).results);
}

export async function listModels(db: D1DatabaseSession): Promise<LoadedModel[]> {
  return ((await allModelsStatement(db).all<ModelRow>()).results).map(toModel);
}

export async function getModel(db: D1DatabaseSession, version: string): Promise<LoadedModel> {
  const row = await db.prepare(`SELECT ${COLUMNS} FROM evaluation_models WHERE version = ?1`).bind(version).first<ModelRow>();
  if (!row) throw new ApiError(404, "model_not_found", `没有版本为“${version}”的评价模型`, { version });
  return toModel(row);
}

/** The API shape of a model. */
export function modelView(model: LoadedModel): EvaluationModel {
  return {
    version: model.version,
    kind: model.kind,
    industryCode: model.industryCode,
    status: model.status,
    definition: model.definition,
    createdAt: model.createdAt,
    publishedAt: model.publishedAt,
  };
}

function assertFits(definition: ModelDefinition, kind: ModelKind, industryCode: string | null): void {
  const problems = modelKindProblems(definition, kind);
  if (kind === "industry" && !industryCode) problems.push("行业评价模型须指定 industryCode（GB/T 4754 门类）");
  if (kind === "public" && industryCode) problems.push("公共信用综合评价模型不属于某一行业，不能指定 industryCode");
  if (problems.length > 0) {
    throw new ApiError(400, "invalid_request", `模型定义不符合${kind === "public" ? "公共信用综合评价" : "行业评价"}模型的要求：${problems[0]}`, problems.map((message) => ({ field: "body.definition", expected: kind, message })));
  }
}

/** Creates a draft; 409 when the version exists already. */
export async function createDraft(db: D1DatabaseSession, input: { version: string; kind: ModelKind; industryCode?: string | undefined; definition: ModelDefinition }, now: Date): Promise<LoadedModel> {
  const industryCode = input.industryCode ?? null;
  assertFits(input.definition, input.kind, industryCode);
  const existing = await db.prepare("SELECT status FROM evaluation_models WHERE version = ?1").bind(input.version).first<{ status: string }>();
  if (existing) throw new ApiError(409, "model_conflict", `版本号“${input.version}”已存在，请使用新的版本号`, { version: input.version, status: existing.status });
  await db
    .prepare("INSERT INTO evaluation_models (version, kind, industry_code, status, definition, created_at) VALUES (?1, ?2, ?3, 'draft', ?4, ?5)")
    .bind(input.version, input.kind, industryCode, JSON.stringify(input.definition), now.toISOString())
    .run();
  return getModel(db, input.version);
}

function immutable(model: LoadedModel): ApiError {
  const state = model.status === "published" ? "已发布" : "已退役";
  return new ApiError(409, "model_conflict", `模型 ${model.version} ${state}，不可修改：请以新的版本号创建草稿`, { version: model.version, status: model.status });
}

/** Replaces a draft's definition; 409 for a published or retired model. */
export async function updateDraft(db: D1DatabaseSession, version: string, definition: ModelDefinition): Promise<LoadedModel> {
  const model = await getModel(db, version);
  if (model.status !== "draft") throw immutable(model);
  assertFits(definition, model.kind, model.industryCode);
  const { meta } = await db
    .prepare("UPDATE evaluation_models SET definition = ?2 WHERE version = ?1 AND status = 'draft'")
    .bind(version, JSON.stringify(definition))
    .run();
  // Published between the read and the write: the row is no longer a draft.
  if (meta.changes !== 1) throw immutable(await getModel(db, version));
  return getModel(db, version);
}

/** Makes a draft the model in force; the model it replaces (same kind and industry) is retired. */
export async function publishDraft(db: D1DatabaseSession, version: string, now: Date): Promise<{ model: LoadedModel; retired: string | null }> {
  const model = await getModel(db, version);
  if (model.status !== "draft") throw immutable(model);
  const current = await db
    .prepare("SELECT version FROM evaluation_models WHERE status = 'published' AND kind = ?1 AND coalesce(industry_code, '') = coalesce(?2, '')")
    .bind(model.kind, model.industryCode)
    .first<{ version: string }>();
  // One batch = one transaction: retire first (one published model per kind and industry), then publish.
  await db.batch([
    db
      .prepare("UPDATE evaluation_models SET status = 'retired' WHERE status = 'published' AND kind = ?1 AND coalesce(industry_code, '') = coalesce(?2, '')")
      .bind(model.kind, model.industryCode),
    db.prepare("UPDATE evaluation_models SET status = 'published', published_at = ?2 WHERE version = ?1 AND status = 'draft'").bind(version, now.toISOString()),
  ]);
  return { model: await getModel(db, version), retired: current?.version ?? null };
}
