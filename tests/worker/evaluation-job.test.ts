/**
 * The chunked recomputation over the deterministic seed (scripts/seed), inside workerd with the real D1:
 * a full pass grades every organisation exactly once, a pass cut off mid-chunk resumes after the last
 * committed chunk without redoing the earlier ones, the change feed regrades what changed, and the Cron
 * Trigger handler runs the job.
 */
import { env, exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { chinaToday } from "../../shared/domain/dates";
import { recomputeStep, CRON } from "../../worker/evaluation/job";
import { loadPublishedModels } from "../../worker/evaluation/models";
import { recomputeChunk } from "../../worker/evaluation/recompute";
import { runScheduled } from "../../worker/jobs";
import { loadSeed } from "./seed";
import { ADMIN, OFFICER, bearer, token } from "./tokens";

const SUBJECTS = 1200;
const CHUNK = 200;
const now = new Date();
let organisations: number;

const scalar = async (sql: string, ...params: unknown[]) => Object.values((await env.DB.prepare(sql).bind(...params).first<Record<string, number>>())!)[0]!;
const publicModelId = async () => scalar("SELECT id FROM evaluation_models WHERE kind = 'public' AND status = 'published'");
const step = (options: { maxChunks: number; restart?: boolean; at?: Date }) =>
  recomputeStep(env.DB, { now: options.at ?? now, trigger: "admin", chunkSize: CHUNK, budgetMs: 60_000, ...options });

beforeAll(async () => {
  await loadSeed(SUBJECTS);
  organisations = await scalar("SELECT count(*) FROM subjects WHERE code_type = 'uscc'");
}, 120_000);

describe("the full recomputation pass", () => {
  it("covers the whole seed in chunks and resumes after being cut off", async () => {
    expect(organisations).toBeGreaterThan(1000);
    expect(organisations).toBeLessThan(SUBJECTS); // the seed's natural persons are not graded

    // Step 1: cut off by its budget after two chunks. The seed's inserts are all in the change feed; the new
    // pass covers them, so the feed is skipped to its end instead of grading those subjects twice.
    expect(await scalar("SELECT count(*) FROM changes")).toBeGreaterThan(SUBJECTS);
    const first = await step({ maxChunks: 2 });
    expect(first).toMatchObject({ changed: 0, chunks: 2, processed: 2 * CHUNK, done: false });
    expect(await scalar("SELECT seq FROM evaluation_feed_cursor")).toBe(await scalar("SELECT max(seq) FROM changes"));
    expect(first.run).toMatchObject({ status: "running", processed: 2 * CHUNK, chunks: 2, totalSubjects: organisations });
    const graded = await env.DB.prepare("SELECT id, subject_id, computed_at FROM evaluation_results WHERE current = 1 AND model_id = ?1").bind(await publicModelId()).all<{ id: number; subject_id: number }>();
    // 注销 subjects are not graded (已注销，不予评价): the first two chunks hold 2 × CHUNK organisations, fewer results.
    const gradedInFirstChunks = await scalar(
      "SELECT count(*) FROM subjects WHERE code_type = 'uscc' AND registration_status <> '注销' AND id <= ?1",
      first.run!.cursorSubjectId,
    );
    expect(gradedInFirstChunks).toBeLessThan(2 * CHUNK); // the seed has 注销 subjects among them
    expect(graded.results).toHaveLength(gradedInFirstChunks);
    expect(Math.max(...graded.results.map((r) => r.subject_id))).toBeLessThanOrEqual(first.run!.cursorSubjectId);

    // A step killed while writing its third chunk: the batch (results + progress) rolls back as a whole.
    const models = await loadPublishedModels(env.DB);
    await expect(
      recomputeChunk(env.DB, models, { kind: "after", cursor: first.run!.cursorSubjectId, limit: CHUNK }, chinaToday(now), now, () => [
        env.DB.prepare("INSERT INTO evaluation_runs (id) VALUES (NULL)"), // fails: the worker died mid-write
      ]),
    ).rejects.toThrow();
    expect(await scalar("SELECT count(*) FROM evaluation_results WHERE current = 1 AND model_id = ?1", await publicModelId())).toBe(gradedInFirstChunks);

    // The next steps (a millisecond later, so their writes are told apart) resume from the progress row.
    const later = new Date(now.getTime() + 1);
    let progress = await step({ maxChunks: 3, at: later });
    expect(progress.run!.id).toBe(first.run!.id);
    while (!progress.done) progress = await step({ maxChunks: 3, at: later });
    expect(progress.run).toMatchObject({ status: "done", processed: organisations, chunks: Math.ceil((organisations + 1) / CHUNK) });

    // Every organisation has exactly one current public result, but a 注销 one has none; the first two chunks were not redone.
    const perSubject = await env.DB.prepare(
      `SELECT s.id, s.registration_status = '注销' AS cancelled, (SELECT count(*) FROM evaluation_results r WHERE r.subject_id = s.id AND r.current = 1 AND r.model_id = ?1) AS n
         FROM subjects s WHERE s.code_type = 'uscc'`,
    ).bind(await publicModelId()).all<{ id: number; cancelled: number; n: number }>();
    expect(perSubject.results.filter((r) => r.n !== (r.cancelled ? 0 : 1))).toEqual([]);
    const gradedAll = perSubject.results.filter((r) => !r.cancelled).length;
    expect(await scalar("SELECT count(*) FROM evaluation_results WHERE subject_id IN (SELECT id FROM subjects WHERE code_type = 'id_number')")).toBe(0);
    const kept = await env.DB.prepare("SELECT count(*) AS n FROM evaluation_results WHERE id IN (SELECT value FROM json_each(?1)) AND current = 1 AND computed_at = ?2")
      .bind(JSON.stringify(graded.results.map((r) => r.id)), now.toISOString())
      .first<{ n: number }>();
    expect(kept!.n).toBe(gradedInFirstChunks);
    expect(await scalar("SELECT count(*) FROM evaluation_results WHERE current = 1 AND model_id = ?1 AND computed_at = ?2", await publicModelId(), later.toISOString())).toBe(gradedAll - gradedInFirstChunks);
    // 建筑业 subjects also got their sector result.
    const construction = await scalar("SELECT count(*) FROM subjects WHERE code_type = 'uscc' AND industry_code = 'E' AND registration_status <> '注销'");
    expect(construction).toBeGreaterThan(0);
    expect(await scalar("SELECT count(*) FROM evaluation_results r JOIN evaluation_models m ON m.id = r.model_id WHERE r.current = 1 AND m.version = 'E-v1'")).toBe(construction);
  });

  it("does not start a second pass on the same day, unless asked to", async () => {
    const again = await step({ maxChunks: 5 });
    expect(again).toMatchObject({ chunks: 0, done: true });
    const restarted = await step({ maxChunks: 1, restart: true });
    expect(restarted.run!.id).toBeGreaterThan(again.run!.id);
    expect(restarted.run).toMatchObject({ status: "running", processed: CHUNK });
    // Unchanged results are refreshed in place: no new history rows.
    expect(await scalar("SELECT count(*) FROM evaluation_results WHERE current = 0")).toBe(0);
    while (!(await step({ maxChunks: 10 })).done);
  });

  it("regrades subjects from the change feed: a serious penalty ingested for a seed subject", async () => {
    const subject = (await env.DB.prepare(
      `SELECT s.id, r.grade, r.score FROM subjects s JOIN evaluation_results r ON r.subject_id = s.id AND r.current = 1 AND r.model_id = ?1
        WHERE s.code_type = 'uscc' AND r.grade = 'A' ORDER BY s.id LIMIT 1`,
    ).bind(await publicModelId()).first<{ id: number; grade: string; score: number }>())!;
    const today = chinaToday(now);
    await env.DB.prepare(
      `INSERT INTO records (subject_id, category, doc_no, title, kinds, fine_wan, authority_name, authority_code, decided_on, severity, publish_until)
       VALUES (?1, 'penalty', '渝应急罚〔2026〕501号', '发生生产安全一般事故', '罚款；责令停产停业', 60, '重庆市应急管理局', '11500000MB1541618P', ?2, 'serious', '2099-12-31')`,
    ).bind(subject.id, today).run();
    const progress = await step({ maxChunks: 1 });
    expect(progress.changed).toBe(1);
    const result = await env.DB.prepare("SELECT grade, score FROM evaluation_results WHERE subject_id = ?1 AND current = 1 AND model_id = ?2").bind(subject.id, await publicModelId()).first<{ grade: string; score: number }>();
    expect(result!.score).toBe(subject.score - 120);
    expect(result!.grade).toBe("C");
    expect((await step({ maxChunks: 1 })).changed).toBe(0); // the cursor moved past it
  });

  it("runs from the Cron Trigger", async () => {
    const before = await scalar("SELECT count(*) FROM evaluation_runs");
    await runScheduled({ cron: CRON, scheduledTime: Date.now() + 86_400_000, noRetry() {} } as ScheduledController, env);
    // A scheduled time on the next China day starts that day's pass.
    expect(await scalar("SELECT count(*) FROM evaluation_runs")).toBe(before + 1);
    expect(await scalar("SELECT processed FROM evaluation_runs ORDER BY id DESC LIMIT 1")).toBeGreaterThan(0);
  });

  it("POST /api/v1/evaluations/recompute runs the same step for admins, with or without a body", async () => {
    const call = async (headers: Record<string, string>, body?: unknown) =>
      exports.default.fetch("http://x/api/v1/evaluations/recompute", {
        method: "POST",
        headers: { ...headers, ...(body === undefined ? {} : { "content-type": "application/json" }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    expect((await call({})).status).toBe(401);
    expect((await call(bearer(await token(OFFICER)))).status).toBe(403);
    const admin = bearer(await token(ADMIN));
    const plain = await call(admin);
    expect(plain.status).toBe(200);
    expect(await plain.json()).toMatchObject({ changed: 0, done: true });
    const restarted = await call(admin, { restart: true, maxChunks: 2, chunkSize: 100 });
    expect(await restarted.json()).toMatchObject({ chunks: 2, processed: 200, done: false, run: { trigger: "admin", status: "running" } });
    expect((await call(admin, { chunkSize: 5 })).status).toBe(400);
  });
});
