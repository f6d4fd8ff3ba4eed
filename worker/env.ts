/** Bindings and variables of the worker (wrangler.toml). */
export interface Env {
  DB: D1Database;
  ASSETS?: Fetcher;
  /** The public origin of this worker, used in links and as the receipt issuer. */
  ISSUER: string;
}

/** Per-request values set by middleware. */
export interface Variables {
  /** The D1 session every query of this request goes through (see db/session.ts). */
  db: D1DatabaseSession;
  /** Today's date in China, fixed once per request so every rule sees the same day. */
  today: string;
}

export type AppEnv = { Bindings: Env; Variables: Variables };
