/**
 * The evaluation over two shards: the job keeps a pass, a feed cursor and results on each shard (progress and
 * resume per shard), grades with the models of the control database (copied to each shard), and a read
 * recomputes a stale subject on its own shard.
 */
import { env, exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import type { GradeReport, RecomputeProgress, SubjectEvaluation } from "../../shared/contract";
import { recomputeAllShards } from "../../worker/evaluation/job";
import { ShardRouter } from "../../worker/shards";
import { insertPenalty, insertSubject, shardDb, uscc } from "../worker/fixtures";
import { ADMIN, bearer, token } from "../worker/tokens";

const SHARDS = { SHARD_0: env.SHARD_0!, SHARD_1: env.SHARD_1! } as Record<string, D1Database>;
const PER_SHARD = 25;
const CHUNK = 10;
const now = new Date();
const router = () => new ShardRouter(env, env.DB, (db) => db);
const step = (maxChunks: number, at = now) => recomputeAllShards(router(), { now: at, trigger: "admin", chunkSize: CHUNK, maxChunks, budgetMs: 60_000 });
const scalar = async (db: D1Database, sql: string, ...params: unknown[]) => Object.values((await db.prepare(sql).bind(...params).first<Record<string, number>>())!)[0]!;
const codes: Record<string, string[]> = { SHARD_0: [], SHARD_1: [] };
let modelId: number;

beforeAll(async () => {
  while (codes.SHARD_0!.length < PER_SHARD || codes.SHARD_1!.length < PER_SHARD) {
    const code = uscc("500103");
    const binding = shardDb(code) === SHARDS.SHARD_0 ? "SHARD_0" : "SHARD_1";
    if (codes[binding]!.length >= PER_SHARD) continue;
    codes[binding]!.push(code);
    const id = await insertSubject({ code, name: `重庆分库评价测试${binding}${codes[binding]!.length}有限公司` });
    if (codes[binding]!.length % 3 === 0) await insertPenalty(id, { docNo: `渝中市监处罚〔2026〕${binding}-${codes[binding]!.length}号`, monthsAgo: 3, fineWan: 30 });
  }
  // A model published only in the control database (a new version replacing the seeded one): the shards have
  // never seen it, so grading with it proves the copy.
  const seeded = (await env.DB.prepare("SELECT id, definition FROM evaluation_models WHERE kind = 'public' AND status = 'published'").first<{ id: number; definition: string }>())!;
  await env.DB.batch([
    env.DB.prepare("UPDATE evaluation_models SET status = 'retired' WHERE id = ?1").bind(seeded.id),
    env.DB.prepare("INSERT INTO evaluation_models (id, version, kind, status, definition, published_at) VALUES (77, 'shard-test-2', 'public', 'published', ?1, '2026-11-01T00:00:00Z')").bind(seeded.definition),
  ]);
  modelId = 77;
}, 120_000);

describe("the recomputation job over shards", () => {
  it("runs one pass per shard, each cut off and resumed on its own, and grades every organisation once on its shard", async () => {
    const first = await step(1);
    expect(first.shards?.map((s) => s.binding)).toEqual(["SHARD_0", "SHARD_1"]);
    for (const s of first.shards!) expect(s).toMatchObject({ chunks: 1, processed: CHUNK, done: false, run: { status: "running", totalSubjects: PER_SHARD, modelVersion: "shard-test-2" } });
    expect(first).toMatchObject({ chunks: 2, processed: 2 * CHUNK, done: false, run: { totalSubjects: 2 * PER_SHARD, status: "running" } });
    for (const db of Object.values(SHARDS)) {
      expect(await scalar(db, "SELECT count(*) FROM evaluation_runs WHERE status = 'running'")).toBe(1);
      expect(await scalar(db, "SELECT count(*) FROM evaluation_results WHERE current = 1 AND model_id = ?1", modelId)).toBe(CHUNK);
      // The model came from the control database; the shard holds a copy its results point at.
      expect(await scalar(db, "SELECT status FROM evaluation_models WHERE id = ?1", modelId)).toBe("published");
    }

    // Shard 1 alone takes a step (shard 0's step was cut off before it started): only shard 1 moves on.
    const { recomputeStep } = await import("../../worker/evaluation/job");
    await recomputeStep(SHARDS.SHARD_1!, { now, trigger: "admin", chunkSize: CHUNK, maxChunks: 1, budgetMs: 60_000 }, env.DB);
    expect(await scalar(SHARDS.SHARD_0!, "SELECT processed FROM evaluation_runs WHERE status = 'running'")).toBe(CHUNK);
    expect(await scalar(SHARDS.SHARD_1!, "SELECT processed FROM evaluation_runs ORDER BY id DESC LIMIT 1")).toBe(2 * CHUNK);

    let progress: RecomputeProgress = first;
    for (let i = 0; i < 10 && !progress.done; i++) progress = await step(1);
    expect(progress.done).toBe(true);
    for (const [binding, db] of Object.entries(SHARDS)) {
      expect(await scalar(db, "SELECT processed FROM evaluation_runs ORDER BY id DESC LIMIT 1"), binding).toBe(PER_SHARD);
      expect(await scalar(db, "SELECT count(DISTINCT subject_id) FROM evaluation_results WHERE current = 1 AND model_id = ?1", modelId)).toBe(PER_SHARD);
      expect(await scalar(db, "SELECT count(*) FROM evaluation_results WHERE current = 1 AND model_id = ?1", modelId)).toBe(PER_SHARD);
    }
    expect(await scalar(env.DB, "SELECT count(*) FROM evaluation_results")).toBe(0);
    expect(await scalar(env.DB, "SELECT count(*) FROM evaluation_runs")).toBe(0);
  });

  it("follows each shard's change feed with its own cursor: a new penalty regrades one subject on one shard", async () => {
    const code = codes.SHARD_1![1]!;
    const db = SHARDS.SHARD_1!;
    const id = await scalar(db, "SELECT id FROM subjects WHERE code = ?1", code);
    const cursors = [await scalar(SHARDS.SHARD_0!, "SELECT seq FROM evaluation_feed_cursor"), await scalar(db, "SELECT seq FROM evaluation_feed_cursor")];
    await insertPenalty(id, { docNo: "渝中市监处罚〔2026〕分库新增1号", monthsAgo: 0, fineWan: 80 });
    const progress = await step(1);
    expect(progress.changed).toBe(1);
    expect(progress.shards!.map((s) => s.changed)).toEqual([0, 1]);
    expect(await scalar(SHARDS.SHARD_0!, "SELECT seq FROM evaluation_feed_cursor")).toBe(cursors[0]);
    expect(await scalar(db, "SELECT seq FROM evaluation_feed_cursor")).toBe(await scalar(db, "SELECT max(seq) FROM changes"));
    expect(await scalar(db, "SELECT seq FROM evaluation_feed_cursor")).toBeGreaterThan(cursors[1]!);
  });

  it("answers GET /api/v1/evaluations/{code} for a subject on either shard, recomputing a stale one on its shard", async () => {
    for (const binding of ["SHARD_0", "SHARD_1"]) {
      const code = codes[binding]![2]!; // the third subject of each shard has a serious penalty
      const db = SHARDS[binding]!;
      const id = await scalar(db, "SELECT id FROM subjects WHERE code = ?1", code);
      const before = await scalar(db, "SELECT count(*) FROM evaluation_results WHERE subject_id = ?1", id);
      // A new penalty after the last pass makes the current result stale; the read must see it at once.
      await insertPenalty(id, { docNo: `渝中市监处罚〔2026〕${binding}读时重算号`, monthsAgo: 0, fineWan: 90 });
      const res = await exports.default.fetch(`http://x/api/v1/evaluations/${code}`, { headers: bearer(await token(ADMIN)) });
      expect(res.status, binding).toBe(200);
      const body = (await res.json()) as SubjectEvaluation;
      expect(body.code).toBe(code);
      expect(body.modelVersion).toBe("shard-test-2");
      expect(await scalar(db, "SELECT count(*) FROM evaluation_results WHERE subject_id = ?1", id)).toBeGreaterThan(before);
      expect(await scalar(db, "SELECT max(computed_seq) FROM evaluation_results WHERE subject_id = ?1 AND current = 1", id)).toBe(await scalar(db, "SELECT max(seq) FROM changes WHERE subject_id = ?1", id));
    }
    expect(await scalar(env.DB, "SELECT count(*) FROM evaluation_results")).toBe(0);
  });

  it("POST /api/v1/evaluations/recompute reports each shard's progress", async () => {
    const res = await exports.default.fetch("http://x/api/v1/evaluations/recompute", { method: "POST", headers: { ...bearer(await token(ADMIN)), "content-type": "application/json" }, body: JSON.stringify({ chunkSize: 10, maxChunks: 1 }) });
    expect(res.status).toBe(200);
    const body = (await res.json()) as RecomputeProgress;
    expect(body.shards?.map((s) => s.binding)).toEqual(["SHARD_0", "SHARD_1"]);
    expect(body.run?.totalSubjects).toBe(2 * PER_SHARD);
  });

  it("GET /api/v1/reports/grades sums both shards' current grades into one distribution", async () => {
    const res = await exports.default.fetch("http://x/api/v1/reports/grades", { headers: bearer(await token(ADMIN)) });
    expect(res.status).toBe(200);
    const report = (await res.json()) as GradeReport;
    expect(report.modelVersion).toBe("shard-test-2");
    expect(report.total).toBe(2 * PER_SHARD);
    const expected: Record<string, number> = { A: 0, B: 0, C: 0, D: 0, E: 0 };
    for (const db of Object.values(SHARDS)) {
      const { results } = await db.prepare("SELECT grade, count(*) AS n FROM evaluation_results WHERE current = 1 AND model_id = ?1 GROUP BY grade").bind(modelId).all<{ grade: string; n: number }>();
      for (const r of results) expected[r.grade]! += r.n;
    }
    expect(report.byGrade).toEqual(expected);
    // Subjects of both shards share district and industry: one row per cell, its count the sum over shards.
    const keys = report.rows.map((r) => `${r.regionCode}|${r.industryCode}|${r.grade}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(report.byRegion.find((r) => r.regionCode === "500103")?.total).toBe(2 * PER_SHARD);
  });
});
