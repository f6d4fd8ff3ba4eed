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
const router = () => new ShardRouter(env, env.DB, (db) => db);

beforeAll(async () => {
  for (let i = 0; i < 24; i++) {
    const code = uscc("500235");
    codes.push(code);
    await insertSubject({ code, name: `云阳测试第${i + 1}商贸有限公司` });
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

  it("merges code prefixes exactly: only codes certain to come first overall, in code order", async () => {
    const perShard = Math.max(...[env.SHARD_0!, env.SHARD_1!].map((db) => codes.filter((c) => shardDb(c) === db).length));
    for (const cap of [1, 2, 3, 5, 8, perShard - 1, perShard, 100]) {
      const { rows, capped } = await findByCodePrefix(router(), PREFIX, cap);
      const got = rows.map((r) => r.code);
      expect(got, `cap ${cap}`).toEqual(codes.slice(0, got.length));
      expect(got.length, `cap ${cap}`).toBeGreaterThanOrEqual(Math.min(cap, codes.length));
      expect(capped, `cap ${cap}`).toBe(cap <= perShard);
    }
  });

  it("reads at most its share per shard and source, and says when a shard had more", async () => {
    const few = await findByName(router(), "云阳测试", 3);
    expect(few.capped).toBe(true);
    expect(few.rows.length).toBeLessThanOrEqual(2 * 2 * 3);
    for (const q of ["云", "云阳", "商贸"]) expect((await findByName(router(), q, 3)).capped, q).toBe(true);
    const all = await findByName(router(), "云阳测试", 100);
    expect(all.capped).toBe(false);
    expect(all.rows.map((r) => r.code).sort()).toEqual(codes);
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
