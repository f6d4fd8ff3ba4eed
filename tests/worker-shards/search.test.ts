/**
 * Search over shards (docs/architecture.md "Shards" → name search): each shard reads its share of the candidate
 * limit, code prefixes merge exactly, and a shard that filled its share marks the answer truncated.
 */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { SEARCH_CANDIDATE_LIMIT } from "../../shared/contract";
import { findByCodePrefix, findByName, perShardCap } from "../../worker/search/queries";
import { ShardRouter } from "../../worker/shards";
import { insertSubject, shardDb, uscc } from "../worker/fixtures";

const PREFIX = "91500235"; // 云阳县: only this file's subjects carry it
const codes: string[] = [];
const names = new Map<string, string>();
const router = () => new ShardRouter(env, env.DB, (db) => db);

beforeAll(async () => {
  for (let i = 0; i < 24; i++) {
    const code = uscc("500235");
    codes.push(code);
    names.set(code, `云阳测试第${i + 1}商贸有限公司`);
    await insertSubject({ code, name: names.get(code)! });
  }
  codes.sort();
});

describe("search candidates over shards", () => {
  it("splits the candidate limit over the shards; one database keeps all of it", () => {
    expect(perShardCap(1)).toBe(SEARCH_CANDIDATE_LIMIT);
    expect(perShardCap(2)).toBe(250);
    expect(perShardCap(4)).toBe(125);
  });

  it("the fixtures are on both shards", () => {
    expect(new Set(codes.map((c) => shardDb(c))).size).toBe(2);
  });

  it("merges code prefixes exactly: the first rows of every shard give the first rows overall, in code order", async () => {
    for (const want of [1, 2, 3, 5, 8, 20, 24, 40]) {
      const { rows, matched, capped } = await findByCodePrefix(router(), PREFIX, want);
      expect(rows.map((r) => r.code), `want ${want}`).toEqual(codes.slice(0, want));
      expect(matched).toBe(codes.length);
      expect(capped).toBe(false);
    }
    const perShard = [env.SHARD_0!, env.SHARD_1!].map((db) => codes.filter((c) => shardDb(c) === db).length);
    const few = await findByCodePrefix(router(), PREFIX, 20, 3);
    expect(few.capped).toBe(true);
    expect(few.matched).toBe(perShard.reduce((s, n) => s + Math.min(n, 3), 0));
  });

  it("ranks on each shard and merges the shards' first rows into the overall order", async () => {
    // All are name prefixes at position 1: shorter names first, then by name.
    const expected = [...codes]
      .map((code) => ({ code, name: names.get(code)! }))
      .sort((a, b) => a.name.length - b.name.length || (a.name < b.name ? -1 : 1))
      .map((r) => r.code);
    for (const want of [1, 5, 10, 24]) {
      const { rows, matched, capped } = await findByName(router(), "云阳测试", want, 100);
      expect(rows.map((r) => r.code), `want ${want}`).toEqual(expected.slice(0, want));
      expect(rows.every((r) => r.rank === 3 && r.pos === 1)).toBe(true);
      expect(matched).toBe(codes.length);
      expect(capped).toBe(false);
    }
  });

  it("reads at most its share per shard and source, and says when a shard had more", async () => {
    for (const q of ["云", "云阳", "商贸", "云阳测试"]) {
      const few = await findByName(router(), q, 50, 3);
      expect(few.capped, q).toBe(true);
      expect(few.matched, q).toBeLessThanOrEqual(2 * 2 * 3);
      expect(few.rows.length, q).toBe(few.matched);
    }
  });

  it("marks the answer truncated when a shard filled its share, even with fewer candidates than the limit", async () => {
    const { searchSubjects } = await import("../../worker/search/service");
    // More matches than its share (250 of 500), all on one shard: the union is short of the limit, yet cut.
    const onShard0: string[] = [];
    while (onShard0.length < perShardCap(2) + 10) {
      const code = uscc("500238");
      if (shardDb(code) === env.SHARD_0) onShard0.push(code);
    }
    await env.SHARD_0!.batch(
      onShard0.map((code, i) =>
        env.SHARD_0!.prepare("INSERT INTO subjects (id, code, code_type, kind, name, region_code) VALUES (?1, ?2, 'uscc', 'enterprise', ?3, '500238')")
          .bind(900_000 + i, code, `巫溪测试${String(i).padStart(3, "0")}有限公司`),
      ),
    );
    const answer = await searchSubjects(router(), "巫溪测试", 1);
    expect(answer.total).toBe(perShardCap(2));
    expect(answer.truncated).toBe(true);
    const fewer = await searchSubjects(router(), "巫溪测试001", 1);
    expect(fewer.truncated).toBe(false);
  });
});
