import { chinaToday } from "../../shared/domain/dates";
import { DAILY_0010_CHINA, type ScheduledJob } from "../cron";
import { remindDueCommitments } from "./service";

/** Once the China date has changed: remind officers of the 告知承诺 whose verification date has come. */
export const commitmentDueJob: ScheduledJob = {
  name: "commitment-verification-due",
  cron: DAILY_0010_CHINA,
  async run(env, now) {
    await remindDueCommitments(env.DB, chinaToday(now), now);
  },
};
