import type { MiddlewareHandler } from "hono";
import { MAX_CHECK_ITEMS } from "../../shared/contract";
import type { AppEnv } from "../env";
import { ApiError } from "../http/errors";

const JSON_TYPE = /^application\/([\w.+-]+\+)?json\b/i;

/**
 * A batch over the item limit is refused with 413 before validation, whatever else is wrong with it: the
 * caller must split it, not fix a field. Bodies that are not JSON fall through to the validator (400/415);
 * Hono caches the parsed body, so it is read once.
 * @example createRoute({ …, middleware: [requireRole("officer", "admin"), refuseOversizedBatch()] as const })
 */
export function refuseOversizedBatch(max = MAX_CHECK_ITEMS): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (JSON_TYPE.test(c.req.header("content-type") ?? "")) {
      const body: unknown = await c.req.json().catch(() => undefined);
      const items = body && typeof body === "object" ? (body as { items?: unknown }).items : undefined;
      if (Array.isArray(items) && items.length > max) {
        throw new ApiError(413, "payload_too_large", `一次最多核查 ${max} 个主体，本次提交了 ${items.length} 个，请分批提交`, { maxItems: max, items: items.length });
      }
    }
    return next();
  };
}
