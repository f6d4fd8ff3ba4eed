/**
 * Scheduled work (Cron Triggers). Each capability adds its job here; its cron is one of worker/cron.ts, which
 * mirrors `wrangler.toml` [triggers]. Jobs import their type and cron from worker/cron.ts, never this
 * registry, so the arrows run one way. A job must finish within the Workers CPU limit: long work is done in
 * chunks that record their progress and resume on the next run.
 */
import { alertFanOutJob } from "../alerts/job";
import { queryCountPruneJob } from "../audit/job";
import { commitmentDueJob } from "../commitments/job";
import type { ScheduledJob } from "../cron";
import type { Env } from "../env";
import { evaluationJob } from "../evaluation/job";
import { staleBatchJob } from "../ingest/jobs";
import { publicationJob } from "../publication/job";
import { webhookJob } from "../webhooks/job";

/** Every job, in the order they run when several share a cron expression. */
export const JOBS: ScheduledJob[] = [evaluationJob, publicationJob, staleBatchJob, commitmentDueJob, alertFanOutJob, webhookJob, queryCountPruneJob];

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
