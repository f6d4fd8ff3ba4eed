/**
 * Scheduled jobs over two shards: the daily publication-expiry job (公示期满, 计划移出日期) marks records and list
 * entries on every shard, and a run that has already marked one shard finishes the other.
 */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { addDays } from "../../shared/domain/dates";
import { DAILY_0010_CHINA } from "../../worker/cron";
import { endExpiredPublications } from "../../worker/publication/job";
import { runScheduled } from "../../worker/jobs";
import { TODAY, insertListEntry, insertPenalty, insertSubject, shardDb, uscc } from "../worker/fixtures";

const SHARDS = { SHARD_0: env.SHARD_0!, SHARD_1: env.SHARD_1! } as Record<string, D1Database>;
const scalar = async (db: D1Database, sql: string) => Object.values((await db.prepare(sql).first<Record<string, number>>())!)[0]!;
const daily = (at: Date) => runScheduled({ cron: DAILY_0010_CHINA, scheduledTime: at.getTime(), noRetry() {} } as ScheduledController, env);

beforeAll(async () => {
  const made = { SHARD_0: 0, SHARD_1: 0 } as Record<string, number>;
  for (let i = 0; made.SHARD_0! < 3 || made.SHARD_1! < 3; i++) {
    const code = uscc("500105");
    const binding = shardDb(code) === SHARDS.SHARD_0 ? "SHARD_0" : "SHARD_1";
    if (made[binding]! >= 3) continue;
    made[binding]!++;
    const id = await insertSubject({ code, name: `重庆分库到期测试${i}有限公司`, region: "500105" });
    // A simple penalty decided 4 years ago: its 3-month window ended long ago. One list entry past its date.
    await insertPenalty(id, { docNo: `江北市监处罚〔2022〕${i}号`, monthsAgo: 48 });
    await insertListEntry(id, { listType: "abnormal_operation", docNo: `江北市监异〔2024〕${i}号`, plannedRemovalOn: addDays(TODAY, -2) });
  }
});

describe("publication-expiry over shards", () => {
  it("marks expired penalties and list entries on every shard, finishing a shard an earlier run did not reach", async () => {
    // An earlier run got through SHARD_0's penalties only.
    expect(await endExpiredPublications(SHARDS.SHARD_0!, TODAY)).toBe(3);
    await daily(new Date());
    for (const [binding, db] of Object.entries(SHARDS)) {
      expect(await scalar(db, "SELECT count(*) FROM records WHERE category = 'penalty' AND publication_ended_on IS NULL"), binding).toBe(0);
      expect(await scalar(db, "SELECT count(*) FROM records WHERE publication_ended_on IS NOT NULL"), binding).toBe(3);
      expect(await scalar(db, "SELECT count(*) FROM list_entries WHERE publication_ended_on IS NOT NULL"), binding).toBe(3);
      // Each mark is announced in that shard's own change feed.
      expect(await scalar(db, "SELECT count(*) FROM status_history WHERE actor = 'job:publication-expiry'"), binding).toBeGreaterThanOrEqual(3);
    }
    // Run again the same day: nothing new anywhere.
    const before = [await scalar(SHARDS.SHARD_0!, "SELECT count(*) FROM changes"), await scalar(SHARDS.SHARD_1!, "SELECT count(*) FROM changes")];
    await daily(new Date());
    expect([await scalar(SHARDS.SHARD_0!, "SELECT count(*) FROM changes"), await scalar(SHARDS.SHARD_1!, "SELECT count(*) FROM changes")]).toEqual(before);
    expect(await scalar(env.DB, "SELECT count(*) FROM records")).toBe(0);
  });
});
