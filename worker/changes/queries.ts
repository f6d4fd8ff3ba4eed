import { CHANGE_KINDS, type ChangeFeed } from "../../shared/contract/changes";
import { ApiError } from "../http/errors";
import { maskIdNumber } from "../../shared/identifiers";
import type { Principal } from "../../shared/auth/principal";
import type { Queryable, ShardRouter } from "../shards";
import { maskPersonalNumbers, visibleInformationCondition } from "../visibility";
import { decodeCursor, encodeCursor, mergeInOrder } from "./cursor";

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
  /** Set on a row the subject left behind when its bucket moved away (subject_id is then 0). */
  moved_code: string | null;
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
  const resolve: ResolveMoved = (codes) => resolveMoved(shards, codes, persons, today);
  if (shards.single) {
    // A cursor from a sharded deployment means nothing here (and vice versa, in decodeCursor).
    if (!/^\d+$/.test(since)) throw new ApiError(400, "invalid_request", "游标无效：应为上次返回的 next", [{ field: "query.since", expected: "cursor", message: "游标无效" }]);
    return readWindow(read, shards.control, Number(since), limit);
  }
  return readShardedChanges(read, resolve, shards, since, limit);
}

type ReadRows = (db: Queryable, since: number, limit: number) => Promise<ChangeRow[]>;

async function readRows(db: Queryable, since: number, limit: number, persons: string, today: string): Promise<ChangeRow[]> {
  const { results } = await db
    .prepare(
      // A row copied here by a bucket move (copied_from) is history the source shard serves: read, so the position
      // passes it, but never shown (no subject joined).
      `SELECT c.seq, c.at, c.entity, c.subject_id, s.code, s.code_type, s.name, c.moved_code
         FROM (SELECT seq, at, entity, subject_id, copied_from, moved_code FROM changes WHERE seq > ?2 ORDER BY seq LIMIT ?3) c
         LEFT JOIN subjects s ON s.id = c.subject_id AND c.copied_from IS NULL${persons}
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

type ResolveMoved = (codes: string[]) => Promise<Map<string, Pick<ChangeRow, "code" | "code_type" | "name">>>;

/**
 * The subjects of rows left behind by a bucket move, found where the map puts them now (with the same visibility
 * condition as the feed's own join); a subject not found or not visible stays unreported.
 */
async function resolveMoved(shards: ShardRouter, codes: string[], persons: string, today: string): Promise<Map<string, Pick<ChangeRow, "code" | "code_type" | "name">>> {
  const found = new Map<string, Pick<ChangeRow, "code" | "code_type" | "name">>();
  const groups = await shards.byShard([...new Set(codes)], (c) => c);
  await Promise.all(
    groups.map(async ({ shard, items }) => {
      const { results } = await shard.db
        .prepare(`SELECT s.code, s.code_type, s.name FROM subjects s WHERE s.code IN (SELECT value FROM json_each(?2))${persons}`)
        .bind(today, JSON.stringify(items))
        .all<Pick<ChangeRow, "code" | "code_type" | "name">>();
      for (const r of results) found.set(r.code!, r);
    }),
  );
  return found;
}

/**
 * Over shards: each shard is read from its own position (at most limit + 1 rows each, in parallel) and the rows are
 * merged by time (then binding) without reordering any shard's own rows: the head of each shard's rows competes, so
 * a shard's rows keep their seq order even where their times do not (rows copied by a bucket move keep their
 * original, older times). The first `limit` are the page; each shard's new position is the last of its rows on the
 * page, and since a shard's rows on the page are a prefix of its rows, rows read but not on the page are read again
 * next time: no change is lost or repeated.
 */
async function readShardedChanges(readRows: ReadRows, resolve: ResolveMoved, shards: ShardRouter, since: string, limit: number): Promise<ChangeFeed> {
  const positions = decodeCursor(since);
  const perShard = await Promise.all(
    shards.all().map(async (shard) => ({ binding: shard.binding, rows: await readRows(shard.db, positions[shard.binding] ?? 0, limit + 1) })),
  );
  const merged = mergeInOrder(perShard, (row) => row.at);
  const page = merged.slice(0, limit);
  // Rows a moved subject left on its old shard are reported as that subject, looked up where it lives now.
  const moved = page.filter(({ row }) => row.moved_code !== null && row.code === null).map(({ row }) => row);
  if (moved.length > 0) {
    const found = await resolve(moved.map((r) => r.moved_code!));
    for (const row of moved) Object.assign(row, found.get(row.moved_code!) ?? {});
  }
  const next = { ...positions };
  for (const { binding, row } of page) next[binding] = row.seq;
  const advanced = page.length > 0;
  return {
    since: since === "0" ? 0 : since,
    next: advanced ? encodeCursor(next) : since === "0" ? 0 : since,
    hasMore: merged.length > limit,
    // Keyed by code: a subject is one subject whichever shard a row of it was read from.
    items: fold(page.map(({ row }) => ({ row, key: row.code ?? `#${row.seq}` }))),
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
