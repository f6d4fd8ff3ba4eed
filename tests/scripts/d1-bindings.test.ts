/** The D1 bindings db:migrate walks: control first, then shards in numeric order, nothing else. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { d1Bindings } from "../../scripts/lib/d1-bindings";

describe("d1Bindings", () => {
  it("lists DB first, then SHARD_n by number, skipping other tables' bindings", () => {
    const toml = [
      '[[d1_databases]]\nbinding = "SHARD_10"\ndatabase_name = "s10"',
      '[[r2_buckets]]\nbinding = "EVIDENCE"',
      '[[d1_databases]]\nbinding = "SHARD_2"\ndatabase_name = "s2"',
      '[[d1_databases]]\nbinding = "DB"\ndatabase_name = "chayicha"',
      '[[queues.producers]]\nbinding = "ALERT_QUEUE"',
    ].join("\n\n");
    expect(d1Bindings(toml)).toEqual(["DB", "SHARD_2", "SHARD_10"]);
  });

  it("reads the project's wrangler.toml (the control database at least)", () => {
    expect(d1Bindings(readFileSync("wrangler.toml", "utf8"))[0]).toBe("DB");
  });
});
