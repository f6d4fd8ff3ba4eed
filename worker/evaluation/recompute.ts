/**
 * Recomputes the grades of a chunk of subjects: read the chunk's facts in one round trip, score each
 * subject (pure), write every result in one more. A result that changed (grade, score or model) demotes
 * the current row to history (current = 0) and inserts a new one; an unchanged result is refreshed in
 * place, so the grade history lists real changes rather than one row per recomputation.
 */
import { type Evaluation, evaluate, evaluateOverlay, notEvaluatedReason } from "../../shared/domain/evaluation";
import type { LoadedModel, PublishedModels } from "./models";
import { type ChunkSelector, type CurrentResultRow, loadChunkFacts } from "./queries";

/** The explanation as stored (and answered): everything of an evaluation but the grade and score columns. */
export function explanationOf(result: Evaluation) {
  return {
    maxScore: result.maxScore,
    uncappedGrade: result.uncappedGrade,
    base: result.base,
    dimensions: result.dimensions,
    indicators: result.indicators,
    capsApplied: result.capsApplied,
  };
}

/** The data version a result was computed at: the latest finished ingest batch and the change-feed position. */
export function dataVersion(batchId: number | null, seq: number): string {
  return `b${batchId ?? 0}-s${seq}`;
}

/** What one chunk did. `lastSubjectId` is the highest subject id in the chunk (the keyset cursor). */
export interface ChunkOutcome {
  subjects: number;
  regraded: number;
  lastSubjectId: number | null;
  seq: number;
}

type Insert = [subjectId: number, modelId: number, grade: string, score: number, explanation: string];
type Refresh = [resultId: number, explanation: string];

/** Bound JSON parameters stay well below D1's 2 MB value limit. */
const MAX_PARAM_BYTES = 900_000;

/** Splits rows into JSON arrays of at most MAX_PARAM_BYTES each. */
function jsonParts(rows: readonly unknown[]): string[] {
  const parts: string[] = [];
  let current: string[] = [];
  let bytes = 2;
  for (const row of rows) {
    const json = JSON.stringify(row);
    // Chinese text is 3 bytes a character in UTF-8: count generously.
    const size = json.length * 3 + 1;
    if (current.length > 0 && bytes + size > MAX_PARAM_BYTES) {
      parts.push(`[${current.join(",")}]`);
      current = [];
      bytes = 2;
    }
    current.push(json);
    bytes += size;
  }
  if (current.length > 0) parts.push(`[${current.join(",")}]`);
  return parts;
}

/**
 * Recomputes every subject the selector picks, writing the results together with `extra` statements
 * (progress rows) in the same D1 batch, so progress never runs ahead of written results.
 * @example await recomputeChunk(db, models, { kind: "ids", ids: [42] }, "2026-11-27", new Date())
 */
export async function recomputeChunk(
  db: D1DatabaseSession | D1Database,
  models: PublishedModels,
  selector: ChunkSelector,
  today: string,
  now: Date,
  extra: (outcome: ChunkOutcome) => D1PreparedStatement[] = () => [],
): Promise<ChunkOutcome> {
  const chunk = await loadChunkFacts(db, selector);
  const publicModel = models.public;
  const currentBySubject = new Map<number, CurrentResultRow[]>();
  for (const row of chunk.current) {
    const rows = currentBySubject.get(row.subject_id) ?? [];
    rows.push(row);
    currentBySubject.set(row.subject_id, rows);
  }
  const demote: number[] = [];
  const inserts: Insert[] = [];
  const refreshes: Refresh[] = [];
  const regradedSubjects = new Set<number>();

  const place = (subjectId: number, model: LoadedModel, result: Evaluation, previous: CurrentResultRow | undefined) => {
    const explanation = JSON.stringify(explanationOf(result));
    if (previous && previous.model_id === model.id && previous.grade === result.grade && previous.score === result.score) {
      refreshes.push([previous.id, explanation]);
      return;
    }
    if (previous) demote.push(previous.id);
    inserts.push([subjectId, model.id, result.grade, result.score, explanation]);
    regradedSubjects.add(subjectId);
  };

  for (const facts of chunk.facts) {
    const id = facts.subject.id;
    const current = currentBySubject.get(id) ?? [];
    const previousOf = (kind: "public" | "industry") => current.find((r) => models.kindById.get(r.model_id) === kind);
    // A subject that is not graded (注销) keeps its history but has no current result, public or sector.
    if (notEvaluatedReason(facts.subject) !== null) {
      for (const row of current) if (!demote.includes(row.id)) demote.push(row.id);
      if (current.length > 0) regradedSubjects.add(id);
      continue;
    }
    const overlay = facts.subject.industryCode ? models.industry.get(facts.subject.industryCode) : undefined;
    if (publicModel) {
      const publicResult = evaluate(publicModel.definition, facts, today);
      place(id, publicModel, publicResult, previousOf("public"));
      if (overlay) place(id, overlay, evaluateOverlay(overlay.definition, facts, today, publicResult), previousOf("industry"));
    }
    // A sector result whose overlay no longer applies (industry changed, overlay retired) leaves the current slot.
    const stale = previousOf("industry");
    if (stale && (!overlay || !publicModel) && !demote.includes(stale.id)) {
      demote.push(stale.id);
      regradedSubjects.add(id);
    }
  }

  const outcome: ChunkOutcome = {
    subjects: chunk.facts.length,
    regraded: regradedSubjects.size,
    lastSubjectId: chunk.facts.at(-1)?.subject.id ?? null,
    seq: chunk.seq,
  };
  const version = dataVersion(chunk.batchId, chunk.seq);
  const at = now.toISOString();
  const statements: D1PreparedStatement[] = [];
  if (demote.length > 0) statements.push(db.prepare("UPDATE evaluation_results SET current = 0 WHERE id IN (SELECT value FROM json_each(?1))").bind(JSON.stringify(demote)));
  for (const part of jsonParts(inserts)) {
    // OR IGNORE: if a concurrent writer (a read recomputing the same subject) made its row current first,
    // the unique index on current rows keeps that one; both were computed from the same facts.
    statements.push(
      db
        .prepare(
          `INSERT OR IGNORE INTO evaluation_results (subject_id, model_id, grade, score, explanation, data_version, computed_at, current, computed_seq)
           SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]'), json_extract(value, '$[3]'), json_extract(value, '$[4]'), ?2, ?3, 1, ?4
             FROM json_each(?1)`,
        )
        .bind(part, version, at, chunk.seq),
    );
  }
  for (const part of jsonParts(refreshes)) {
    statements.push(
      db
        .prepare(
          `UPDATE evaluation_results SET explanation = j.explanation, data_version = ?2, computed_at = ?3, computed_seq = ?4
             FROM (SELECT json_extract(value, '$[0]') AS id, json_extract(value, '$[1]') AS explanation FROM json_each(?1)) AS j
            WHERE evaluation_results.id = j.id`,
        )
        .bind(part, version, at, chunk.seq),
    );
  }
  statements.push(...extra(outcome));
  if (statements.length > 0) await db.batch(statements);
  return outcome;
}
