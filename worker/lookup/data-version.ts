/**
 * The data version a profile names (the last finished ingest batch), cached in the isolate for a few seconds like
 * the bucket map, so a lookup does not make a round trip to the control database for it (issue 12, "Lookup: one
 * shard round trip"). An ingest finishing in this isolate drops the cache at once; another isolate shows the new
 * batch within DATA_VERSION_TTL_MS. Checks read the version in their own control batch and are not cached.
 */
import type { Queryable } from "../shards";

export interface DataVersionRow {
  id: number;
  received_at: string;
}

export const DATA_VERSION_TTL_MS = 5_000;
let cached: { row: DataVersionRow | null; loadedAt: number } | null = null;

/**
 * The last finished ingest batch, from the cache when it is younger than DATA_VERSION_TTL_MS; `fresh` reads the
 * control database (signed reports name exactly the batch they were made from).
 */
export async function latestDataVersion(control: Queryable, options: { fresh?: boolean; now?: number } = {}): Promise<DataVersionRow | null> {
  const now = options.now ?? Date.now();
  if (!options.fresh && cached && now - cached.loadedAt < DATA_VERSION_TTL_MS) return cached.row;
  // Not shared between requests while in flight: a promise resolved by another request's I/O is not awaited here.
  const row = await control.prepare("SELECT id, received_at FROM ingest_batches WHERE status = 'done' ORDER BY id DESC LIMIT 1").first<DataVersionRow>();
  cached = { row, loadedAt: now };
  return row;
}

/** Drops the cached version (an ingest batch finished in this isolate; tests). */
export function forgetDataVersion(): void {
  cached = null;
}
