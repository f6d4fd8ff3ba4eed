import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../env";

/**
 * What a capability folder hands to worker/index.ts: one sub-app with its API routes and its pages, mounted
 * once. The app applies a default request-body limit to every path except those listed in `ownBodyLimit`,
 * where the capability's own middleware sets the limit (streamed uploads, pasted receipts).
 */
export interface Capability {
  app: OpenAPIHono<AppEnv>;
  /** Hono path patterns whose body limit this capability sets itself. */
  ownBodyLimit?: readonly string[];
}
