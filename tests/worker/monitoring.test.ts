/**
 * Watchlists and alerts through the API: watching (query log, per-item errors, the limit), a penalty uploaded
 * through the ingest API reaching its watcher through the real (local) Cloudflare Queue, what an alert shows by
 * role and scene, and marking read.
 */
import { env, exports } from "cloudflare:workers";
import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import type { AlertPage, WatchlistPage, WatchlistResult } from "../../shared/contract";
import { addDays } from "../../shared/domain/dates";
import worker from "../../worker/index";
import { enterpriseCode, penaltyCsv, penaltyRow } from "../fixtures/ingest/rows";
import { TODAY, insertPenalty, insertSubject, uscc } from "./fixtures";
import { ADMIN, OFFICER, PROVIDER, bearer, token } from "./tokens";

let officer: Record<string, string>;
let other: Record<string, string>;
let admin: Record<string, string>;
let provider: Record<string, string>;

const UNTIL = addDays(TODAY, 180);
const call = (path: string, headers: Record<string, string>, init: { method?: string; body?: unknown } = {}) =>
  exports.default.fetch(`http://x${path}`, {
    method: init.method ?? (init.body === undefined ? "GET" : "POST"),
    headers: { ...headers, "content-type": "application/json" },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
const alertsOf = async (headers: Record<string, string>, query = "") => (await (await call(`/api/v1/alerts${query}`, headers)).json()) as AlertPage;

/** Runs the queue consumer the way Queues does, on a one-message batch. */
async function consume(): Promise<void> {
  const batch = createMessageBatch("chayicha-alerts", [{ id: crypto.randomUUID(), timestamp: new Date(), attempts: 1, body: { kind: "feed_advanced", at: new Date().toISOString() } }]);
  const ctx = createExecutionContext();
  await worker.queue(batch as never, env);
  expect((await getQueueResult(batch, ctx)).ackAll).toBe(true);
}

beforeAll(async () => {
  officer = bearer(await token(OFFICER));
  other = bearer(await token({ ...OFFICER, sub: "officer-2", name: "李四" }));
  admin = bearer(await token(ADMIN));
  provider = bearer(await token(PROVIDER));
});

describe("watchlist", () => {
  it("watches a subject, logs it to the query log and lists it", async () => {
    const code = uscc("500103");
    await insertSubject({ code, name: "重庆监控建设有限公司" });
    const res = await call("/api/v1/watchlist", officer, { body: { code, reason: "CQZC-2026-0381", until: UNTIL, scene: "政府采购" } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as WatchlistResult;
    expect(body).toMatchObject({ added: 1, extended: 0, failed: 0, limit: 5000 });
    expect(body.items[0]).toMatchObject({ status: "added", entry: { code, reason: "CQZC-2026-0381", until: UNTIL, scene: "procurement", source: "officer", active: true } });
    const log = await env.DB.prepare(
      "SELECT q.route, q.scene, q.purpose, q.actor FROM query_log q JOIN query_log_subjects s ON s.log_id = q.id WHERE s.subject_code = ?1",
    )
      .bind(code)
      .first();
    expect(log).toEqual({ route: "POST /api/v1/watchlist", scene: "procurement", purpose: "CQZC-2026-0381", actor: "officer-1" });
    // Watching again extends rather than duplicates.
    const again = (await (await call("/api/v1/watchlist", officer, { body: { code, reason: "CQZC-2026-0381", until: addDays(UNTIL, 30) } })).json()) as WatchlistResult;
    expect(again).toMatchObject({ added: 0, extended: 1 });
    const list = (await (await call("/api/v1/watchlist", officer)).json()) as WatchlistPage;
    expect(list.items.filter((i) => i.code === code)).toEqual([expect.objectContaining({ until: addDays(UNTIL, 30) })]);
    // Another officer does not see it; an admin does.
    expect(((await (await call("/api/v1/watchlist", other)).json()) as WatchlistPage).items.some((i) => i.code === code)).toBe(false);
    expect(((await (await call("/api/v1/watchlist?watcher=officer-1", admin)).json()) as WatchlistPage).items.some((i) => i.code === code)).toBe(true);
  });

  it("a batch reports bad and unknown codes per item; a single bad code is a 400, an unknown one a 404", async () => {
    const known = uscc("500104");
    await insertSubject({ code: known, name: "重庆批量商贸有限公司" });
    const res = await call("/api/v1/watchlist", officer, {
      body: { scene: "招标投标", items: [{ code: known, reason: "ZB-2026-01", until: UNTIL }, { code: "91500103MA5U3K9L2X", reason: "ZB-2026-01", until: UNTIL }, { code: uscc("500104"), reason: "ZB-2026-01", until: UNTIL }] },
    });
    const body = (await res.json()) as WatchlistResult;
    expect(res.status).toBe(200);
    expect(body.items.map((i) => i.status)).toEqual(["added", "invalid_code", "not_found"]);
    expect(body.items[1]!.message).toMatch(/统一社会信用代码/);
    expect((await call("/api/v1/watchlist", officer, { body: { code: "91500103MA5U3K9L2X", reason: "ZB-2026-01", until: UNTIL } })).status).toBe(400);
    const missing = await call("/api/v1/watchlist", officer, { body: { code: uscc("500104"), reason: "ZB-2026-01", until: UNTIL } });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { code: "subject_not_found" } });
    const past = await call("/api/v1/watchlist", officer, { body: { code: known, reason: "ZB-2026-01", until: addDays(TODAY, -1) } });
    expect(past.status).toBe(400);
    expect(await past.json()).toMatchObject({ error: { code: "invalid_request", details: [{ field: "body.until" }] } });
    // A scene the token does not grant is refused, naming it.
    const scene = await call("/api/v1/watchlist", officer, { body: { code: known, reason: "SP-2026-01", until: UNTIL, scene: "行政审批" } });
    expect(scene.status).toBe(403);
  });

  it("refuses to pass the per-officer limit, saying what the limit is", async () => {
    const full = bearer(await token({ ...OFFICER, sub: "officer-full", name: "王五" }));
    const subject = await insertSubject({ code: uscc("500105"), name: "重庆上限商贸有限公司" });
    await env.DB.prepare(
      `INSERT INTO watch_entries (watcher, subject_id, reason, until, created_at)
       WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000) SELECT 'officer-full', ?1, 'R-' || i, ?2, ?3 FROM n`,
    )
      .bind(subject, UNTIL, new Date().toISOString())
      .run();
    const code = uscc("500105");
    await insertSubject({ code, name: "重庆第五千零一商贸有限公司" });
    const res = await call("/api/v1/watchlist", full, { body: { code, reason: "CQZC-2026-9999", until: UNTIL } });
    expect(res.status).toBe(409);
    const body = (await res.json()) as { error: { code: string; message: string; details: { limit: number } } };
    expect(body.error).toMatchObject({ code: "watchlist_full", details: { limit: 5000 } });
    expect(body.error.message).toContain("5000");
  });

  it("deletes only the officer's own entries; providers and the public cannot watch", async () => {
    const code = uscc("500106");
    await insertSubject({ code, name: "重庆删除商贸有限公司" });
    const added = (await (await call("/api/v1/watchlist", officer, { body: { code, reason: "CQZC-2026-0500", until: UNTIL } })).json()) as WatchlistResult;
    const id = added.items[0]!.entry!.id;
    expect((await call(`/api/v1/watchlist/${id}`, other, { method: "DELETE" })).status).toBe(404);
    expect((await call(`/api/v1/watchlist/${id}`, officer, { method: "DELETE" })).status).toBe(204);
    expect((await call(`/api/v1/watchlist/${id}`, officer, { method: "DELETE" })).status).toBe(404);
    expect((await call("/api/v1/watchlist", provider, { body: { code, reason: "X-1", until: UNTIL } })).status).toBe(403);
    expect((await call("/api/v1/watchlist", {}, { body: { code, reason: "X-1", until: UNTIL } })).status).toBe(401);
  });
});

describe("alerts", () => {
  it("a penalty uploaded through the API reaches its watcher through the queue within seconds", async () => {
    const code = enterpriseCode(9101);
    await insertSubject({ code, name: "重庆队列商贸有限公司" });
    await call("/api/v1/watchlist", officer, { body: { code, reason: "CQZC-2026-0700", until: UNTIL } });
    const before = (await alertsOf(officer)).next;
    const csv = penaltyCsv([penaltyRow(9101, TODAY)]);
    const upload = await exports.default.fetch("http://x/api/v1/ingest/penalties", { method: "POST", body: csv, headers: { ...provider, "content-type": "text/csv" } });
    expect(upload.status).toBe(200);
    // No manual fan-out: the middleware's queue message and the local Queues consumer deliver it.
    let page: AlertPage | undefined;
    for (let i = 0; i < 100; i++) {
      page = await alertsOf(officer, `?since=${before}`);
      if (page.items.some((a) => a.subject.code === code)) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const alert = page!.items.find((a) => a.subject.code === code);
    expect(alert).toMatchObject({ kind: "record_new", visible: true, read: false, watch: { reason: "CQZC-2026-0700" }, detail: { entity: "record", docNo: "渝中市监处罚〔2026〕10101号" } });
    expect(alert!.summary).toContain("新增行政处罚");
    expect(page!.unread).toBeGreaterThan(0);
    // The other officer does not watch it.
    expect((await alertsOf(other, `?since=${before}`)).items.some((a) => a.subject.code === code)).toBe(false);
  });

  it("what an alert shows follows visibility: a repaired record shows no detail, nor does a scene the token lost", async () => {
    const code = uscc("500107");
    const subject = await insertSubject({ code, name: "重庆修复商贸有限公司" });
    await call("/api/v1/watchlist", officer, { body: { code, reason: "ZB-2026-0801", until: UNTIL, scene: "招标投标" } });
    await insertPenalty(subject, { docNo: "渝中市监罚〔2026〕9801号", monthsAgo: 2 });
    await env.DB.prepare("UPDATE records SET status = 'repaired' WHERE doc_no = '渝中市监罚〔2026〕9801号'").run();
    await consume();
    const page = await alertsOf(officer);
    const mine = page.items.filter((a) => a.subject.code === code);
    expect(mine).toHaveLength(2);
    for (const a of mine) {
      expect(a).toMatchObject({ visible: false, detail: null });
      expect(JSON.stringify(a)).not.toContain("9801");
    }
    // A visible penalty on the same watch, read with a token that no longer grants 招标投标: no detail either.
    await insertPenalty(subject, { docNo: "渝中市监罚〔2026〕9802号", monthsAgo: 1 });
    await consume();
    const full = (await alertsOf(officer)).items.find((a) => a.detail?.docNo === "渝中市监罚〔2026〕9802号");
    expect(full).toMatchObject({ kind: "record_new", visible: true });
    const narrowed = bearer(await token({ ...OFFICER, scenes: ["政府采购"] }));
    const hidden = (await alertsOf(narrowed)).items.find((a) => a.id === full!.id);
    expect(hidden).toMatchObject({ visible: false, detail: null });
  });

  it("marks alerts read by id and all at once", async () => {
    const page = await alertsOf(officer, "?unread=true");
    expect(page.unread).toBeGreaterThanOrEqual(2);
    const first = page.items[0]!.id;
    const res = await call("/api/v1/alerts/read", officer, { body: { ids: [first] } });
    expect(await res.json()).toEqual({ marked: 1, unread: page.unread - 1 });
    expect((await alertsOf(officer, "?unread=true")).items.some((a) => a.id === first)).toBe(false);
    // Another officer cannot mark mine.
    expect(await (await call("/api/v1/alerts/read", other, { body: { all: true } })).json()).toMatchObject({ marked: 0 });
    expect(await (await call("/api/v1/alerts/read", officer, { body: { all: true } })).json()).toEqual({ marked: page.unread - 1, unread: 0 });
    expect((await call("/api/v1/alerts/read", officer, { body: {} })).status).toBe(400);
  });
});
