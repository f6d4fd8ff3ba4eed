/**
 * 近90天查询次数 over shards (issue 12 item 3, "Lookup: one shard round trip"; migration 0014): an officer's query
 * is logged in the control database and counted beside the subject in its own shard; the public profile reads the
 * count from that shard. A person's ID number is masked in the log and names no shard: their count is the log's.
 */
import { env, exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import type { CheckResult, SubjectProfile } from "../../shared/contract";
import { chinaToday } from "../../shared/domain/dates";
import { bumpQueryCounts } from "../../worker/audit/counts";
import { queryCountPruneJob } from "../../worker/audit/job";
import { ShardRouter } from "../../worker/shards";
import { SHARD_NAMES, TODAY, insertSubject, shardDb, uscc } from "../worker/fixtures";
import { OFFICER, bearer, token } from "../worker/tokens";

async function api<T>(path: string, init: RequestInit & { claims?: Record<string, unknown> } = {}): Promise<{ status: number; body: T }> {
  const headers = { "content-type": "application/json", ...(init.claims ? bearer(await token(init.claims)) : {}) };
  const res = await exports.default.fetch(`http://x${path}`, { ...init, headers });
  return { status: res.status, body: (await res.json()) as T };
}

const countIn = async (db: D1Database, code: string) =>
  (await db.prepare("SELECT coalesce(sum(n), 0) AS n FROM query_counts WHERE code = ?1").bind(code).first<number>("n"))!;

const CODES = Array.from({ length: 12 }, () => uscc());
const PERSON = "11010519491231002X";

beforeAll(async () => {
  for (const [i, code] of CODES.entries()) await insertSubject({ code, name: `重庆计数测试${i}有限公司` });
  await insertSubject({ code: PERSON, name: "王某某", kind: "natural_person", codeType: "id_number" });
});

describe("query counts over shards", () => {
  it("an officer's lookup and check count in the subject's own shard only, and the public profile shows the count", async () => {
    const code = CODES[0]!;
    const home = shardDb(code);
    const others = SHARD_NAMES.map((b) => (env as unknown as Record<string, D1Database>)[b]!).filter((db) => db !== home);
    expect((await api<SubjectProfile>(`/api/v1/subjects/${code}`)).body.officialQueries90d).toBe(0);

    expect((await api(`/api/v1/subjects/${code}?scene=政府采购&purpose=CQZC-2026-0901`, { claims: OFFICER })).status).toBe(200);
    const check = await api<CheckResult>("/api/v1/checks", {
      method: "POST",
      body: JSON.stringify({ scene: "政府采购", purpose: "CQZC-2026-0902", items: CODES.map((c, i) => ({ ref: String(i), code: c })) }),
      claims: OFFICER,
    });
    expect(check.status).toBe(200);

    expect(await countIn(home, code)).toBe(2);
    for (const db of [...others, env.DB]) expect(await countIn(db, code)).toBe(0);
    // Every code of the check counted once, each in its own shard.
    for (const c of CODES.slice(1)) expect(await countIn(shardDb(c), c)).toBe(1);
    // The figure equals what the query log (the record) says.
    const logged = await env.DB.prepare("SELECT count(*) AS n FROM query_log_subjects WHERE subject_code = ?1").bind(code).first<number>("n");
    expect(logged).toBe(2);
    expect((await api<SubjectProfile>(`/api/v1/subjects/${code}`)).body.officialQueries90d).toBe(2);
  });

  it("counts only the 90-day window: a count from 90 China days ago is not shown, one from 89 days ago is", async () => {
    const code = CODES[1]!;
    const before = (await api<SubjectProfile>(`/api/v1/subjects/${code}`)).body.officialQueries90d;
    const router = new ShardRouter(env, env.DB, (db) => db);
    const day = (n: number) => new Date(Date.parse(`${TODAY}T12:00:00+08:00`) - n * 86_400_000);
    await bumpQueryCounts(router, [code], day(90));
    expect((await api<SubjectProfile>(`/api/v1/subjects/${code}`)).body.officialQueries90d).toBe(before);
    await bumpQueryCounts(router, [code], day(89));
    expect((await api<SubjectProfile>(`/api/v1/subjects/${code}`)).body.officialQueries90d).toBe(before + 1);
    expect(chinaToday(day(0))).toBe(TODAY);
    // The daily prune drops the day no lookup reads any more, on the subject's shard, and keeps the window's.
    const days = async () => (await shardDb(code).prepare("SELECT day FROM query_counts WHERE code = ?1 ORDER BY day").bind(code).all<{ day: string }>()).results.map((r) => r.day);
    expect(await days()).toContain(chinaToday(day(90)));
    await queryCountPruneJob.run(env as never, day(0));
    expect(await days()).not.toContain(chinaToday(day(90)));
    expect(await days()).toContain(chinaToday(day(89)));
    expect((await api<SubjectProfile>(`/api/v1/subjects/${code}`)).body.officialQueries90d).toBe(before + 1);
  });

  it("a person's count comes from the log: nothing is written to any shard under the masked number", async () => {
    expect((await api(`/api/v1/subjects/${PERSON}?scene=政府采购&purpose=CQZC-2026-0903`, { claims: OFFICER })).status).toBe(200);
    for (const b of SHARD_NAMES) {
      const db = (env as unknown as Record<string, D1Database>)[b]!;
      expect(await db.prepare("SELECT count(*) AS n FROM query_counts WHERE code LIKE '%*%' OR code = ?1").bind(PERSON).first<number>("n")).toBe(0);
    }
    // The public may not look a person up; the next officer's view counts the first query (its own is logged after).
    const again = await api<SubjectProfile>(`/api/v1/subjects/${PERSON}?scene=政府采购&purpose=CQZC-2026-0904`, { claims: OFFICER });
    expect(again.status).toBe(200);
    expect(again.body.officialQueries90d).toBe(1);
  });
});
