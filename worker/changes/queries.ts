import { CHANGE_KINDS, type ChangeFeed } from "../../shared/contract/changes";
import { maskIdNumber } from "../../shared/identifiers";
import type { Principal } from "../auth/principal";
import { maskPersonalNumbers, visibleInformationCondition } from "../visibility";

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
export async function readChanges(db: D1DatabaseSession, principal: Principal, since: number, limit: number, today: string): Promise<ChangeFeed> {
  // A person is listed only while the reader still sees information about them in force (never once it is all
  // repaired or expired, except to admins): the feed must not become a list of everyone who was ever recorded.
  const persons = principal.role === "admin" ? "" : ` AND (s.code_type = 'uscc' OR ${visibleInformationCondition(principal, "s.id")})`;
  const { results } = await db
    .prepare(
      `SELECT c.seq, c.at, c.entity, c.subject_id, s.code, s.code_type, s.name
         FROM (SELECT seq, at, entity, subject_id FROM changes WHERE seq > ?2 ORDER BY seq LIMIT ?3) c
         LEFT JOIN subjects s ON s.id = c.subject_id${persons}
        ORDER BY c.seq`,
    )
    .bind(today, since, limit + 1)
    .all<ChangeRow>();
  const hasMore = results.length > limit;
  const window = results.slice(0, limit);
  const bySubject = new Map<number, ChangeFeed["items"][number]>();
  for (const row of window) {
    // A change of a kind this contract does not know yet still moves the cursor; it is not reported.
    if (!row.code || !row.code_type || row.name === null || !KNOWN.has(row.entity)) continue;
    const kind = row.entity as ChangeKind;
    const previous = bySubject.get(row.subject_id);
    // Re-inserted so the map keeps subjects in the order of their last change.
    bySubject.delete(row.subject_id);
    bySubject.set(row.subject_id, {
      code: row.code_type === "id_number" ? maskIdNumber(row.code) : row.code,
      codeType: row.code_type,
      name: row.name,
      changedAt: row.at,
      kinds: previous?.kinds.includes(kind) ? previous.kinds : [...(previous?.kinds ?? []), kind].sort(),
      seq: row.seq,
    });
  }
  return { since, next: window.at(-1)?.seq ?? since, hasMore, items: maskPersonalNumbers([...bySubject.values()]) };
}
