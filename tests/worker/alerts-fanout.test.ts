/**
 * The alert fan-out itself (worker/alerts/fanout.ts) against the real local D1: each change kind alerts every
 * watcher once, chunks respect their bounds, a consumer failing midway resumes without loss or duplicates, and
 * integrating departments get signed webhooks. Every write here is SQL (no API write), so no queue message
 * starts a background consumer while a test looks at a half-done fan-out.
 */
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { fanOut, fanOutChunk } from "../../worker/alerts/fanout";
import { deliverDue } from "../../worker/webhooks/deliveries";
import { verifySignature } from "../../worker/webhooks/sign";
import type { Env } from "../../worker/env";
import { TODAY, insertListEntry, insertPenalty, insertSubject, uscc } from "./fixtures";

const NOW = () => new Date();
const opts = (extra: Partial<Parameters<typeof fanOut>[2]> = {}) => ({ now: NOW(), today: TODAY, ...extra });

async function watch(subjectId: number, watcher: string, o: { until?: string; createdAt?: string; department?: string; removed?: boolean } = {}): Promise<number> {
  const row = await env.DB.prepare(
    `INSERT INTO watch_entries (watcher, watcher_name, department_code, subject_id, reason, scene, until, created_at, removed_at)
     VALUES (?1, '测试', ?2, ?3, 'CQZC-2026-0381', 'procurement', ?4, ?5, ?6) RETURNING id`,
  )
    .bind(watcher, o.department ?? "11500000MB1541618P", subjectId, o.until ?? "2099-12-31", o.createdAt ?? "2000-01-01T00:00:00.000Z", o.removed ? "2000-01-02T00:00:00.000Z" : null)
    .first<{ id: number }>();
  return row!.id;
}

const alertCount = async (where = "1 = 1") => (await env.DB.prepare(`SELECT count(*) AS n FROM alerts WHERE ${where}`).first<{ n: number }>())!.n;
const duplicates = async () =>
  (await env.DB.prepare("SELECT count(*) AS n FROM (SELECT feed, change_seq, watch_id FROM alerts GROUP BY 1, 2, 3 HAVING count(*) > 1)").first<{ n: number }>())!.n;

beforeEach(async () => {
  // Each test starts from a caught-up cursor and no alerts.
  await env.DB.batch([
    env.DB.prepare("DELETE FROM alerts"),
    env.DB.prepare("UPDATE alert_cursors SET seq = (SELECT coalesce(max(seq), 0) FROM changes), watch_id = 9007199254740991 WHERE feed = 'change'"),
    env.DB.prepare("UPDATE alert_cursors SET seq = (SELECT coalesce(max(seq), 0) FROM grade_changes), watch_id = 9007199254740991 WHERE feed = 'grade'"),
  ]);
});

describe("alert fan-out", () => {
  it("alerts every active watcher once for each change kind, and nobody else", async () => {
    const subject = await insertSubject({ code: uscc("500103"), name: "重庆渝信商贸有限公司" });
    const other = await insertSubject({ code: uscc("500103"), name: "重庆无关商贸有限公司" });
    const a = await watch(subject, "officer-a");
    const b = await watch(subject, "officer-b");
    await watch(subject, "officer-expired", { until: "2020-01-01" });
    await watch(subject, "officer-removed", { removed: true });
    await watch(subject, "officer-late", { createdAt: "2099-01-01T00:00:00.000Z" });
    await watch(other, "officer-a");

    await insertPenalty(subject, { docNo: "渝中市监罚〔2026〕5001号", monthsAgo: 1 });
    const record = (await env.DB.prepare("SELECT id FROM records WHERE doc_no = '渝中市监罚〔2026〕5001号'").first<{ id: number }>())!.id;
    await env.DB.prepare("UPDATE records SET fine_wan = 3, version = 2 WHERE id = ?1").bind(record).run(); // corrected
    await env.DB.prepare("UPDATE records SET objection_open = 1 WHERE id = ?1").bind(record).run(); // objection mark
    await insertListEntry(subject, { listType: "abnormal_operation", docNo: "渝中市监经异列〔2026〕77号" });
    await env.DB.prepare("UPDATE list_entries SET status = 'removed', removed_on = ?1, removal_reason = '已补报年度报告' WHERE doc_no = '渝中市监经异列〔2026〕77号'").bind(TODAY).run();
    await env.DB.prepare("UPDATE subjects SET registration_status = '吊销' WHERE id = ?1").bind(subject).run();
    await env.DB.prepare(
      "INSERT INTO commitments (subject_id, kind, matter, authority_name, authority_code, doc_no, committed_on, due_on) VALUES (?1, '审批替代型', '食品经营许可告知承诺', '渝中区行政审批局', '11500103MB1K0423X', 'SP-2026-1', ?2, ?2)",
    )
      .bind(subject, TODAY)
      .run();
    await env.DB.prepare("UPDATE commitments SET status = 'breached', resolved_on = ?1 WHERE doc_no = 'SP-2026-1'").bind(TODAY).run(); // commitment result
    // A grade change: a first result, then a different grade made current.
    const model = (await env.DB.prepare("SELECT id FROM evaluation_models WHERE version = 'v1'").first<{ id: number }>())!.id;
    await env.DB.prepare("INSERT INTO evaluation_results (subject_id, model_id, grade, score, explanation, data_version, computed_at) VALUES (?1, ?2, 'B', 820, '{}', 't', ?3)").bind(subject, model, NOW().toISOString()).run();
    await env.DB.batch([
      env.DB.prepare("UPDATE evaluation_results SET current = 0 WHERE subject_id = ?1").bind(subject),
      env.DB.prepare("INSERT INTO evaluation_results (subject_id, model_id, grade, score, explanation, data_version, computed_at) VALUES (?1, ?2, 'D', 560, '{}', 't', ?3)").bind(subject, model, NOW().toISOString()),
    ]);

    const changesOfSubject = (await env.DB.prepare("SELECT count(*) AS n FROM changes WHERE subject_id = ?1 AND seq > (SELECT seq FROM alert_cursors WHERE feed = 'change')").bind(subject).first<{ n: number }>())!.n;
    expect(changesOfSubject).toBe(8); // penalty, correction, objection, listing, removal, registration, commitment, its result
    const outcome = await fanOut(env.DB, env, opts());
    expect(outcome.done).toBe(true);
    // 8 changes + 1 grade change, for each of the two active watchers; nobody else.
    expect(await alertCount(`watch_id = ${a}`)).toBe(9);
    expect(await alertCount(`watch_id = ${b}`)).toBe(9);
    expect(await alertCount()).toBe(18);
    const entities = (await env.DB.prepare("SELECT entity, count(*) AS n FROM alerts WHERE watch_id = ?1 GROUP BY entity ORDER BY entity").bind(a).all<{ entity: string; n: number }>()).results;
    expect(Object.fromEntries(entities.map((e) => [e.entity, e.n]))).toEqual({ commitment: 2, grade: 1, list_entry: 2, record: 3, subject: 1 });
    // Running it again writes nothing.
    expect((await fanOut(env.DB, env, opts())).alerts).toBe(0);
    expect(await alertCount()).toBe(18);
  });

  it("a grade recomputed to the same grade is not a change", async () => {
    const subject = await insertSubject({ code: uscc("500104"), name: "重庆同级商贸有限公司" });
    await watch(subject, "officer-a");
    const model = (await env.DB.prepare("SELECT id FROM evaluation_models WHERE version = 'v1'").first<{ id: number }>())!.id;
    for (const score of [820, 830]) {
      await env.DB.batch([
        env.DB.prepare("UPDATE evaluation_results SET current = 0 WHERE subject_id = ?1").bind(subject),
        env.DB.prepare("INSERT INTO evaluation_results (subject_id, model_id, grade, score, explanation, data_version, computed_at) VALUES (?1, ?2, 'B', ?3, '{}', 't', ?4)").bind(subject, model, score, NOW().toISOString()),
      ]);
    }
    await fanOut(env.DB, env, opts());
    expect(await alertCount("entity = 'grade'")).toBe(0);
  });

  it("one change with 1,200 watchers is written in chunks of at most rowsPerChunk alerts", async () => {
    const subject = await insertSubject({ code: uscc("500105"), name: "重庆热门建设有限公司" });
    await env.DB.prepare(
      `INSERT INTO watch_entries (watcher, department_code, subject_id, reason, until, created_at)
       WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1200)
       SELECT 'officer-' || i, '11500000MB1541618P', ?1, 'ZB-2026-' || i, '2099-12-31', '2000-01-01T00:00:00.000Z' FROM n`,
    )
      .bind(subject)
      .run();
    await insertPenalty(subject, { docNo: "渝中市监罚〔2026〕6001号", monthsAgo: 1 });
    const sizes: number[] = [];
    for (;;) {
      const chunk = await fanOutChunk(env.DB, env, "change", opts({ rowsPerChunk: 500 }));
      if (!chunk) break;
      sizes.push(chunk.wrote);
    }
    expect(sizes).toEqual([500, 500, 200]);
    expect(await alertCount()).toBe(1200);
    expect(await duplicates()).toBe(0);
  });

  it("a consumer failing midway resumes where it stopped: nothing lost, nothing twice", async () => {
    const subjects = [await insertSubject({ code: uscc("500106"), name: "重庆中断甲有限公司" }), await insertSubject({ code: uscc("500106"), name: "重庆中断乙有限公司" })];
    const start = (await env.DB.prepare("SELECT seq FROM alert_cursors WHERE feed = 'change'").first<{ seq: number }>())!.seq;
    for (const s of subjects) for (const w of ["officer-a", "officer-b", "officer-c"]) await watch(s, w);
    for (let i = 0; i < 4; i++) for (const s of subjects) await insertPenalty(s, { docNo: `渝中市监罚〔2026〕7${s}${i}号`, monthsAgo: 1 });
    const expected = 4 * 2 * 3;

    // A chunk limit stops the first run after two chunks of 5.
    const first = await fanOut(env.DB, env, opts({ rowsPerChunk: 5, maxChunks: 2 }));
    expect(first).toMatchObject({ chunks: 2, alerts: 10, done: false });
    expect(await alertCount()).toBe(10);

    // The next run dies on its second D1 batch (after one more chunk was committed).
    let batches = 0;
    const failing = {
      prepare: (sql: string) => env.DB.prepare(sql),
      batch: (statements: D1PreparedStatement[]) => {
        if (++batches === 2) throw new Error("simulated D1 failure");
        return env.DB.batch(statements);
      },
    } as unknown as D1Database;
    await expect(fanOut(failing, env, opts({ rowsPerChunk: 5 }))).rejects.toThrow("simulated");
    expect(await alertCount()).toBe(15);

    // The retry (the queue redelivers the message) finishes the work.
    const retry = await fanOut(env.DB, env, opts({ rowsPerChunk: 5 }));
    expect(retry.done).toBe(true);
    expect(await alertCount()).toBe(expected);
    expect(await duplicates()).toBe(0);

    // Even a cursor moved back (a consumer that wrote its alerts but was told it failed) writes nothing twice.
    await env.DB.prepare("UPDATE alert_cursors SET seq = ?1, watch_id = 9007199254740991 WHERE feed = 'change'").bind(start).run();
    await fanOut(env.DB, env, opts({ rowsPerChunk: 5 }));
    expect(await alertCount()).toBe(expected);
    expect(await duplicates()).toBe(0);
  });

  it("integrating departments get one signed webhook per chunk, with the existing HMAC scheme", async () => {
    const subject = await insertSubject({ code: uscc("500107"), name: "重庆推送商贸有限公司" });
    await watch(subject, "officer-a", { department: "11500000MB1541618P" });
    await watch(subject, "officer-x", { department: "11500000MB0000000X" });
    const hooked: Env = { ...env, WEBHOOK_URL: "https://receiver.example/alerts", WEBHOOK_SECRET: "s3cret", ALERT_WEBHOOK_DEPARTMENTS: "11500000MB1541618P" };
    await env.DB.prepare("DELETE FROM webhook_deliveries").run();
    await insertPenalty(subject, { docNo: "渝中市监罚〔2026〕8001号", monthsAgo: 1 });
    await fanOut(env.DB, hooked, opts());
    const rows = (await env.DB.prepare("SELECT event, payload FROM webhook_deliveries").all<{ event: string; payload: string }>()).results;
    expect(rows).toHaveLength(1);
    const payload = JSON.parse(rows[0]!.payload) as { event: string; department: string; alerts: { watcher: string; entity: string }[] };
    expect(payload).toMatchObject({ event: "alerts.created", department: "11500000MB1541618P" });
    expect(payload.alerts.map((a) => a.watcher)).toEqual(["officer-a"]);

    const sent: { body: string; signature: string }[] = [];
    const send = (async (_url: string, init: RequestInit) => {
      sent.push({ body: String(init.body), signature: (init.headers as Record<string, string>)["x-chayicha-signature"]! });
      return new Response("ok");
    }) as typeof fetch;
    expect(await deliverDue(env.DB, hooked, new Date(), send)).toBe(1);
    expect(await verifySignature("s3cret", sent[0]!.body, sent[0]!.signature, Math.floor(Date.now() / 1000))).toBe(true);
  });
});
