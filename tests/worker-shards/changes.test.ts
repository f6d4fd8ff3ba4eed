/**
 * GET /api/v1/changes over two shards: one opaque cursor carries each shard's position, pages are merged by the
 * time of the change, and paging with small pages loses and repeats nothing.
 */
import { env, exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import type { ChangeFeed } from "../../shared/contract";
import { decodeCursor, encodeCursor } from "../../worker/changes/cursor";
import { insertPenalty, insertSubject, shardDb, uscc } from "../worker/fixtures";
import { OFFICER, bearer, token } from "../worker/tokens";

async function feed(query: string) {
  const res = await exports.default.fetch(`http://x/api/v1/changes${query}`, { headers: bearer(await token(OFFICER)) });
  return { status: res.status, body: (await res.json()) as ChangeFeed & { error: { code: string; details: { field: string }[] } } };
}

/** Codes in the order their one change happened: alternating shards, so a merge by time interleaves them. */
const ORDER: string[] = [];

beforeAll(async () => {
  const on: Record<string, string[]> = { SHARD_0: [], SHARD_1: [] };
  while (on.SHARD_0!.length < 6 || on.SHARD_1!.length < 6) {
    const code = uscc("500103");
    const binding = shardDb(code) === env.SHARD_0 ? "SHARD_0" : "SHARD_1";
    if (on[binding]!.length < 6) on[binding]!.push(code);
  }
  // Shard 0 gets two changes in a row now and then, so per-shard seq order and global time order differ.
  const pattern = ["SHARD_0", "SHARD_0", "SHARD_1", "SHARD_0", "SHARD_1", "SHARD_1", "SHARD_1", "SHARD_0", "SHARD_1", "SHARD_0", "SHARD_0", "SHARD_1"];
  for (const [i, binding] of pattern.entries()) {
    const code = on[binding]!.shift()!;
    const id = await insertSubject({ code, name: `重庆分库变更测试${i}有限公司` });
    await insertPenalty(id, { docNo: `渝中市监处罚〔2026〕${200 + i}号`, monthsAgo: 1 });
    // Time of the change set explicitly (ms apart) so the expected order does not depend on the clock.
    await shardDb(code).prepare("UPDATE changes SET at = ?1 WHERE subject_id = ?2").bind(`2026-11-01T08:00:00.${String(100 + i).padStart(3, "0")}Z`, id).run();
    ORDER.push(code);
  }
});

describe("GET /api/v1/changes over shards", () => {
  it("merges both shards' changes by time under one opaque cursor", async () => {
    const { status, body } = await feed("?since=0&limit=1000");
    expect(status).toBe(200);
    expect(body.items.map((i) => i.code)).toEqual(ORDER);
    expect(body.hasMore).toBe(false);
    expect(typeof body.next).toBe("string");
    const positions = decodeCursor(body.next as string);
    for (const binding of ["SHARD_0", "SHARD_1"]) {
      const max = await (env as unknown as Record<string, D1Database>)[binding]!.prepare("SELECT max(seq) AS m FROM changes").first<number>("m");
      expect(positions[binding]).toBe(max);
    }
    // Nothing after the end: the cursor stays where it is.
    expect((await feed(`?since=${body.next}`)).body).toMatchObject({ items: [], next: body.next, hasMore: false });
  });

  for (const limit of [1, 2, 5]) {
    it(`pages of ${limit} change(s) return every change exactly once, in time order`, async () => {
      const seen: string[] = [];
      let since: string | number = 0;
      let pages = 0;
      for (; pages < 50; pages++) {
        const { status, body } = await feed(`?since=${since}&limit=${limit}`);
        expect(status).toBe(200);
        expect(body.items.length).toBeLessThanOrEqual(limit);
        seen.push(...body.items.map((i) => i.code));
        since = body.next;
        if (!body.hasMore) break;
      }
      expect(seen).toEqual(ORDER);
      expect(pages).toBe(Math.ceil(ORDER.length / limit) - 1);
    });
  }

  it("after the end, a new change on either shard is the only thing the next read returns", async () => {
    const { body: end } = await feed("?since=0&limit=1000");
    const code = uscc("500103");
    const id = await insertSubject({ code, name: "重庆分库后来变更有限公司" });
    await insertPenalty(id, { docNo: "渝中市监处罚〔2026〕299号", monthsAgo: 1 });
    const { body } = await feed(`?since=${end.next}`);
    expect(body.items.map((i) => i.code)).toEqual([code]);
    expect((await feed(`?since=${body.next}`)).body.items).toEqual([]);
  });

  it("refuses a number cursor (single-database form) and a forged cursor with 400 naming since", async () => {
    for (const since of ["5", "c1.bm90LWpzb24", encodeCursor({ SHARD_0: -1 }), "c1.WyJTSEFSRF8wIl0", "c1.eyJEQiI6MX0"]) {
      const { status, body } = await feed(`?since=${since}`);
      expect(status, since).toBe(400);
      expect(body.error.details[0]!.field).toBe("query.since");
    }
  });
});
