/**
 * An officer's alerts as they read them. What an alert shows is decided at read time by worker/visibility (the
 * same rules as a lookup): a record that was repaired or left its publication window, or a list entry no longer
 * in force, shows no details — only that something changed — and neither does an alert whose watch was made in a
 * scene the officer's token no longer grants.
 */
import { type Alert, type AlertDetail, type AlertKind, ALERT_KIND_LABEL, type AlertPage } from "../../shared/contract";
import { LIST_TYPE_INFO, type ListType } from "../../shared/domain/lists";
import { parseScene } from "../../shared/domain/scenes";
import { maskIdNumber } from "../../shared/identifiers";
import type { Principal } from "../../shared/auth/principal";
import { listEntryCondition, maskPersonalNumbers, recordCondition, visibleListTypes } from "../visibility";
import { decodeCursor, encodeCursor, mergeInOrder } from "../changes/cursor";
import { ApiError } from "../http/errors";
import type { ShardRouter } from "../shards";

type Officer = Extract<Principal, { role: "officer" }>;

interface AlertRow {
  id: number;
  feed: "change" | "grade" | "due";
  entity: string;
  entity_id: number;
  changed_at: string;
  created_at: string;
  read_at: string | null;
  code: string;
  code_type: "uscc" | "id_number";
  subject_name: string;
  registration_status: string;
  watch_id: number;
  reason: string;
  until: string;
  scene: string | null;
  seen_before: number;
  r_category: string | null;
  r_doc_no: string | null;
  r_title: string | null;
  r_decided_on: string | null;
  r_authority: string | null;
  r_severity: "minor" | "general" | "serious" | null;
  r_status: string | null;
  r_version: number | null;
  r_objection: number | null;
  r_visible: number | null;
  l_list_type: ListType | null;
  l_doc_no: string | null;
  l_listed_on: string | null;
  l_authority: string | null;
  l_status: string | null;
  l_objection: number | null;
  l_visible: number | null;
  m_id: number | null;
  m_matter: string | null;
  m_doc_no: string | null;
  m_committed_on: string | null;
  m_due_on: string | null;
  m_authority: string | null;
  m_status: string | null;
  m_type: string | null;
  g_from: string | null;
  g_to: string | null;
  g_kind: "public" | "industry" | null;
}

const CATEGORY_LABEL: Record<string, string> = { penalty: "行政处罚", licence: "行政许可", enforcement: "行政强制", inspection: "行政检查", commendation: "表彰奖励", judgement: "司法裁判", other: "其他记录" };
const COMMITMENT_STATUS: Record<string, string> = { pending: "履行中", fulfilled: "已履行（核查属实）", breached: "未履行（核查不实）" };

/** The page query; `?1` today (visibility conditions), `?2` watcher, `?3` since, `?4` limit. */
function pageSql(principal: Officer, unreadOnly: boolean): string {
  return `
    SELECT a.id, a.feed, a.entity, a.entity_id, a.changed_at, a.created_at, a.read_at,
           s.code, s.code_type, s.name AS subject_name, s.registration_status,
           w.id AS watch_id, w.reason, w.until, w.scene,
           EXISTS (SELECT 1 FROM changes p WHERE p.subject_id = a.subject_id AND p.entity = a.entity AND p.entity_id = a.entity_id AND p.seq < a.change_seq) AS seen_before,
           r.category AS r_category, r.doc_no AS r_doc_no, r.title AS r_title, r.decided_on AS r_decided_on, r.authority_name AS r_authority,
           r.severity AS r_severity, r.status AS r_status, r.version AS r_version, r.objection_open AS r_objection,
           CASE WHEN r.id IS NULL THEN NULL WHEN ${recordCondition(principal)} THEN 1 ELSE 0 END AS r_visible,
           l.list_type AS l_list_type, l.doc_no AS l_doc_no, l.listed_on AS l_listed_on, l.authority_name AS l_authority, l.status AS l_status,
           l.objection_open AS l_objection, CASE WHEN l.id IS NULL THEN NULL WHEN ${listEntryCondition(principal)} THEN 1 ELSE 0 END AS l_visible,
           m.id AS m_id, m.matter AS m_matter, m.doc_no AS m_doc_no, m.committed_on AS m_committed_on, m.due_on AS m_due_on, m.authority_name AS m_authority,
           m.status AS m_status, m.commitment_type AS m_type,
           g.from_grade AS g_from, g.to_grade AS g_to, (SELECT kind FROM evaluation_models WHERE id = g.model_id) AS g_kind
      FROM alerts a
      JOIN subjects s ON s.id = a.subject_id
      JOIN watch_entries w ON w.id = a.watch_id
      LEFT JOIN records r ON a.entity = 'record' AND r.id = a.entity_id
      LEFT JOIN list_entries l ON a.entity = 'list_entry' AND l.id = a.entity_id
      LEFT JOIN commitments m ON a.entity IN ('commitment', 'commitment_due') AND m.id = a.entity_id
      LEFT JOIN grade_changes g ON a.feed = 'grade' AND g.seq = a.change_seq
     WHERE a.watcher = ?2 AND a.id > ?3 ${unreadOnly ? "AND a.read_at IS NULL" : ""}
     ORDER BY a.id LIMIT ?4`;
}

const emptyDetail = (entity: AlertDetail["entity"], title: string): AlertDetail => ({
  entity,
  title,
  category: null,
  docNo: null,
  date: null,
  authorityName: null,
  severity: null,
  status: null,
  corrected: false,
  objectionOpen: false,
  listType: null,
  fromGrade: null,
  toGrade: null,
  commitmentId: null,
  verifyBy: null,
});

/** The kind, the detail (null when not visible) and the one-line summary of one alert row. */
export function describeAlert(row: AlertRow, principal: Officer): Pick<Alert, "kind" | "summary" | "visible" | "detail"> {
  const name = row.subject_name;
  // A watch without a scene is never granted (fail closed): every watch is registered under one.
  const sceneGranted = row.scene !== null && principal.scenes.includes(parseScene(row.scene) ?? ("" as never));
  const hidden = (kind: AlertKind) => ({ kind, visible: false, detail: null, summary: `${name} 的信息有变更（按您的权限和场景不显示详情）` });
  switch (row.entity) {
    case "record": {
      const kind: AlertKind = row.seen_before ? "record_updated" : "record_new";
      if (!sceneGranted || row.r_visible !== 1) return hidden(kind);
      const label = CATEGORY_LABEL[row.r_category ?? "other"] ?? "记录";
      const corrected = (row.r_version ?? 1) > 1;
      const title = `${label} ${row.r_doc_no}${row.r_title ? `（${row.r_title}）` : ""}`;
      const what = kind === "record_new" ? `新增${title}` : `${title}${row.r_objection ? "进入异议处理" : corrected ? "已更正" : "有变更"}`;
      return {
        kind,
        visible: true,
        summary: `${name} ${what}`,
        detail: {
          ...emptyDetail("record", title),
          category: row.r_category,
          docNo: row.r_doc_no,
          date: row.r_decided_on,
          authorityName: row.r_authority,
          severity: row.r_severity,
          status: row.r_status,
          corrected,
          objectionOpen: row.r_objection === 1,
        },
      };
    }
    case "list_entry": {
      const kind: AlertKind = row.seen_before ? "list_entry_updated" : "list_entry_new";
      const listType = row.l_list_type;
      const typeVisible = listType !== null && visibleListTypes(principal).includes(listType);
      const listName = listType ? LIST_TYPE_INFO[listType].name : "名单";
      // A removal is news too: the entry is no longer in force, but that it left the list may be said.
      if (!sceneGranted || !typeVisible || (row.l_visible !== 1 && row.l_status !== "removed")) return hidden(kind);
      const title = `${listName} ${row.l_doc_no}`;
      const what = row.l_status === "removed" ? `已移出${listName}（${row.l_doc_no}）` : kind === "list_entry_new" ? `被列入${listName}（${row.l_doc_no}）` : `${listName}信息变更（${row.l_doc_no}）`;
      return {
        kind,
        visible: true,
        summary: `${name} ${what}`,
        detail: { ...emptyDetail("list_entry", title), docNo: row.l_doc_no, date: row.l_listed_on, authorityName: row.l_authority, status: row.l_status, objectionOpen: row.l_objection === 1, listType },
      };
    }
    case "commitment":
    case "commitment_due": {
      const due = row.entity === "commitment_due";
      const kind: AlertKind = due ? "commitment_due" : row.seen_before ? "commitment_updated" : "commitment_new";
      if (!sceneGranted || row.m_id === null) return hidden(kind);
      const title = `${row.m_type ?? "信用承诺"} ${row.m_doc_no}`;
      const status = COMMITMENT_STATUS[row.m_status ?? "pending"] ?? row.m_status;
      const summary = due
        ? `${name} 的告知承诺（${row.m_doc_no}）已到核查日期 ${row.m_due_on}，请登记核查结果`
        : kind === "commitment_new"
          ? `${name} 作出信用承诺（${row.m_doc_no}）：${row.m_matter}`
          : `${name} 的信用承诺（${row.m_doc_no}）${status}`;
      return {
        kind,
        visible: true,
        summary,
        detail: { ...emptyDetail("commitment", title), docNo: row.m_doc_no, date: row.m_committed_on, authorityName: row.m_authority, status: row.m_status, commitmentId: row.m_id, verifyBy: row.m_due_on },
      };
    }
    case "grade": {
      if (!sceneGranted || row.g_to === null) return hidden("grade_changed");
      return {
        kind: "grade_changed",
        visible: true,
        summary: `${name} 的${row.g_kind === "industry" ? "行业信用评价" : "公共信用综合评价"}等级由 ${row.g_from ?? "—"} 变为 ${row.g_to}`,
        detail: { ...emptyDetail("grade", `评价等级 ${row.g_from ?? "—"} → ${row.g_to}`), fromGrade: row.g_from, toGrade: row.g_to },
      };
    }
    default: {
      if (!sceneGranted) return hidden("registration_changed");
      return {
        kind: "registration_changed",
        visible: true,
        summary: `${name} 的登记信息变更，登记状态：${row.registration_status}`,
        detail: { ...emptyDetail("subject", `登记状态 ${row.registration_status}`), status: row.registration_status },
      };
    }
  }
}

/**
 * A page of the officer's alerts after `since`, with the unread total. Alerts live in the watched subject's
 * shard; over shards the cursor holds each shard's last alert id (opaque, as the change feed's), each shard
 * answers after its position, the rows are merged by creation time and the first `limit` are the page. Ids in
 * the answer are public ids (worker/shards).
 * @example await alertPage(shards, officer, { since: "0", unread: true, limit: 50, today: "2026-11-27" })
 */
export async function alertPage(shards: ShardRouter, principal: Officer, q: { since: string; unread?: boolean | undefined; limit: number; today: string }): Promise<AlertPage> {
  const cursorError = () => new ApiError(400, "invalid_request", "游标无效：应为上次返回的 next", [{ field: "query.since", expected: "cursor", message: "游标无效" }]);
  if (shards.single && !/^\d+$/.test(q.since)) throw cursorError();
  const positions = shards.single ? {} : decodeCursor(q.since);
  const perShard = await Promise.all(
    shards.all().map(async ({ binding, db }) => {
      const since = shards.single ? Number(q.since) : (positions[binding] ?? 0);
      const [page, unread] = await db.batch([
        db.prepare(pageSql(principal, q.unread === true)).bind(q.today, principal.id, since, q.limit + 1),
        db.prepare("SELECT s.code, count(*) AS n FROM alerts a JOIN subjects s ON s.id = a.subject_id WHERE a.watcher = ?1 AND a.read_at IS NULL GROUP BY s.code").bind(principal.id),
      ]);
      // A bucket on the move has its alerts on two shards for a while: only the owner's are shown.
      const rows = (page?.results ?? []) as AlertRow[];
      const owned = await Promise.all(rows.map((r) => shards.owns(binding, r.code)));
      const counts = (unread?.results ?? []) as { code: string; n: number }[];
      const countOwned = await Promise.all(counts.map((c) => shards.owns(binding, c.code)));
      return { binding, rows: rows.filter((_, i) => owned[i]), unread: counts.reduce((n, c, i) => n + (countOwned[i] ? c.n : 0), 0) };
    }),
  );
  // Each shard's rows stay in id order (its cursor is the last id shown), merged by creation time.
  const merged = mergeInOrder(perShard, (row) => row.created_at);
  const window = merged.slice(0, q.limit);
  const items: Alert[] = window.map(({ binding, row }) => {
    const kind = describeAlert(row, principal);
    // The commitment a reminder names is answered by its public id (POST /commitments/{id}/verification).
    if (kind.detail?.commitmentId != null) kind.detail = { ...kind.detail, commitmentId: shards.publicId(binding, kind.detail.commitmentId) };
    return {
      id: shards.publicId(binding, row.id),
      ...kind,
      kindLabel: ALERT_KIND_LABEL[kind.kind],
      subject: { code: row.code_type === "id_number" ? maskIdNumber(row.code) : row.code, name: row.subject_name },
      watch: { id: shards.publicId(binding, row.watch_id), reason: row.reason, until: row.until },
      changedAt: row.changed_at,
      createdAt: row.created_at,
      read: row.read_at !== null,
    };
  });
  let next: number | string;
  if (shards.single) next = window.at(-1)?.row.id ?? Number(q.since);
  else {
    const moved = { ...positions };
    for (const { binding, row } of window) moved[binding] = row.id;
    next = window.length > 0 ? encodeCursor(moved) : q.since === "0" ? 0 : q.since;
  }
  // Details quote stored free text (record titles, commitment matters, corrections): the guard masks any ID number.
  return maskPersonalNumbers({ items, next, hasMore: merged.length > q.limit, unread: perShard.reduce((n, p) => n + p.unread, 0) });
}

/** Marks the officer's alerts read (by public id, or all, on every shard); returns how many changed and how many stay unread. */
export async function markRead(shards: ShardRouter, principal: Officer, input: { ids?: number[] | undefined; all?: true | undefined }, now: Date) {
  const at = now.toISOString();
  const idsByShard = new Map<string, number[]>();
  for (const id of input.ids ?? []) {
    const target = shards.fromPublicId(id);
    if (target) (idsByShard.get(target.shard.binding) ?? idsByShard.set(target.shard.binding, []).get(target.shard.binding)!).push(target.local);
  }
  const outcomes = await Promise.all(
    shards.all().map(async ({ binding, db }) => {
      const ids = idsByShard.get(binding) ?? [];
      const mark = input.all
        ? db.prepare("UPDATE alerts SET read_at = ?2 WHERE watcher = ?1 AND read_at IS NULL").bind(principal.id, at)
        : db.prepare("UPDATE alerts SET read_at = ?2 WHERE watcher = ?1 AND read_at IS NULL AND id IN (SELECT value FROM json_each(?3))").bind(principal.id, at, JSON.stringify(ids));
      const [marked, unread] = await db.batch([mark, db.prepare("SELECT count(*) AS n FROM alerts WHERE watcher = ?1 AND read_at IS NULL").bind(principal.id)]);
      return { marked: marked?.meta.changes ?? 0, unread: (unread?.results[0] as { n: number } | undefined)?.n ?? 0 };
    }),
  );
  return { marked: outcomes.reduce((n, o) => n + o.marked, 0), unread: outcomes.reduce((n, o) => n + o.unread, 0) };
}
