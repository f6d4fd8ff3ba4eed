/**
 * Outgoing webhooks for case state changes. A delivery row is written in the same D1 batch as the change it
 * announces (so nothing is announced that did not happen, and nothing that happened goes unannounced), tried at
 * once (waitUntil) and then by the job with backoff 1 min, 5 min, 30 min, 2 h, 12 h; after that it is failed.
 * A sender claims a row (claimed_until, claimed_by) before sending it, so the request path and the retry job
 * running at the same moment never both deliver one.
 */
import { ShardRouter } from "../shards";
import type { Env } from "../env";
import { signatureHeader } from "./sign";

/** Waits before retry n (n = attempts made so far, 1-based). */
export const RETRY_BACKOFF_SECONDS = [60, 300, 1800, 7200, 43_200] as const;
/** The first attempt plus one per backoff step. */
export const MAX_ATTEMPTS = RETRY_BACKOFF_SECONDS.length + 1;

export interface CaseEventPayload {
  event: string;
  tracking: string;
  kind: "repair" | "objection";
  state: string;
  at: string;
  target: { kind: "record" | "list_entry"; subjectCode: string; docNo: string };
}

/** The statement that enqueues a delivery (only when the statement before it changed a row), or null when no receiver is configured. */
export function enqueueDelivery(db: D1DatabaseSession | D1Database, env: Env, payload: CaseEventPayload): D1PreparedStatement | null {
  if (!env.WEBHOOK_URL || !env.WEBHOOK_SECRET) return null;
  return db
    .prepare("INSERT INTO webhook_deliveries (event, payload, next_attempt_at, created_at) SELECT ?1, ?2, ?3, ?3 WHERE changes() > 0")
    .bind(payload.event, JSON.stringify(payload), payload.at);
}

/**
 * When the next attempt is due after `attempts` failed ones, or null when the delivery has failed for good.
 * @example nextAttemptAt(1, new Date("2026-11-27T00:00:00Z")) // "2026-11-27T00:01:00.000Z"
 * @example nextAttemptAt(6, new Date()) // null
 */
export function nextAttemptAt(attempts: number, now: Date): string | null {
  const wait = RETRY_BACKOFF_SECONDS[attempts - 1];
  return wait === undefined ? null : new Date(now.getTime() + wait * 1000).toISOString();
}

/** How long a claim holds: well past the 10-second send timeout, short enough that a sender killed mid-send is retried soon. */
export const CLAIM_SECONDS = 120;

interface DeliveryRow {
  id: number;
  payload: string;
  attempts: number;
}

/** Sends every due delivery once; returns how many were delivered. `send` is the network boundary. */
export async function deliverDue(
  db: D1DatabaseSession | D1Database,
  env: Env,
  now: Date = new Date(),
  send: typeof fetch = fetch,
  limit = 50,
): Promise<number> {
  if (!env.WEBHOOK_URL || !env.WEBHOOK_SECRET) return 0;
  const at = now.toISOString();
  const { results } = await db
    .prepare(
      `SELECT id FROM webhook_deliveries
        WHERE status = 'pending' AND next_attempt_at <= ?1 AND (claimed_until IS NULL OR claimed_until < ?1) ORDER BY id LIMIT ?2`,
    )
    .bind(at, limit)
    .all<{ id: number }>();
  const claimant = crypto.randomUUID();
  const claimedUntil = new Date(now.getTime() + CLAIM_SECONDS * 1000).toISOString();
  let delivered = 0;
  for (const { id } of results) {
    // The claim is one conditional UPDATE: of two senders that both saw this row, exactly one gets it back.
    const d = await db
      .prepare(
        `UPDATE webhook_deliveries SET claimed_until = ?2, claimed_by = ?3
          WHERE id = ?1 AND status = 'pending' AND next_attempt_at <= ?4 AND (claimed_until IS NULL OR claimed_until < ?4)
          RETURNING id, payload, attempts`,
      )
      .bind(id, claimedUntil, claimant, at)
      .first<DeliveryRow>();
    if (!d) continue;
    const signature = await signatureHeader(env.WEBHOOK_SECRET, d.payload, Math.floor(now.getTime() / 1000));
    let error: string | null = null;
    try {
      const res = await send(env.WEBHOOK_URL, {
        method: "POST",
        body: d.payload,
        headers: { "content-type": "application/json", "x-chayicha-signature": signature, "x-chayicha-delivery": String(d.id) },
        signal: AbortSignal.timeout(10_000),
      });
      if (!res.ok) error = `HTTP ${res.status}`;
      await res.body?.cancel();
    } catch (err) {
      error = err instanceof Error ? err.message.slice(0, 200) : "network error";
    }
    const attempts = d.attempts + 1;
    if (error === null) {
      delivered++;
      await db
        .prepare("UPDATE webhook_deliveries SET status = 'delivered', attempts = ?2, delivered_at = ?3, last_error = NULL, claimed_until = NULL WHERE id = ?1 AND claimed_by = ?4")
        .bind(d.id, attempts, at, claimant)
        .run();
    } else {
      const next = nextAttemptAt(attempts, now);
      await db
        .prepare(
          `UPDATE webhook_deliveries SET status = ?2, attempts = ?3, next_attempt_at = coalesce(?4, next_attempt_at), last_error = ?5, claimed_until = NULL
            WHERE id = ?1 AND claimed_by = ?6`,
        )
        .bind(d.id, next === null ? "failed" : "pending", attempts, next, error, claimant)
        .run();
    }
  }
  return delivered;
}

/**
 * Deliveries are enqueued in the same batch as the step that causes them, so they live where that step
 * writes: a case's in its subject's shard, a monitoring alert's in the control database. The retry job and
 * the right-after-the-answer attempt go through the control database and every shard, in parallel; each
 * database's queue claims its own rows, so progress and retries are per shard.
 */
export async function deliverDueAllShards(env: Env, now: Date = new Date(), send: typeof fetch = fetch): Promise<number> {
  const router = new ShardRouter(env, env.DB, (db) => db);
  const dbs = router.single ? [env.DB] : [env.DB, ...router.all().map((s) => s.db)];
  const counts = await Promise.all(dbs.map((db) => deliverDue(db, env, now, send)));
  return counts.reduce((n, c) => n + c, 0);
}
