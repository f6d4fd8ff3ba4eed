/**
 * A subject's evaluation as officers and admins read it: the current public result (recomputed first when
 * stale), the sector result when an overlay covers its industry, both grade histories and the supervision
 * tier each grade maps to.
 */
import type { EvaluationResult, SubjectEvaluation, SupervisionTier } from "../../shared/contract";
import { chinaToday } from "../../shared/domain/dates";
import { GRADE_LABEL, type Grade, notEvaluatedReason } from "../../shared/domain/evaluation";
import { ApiError } from "../http/errors";
import { invalidCode, invalidCodeError, parseCodeInput, subjectNotFound } from "../lookup/resolve";
import { resolveRegistrationNumber } from "../lookup/service";
import type { Queryable, ShardRouter } from "../shards";
import { allModelsStatement, mirrorModelsStatement, type PublishedModels, publishedModels } from "./models";
import { recomputeChunk } from "./recompute";
import { tierStatement, toTiers } from "./tiers";

interface SubjectRow {
  id: number;
  code: string;
  code_type: "uscc" | "id_number";
  name: string;
  checksum_legacy: number;
  industry_code: string | null;
  registration_status: string;
}

interface ResultRow {
  id: number;
  model_id: number;
  grade: Grade;
  score: number;
  explanation: string | null;
  data_version: string;
  computed_at: string;
  computed_seq: number;
  current: number;
}

/** How many earlier results the answer lists per model kind. */
const HISTORY_LIMIT = 20;

/** The subject's rows from its shard and the models and tiers from the control database, in parallel. */
async function load(db: Queryable, control: Queryable, code: string) {
  const [[subject, results, changes], [models, tiers]] = await Promise.all([db.batch([
    db.prepare("SELECT id, code, code_type, name, checksum_legacy, industry_code, registration_status FROM subjects WHERE code = ?1").bind(code),
    db
      .prepare(
        `SELECT id, model_id, grade, score, CASE WHEN current = 1 THEN explanation END AS explanation, data_version, computed_at, computed_seq, current
           FROM evaluation_results WHERE subject_id = (SELECT id FROM subjects WHERE code = ?1) ORDER BY id DESC LIMIT 200`,
      )
      .bind(code),
    db.prepare("SELECT coalesce(max(seq), 0) AS seq FROM changes WHERE subject_id = (SELECT id FROM subjects WHERE code = ?1)").bind(code),
  ]), control.batch([allModelsStatement(control), tierStatement(control)])]);
  return {
    subject: (subject?.results[0] as SubjectRow | undefined) ?? null,
    results: (results?.results ?? []) as ResultRow[],
    latestChange: (changes?.results[0] as { seq: number } | undefined)?.seq ?? 0,
    models: publishedModels(models?.results ?? []),
    tiers: toTiers(tiers?.results ?? []),
  };
}

/**
 * Stale: no current result from the model in force, a change row newer than the result, or a result from an
 * earlier day (recency windows and list expiry move with the calendar).
 */
function isStale(loaded: Awaited<ReturnType<typeof load>>, today: string): boolean {
  const { models, results, subject } = loaded;
  const current = results.filter((r) => r.current === 1);
  const publicRow = current.find((r) => r.model_id === models.public?.id);
  if (!publicRow) return true;
  const overlay = subject?.industry_code ? models.industry.get(subject.industry_code) : undefined;
  const industryRows = current.filter((r) => models.kindById.get(r.model_id) === "industry");
  if (overlay ? !industryRows.some((r) => r.model_id === overlay.id) : industryRows.length > 0) return true;
  return current.some((r) => r.computed_seq < loaded.latestChange || chinaToday(new Date(r.computed_at)) < today);
}

/**
 * The evaluation of the subject a typed code names; recomputed synchronously when its data changed since
 * the current result, so a new serious penalty shows on the very next read.
 * @example await getSubjectEvaluation(db, shards, "91500112MA60XXXXXX", "2026-11-27", new Date())
 */
export async function getSubjectEvaluation(db: D1DatabaseSession, shards: ShardRouter, input: string, today: string, now: Date): Promise<SubjectEvaluation> {
  const parsed = parseCodeInput(input);
  if (!parsed.ok) throw invalidCodeError(parsed.invalid);
  const lookup = parsed.lookup.type === "registration_number" ? await resolveRegistrationNumber(shards, parsed.lookup) : parsed.lookup;
  // Answered before any lookup, whether or not the number is held: the answer must not tell an officer that
  // a person is in the database without that read being logged.
  if (lookup.type === "id_number") throw new ApiError(404, "subject_not_evaluated", "公共信用综合评价的对象是法人和非法人组织，自然人不参与评价");
  const shard = (await shards.shardFor(lookup.code)).db;
  let loaded = await load(shard, db, lookup.code);
  if (lookup.type === "legacy_candidate" && loaded.subject?.checksum_legacy !== 1) throw invalidCodeError(invalidCode(lookup.code, lookup.problems).invalid);
  const subject = loaded.subject;
  if (!subject) throw subjectNotFound(lookup);
  if (subject.code_type !== "uscc") throw new ApiError(404, "subject_not_evaluated", "公共信用综合评价的对象是法人和非法人组织，自然人不参与评价");
  const notEvaluated = notEvaluatedReason({ registrationStatus: subject.registration_status });
  if (notEvaluated) {
    throw new ApiError(404, "subject_not_evaluated", `“${subject.name}”${notEvaluated}`, { code: subject.code, registrationStatus: subject.registration_status });
  }
  if (!loaded.models.public) throw new ApiError(404, "model_not_found", "尚无已发布的公共信用综合评价模型");
  if (isStale(loaded, today)) {
    // On a shard, its copy of the models first: the new result names its model by foreign key.
    if (shard !== db) await mirrorModelsStatement(shard, loaded.models).run();
    await recomputeChunk(shard, loaded.models, { kind: "ids", ids: [subject.id] }, today, now);
    loaded = await load(shard, db, lookup.code);
  }
  return toAnswer(subject, loaded.results, loaded.models, loaded.tiers);
}

function toAnswer(subject: SubjectRow, rows: ResultRow[], models: PublishedModels, tiers: Map<Grade, SupervisionTier>): SubjectEvaluation {
  const kindOf = (r: ResultRow) => models.kindById.get(r.model_id);
  const resultOf = (row: ResultRow): EvaluationResult => {
    const explanation = JSON.parse(row.explanation!) as EvaluationResult["explanation"];
    const industryCode = kindOf(row) === "industry" ? ([...models.industry.values()].find((m) => m.id === row.model_id)?.industryCode ?? null) : null;
    return {
      modelVersion: models.versionById.get(row.model_id)!,
      modelKind: kindOf(row) ?? "public",
      industryCode,
      grade: row.grade,
      gradeLabel: GRADE_LABEL[row.grade],
      score: row.score,
      maxScore: explanation.maxScore,
      explanation,
      dataVersion: row.data_version,
      computedAt: row.computed_at,
    };
  };
  const history = (kind: "public" | "industry") =>
    rows
      .filter((r) => r.current === 0 && kindOf(r) === kind)
      .slice(0, HISTORY_LIMIT)
      .map((r) => ({ modelVersion: models.versionById.get(r.model_id)!, grade: r.grade, gradeLabel: GRADE_LABEL[r.grade], score: r.score, dataVersion: r.data_version, computedAt: r.computed_at }));
  const publicRow = rows.find((r) => r.current === 1 && r.model_id === models.public!.id)!;
  const industryRow = rows.find((r) => r.current === 1 && kindOf(r) === "industry");
  const pub = resultOf(publicRow);
  return {
    code: subject.code,
    name: subject.name,
    grade: pub.grade,
    gradeLabel: pub.gradeLabel,
    score: pub.score,
    maxScore: pub.maxScore,
    explanation: pub.explanation,
    modelVersion: pub.modelVersion,
    dataVersion: pub.dataVersion,
    computedAt: pub.computedAt,
    supervision: tiers.get(pub.grade)!,
    history: history("public"),
    industry: industryRow ? { ...resultOf(industryRow), history: history("industry"), supervision: tiers.get(industryRow.grade)! } : null,
  };
}
