/**
 * What happened to a receipt's hits after it was signed. A receipt states the lists in force on its day; when a
 * hit is later repaired (信用修复), deleted after an objection, removed or reaches its planned removal date, the
 * receipt page says so instead of showing it as current. The signed JWS itself never changes.
 */
import type { ShardRouter } from "../shards";
import type { ReceiptPayload } from "../../shared/contract/receipts";
import { chinaToday } from "../../shared/domain/dates";

export type LaterChange = { kind: "repaired" | "deleted" | "removed" | "expired"; on: string };

/** Where a hit sits in a receipt: item index and hit index. */
export const hitKey = (item: number, hit: number) => `${item}:${hit}`;

interface LaterRow {
  key: string;
  status: string;
  removed_on: string | null;
  removal_reason: string | null;
  planned_removal_on: string | null;
  changed_at: string | null;
}

/**
 * The later change of every hit that has one, keyed by hitKey. Hits are matched by list, document number,
 * deciding authority and the subject's registered name (a person's code is masked in the receipt).
 * @example (await laterChanges(db, payload, "2027-03-01")).get("0:0") // { kind: "repaired", on: "2027-01-15" }
 */
export async function laterChanges(shards: ShardRouter, payload: ReceiptPayload, today: string): Promise<Map<string, LaterChange>> {
  const hits = payload.items.flatMap((item, i) =>
    item.subject ? item.hits.map((h, j) => ({ key: hitKey(i, j), listType: h.listType, docNo: h.docNo, authorityCode: h.authority.code, subjectName: item.subject!.name })) : [],
  );
  const changes = new Map<string, LaterChange>();
  if (hits.length === 0) return changes;
  // The entries live in their subjects' shards; the receipt names each by list, 文书号, authority and subject
  // name, so every shard is asked (one query each, in parallel) and only the subject's shard finds it.
  const perShard = await Promise.all(
    shards.all().map(({ db }) =>
      db
        .prepare(
          `SELECT json_extract(h.value, '$.key') AS key, l.status, l.removed_on, l.removal_reason, l.planned_removal_on,
                  (SELECT max(sh.changed_at) FROM status_history sh WHERE sh.entity = 'list_entry' AND sh.entity_id = l.id AND sh.to_status = l.status) AS changed_at
             FROM json_each(?1) h
             JOIN list_entries l ON l.list_type = json_extract(h.value, '$.listType') AND l.doc_no = json_extract(h.value, '$.docNo')
                                AND l.authority_code = json_extract(h.value, '$.authorityCode')
             JOIN subjects s ON s.id = l.subject_id AND s.name = json_extract(h.value, '$.subjectName')`,
        )
        .bind(JSON.stringify(hits))
        .all<LaterRow>(),
    ),
  );
  for (const row of perShard.flatMap((r) => r.results)) {
    const change = laterChange(row, payload.issuedAt, payload.asOf, today);
    if (change) changes.set(row.key, change);
  }
  return changes;
}

function laterChange(row: LaterRow, issuedAt: string, asOf: string, today: string): LaterChange | null {
  const changedAfter = row.changed_at !== null && row.changed_at > issuedAt;
  const changedOn = row.changed_at ? chinaToday(new Date(row.changed_at)) : today;
  if (row.status === "repaired" && changedAfter) return { kind: "repaired", on: changedOn };
  if (row.status === "removed" && changedAfter) {
    return { kind: row.removal_reason?.startsWith("异议成立") ? "deleted" : "removed", on: row.removed_on ?? changedOn };
  }
  if (row.status === "listed" && row.planned_removal_on !== null && row.planned_removal_on >= asOf && row.planned_removal_on < today) {
    return { kind: "expired", on: row.planned_removal_on };
  }
  return null;
}

/**
 * How the page says it.
 * @example laterChangeLabel({ kind: "repaired", on: "2027-01-15" }) // "已于 2027-01-15 完成信用修复，不再公示"
 */
export function laterChangeLabel(change: LaterChange): string {
  switch (change.kind) {
    case "repaired":
      return `已于 ${change.on} 完成信用修复，不再公示`;
    case "deleted":
      return `已于 ${change.on} 因异议成立删除`;
    case "removed":
      return `已于 ${change.on} 移出名单`;
    case "expired":
      return `已于 ${change.on} 届满移出名单`;
  }
}
