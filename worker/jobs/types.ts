/**
 * The shape of a scheduled job. Its own module so that jobs import it without importing the registry
 * (worker/jobs/index.ts), which imports every job: the arrows run registry → job → types, never back.
 */
import type { Env } from "../env";
import type { Cron } from "./schedule";

export interface ScheduledJob {
  name: string;
  /** The cron expression (one of wrangler.toml's, worker/jobs/schedule.ts) that runs this job. */
  cron: Cron;
  run(env: Env, now: Date): Promise<void>;
}
