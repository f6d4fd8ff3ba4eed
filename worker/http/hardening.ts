/**
 * Abuse limits and browser-facing hardening, applied by the app to every route:
 * rate limits (Workers Rate Limiting bindings), request-body limits, secure headers with a strict CSP,
 * and CORS only for the configured origins and the extension.
 */
import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { cors } from "hono/cors";
import { NONCE, secureHeaders } from "hono/secure-headers";
import type { AppEnv } from "../env";
import { envelope } from "./errors";

/** Seconds in the rate-limit window configured in wrangler.toml (`simple.period`). */
export const RATE_LIMIT_PERIOD_SECONDS = 60;

/**
 * One bucket per token subject, or per client address for the public. Over the limit: 429 with
 * Retry-After, in the envelope. `RATE_LIMIT = "off"` (a var) exists for local benchmarks only.
 */
export function rateLimit(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (c.env.RATE_LIMIT === "off") return next();
    const principal = c.var.principal;
    const [limiter, key] =
      principal && principal.role !== "public"
        ? [c.env.TOKEN_LIMITER, `token:${principal.id}`]
        : [c.env.PUBLIC_LIMITER, `ip:${c.req.header("cf-connecting-ip") ?? "unknown"}`];
    if (limiter) {
      const { success } = await limiter.limit({ key });
      if (!success) {
        c.header("Retry-After", String(RATE_LIMIT_PERIOD_SECONDS));
        return c.json(envelope("rate_limited", `请求过于频繁，请 ${RATE_LIMIT_PERIOD_SECONDS} 秒后再试`, { retryAfterSeconds: RATE_LIMIT_PERIOD_SECONDS }), 429);
      }
    }
    return next();
  };
}

/** Bodies larger than `maxBytes` are refused with 413 before anything is parsed or written. */
export function limitBody(maxBytes: number): MiddlewareHandler<AppEnv> {
  return bodyLimit({
    maxSize: maxBytes,
    onError: (c) =>
      c.json(envelope("payload_too_large", `请求体过大：上限为 ${Math.round(maxBytes / 1024)} KB`, { maxBytes }), 413),
  });
}

/**
 * Secure headers on every response; HTML pages get a strict CSP: only our own scripts and styles (plus a
 * per-response nonce for any inline script), no framing, no plugins, forms post only to us.
 */
export function hardenedHeaders(): MiddlewareHandler<AppEnv> {
  return secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'", NONCE],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", "data:"],
      connectSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'none'"],
      frameAncestors: ["'none'"],
      formAction: ["'self'"],
    },
    referrerPolicy: "strict-origin-when-cross-origin",
    strictTransportSecurity: "max-age=31536000; includeSubDomains",
    crossOriginEmbedderPolicy: false,
  });
}

/**
 * CORS for the API: only origins listed in CORS_ORIGINS (comma-separated; the public site itself needs
 * none) and the browser extension's origins (EXTENSION_ORIGINS, e.g. chrome-extension://<id>).
 */
export function apiCors(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const allowed = new Set(
      [c.env.CORS_ORIGINS, c.env.EXTENSION_ORIGINS]
        .flatMap((list) => (list ?? "").split(","))
        .map((o) => o.trim())
        .filter(Boolean),
    );
    return cors({
      origin: (origin) => (allowed.has(origin) ? origin : null),
      allowMethods: ["GET", "POST", "PUT", "PATCH", "DELETE"],
      allowHeaders: ["Authorization", "Content-Type", "Prefer", "X-D1-Bookmark", "X-D1-Shard-Bookmarks"],
      exposeHeaders: ["X-D1-Bookmark", "X-D1-Shard-Bookmarks", "Retry-After", "Preference-Applied"],
      maxAge: 600,
    })(c, next);
  };
}
