/**
 * Scheduled work (Cron Triggers). Each capability adds its job here; `wrangler.toml` [triggers] lists the
 * cron expressions. A job must finish within the Workers CPU limit: long work is done in chunks that
 * record their progress and resume on the next run.
 */
import type { Env } from "../env";
import { evaluationJob } from "../evaluation/job";
import { staleBatchJob } from "../ingest/jobs";
import { publicationJob } from "../publication/job";
import { webhookJob } from "../webhooks/job";

export interface ScheduledJob {
  name: string;
  /** The cron expression (as in wrangler.toml) that runs this job. */
  cron: string;
  run(env: Env, now: Date): Promise<void>;
}

/** Every job, in the order they run when several share a cron expression. */
export const JOBS: ScheduledJob[] = [evaluationJob, publicationJob, staleBatchJob, webhookJob];

/** The Workers `scheduled` handler: runs the jobs registered for the cron that fired. */
export async function runScheduled(controller: ScheduledController, env: Env): Promise<void> {
  const now = new Date(controller.scheduledTime);
  for (const job of JOBS.filter((j) => j.cron === controller.cron)) {
    try {
      await job.run(env, now);
    } catch (err) {
      // One failing job must not stop the others; the error reaches the Workers logs.
      console.error(`scheduled job ${job.name} failed`, err);
    }
  }
}
