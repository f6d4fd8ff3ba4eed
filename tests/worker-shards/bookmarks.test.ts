/**
 * Read-your-writes per shard (docs/deployment.md "Read replication"): besides the control database's x-d1-bookmark,
 * answers carry x-d1-shard-bookmarks, one D1 Sessions bookmark per shard the client has touched.
 */
import { env, exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { formatShardBookmarks, parseShardBookmarks, SHARD_BOOKMARKS_HEADER } from "../../worker/db/session";
import { penaltyCsv, penaltyRow } from "../fixtures/ingest/rows";
import { upload } from "../fixtures/ingest/worker";
import { TODAY, shardDb } from "../worker/fixtures";
import { ADMIN, bearer, token } from "../worker/tokens";

const ROWS = Array.from({ length: 12 }, (_, i) => penaltyRow(i + 501, TODAY));
const CODES = ROWS.map((r) => r.统一社会信用代码!);

async function get(path: string, headers: Record<string, string> = {}): Promise<Response> {
  const res = await exports.default.fetch(`http://x${path}`, { headers: { ...bearer(await token(ADMIN)), ...headers } });
  await res.arrayBuffer();
  return res;
}

beforeAll(async () => {
  await upload("penalties", penaltyCsv(ROWS));
});

describe("shard bookmarks", () => {
  it("a lookup answers with the bookmark of the one shard it read", async () => {
    const code = CODES.find((c) => shardDb(c) === env.SHARD_1)!;
    const res = await get(`/api/v1/subjects/${code}`);
    expect(res.status).toBe(200);
    const bookmarks = parseShardBookmarks(res.headers.get(SHARD_BOOKMARKS_HEADER) ?? undefined);
    expect([...bookmarks.keys()]).toEqual(["SHARD_1"]);
    expect(bookmarks.get("SHARD_1")).toMatch(/^[\w-]+$/);
  });

  it("keeps the bookmarks the client sent for shards this request did not touch, and advances the one it did", async () => {
    const code = CODES.find((c) => shardDb(c) === env.SHARD_0)!;
    const first = parseShardBookmarks((await get(`/api/v1/subjects/${CODES.find((c) => shardDb(c) === env.SHARD_1)!}`)).headers.get(SHARD_BOOKMARKS_HEADER) ?? undefined);
    const res = await get(`/api/v1/subjects/${code}`, { [SHARD_BOOKMARKS_HEADER]: formatShardBookmarks(first) });
    const next = parseShardBookmarks(res.headers.get(SHARD_BOOKMARKS_HEADER) ?? undefined);
    expect([...next.keys()]).toEqual(["SHARD_0", "SHARD_1"]);
    expect(next.get("SHARD_1")).toBe(first.get("SHARD_1"));
  });

  it("a search over every shard answers with every shard's bookmark", async () => {
    const res = await get(`/api/v1/search?q=${encodeURIComponent("重庆")}`);
    expect([...parseShardBookmarks(res.headers.get(SHARD_BOOKMARKS_HEADER) ?? undefined).keys()]).toEqual(["SHARD_0", "SHARD_1"]);
  });

  it("ignores malformed parts and unknown names, and still answers", async () => {
    expect([...parseShardBookmarks("SHARD_0=ok-1, DB=x, SHARD_1=bad value, SHARD_x=1, =2, SHARD_2").entries()]).toEqual([["SHARD_0", "ok-1"]]);
    const res = await get(`/api/v1/subjects/${CODES[0]}`, { [SHARD_BOOKMARKS_HEADER]: "SHARD_0=%%%,SHARD_1=" });
    expect(res.status).toBe(200);
  });
});
