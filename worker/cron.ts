/**
 * Cron Triggers, the ground floor of scheduled work: the cron expressions (wrangler.toml [triggers]) and
 * the shape of a job. The registry (worker/jobs) imports every job and each job imports this file, never
 * the registry, so the arrows run registry → job → here. tests/shared/cron.test.ts keeps CRONS equal to
 * wrangler.toml.
 */
import type { Env } from "./env";

/** Every 15 minutes: evaluation recomputation steps, webhook retries. */
export const EVERY_15_MINUTES = "*/15 * * * *";
/** 16:10 UTC = 00:10 in China (UTC+8, no daylight saving): daily work once the China date has changed. */
export const DAILY_0010_CHINA = "10 16 * * *";

/** Every cron expression wrangler.toml registers. */
export const CRONS = [EVERY_15_MINUTES, DAILY_0010_CHINA] as const;
export type Cron = (typeof CRONS)[number];

export interface ScheduledJob {
  name: string;
  /** The cron expression that runs this job: one wrangler.toml fires. */
  cron: Cron;
  run(env: Env, now: Date): Promise<void>;
}
