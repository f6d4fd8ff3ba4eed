/**
 * Alerts within a minute: after any successful write through the API (an upload, a decision, a registration —
 * every write lands in the trigger-maintained change feed), one small message goes to the alert queue, whose
 * consumer runs the fan-out. The message says only "the feed may have advanced": the consumer reads the feed
 * itself, so a lost or duplicated message costs nothing but latency (the 15-minute cron is the safety net).
 */
import type { MiddlewareHandler } from "hono";
import { chinaToday } from "../../shared/domain/dates";
import type { AlertMessage, AppEnv, Env } from "../env";
import { deliverDueAllShards } from "../webhooks/deliveries";
import { fanOutAllShards, webhookDepartments } from "./fanout";

const READS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Enqueues an "alerts may be due" message after each successful non-GET API request. */
export function notifyAlerts(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    if (READS.has(c.req.method) || c.res.status >= 400 || !c.env.ALERT_QUEUE) return;
    let ctx: { waitUntil(promise: Promise<unknown>): void };
    try {
      ctx = c.executionCtx;
    } catch {
      return; // called without an execution context (app.request in a script): the cron catches up
    }
    const message: AlertMessage = { kind: "feed_advanced", at: new Date().toISOString() };
    ctx.waitUntil(c.env.ALERT_QUEUE.send(message).catch((err) => console.error("alert queue: send failed", err)));
  };
}

/** A queue consumer run stops starting chunks after this long and hands the rest to a new message. */
const CONSUMER_BUDGET_MS = 20_000;

/**
 * The Workers `queue` handler: one fan-out run per batch, however many messages it holds (they all say the
 * same thing). Unfinished work sends a follow-up message; a failure retries the batch (Queues redelivers it),
 * and the idempotent fan-out makes the retry safe.
 */
export async function handleAlertQueue(batch: MessageBatch<AlertMessage>, env: Env): Promise<void> {
  const now = new Date();
  try {
    const outcome = await fanOutAllShards(env, { now, today: chinaToday(now), deadline: Date.now() + CONSUMER_BUDGET_MS });
    if (!outcome.done && env.ALERT_QUEUE) await env.ALERT_QUEUE.send({ kind: "feed_advanced", at: now.toISOString() });
    batch.ackAll();
    // First attempt of the integrating departments' webhooks now; the webhook job retries with backoff.
    if (outcome.alerts > 0 && webhookDepartments(env)) await deliverDueAllShards(env, now).catch((err) => console.error("alert webhooks: first attempt failed", err));
  } catch (err) {
    console.error("alert fan-out failed; the batch will be retried", err);
    batch.retryAll({ delaySeconds: 5 });
  }
}
