import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../env";
import { ShardRouter } from "../shards";

/** Header that carries a D1 Sessions bookmark between requests of one client (read-your-writes). */
export const BOOKMARK_HEADER = "x-d1-bookmark";
/** The same for the shards: `SHARD_0=<bookmark>,SHARD_2=<bookmark>` — one per shard the client has touched. */
export const SHARD_BOOKMARKS_HEADER = "x-d1-shard-bookmarks";

const BOOKMARK = /^[\w-]{1,200}$/;

/** The client's shard bookmarks; malformed or unknown parts are ignored (a bookmark only ever narrows replicas). */
export function parseShardBookmarks(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (!header || header.length > 16_384) return out;
  for (const part of header.split(",").slice(0, 64)) {
    const [binding, bookmark] = part.trim().split("=", 2);
    if (binding && bookmark && /^SHARD_\d{1,2}$/.test(binding) && BOOKMARK.test(bookmark)) out.set(binding, bookmark);
  }
  return out;
}

export function formatShardBookmarks(bookmarks: Map<string, string>): string {
  return [...bookmarks].sort(([a], [b]) => Number(a.slice(6)) - Number(b.slice(6))).map(([k, v]) => `${k}=${v}`).join(",");
}

/**
 * Every query goes through one D1 session per request, so read replication can be switched on in the
 * dashboard without code changes. A client that sends back the bookmark it was given reads at least
 * what it wrote; otherwise the first query may go to any replica.
 */
export function withSession(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const bookmark = c.req.header(BOOKMARK_HEADER);
    const session = c.env.DB.withSession(bookmark && BOOKMARK.test(bookmark) ? bookmark : "first-unconstrained");
    c.set("db", session);
    // Each shard's session starts after the client's bookmark for that shard, if it sent one: a client that writes
    // on SHARD_2 (an upload, a case filing) and reads again through another replica still sees its write.
    const sent = parseShardBookmarks(c.req.header(SHARD_BOOKMARKS_HEADER));
    const shards = new ShardRouter(c.env, session, (db, binding) => db.withSession(sent.get(binding) ?? "first-unconstrained"));
    c.set("shards", shards);
    await next();
    const latest = session.getBookmark();
    if (latest) c.header(BOOKMARK_HEADER, latest);
    if (!shards.single) {
      // Every shard position the client holds, advanced for the shards this request touched.
      const merged = new Map([...sent, ...shards.openedBookmarks()]);
      if (merged.size > 0) c.header(SHARD_BOOKMARKS_HEADER, formatShardBookmarks(merged));
    }
  };
}
