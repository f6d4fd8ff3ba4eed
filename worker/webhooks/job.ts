import { type ScheduledJob, EVERY_15_MINUTES } from "../cron";
import { deliverDueAllShards } from "./deliveries";

/** Retries due webhook deliveries; shares the 15-minute cron, so a 1-minute backoff waits for the next run. */
export const webhookJob: ScheduledJob = {
  name: "webhook-retries",
  cron: EVERY_15_MINUTES,
  async run(env, now) {
    await deliverDueAllShards(env, now);
  },
};
