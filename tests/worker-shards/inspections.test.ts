/**
 * 双随机 sampling over two shards: one population (the union of the shards), strata by grade over the whole
 * union, the same list for the same seed, and a draw that does not depend on which shard holds which subject.
 */
import { env, exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import type { InspectionSample } from "../../shared/contract";
import { recomputeAllShards } from "../../worker/evaluation/job";
import { drawSample } from "../../worker/inspections/service";
import { ShardRouter } from "../../worker/shards";
import { insertPenalty, insertSubject, shardDb, uscc } from "../worker/fixtures";
import { ADMIN, bearer, token } from "../worker/tokens";

const SHARDS = { SHARD_0: env.SHARD_0!, SHARD_1: env.SHARD_1! } as Record<string, D1Database>;
const PER_SHARD = 30;
const bindingOf = (code: string) => (shardDb(code) === SHARDS.SHARD_0 ? "SHARD_0" : "SHARD_1");

async function sample(body: object): Promise<InspectionSample> {
  const res = await exports.default.fetch("http://x/api/v1/inspections/sample", { method: "POST", headers: { ...bearer(await token(ADMIN)), "content-type": "application/json" }, body: JSON.stringify(body) });
  expect(res.status).toBe(200);
  return (await res.json()) as InspectionSample;
}

beforeAll(async () => {
  const made = { SHARD_0: 0, SHARD_1: 0 } as Record<string, number>;
  for (let i = 0; made.SHARD_0! < PER_SHARD || made.SHARD_1! < PER_SHARD; i++) {
    const code = uscc("500106");
    const binding = bindingOf(code);
    if (made[binding]! >= PER_SHARD) continue;
    made[binding]!++;
    const id = await insertSubject({ code, name: `重庆分库抽查测试${i}有限公司`, region: "500106" });
    // Every fourth subject has a serious penalty, so there are low grades (over-sampled tiers) on both shards.
    if (i % 4 === 0) await insertPenalty(id, { docNo: `沙坪坝市监处罚〔2026〕${i}号`, monthsAgo: 2, fineWan: 120, kinds: ["罚款", "没收违法所得"] });
  }
  const router = new ShardRouter(env, env.DB, (db) => db);
  for (let i = 0; i < 10 && !(await recomputeAllShards(router, { now: new Date(), trigger: "admin", chunkSize: 500, maxChunks: 5, budgetMs: 60_000 })).done; i++);
}, 120_000);

describe("POST /api/v1/inspections/sample over shards", () => {
  it("draws from one population over both shards, strata by grade over the union", async () => {
    const drawn = await sample({ size: 20, seed: 20261202 });
    expect(drawn.population.total).toBe(2 * PER_SHARD);
    expect(drawn.population.ungraded).toBe(0);
    const expected: Record<string, number> = { A: 0, B: 0, C: 0, D: 0, E: 0 };
    for (const db of Object.values(SHARDS)) {
      const { results } = await db.prepare("SELECT grade, count(*) AS n FROM evaluation_results WHERE current = 1 AND model_id = (SELECT id FROM evaluation_models WHERE kind = 'public' AND status = 'published') GROUP BY grade").all<{ grade: string; n: number }>();
      for (const r of results) expected[r.grade]! += r.n;
    }
    expect(drawn.population.byGrade).toEqual(expected);
    expect(drawn.drawn).toBe(20);
    expect(new Set(drawn.items.map((i) => i.code)).size).toBe(20);
    expect(new Set(drawn.items.map((i) => bindingOf(i.code)))).toEqual(new Set(["SHARD_0", "SHARD_1"]));
    // Each item's grade is the subject's current grade on its own shard.
    for (const item of drawn.items) {
      const grade = await shardDb(item.code).prepare("SELECT r.grade FROM evaluation_results r JOIN subjects s ON s.id = r.subject_id WHERE s.code = ?1 AND r.current = 1 AND r.model_id = (SELECT id FROM evaluation_models WHERE kind = 'public' AND status = 'published')").bind(item.code).first("grade");
      expect(item.grade).toBe(grade);
    }
    // The allocation follows the tiers over the union: every grade's share is its allocation.
    for (const [grade, n] of Object.entries(drawn.allocation)) expect(drawn.items.filter((i) => i.grade === grade)).toHaveLength(n);
  });

  it("is reproducible from its seed, differs for another seed, and does not depend on which shard holds a subject", async () => {
    const a = await sample({ size: 15, seed: 7 });
    const b = await sample({ size: 15, seed: 7 });
    const c = await sample({ size: 15, seed: 8 });
    expect(b.items).toEqual(a.items);
    expect(c.items.map((i) => i.code)).not.toEqual(a.items.map((i) => i.code));
    // The same databases under swapped bindings (as if every bucket had moved): the same draw.
    const swapped = new ShardRouter({ SHARD_0: env.SHARD_1, SHARD_1: env.SHARD_0 }, env.DB, (db) => db);
    const again = await drawSample(swapped, { size: 15, seed: 7 });
    expect(again.items).toEqual(a.items);
  });
});
