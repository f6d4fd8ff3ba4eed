/**
 * The recomputation job (Cron Trigger, and POST /api/v1/evaluations/recompute for admins). Each step:
 * 1. starts the day's full pass if none is running (its start moves the feed cursor to the end of the feed:
 *    the pass reads every subject after that point anyway);
 * 2. follows the change feed (changes.seq) from its cursor and recomputes the subjects that changed;
 * 3. advances the full pass by chunks of subjects (keyset on subject id), each chunk's results and
 *    progress written in one D1 batch, until the pass is done or the step's budget is spent.
 * A step cut off anywhere loses at most the chunk it was writing: the next step resumes after the last
 * chunk whose batch committed. One full pass a day keeps time-dependent rules (recency, expiry) current.
 */
import type { RecomputeProgress } from "../../shared/contract";
import { chinaToday } from "../../shared/domain/dates";
import { type ScheduledJob, EVERY_15_MINUTES } from "../cron";
import { loadPublishedModels, mirrorModelsStatement, type PublishedModels } from "./models";
import { ShardRouter, type Queryable } from "../shards";
import { recomputeChunk } from "./recompute";

export interface StepOptions {
  now: Date;
  trigger: "cron" | "admin";
  /** Subjects per chunk; 500 keeps one chunk well inside the Workers CPU limit. */
  chunkSize: number;
  /** Full-pass chunks this step may process. */
  maxChunks: number;
  /** Stop starting new chunks after this many milliseconds of wall time. */
  budgetMs: number;
  /** Supersede the running pass (or today's finished one) and start over. */
  restart?: boolean;
}

interface RunRow {
  id: number;
  model_id: number;
  trigger: string;
  started_at: string;
  started_on: string;
  finished_at: string | null;
  cursor_subject_id: number;
  total_subjects: number;
  processed: number;
  regraded: number;
  chunks: number;
  status: "running" | "done" | "superseded";
}

const RUN_COLUMNS = "id, model_id, trigger, started_at, started_on, finished_at, cursor_subject_id, total_subjects, processed, regraded, chunks, status";

/** Cron settings: every 15 minutes, up to 20 chunks of 500 subjects (≈ 10,000 subjects) per invocation. */
export const CRON = EVERY_15_MINUTES;
export const CRON_STEP = { chunkSize: 500, maxChunks: 20, budgetMs: 25_000 } as const;

/**
 * One step of the job. Returns what it did and where the full pass stands.
 * @example await recomputeStep(env.DB, { now: new Date(), trigger: "cron", ...CRON_STEP })
 */
export async function recomputeStep(db: D1DatabaseSession | D1Database, options: StepOptions, control: D1DatabaseSession | D1Database = db): Promise<RecomputeProgress> {
  const started = Date.now();
  const today = chinaToday(options.now);
  // Models are read from the control database; a shard grades with its copy of them (mirrorModelsStatement).
  const models = await loadPublishedModels(control);
  if (!models.public) return { run: null, changed: 0, chunks: 0, processed: 0, done: true };
  if (db !== control) await mirrorModelsStatement(db, models).run();
  const withinBudget = () => Date.now() - started < options.budgetMs;

  // The run first: a new pass moves the feed cursor past the backlog it is about to cover anyway.
  let run = await currentRun(db, models, options, today);
  const changed = await followChangeFeed(db, models, options, today, withinBudget);

  let chunks = 0;
  let processed = 0;
  while (run.status === "running" && chunks < options.maxChunks && withinBudget()) {
    const runId = run.id;
    const cursor = run.cursor_subject_id;
    const outcome = await recomputeChunk(db, models, { kind: "after", cursor, limit: options.chunkSize }, today, options.now, (o) => [
      db
        .prepare(
          `UPDATE evaluation_runs
              SET cursor_subject_id = ?3, processed = processed + ?4, regraded = regraded + ?5, chunks = chunks + 1, last_chunk_at = ?6,
                  status = CASE WHEN ?7 THEN 'done' ELSE status END, finished_at = CASE WHEN ?7 THEN ?6 ELSE finished_at END
            WHERE id = ?1 AND cursor_subject_id = ?2 AND status = 'running'`,
        )
        .bind(runId, cursor, o.lastSubjectId ?? cursor, o.subjects, o.regraded, options.now.toISOString(), o.subjects < options.chunkSize ? 1 : 0),
    ]);
    chunks++;
    processed += outcome.subjects;
    run = (await db.prepare(`SELECT ${RUN_COLUMNS} FROM evaluation_runs WHERE id = ?1`).bind(runId).first<RunRow>())!;
  }
  return {
    run: {
      id: run.id,
      modelVersion: models.versionById.get(run.model_id) ?? String(run.model_id),
      trigger: run.trigger,
      startedAt: run.started_at,
      finishedAt: run.finished_at,
      cursorSubjectId: run.cursor_subject_id,
      totalSubjects: run.total_subjects,
      processed: run.processed,
      regraded: run.regraded,
      chunks: run.chunks,
      status: run.status,
    },
    changed,
    chunks,
    processed,
    done: run.status === "done",
  };
}

/** Recomputes the subjects with change rows after the cursor, a chunk at a time, moving the cursor with each chunk. */
async function followChangeFeed(db: D1DatabaseSession | D1Database, models: PublishedModels, options: StepOptions, today: string, withinBudget: () => boolean): Promise<number> {
  let recomputed = 0;
  while (withinBudget()) {
    const cursor = (await db.prepare("SELECT seq FROM evaluation_feed_cursor WHERE id = 1").first<{ seq: number }>())?.seq ?? 0;
    const { results } = await db
      .prepare("SELECT subject_id, max(seq) AS seq FROM (SELECT subject_id, seq FROM changes WHERE seq > ?1 ORDER BY seq LIMIT ?2) GROUP BY subject_id")
      .bind(cursor, options.chunkSize)
      .all<{ subject_id: number; seq: number }>();
    if (results.length === 0) break;
    const upTo = Math.max(...results.map((r) => r.seq));
    const outcome = await recomputeChunk(db, models, { kind: "ids", ids: results.map((r) => r.subject_id) }, today, options.now, () => [
      db.prepare("UPDATE evaluation_feed_cursor SET seq = ?2, updated_at = ?3 WHERE id = 1 AND seq = ?1").bind(cursor, upTo, options.now.toISOString()),
    ]);
    recomputed += outcome.subjects;
  }
  return recomputed;
}

/** The running pass, or a new one when none is running and today's pass (with this model) is not done yet. */
async function currentRun(db: D1DatabaseSession | D1Database, models: PublishedModels, options: StepOptions, today: string): Promise<RunRow> {
  const latest = await db.prepare(`SELECT ${RUN_COLUMNS} FROM evaluation_runs ORDER BY id DESC LIMIT 1`).first<RunRow>();
  const modelId = models.public!.id;
  const keep =
    latest &&
    !options.restart &&
    latest.model_id === modelId &&
    (latest.status === "running" || (latest.status === "done" && latest.started_on === today));
  if (keep) return latest;
  if (latest?.status === "running") await db.prepare("UPDATE evaluation_runs SET status = 'superseded' WHERE id = ?1 AND status = 'running'").bind(latest.id).run();
  const total = (await db.prepare("SELECT count(*) AS n FROM subjects WHERE code_type = 'uscc'").first<{ n: number }>())?.n ?? 0;
  const at = options.now.toISOString();
  // Every change already in the feed is covered by the new pass (its chunks read the data after it), so
  // the feed cursor moves to the end of the feed in the same transaction: a bulk ingest is graded once.
  const [inserted] = await db.batch([
    db
      .prepare(
        `INSERT INTO evaluation_runs (model_id, trigger, started_at, started_on, total_subjects, cursor_subject_id, status)
         VALUES (?1, ?2, ?3, ?4, ?5, 0, 'running') RETURNING ${RUN_COLUMNS}`,
      )
      .bind(modelId, options.trigger, at, today, total),
    db.prepare("UPDATE evaluation_feed_cursor SET seq = max(seq, (SELECT coalesce(max(seq), 0) FROM changes)), updated_at = ?1 WHERE id = 1").bind(at),
  ]);
  return inserted!.results[0] as RunRow;
}

/**
 * One step on every shard, in parallel: each shard keeps its own pass (evaluation_runs), feed cursor
 * (evaluation_feed_cursor) and results, so progress and resume are per shard and a shard that is cut off
 * resumes where it stopped without holding back the others. With one database this is one recomputeStep.
 * The answer sums the shards; `shards` lists each shard's own progress.
 */
export async function recomputeAllShards(router: ShardRouter, options: StepOptions): Promise<RecomputeProgress> {
  if (router.single) return recomputeStep(router.control, options);
  const steps = await Promise.all(router.all().map(async (shard) => ({ binding: shard.binding, progress: await recomputeStep(shard.db, options, router.control) })));
  const runs = steps.map((s) => s.progress.run).filter((r) => r !== null);
  const sum = (f: (p: RecomputeProgress) => number) => steps.reduce((n, s) => n + f(s.progress), 0);
  const sumRuns = (f: (r: NonNullable<RecomputeProgress["run"]>) => number) => runs.reduce((n, r) => n + f(r), 0);
  const first = runs[0];
  return {
    // The shards' passes as one: counts summed, running until every shard's pass is done.
    run: first
      ? {
          ...first,
          finishedAt: runs.every((r) => r.finishedAt) ? runs.map((r) => r.finishedAt!).sort().at(-1)! : null,
          cursorSubjectId: 0,
          totalSubjects: sumRuns((r) => r.totalSubjects),
          processed: sumRuns((r) => r.processed),
          regraded: sumRuns((r) => r.regraded),
          chunks: sumRuns((r) => r.chunks),
          status: runs.some((r) => r.status === "running") ? "running" : first.status,
        }
      : null,
    changed: sum((p) => p.changed),
    chunks: sum((p) => p.chunks),
    processed: sum((p) => p.processed),
    done: steps.every((s) => s.progress.done),
    shards: steps.map((s) => ({ binding: s.binding, ...s.progress })),
  };
}

/** The Cron Trigger registration (worker/jobs). */
export const evaluationJob: ScheduledJob = {
  name: "evaluation-recompute",
  cron: CRON,
  run: async (env, now) => {
    await recomputeAllShards(new ShardRouter(env, env.DB, (db: D1Database): Queryable => db), { now, trigger: "cron", ...CRON_STEP });
  },
};
