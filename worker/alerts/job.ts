import { chinaToday } from "../../shared/domain/dates";
import { EVERY_15_MINUTES, type ScheduledJob } from "../cron";
import { fanOutAllShards } from "./fanout";

/** The safety net of the queue: whatever the consumer missed (a lost message, a failed run) is fanned out here. */
export const alertFanOutJob: ScheduledJob = {
  name: "alert-fan-out",
  cron: EVERY_15_MINUTES,
  async run(env, now) {
    await fanOutAllShards(env, { now, today: chinaToday(now), deadline: Date.now() + 60_000 });
  },
};
