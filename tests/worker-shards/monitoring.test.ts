/**
 * Monitoring over two shards: watch entries, alerts and 告知承诺 live in the watched subject's shard; the fan-out
 * runs per shard with each shard's own cursor; the answers' ids are public ids (local × 64 + shard number) and the
 * alert cursor is opaque, so paging and polling lose and repeat nothing across shards.
 */
import { env, exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import type { AlertPage, Commitment, WatchlistPage, WatchlistResult } from "../../shared/contract";
import { addDays } from "../../shared/domain/dates";
import { fanOutAllShards } from "../../worker/alerts/fanout";
import { remindDueCommitments } from "../../worker/commitments/service";
import { TODAY, insertPenalty, insertSubject, shardDb, uscc } from "../worker/fixtures";
import { OFFICER, bearer, token } from "../worker/tokens";

const SHARDS = { SHARD_0: env.SHARD_0!, SHARD_1: env.SHARD_1! } as Record<string, D1Database>;
const CLERK = { ...OFFICER, sub: "clerk-shards", name: "审批窗口赵六", scenes: ["行政审批", "政府采购"] };
const codes: Record<string, string[]> = { SHARD_0: [], SHARD_1: [] };
const ids: Record<string, number> = {};
let headers: Record<string, string>;

async function call<T>(path: string, body?: unknown, method?: string): Promise<{ status: number; body: T & { error?: { details?: { field: string }[] } } }> {
  const res = await exports.default.fetch(`http://x${path}`, {
    method: method ?? (body === undefined ? "GET" : "POST"),
    headers: { ...headers, "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json().catch(() => ({}))) as T & { error?: { details?: { field: string }[] } } };
}
const scalar = async (db: D1Database, sql: string, ...p: unknown[]) => Object.values((await db.prepare(sql).bind(...p).first<Record<string, unknown>>()) ?? { v: null })[0];
const fan = () => fanOutAllShards(env, { now: new Date(), today: TODAY });

beforeAll(async () => {
  headers = bearer(await token(CLERK));
  for (let i = 0; codes.SHARD_0!.length < 3 || codes.SHARD_1!.length < 3; i++) {
    const code = uscc("500103");
    const binding = shardDb(code) === SHARDS.SHARD_0 ? "SHARD_0" : "SHARD_1";
    if (codes[binding]!.length >= 3) continue;
    codes[binding]!.push(code);
    ids[code] = await insertSubject({ code, name: `重庆分库监控测试${i}有限公司` });
  }
});

describe("watch entries over shards", () => {
  it("writes each watch in its subject's shard and answers public ids that name the shard", async () => {
    const items = [...codes.SHARD_0!, ...codes.SHARD_1!].map((code) => ({ code, reason: "CQZC-2026-0381", until: addDays(TODAY, 90) }));
    const res = await call<WatchlistResult>("/api/v1/watchlist", { items, scene: "政府采购" });
    expect(res.status).toBe(200);
    expect(res.body.added).toBe(6);
    expect(res.body.active).toBe(6);
    for (const item of res.body.items) {
      const binding = codes.SHARD_0!.includes(item.code) ? 0 : 1;
      expect(item.entry!.id % 64).toBe(binding);
      const local = Math.floor(item.entry!.id / 64);
      expect(await scalar(SHARDS[`SHARD_${binding}`]!, "SELECT s.code FROM watch_entries w JOIN subjects s ON s.id = w.subject_id WHERE w.id = ?1", local)).toBe(item.code);
    }
    expect(await scalar(env.DB, "SELECT count(*) FROM watch_entries")).toBe(0);
    // The same again: extended, not added, and the count over both shards is unchanged.
    const again = await call<WatchlistResult>("/api/v1/watchlist", { items, scene: "政府采购" });
    expect(again.body).toMatchObject({ added: 0, extended: 6, active: 6 });
  });

  it("pages the list over both shards by public id, each entry once", async () => {
    const seen: number[] = [];
    let cursor = 0;
    for (let i = 0; i < 20; i++) {
      const page = await call<WatchlistPage>(`/api/v1/watchlist?limit=2&cursor=${cursor}`);
      expect(page.status).toBe(200);
      expect(page.body.active).toBe(6);
      seen.push(...page.body.items.map((w) => w.id));
      if (page.body.next === null) break;
      cursor = page.body.next;
    }
    expect(seen).toHaveLength(6);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
    expect(new Set(seen.map((id) => id % 64))).toEqual(new Set([0, 1]));
  });
});

describe("alerts over shards", () => {
  it("fans out on each shard and pages alerts under one opaque cursor, nothing lost or repeated", async () => {
    for (const [i, code] of [codes.SHARD_0![0]!, codes.SHARD_1![0]!, codes.SHARD_0![1]!, codes.SHARD_1![1]!].entries()) {
      await insertPenalty(ids[code]!, { docNo: `渝中市监罚〔2026〕监控${i}号`, monthsAgo: 1 });
    }
    const outcome = await fan();
    expect(outcome).toMatchObject({ alerts: 4, done: true });
    for (const db of Object.values(SHARDS)) expect(await scalar(db, "SELECT count(*) FROM alerts")).toBe(2);
    expect(await fan()).toMatchObject({ alerts: 0 }); // idempotent per shard

    const seen: number[] = [];
    let since: string | number = 0;
    for (let i = 0; i < 10; i++) {
      const page: { body: AlertPage } = await call<AlertPage>(`/api/v1/alerts?since=${since}&limit=1`);
      expect(page.body.unread).toBe(4);
      seen.push(...page.body.items.map((a) => a.id));
      since = page.body.next;
      if (!page.body.hasMore) break;
    }
    expect(seen).toHaveLength(4);
    expect(new Set(seen).size).toBe(4);
    expect(typeof since).toBe("string");
    // After the end: a new change on one shard is the only new alert.
    await insertPenalty(ids[codes.SHARD_1![2]!]!, { docNo: "渝中市监罚〔2026〕监控后来号", monthsAgo: 0 });
    await fan();
    const fresh = await call<AlertPage>(`/api/v1/alerts?since=${since}`);
    expect(fresh.body.items.map((a) => a.subject.code)).toEqual([codes.SHARD_1![2]]);
    expect((await call<AlertPage>(`/api/v1/alerts?since=${fresh.body.next}`)).body.items).toEqual([]);
    expect((await call("/api/v1/alerts?since=7")).status).toBe(400);
  });

  it("marks alerts read by public id on their own shard", async () => {
    const all = await call<AlertPage>("/api/v1/alerts?since=0&limit=50");
    const one = all.body.items.find((a) => a.id % 64 === 1)!;
    const read = await call<{ marked: number; unread: number }>("/api/v1/alerts/read", { ids: [one.id] });
    expect(read.body).toEqual({ marked: 1, unread: 4 });
    expect(await scalar(SHARDS.SHARD_1!, "SELECT read_at IS NOT NULL FROM alerts WHERE id = ?1", Math.floor(one.id / 64))).toBe(1);
    expect(await scalar(SHARDS.SHARD_0!, "SELECT count(*) FROM alerts WHERE read_at IS NOT NULL")).toBe(0);
  });

  it("removes a watch by public id on its shard", async () => {
    const list = await call<WatchlistPage>("/api/v1/watchlist?limit=100");
    const target = list.body.items.find((w) => w.id % 64 === 0)!;
    expect((await call(`/api/v1/watchlist/${target.id}`, undefined, "DELETE")).status).toBe(204);
    expect(await scalar(SHARDS.SHARD_0!, "SELECT removed_at IS NOT NULL FROM watch_entries WHERE id = ?1", Math.floor(target.id / 64))).toBe(1);
    expect((await call(`/api/v1/watchlist/${target.id}`, undefined, "DELETE")).status).toBe(404);
    expect((await call(`/api/v1/watchlist/${64 * 5 + 9}`, undefined, "DELETE")).status).toBe(404); // SHARD_9 is not bound
  });
});

describe("告知承诺 over shards", () => {
  it("registers, verifies and publishes a commitment on its subject's shard", async () => {
    const code = codes.SHARD_1![2]!;
    const input = { code, type: "涉企经营许可事项告知承诺", matter: "食品经营许可：承诺经营场所符合许可条件", madeOn: TODAY, verifyBy: addDays(TODAY, 30), ref: "渝中审批〔2026〕分库1号", authorityName: "重庆市渝中区行政审批局" };
    const made = await call<Commitment>("/api/v1/commitments", input);
    expect(made.status).toBe(201);
    expect(made.body.id % 64).toBe(1);
    expect(made.body.watchId! % 64).toBe(1);
    expect(await scalar(SHARDS.SHARD_1!, "SELECT doc_no FROM commitments WHERE id = ?1", Math.floor(made.body.id / 64))).toBe(input.ref);
    expect(await scalar(SHARDS.SHARD_0!, "SELECT count(*) FROM commitments")).toBe(0);
    const verified = await call<Commitment>(`/api/v1/commitments/${made.body.id}/verification`, { result: "不属实", note: "现场核查：经营场所不符合许可条件" });
    expect(verified.status).toBe(200);
    expect(verified.body.status).toBe("breached");
    expect(await scalar(SHARDS.SHARD_1!, "SELECT count(*) FROM list_entries WHERE list_type = 'key_supervision' AND doc_no = ?1", input.ref)).toBe(1);
    const pub = await exports.default.fetch(`http://x/api/v1/subjects/${code}/commitments`);
    expect(pub.status).toBe(200);
    expect(((await pub.json()) as { items: { ref: string }[] }).items.map((i) => i.ref)).toEqual([input.ref]);
    expect((await call(`/api/v1/commitments/${Math.floor(made.body.id / 64) * 64}/verification`, { result: "属实", note: "核查属实" })).status).toBe(404);
  });

  it("a reminder names its commitment by the public id, which the verification takes", async () => {
    const code = codes.SHARD_1![1]!;
    const input = { code, type: "证明事项告知承诺", matter: "住所证明：承诺住所真实有效", madeOn: TODAY, verifyBy: TODAY, ref: "渝中审批〔2026〕分库2号" };
    const made = await call<Commitment>("/api/v1/commitments", input);
    expect(made.status).toBe(201);
    expect(made.body.id % 64).toBe(1);
    expect(await remindDueCommitments(SHARDS.SHARD_1!, TODAY, new Date())).toBe(1);
    const page = await call<AlertPage>("/api/v1/alerts?unread=true&limit=200");
    const due = page.body.items.filter((a) => a.kind === "commitment_due" && a.detail?.docNo === input.ref);
    expect(due.map((a) => a.detail?.commitmentId)).toEqual([made.body.id]);
    const verified = await call<Commitment>(`/api/v1/commitments/${due[0]!.detail!.commitmentId!}/verification`, { result: "属实", note: "窗口核验原件" });
    expect(verified.status).toBe(200);
    expect(verified.body.ref).toBe(input.ref);
  });
});
