/**
 * The cron expressions of wrangler.toml [triggers], in one place: a job names one of these, so a
 * schedule is written once and every job's cron is one the deployment actually fires
 * (tests/shared/jobs-schedule.test.ts compares this list with wrangler.toml).
 */

/** Every 15 minutes: evaluation recomputation steps, webhook retries. */
export const EVERY_15_MINUTES = "*/15 * * * *";
/** 16:10 UTC = 00:10 in China (UTC+8, no daylight saving): daily work once the China date has changed. */
export const DAILY_0010_CHINA = "10 16 * * *";

/** Every cron expression wrangler.toml registers. */
export const CRONS = [EVERY_15_MINUTES, DAILY_0010_CHINA] as const;
export type Cron = (typeof CRONS)[number];
