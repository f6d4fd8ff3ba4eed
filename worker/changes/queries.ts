import { CHANGE_KINDS, type ChangeFeed } from "../../shared/contract/changes";
import { ApiError } from "../http/errors";
import { maskIdNumber } from "../../shared/identifiers";
import type { Principal } from "../../shared/auth/principal";
import type { Queryable, ShardRouter } from "../shards";
import { maskPersonalNumbers, visibleInformationCondition } from "../visibility";
import { decodeCursor, encodeCursor } from "./cursor";

type ChangeKind = (typeof CHANGE_KINDS)[number];
const KNOWN = new Set<string>(CHANGE_KINDS);

interface ChangeRow {
  seq: number;
  at: string;
  entity: string;
  subject_id: number;
  code: string | null;
  code_type: "uscc" | "id_number" | null;
  name: string | null;
}

/**
 * The subjects changed after `since`: reads at most `limit` rows of the change feed in seq order (a range
 * scan on the primary key, however long the feed) and folds them into distinct subjects, each at its last
 * change in the window. `next` is the last seq read, so no change is skipped and a subject that changes
 * again later comes back.
 * @example await readChanges(db, officer, 0, 200, "2026-12-02") // { since: 0, next: 412, hasMore: true, items: [{ code, kinds: ["list_entry"], … }] }
 */
export async function readChanges(shards: ShardRouter, principal: Principal, since: string, limit: number, today: string): Promise<ChangeFeed> {
  // A person is listed only while the reader still sees information about them in force (never once it is all
  // repaired or expired, except to admins): the feed must not become a list of everyone who was ever recorded.
  const persons = principal.role === "admin" ? "" : ` AND (s.code_type = 'uscc' OR ${visibleInformationCondition(principal, "s.id")})`;
  const read: ReadRows = (db, from, n) => readRows(db, from, n, persons, today);
  if (shards.single) {
    // A cursor from a sharded deployment means nothing here (and vice versa, in decodeCursor).
    if (!/^\d+$/.test(since)) throw new ApiError(400, "invalid_request", "游标无效：应为上次返回的 next", [{ field: "query.since", expected: "cursor", message: "游标无效" }]);
    return readWindow(read, shards.control, Number(since), limit);
  }
  return readShardedChanges(read, shards, since, limit);
}

type ReadRows = (db: Queryable, since: number, limit: number) => Promise<ChangeRow[]>;

async function readRows(db: Queryable, since: number, limit: number, persons: string, today: string): Promise<ChangeRow[]> {
  const { results } = await db
    .prepare(
      `SELECT c.seq, c.at, c.entity, c.subject_id, s.code, s.code_type, s.name
         FROM (SELECT seq, at, entity, subject_id FROM changes WHERE seq > ?2 ORDER BY seq LIMIT ?3) c
         LEFT JOIN subjects s ON s.id = c.subject_id${persons}
        ORDER BY c.seq`,
    )
    .bind(today, since, limit)
    .all<ChangeRow>();
  return results;
}

/** One database: the cursor is the last seq read. */
async function readWindow(readRows: ReadRows, db: Queryable, since: number, limit: number): Promise<ChangeFeed> {
  const results = await readRows(db, since, limit + 1);
  const hasMore = results.length > limit;
  const window = results.slice(0, limit);
  return { since, next: window.at(-1)?.seq ?? since, hasMore, items: fold(window.map((row) => ({ row, key: String(row.subject_id) }))) };
}

/**
 * Over shards: each shard is read from its own position (at most limit + 1 rows each, in parallel), the rows are
 * merged by time (then binding, then seq, so the order is total and repeatable), and the first `limit` are the
 * page. Each shard's new position is the last of its rows on the page; rows read but not on the page are read
 * again next time, so no change is lost or repeated.
 */
async function readShardedChanges(readRows: ReadRows, shards: ShardRouter, since: string, limit: number): Promise<ChangeFeed> {
  const positions = decodeCursor(since);
  const perShard = await Promise.all(
    shards.all().map(async (shard) => ({ binding: shard.binding, rows: await readRows(shard.db, positions[shard.binding] ?? 0, limit + 1) })),
  );
  const merged = perShard
    .flatMap(({ binding, rows }) => rows.map((row) => ({ binding, row })))
    .sort((a, b) => (a.row.at < b.row.at ? -1 : a.row.at > b.row.at ? 1 : a.binding < b.binding ? -1 : a.binding > b.binding ? 1 : a.row.seq - b.row.seq));
  const page = merged.slice(0, limit);
  const next = { ...positions };
  for (const { binding, row } of page) next[binding] = row.seq;
  const moved = page.length > 0;
  return {
    since: since === "0" ? 0 : since,
    next: moved ? encodeCursor(next) : since === "0" ? 0 : since,
    hasMore: merged.length > limit,
    items: fold(page.map(({ binding, row }) => ({ row, key: `${binding}:${row.subject_id}` }))),
  };
}

/** Change rows → distinct subjects, each at its last change in the window (subject ids are per database). */
function fold(window: { row: ChangeRow; key: string }[]): ChangeFeed["items"] {
  const bySubject = new Map<string, ChangeFeed["items"][number]>();
  for (const { row, key } of window) {
    // A change of a kind this contract does not know yet still moves the cursor; it is not reported.
    if (!row.code || !row.code_type || row.name === null || !KNOWN.has(row.entity)) continue;
    const kind = row.entity as ChangeKind;
    const previous = bySubject.get(key);
    // Re-inserted so the map keeps subjects in the order of their last change.
    bySubject.delete(key);
    bySubject.set(key, {
      code: row.code_type === "id_number" ? maskIdNumber(row.code) : row.code,
      codeType: row.code_type,
      name: row.name,
      changedAt: row.at,
      kinds: previous?.kinds.includes(kind) ? previous.kinds : [...(previous?.kinds ?? []), kind].sort(),
      seq: row.seq,
    });
  }
  return maskPersonalNumbers([...bySubject.values()]);
}
