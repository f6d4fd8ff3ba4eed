/** Finding the local D1 files: the seed and the benchmarks open them directly, so the name must be miniflare's. */
import { describe, expect, it } from "vitest";
import { d1Declarations, subjectDataBindings, wranglerToml } from "../../scripts/lib/d1-bindings";
import { durableObjectIdFromName, localD1File } from "../../scripts/lib/local-d1";

describe("local D1 files", () => {
  it("names a database's file as workerd's idFromName does (seen: the file wrangler created for DB)", () => {
    // `wrangler d1 migrations apply DB --local` with database_id 00000000-0000-0000-0000-000000000000 created this file.
    expect(durableObjectIdFromName("miniflare-D1DatabaseObject", "00000000-0000-0000-0000-000000000000")).toBe(
      "9ba2b04bf514d9facfd57ed57d849e77241a7adc99d1c1545d06688b43d84248",
    );
    expect(localD1File("/s", "00000000-0000-0000-0000-000000000000")).toBe(
      "/s/v3/d1/miniflare-D1DatabaseObject/9ba2b04bf514d9facfd57ed57d849e77241a7adc99d1c1545d06688b43d84248.sqlite",
    );
  });

  it("wrangler.toml binds DB and four shards, each with its own database_id (one id = one local file)", () => {
    const decls = d1Declarations(wranglerToml());
    expect(decls.map((d) => d.binding)).toEqual(["DB", "SHARD_0", "SHARD_1", "SHARD_2", "SHARD_3"]);
    expect(new Set(decls.map((d) => d.databaseId)).size).toBe(decls.length);
    expect(subjectDataBindings(wranglerToml()).map((d) => d.binding)).toEqual(["SHARD_0", "SHARD_1", "SHARD_2", "SHARD_3"]);
  });

  it("without shards, DB holds the subjects", () => {
    expect(subjectDataBindings('[[d1_databases]]\nbinding = "DB"\ndatabase_id = "x"').map((d) => d.binding)).toEqual(["DB"]);
  });
});
