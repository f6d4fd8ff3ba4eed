import { describe, expect, it } from "vitest";
import { BUCKET_COUNT, bucketOf, fnv1a32 } from "../../shared/shards/bucket";

describe("bucketOf", () => {
  it("is FNV-1a 32 (the published test vectors), so every tool that routes agrees", () => {
    expect(fnv1a32("")).toBe(0x811c9dc5);
    expect(fnv1a32("a")).toBe(0xe40c292c);
    expect(fnv1a32("foobar")).toBe(0xbf9cf968);
  });

  it("routes a code the same however it was typed (normalised first)", () => {
    expect(bucketOf("91500000ma5u7q8k4j")).toBe(bucketOf("91500000MA5U7Q8K4J"));
    expect(bucketOf("９１５０００００ＭＡ５Ｕ７Ｑ８Ｋ４Ｊ")).toBe(bucketOf("91500000MA5U7Q8K4J"));
  });

  it("spreads codes over all buckets roughly evenly", () => {
    const counts = new Array<number>(BUCKET_COUNT).fill(0);
    for (let i = 0; i < 25_600; i++) counts[bucketOf(`9150000${String(i).padStart(11, "0")}`)]!++;
    expect(Math.min(...counts)).toBeGreaterThan(50);
    expect(Math.max(...counts)).toBeLessThan(160);
  });
});
