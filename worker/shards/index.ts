/**
 * The one place that decides which D1 database a subject's rows live in (issue 12, docs/architecture.md
 * "Shards"). Capabilities ask this module — `shardFor(code)`, `byShard(items)`, `all()` — and never pick a
 * binding themselves.
 *
 * Layout: the control database `DB` holds what must be global (query log, receipts, measures, models, calendar,
 * ingest batches, the bucket map); the shards `SHARD_0 … SHARD_n` hold subjects and what is keyed by them. With
 * no SHARD_* binding the control database is the only shard, so a single-database deployment works unchanged.
 */
import { BUCKET_COUNT, bucketOf, defaultShardOf } from "../../shared/shards/bucket";

/** Shards a public id can name (SHARD_0 … SHARD_63); a deployment needing more would widen this before binding them. */
export const ID_STRIDE = 64;

/** Something a query can run on: a D1 session (requests) or the database itself (jobs, scripts). */
export type Queryable = D1DatabaseSession | D1Database;

export interface Shard {
  /** The binding's name, e.g. "SHARD_0" ("DB" when the control database is the only shard). */
  binding: string;
  db: Queryable;
}

interface CachedMap {
  version: number;
  /** Binding name per bucket. */
  buckets: string[];
  loadedAt: number;
}

/** How long an isolate trusts its cached map before reading the version again. */
export const MAP_TTL_MS = 5_000;
let cached: CachedMap | null = null;

/** The SHARD_* bindings present, in numeric order. */
export function shardBindings(env: object): string[] {
  return Object.keys(env)
    .filter((k) => /^SHARD_\d+$/.test(k))
    .sort((a, b) => Number(a.slice(6)) - Number(b.slice(6)));
}

/** Drops the isolate's cached map (tests, and after a move in the same isolate). */
export function forgetShardMap(): void {
  cached = null;
}

/**
 * The bucket map, from the isolate cache or the control database. An empty map (a fresh deployment) is filled
 * with the default assignment; INSERT OR IGNORE makes concurrent first requests agree.
 */
async function loadMap(control: Queryable, bindings: string[], now = Date.now()): Promise<CachedMap> {
  if (cached && now - cached.loadedAt < MAP_TTL_MS) return cached;
  const version = await control.prepare("SELECT version FROM shard_map_version WHERE id = 1").first<number>("version");
  if (cached && version === cached.version) {
    cached = { ...cached, loadedAt: now };
    return cached;
  }
  if (version === null) {
    const rows = Array.from({ length: BUCKET_COUNT }, (_, b) => [b, bindings[defaultShardOf(b, bindings.length)]]);
    await control.batch([
      control.prepare("INSERT OR IGNORE INTO shard_map (bucket, binding) SELECT j.value ->> '$[0]', j.value ->> '$[1]' FROM json_each(?1) j").bind(JSON.stringify(rows)),
      control.prepare("INSERT OR IGNORE INTO shard_map_version (id, version) VALUES (1, 1)"),
    ]);
  }
  const [v, map] = await control.batch<{ version?: number; bucket?: number; binding?: string }>([
    control.prepare("SELECT version FROM shard_map_version WHERE id = 1"),
    control.prepare("SELECT bucket, binding FROM shard_map ORDER BY bucket"),
  ]);
  const buckets: string[] = [];
  for (const row of map?.results ?? []) buckets[row.bucket!] = row.binding!;
  cached = { version: v?.results[0]?.version ?? 1, buckets, loadedAt: now };
  return cached;
}

/**
 * Per request (or per job run): the shards with one D1 session each, opened on first use so a lookup touches
 * only its own shard. In single-database mode every answer is the control session itself.
 */
export class ShardRouter {
  private readonly bindings: string[];
  private readonly sessions = new Map<string, Shard>();

  constructor(
    private readonly env: object,
    /** The control database (session): the bucket map lives here. */
    readonly control: Queryable,
    /**
     * Open a session per shard (requests: after the client's bookmark for that shard when it sent one, see
     * `shardBookmarks`) or use the databases directly (jobs, scripts).
     */
    private readonly open: (db: D1Database, binding: string) => Queryable = (db) => db.withSession("first-unconstrained"),
  ) {
    this.bindings = shardBindings(env);
  }

  /** True when the control database is the only shard (no SHARD_* binding). */
  get single(): boolean {
    return this.bindings.length === 0;
  }

  private shard(binding: string): Shard {
    let shard = this.sessions.get(binding);
    if (!shard) {
      const db = (this.env as unknown as Record<string, D1Database | undefined>)[binding];
      if (!db) throw new Error(`shard map names ${binding}, which is not bound (wrangler.toml)`);
      shard = { binding, db: this.open(db, binding) };
      this.sessions.set(binding, shard);
    }
    return shard;
  }

  /**
   * The D1 Sessions bookmark of every shard this request opened (read-your-writes per shard, see worker/db/session.ts);
   * shards opened without sessions (jobs) have none.
   */
  openedBookmarks(): Map<string, string> {
    const out = new Map<string, string>();
    for (const [binding, shard] of this.sessions) {
      const bookmark = "getBookmark" in shard.db ? shard.db.getBookmark() : null;
      if (bookmark) out.set(binding, bookmark);
    }
    return out;
  }

  /** Every shard, in binding order (scatter-gather, jobs, reports). */
  all(): Shard[] {
    return this.single ? [{ binding: "DB", db: this.control }] : this.bindings.map((b) => this.shard(b));
  }

  /** The shard that holds (or will hold) the subject with this identifier. */
  async shardFor(code: string): Promise<Shard> {
    if (this.single) return { binding: "DB", db: this.control };
    const map = await loadMap(this.control, this.bindings);
    return this.shard(map.buckets[bucketOf(code)]!);
  }

  /**
   * Whether the map puts this code's bucket on this binding. While a bucket moves, its rows are on two shards
   * (the copy before the switch, the source until its delete): reads that ask every shard keep the owner's.
   */
  async owns(binding: string, code: string): Promise<boolean> {
    if (this.single) return true;
    const map = await loadMap(this.control, this.bindings);
    return map.buckets[bucketOf(code)] === binding;
  }

  /** Items grouped by the shard of their identifier, in binding order; items without an identifier are left out. */
  async byShard<T>(items: readonly T[], codeOf: (item: T) => string | null): Promise<{ shard: Shard; items: T[] }[]> {
    if (this.single) return items.length > 0 ? [{ shard: { binding: "DB", db: this.control }, items: [...items] }] : [];
    const map = await loadMap(this.control, this.bindings);
    const groups = new Map<string, T[]>();
    for (const item of items) {
      const code = codeOf(item);
      if (code === null) continue;
      const binding = map.buckets[bucketOf(code)]!;
      (groups.get(binding) ?? groups.set(binding, []).get(binding)!).push(item);
    }
    return this.bindings.filter((b) => groups.has(b)).map((b) => ({ shard: this.shard(b), items: groups.get(b)! }));
  }

  /** The shard with this binding name, or null when it is not bound (ids from another deployment, a typo). */
  byBinding(binding: string): Shard | null {
    if (this.single) return binding === "DB" ? { binding: "DB", db: this.control } : null;
    return this.bindings.includes(binding) ? this.shard(binding) : null;
  }

  /**
   * An id as answers show it: rows are numbered per database, so over shards the id is local id × ID_STRIDE +
   * the shard's number (SHARD_n → n) and one number names the row and its database. Unchanged with one database.
   */
  publicId(binding: string, local: number): number {
    return this.single ? local : local * ID_STRIDE + Number(binding.slice(6));
  }

  /** The shard and local id a public id names; null when it names no bound shard. */
  fromPublicId(id: number): { shard: Shard; local: number } | null {
    if (this.single) return { shard: { binding: "DB", db: this.control }, local: id };
    const shard = this.byBinding(`SHARD_${id % ID_STRIDE}`);
    const local = Math.floor(id / ID_STRIDE);
    return shard && local > 0 ? { shard, local } : null;
  }

  /** The buckets each binding holds (GET /api/v1/admin/shards). */
  async bucketsByBinding(): Promise<Map<string, number>> {
    const counts = new Map<string, number>();
    if (this.single) return counts.set("DB", BUCKET_COUNT);
    const map = await loadMap(this.control, this.bindings);
    for (const b of this.bindings) counts.set(b, 0);
    for (const b of map.buckets) counts.set(b, (counts.get(b) ?? 0) + 1);
    return counts;
  }
}
