/**
 * Which virtual bucket a subject lives in: FNV-1a (32-bit) over the UTF-8 bytes of its normalised identifier,
 * modulo BUCKET_COUNT. Stable forever — the worker, the seed and shards:move must agree — so never change the
 * hash or the count; capacity grows by mapping buckets to more shards (docs/architecture.md, "Shards").
 */
import { normalizeCode } from "../identifiers";

export const BUCKET_COUNT = 256;

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const encoder = new TextEncoder();

/** @example fnv1a32("a") // 0xe40c292c */
export function fnv1a32(text: string): number {
  let hash = FNV_OFFSET;
  for (const byte of encoder.encode(text)) {
    hash ^= byte;
    hash = Math.imul(hash, FNV_PRIME) >>> 0;
  }
  return hash >>> 0;
}

/** @example bucketOf("91500000MA5U7Q8K4J") // a number in 0…255, the same for "91500000ma5u7q8k4j" */
export function bucketOf(code: string): number {
  return fnv1a32(normalizeCode(code)) % BUCKET_COUNT;
}

/** The default map for `shardCount` shards: bucket b on shard b mod n (what a fresh deployment starts with). */
export function defaultShardOf(bucket: number, shardCount: number): number {
  return bucket % shardCount;
}
