import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../env";
import { ShardRouter } from "../shards";

/** Header that carries a D1 Sessions bookmark between requests of one client (read-your-writes). */
export const BOOKMARK_HEADER = "x-d1-bookmark";

/**
 * Every query goes through one D1 session per request, so read replication can be switched on in the
 * dashboard without code changes. A client that sends back the bookmark it was given reads at least
 * what it wrote; otherwise the first query may go to any replica.
 */
export function withSession(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const bookmark = c.req.header(BOOKMARK_HEADER);
    const session = c.env.DB.withSession(bookmark && /^[\w-]{1,200}$/.test(bookmark) ? bookmark : "first-unconstrained");
    c.set("db", session);
    // Shard sessions start unconstrained: the bookmark header carries the control database's position only.
    c.set("shards", new ShardRouter(c.env, session));
    await next();
    const latest = session.getBookmark();
    if (latest) c.header(BOOKMARK_HEADER, latest);
  };
}
