import type { Principal } from "../shared/auth/principal";
import type { ShardRouter } from "./shards";

/** Bindings and variables of the worker (wrangler.toml). */
export interface Env {
  /** The control database: query log, receipts, measures, models, calendar, ingest batches, the bucket map. */
  DB: D1Database;
  /**
   * Shard databases SHARD_0 … SHARD_n (wrangler.toml [[d1_databases]]): subjects and what is keyed by them,
   * routed by worker/shards. None bound: the control database is the only shard.
   */
  [shard: `SHARD_${number}`]: D1Database | undefined;
  ASSETS?: Fetcher;
  /** The public origin of this worker, used in links and as the receipt issuer. */
  ISSUER: string;
  /** Ed25519 private JWK (JSON) that signs local tokens (`npm run token`); a secret, `.dev.vars` locally. */
  TOKEN_SIGNING_KEY?: string;
  /**
   * Receipt signing keys (a secret; `.dev.vars` locally, `wrangler secret put` when deployed): a JSON array
   * of Ed25519 JWKs, the current private key first, then retired keys (public halves suffice) so receipts
   * they signed still verify. `npm run keys:rotate` prepends a new key.
   */
  RECEIPT_SIGNING_KEYS?: string;
  /** An identity provider's JWKS URL; when set, tokens are verified against it instead. */
  AUTH_JWKS_URL?: string;
  /** Expected `iss` of tokens (defaults to ISSUER). */
  AUTH_ISSUER?: string;
  /** Expected `aud` of tokens (defaults to "chayicha"). */
  AUTH_AUDIENCE?: string;
  /** Oldest accepted `iat` of locally issued tokens, in hours (default 12; docs/api.md "Tokens"). */
  TOKEN_MAX_AGE_HOURS?: string;
  /** Rate limiter for the public, keyed by client address (wrangler.toml [[ratelimits]]). */
  PUBLIC_LIMITER?: RateLimit;
  /** Rate limiter for token holders, keyed by token subject. */
  TOKEN_LIMITER?: RateLimit;
  /** "off" disables rate limiting: for local benchmarks only, never in wrangler.toml. */
  RATE_LIMIT?: string;
  /** Comma-separated web origins allowed to call the API from a browser. */
  CORS_ORIGINS?: string;
  /** Comma-separated extension origins, e.g. chrome-extension://<id>. */
  EXTENSION_ORIGINS?: string;
  /** Working days to decide a 信用修复 application (default 3). */
  REPAIR_DECISION_WORKING_DAYS?: string;
  /** Working days to decide an 异议 (default 5). */
  OBJECTION_DECISION_WORKING_DAYS?: string;
  /** Evidence files of repair applications (R2, wrangler.toml [[r2_buckets]]). */
  EVIDENCE?: R2Bucket;
  /** Receiver of case state changes (signed webhooks); unset: nothing is sent. */
  WEBHOOK_URL?: string;
  /** HMAC-SHA256 secret that signs webhook payloads (a secret). */
  WEBHOOK_SECRET?: string;
  /** The alert queue (wrangler.toml [[queues.producers]]): "the change feed advanced", consumed by the fan-out. */
  ALERT_QUEUE?: Queue<AlertMessage>;
  /** Most subjects one officer may watch at a time (default 5000). */
  WATCHLIST_LIMIT?: string;
  /** Departments (codes, comma-separated, or "*") whose systems get signed alert webhooks at WEBHOOK_URL. */
  ALERT_WEBHOOK_DEPARTMENTS?: string;
}

/** The alert queue's message: the feed may have advanced; the consumer reads the feed itself. */
export interface AlertMessage {
  kind: "feed_advanced";
  at: string;
}

/** Per-request values set by middleware. */
export interface Variables {
  /** Who is asking (the public when no token was sent). */
  principal: Principal;
  /** When the bearer token expires (seconds since the epoch); unset for the public. */
  tokenExpiresAt?: number;
  /** The D1 session every query of this request goes through (see db/session.ts). */
  db: D1DatabaseSession;
  /** The shards of subject data, one session each, opened on first use (worker/shards). */
  shards: ShardRouter;
  /** Today's date in China, fixed once per request so every rule sees the same day. */
  today: string;
}

export type AppEnv = { Bindings: Env; Variables: Variables };
