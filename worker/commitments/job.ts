import { chinaToday } from "../../shared/domain/dates";
import { DAILY_0010_CHINA, type ScheduledJob } from "../cron";
import { ShardRouter } from "../shards";
import { remindDueCommitments } from "./service";

/** Once the China date has changed: remind officers of the 告知承诺 whose verification date has come. */
export const commitmentDueJob: ScheduledJob = {
  name: "commitment-verification-due",
  cron: DAILY_0010_CHINA,
  async run(env, now) {
    // Commitments and the watches they remind through live in their subject's shard: every shard, in parallel.
    const shards = new ShardRouter(env, env.DB, (db) => db).all();
    await Promise.all(shards.map((shard) => remindDueCommitments(shard.db as D1Database, chinaToday(now), now)));
  },
};
