/**
 * 监控名单: officers watch subjects for a reason (project or approval number) until a date. Adding is a read of
 * subject data and is written to the query log (查询使用登记) under its scene, with the reason as the purpose.
 * Each officer watches at most WATCHLIST_LIMIT subjects at a time (watches made by registering a 告知承诺 do
 * not count: following a commitment is part of the approval itself).
 */
import type { WatchEntry, WatchItemInput, WatchlistPage, WatchlistRequest, WatchlistResult } from "../../shared/contract";
import { addMonths } from "../../shared/domain/dates";
import { SCENE_LABEL, type Scene } from "../../shared/domain/scenes";
import { maskIdNumber } from "../../shared/identifiers";
import { appendQueryLog } from "../audit/log";
import { queryContext } from "../auth/officer-query";
import type { Principal } from "../../shared/auth/principal";
import type { Env } from "../env";
import { ApiError } from "../http/errors";
import { auditSubjectRef } from "../lookup/profile";
import { lookupOrThrow, looksLikeIdNumber, shownCode } from "../lookup/resolve";
import { ID_STRIDE, type ShardRouter } from "../shards";

type Officer = Extract<Principal, { role: "officer" }>;

export const DEFAULT_WATCHLIST_LIMIT = 5000;
/** A watch ends at most this many months ahead. */
const MAX_WATCH_MONTHS = 36;

export function watchlistLimit(env: Env): number {
  const n = Number(env.WATCHLIST_LIMIT);
  return Number.isInteger(n) && n > 0 ? n : DEFAULT_WATCHLIST_LIMIT;
}

export interface WatchRow {
  id: number;
  watcher: string;
  watcher_name: string | null;
  code: string;
  code_type: "uscc" | "id_number";
  name: string;
  reason: string;
  scene: Scene | null;
  until: string;
  source: "officer" | "commitment";
  created_at: string;
  removed_at: string | null;
}

export const WATCH_COLUMNS = "w.id, w.watcher, w.watcher_name, s.code, s.code_type, s.name, w.reason, w.scene, w.until, w.source, w.created_at, w.removed_at";

export function toWatchEntry(row: WatchRow, today: string): WatchEntry {
  return {
    id: row.id,
    code: row.code_type === "id_number" ? maskIdNumber(row.code) : row.code,
    codeType: row.code_type,
    name: row.name,
    reason: row.reason,
    scene: row.scene,
    sceneLabel: row.scene ? SCENE_LABEL[row.scene] : null,
    until: row.until,
    source: row.source,
    createdAt: row.created_at,
    active: row.removed_at === null && row.until >= today,
    watcher: row.watcher,
    watcherName: row.watcher_name,
  };
}

/** A field problem of item `index` (or of the single-subject body) as a 400. */
function badField(batch: boolean, index: number, field: string, expected: string, message: string): ApiError {
  const name = batch ? `body.items.${index}.${field}` : `body.${field}`;
  return new ApiError(400, "invalid_request", `参数 ${name} 不正确：${message}`, [{ field: name, expected, message }]);
}

/** scene and purpose rules of 查询使用登记, with the fields named where the body carries them. */
function checkScene(principal: Officer, scene: string, reason: string, field: string): Scene {
  try {
    return queryContext(principal, { scene, purpose: reason }).scene!;
  } catch (err) {
    if (!(err instanceof ApiError) || !Array.isArray(err.details)) throw err;
    const details = (err.details as { field: string }[]).map((d) => ({ ...d, field: d.field === "query.scene" ? field : "body.reason" }));
    throw new ApiError(err.status, err.code, err.message, details);
  }
}

interface Planned {
  index: number;
  input: WatchItemInput;
  scene: Scene;
  code: string;
  problem: { status: "invalid_code" | "not_found"; message: string } | null;
}

/**
 * Adds (or extends) watches; one result per item. A bad code or an unknown subject fails only its item in a
 * batch, and answers 400 / 404 for a single subject.
 * @example await addWatches(db, env, officer, { code: "91500103MA5U3K9L2B", reason: "CQZC-2026-0381", until: "2027-06-30" }, "2026-11-27", new Date())
 */
export async function addWatches(shards: ShardRouter, env: Env, principal: Officer, body: WatchlistRequest, today: string, now: Date): Promise<WatchlistResult> {
  const batch = body.items !== undefined;
  const inputs: WatchItemInput[] = body.items ?? [{ code: body.code!, reason: body.reason!, until: body.until!, ...(body.scene ? { scene: body.scene } : {}) }];
  const latest = addMonths(today, MAX_WATCH_MONTHS);
  const planned: Planned[] = inputs.map((input, index) => {
    if (input.until < today) throw badField(batch, index, "until", `今天（${today}）或以后的日期`, `监控截止日期 ${input.until} 已过`);
    if (input.until > latest) throw badField(batch, index, "until", `不晚于 ${latest}`, `监控期限最长 ${MAX_WATCH_MONTHS / 12} 年`);
    const sceneInput = input.scene ?? body.scene ?? principal.scenes[0];
    if (!sceneInput) throw badField(batch, index, "scene", "查询场景，如 政府采购", "请说明监控所属的场景");
    const scene = checkScene(principal, sceneInput, input.reason, batch && input.scene ? `body.items.${index}.scene` : "body.scene");
    try {
      const lookup = lookupOrThrow(input.code);
      return { index, input, scene, code: lookup.code, problem: null };
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      if (!batch) throw err;
      return { index, input, scene, code: input.code.slice(0, 64), problem: { status: "invalid_code", message: err.message } };
    }
  });

  const codes = [...new Set(planned.filter((p) => !p.problem).map((p) => p.code))];
  // Watch entries live in the watched subject's shard (the alert fan-out joins them with that shard's feed).
  // Each shard holding some of the codes is read and written on its own; the watcher's active count is the sum
  // over every shard. Two requests of one officer racing on different shards could both pass the limit check.
  const groups = await shards.byShard(codes, (c) => c);
  const [perGroup, counts] = await Promise.all([
    Promise.all(
      groups.map(async ({ shard, items }) => {
        const db = shard.db;
        const [subjects, existing] = await db.batch([
          db.prepare("SELECT id, code, code_type, checksum_legacy FROM subjects WHERE code IN (SELECT value FROM json_each(?1))").bind(JSON.stringify(items)),
          db
            .prepare(
              `SELECT s.code, w.reason FROM watch_entries w JOIN subjects s ON s.id = w.subject_id
                WHERE w.watcher = ?1 AND w.removed_at IS NULL AND s.code IN (SELECT value FROM json_each(?2))`,
            )
            .bind(principal.id, JSON.stringify(items)),
        ]);
        return { shard, subjects: (subjects?.results ?? []) as { id: number; code: string; code_type: string; checksum_legacy: number }[], existing: (existing?.results ?? []) as { code: string; reason: string }[] };
      }),
    ),
    Promise.all(
      shards.all().map(({ db }) =>
        db.prepare("SELECT count(*) AS n FROM watch_entries WHERE watcher = ?1 AND removed_at IS NULL AND until >= ?2 AND source = 'officer'").bind(principal.id, today).first<number>("n"),
      ),
    ),
  ]);
  const byCode = new Map(perGroup.flatMap((g) => g.subjects.map((s) => [s.code, { ...s, code_type: s.code_type as "uscc" | "id_number", shard: g.shard }] as const)));
  const watched = new Set(perGroup.flatMap((g) => g.existing.map((w) => `${w.code}|${w.reason}`)));
  for (const p of planned) {
    if (p.problem) continue;
    if (!byCode.has(p.code)) {
      if (!batch) {
        const err = new ApiError(404, "subject_not_found", `没有找到代码为 ${shownCode(p.code)} 的主体`, looksLikeIdNumber(p.code) ? {} : { code: p.code });
        // An unsuccessful read is registered too (查询使用登记), the code as shown.
        await appendQueryLog(shards, principal, { route: "POST /api/v1/watchlist", scene: p.scene, purpose: p.input.reason.slice(0, 200), subjects: [shownCode(p.code)], answer: JSON.stringify({ error: { code: err.code, message: err.message } }) }, now);
        throw err;
      }
      p.problem = { status: "not_found", message: `没有找到代码为 ${shownCode(p.code)} 的主体` };
    }
  }
  const ok = planned.filter((p) => !p.problem);
  const fresh = new Set(ok.filter((p) => !watched.has(`${p.code}|${p.input.reason}`)).map((p) => `${p.code}|${p.input.reason}`));
  const limit = watchlistLimit(env);
  const activeCount = counts.reduce<number>((n, c) => n + (c ?? 0), 0);
  if (activeCount + fresh.size > limit) {
    throw new ApiError(409, "watchlist_full", `监控名单已满：每位工作人员最多同时监控 ${limit} 个主体，当前 ${activeCount} 个，本次新增 ${fresh.size} 个。请先删除不再需要的监控项。`, {
      limit,
      active: activeCount,
      adding: fresh.size,
    });
  }

  const at = now.toISOString();
  const stored: WatchRow[] = [];
  for (const { shard } of perGroup) {
    const db = shard.db;
    const rows = ok.filter((p) => byCode.get(p.code)!.shard === shard).map((p) => [byCode.get(p.code)!.id, p.input.reason, p.scene, p.input.until]);
    if (rows.length === 0) continue;
    await db
      .prepare(
        `INSERT INTO watch_entries (watcher, watcher_name, department_code, subject_id, reason, scene, until, source, created_at)
         SELECT ?1, ?2, ?3, json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]'), json_extract(value, '$[3]'), 'officer', ?4
           FROM json_each(?5) WHERE true
         ON CONFLICT (watcher, subject_id, reason) WHERE removed_at IS NULL DO UPDATE SET until = max(until, excluded.until), scene = excluded.scene`,
      )
      .bind(principal.id, principal.name, principal.department, at, JSON.stringify(rows))
      .run();
    const { results } = await db
      .prepare(
        `SELECT ${WATCH_COLUMNS} FROM watch_entries w JOIN subjects s ON s.id = w.subject_id
          WHERE w.watcher = ?1 AND w.removed_at IS NULL AND w.subject_id IN (SELECT json_extract(value, '$[0]') FROM json_each(?2))`,
      )
      .bind(principal.id, JSON.stringify(rows))
      .all<WatchRow>();
    stored.push(...results.map((r) => ({ ...r, id: shards.publicId(shard.binding, r.id) })));
  }
  const entryOf = (p: Planned) => stored.find((r) => r.code === p.code && r.reason === p.input.reason);
  const items = planned.map((p) => {
    const code = p.code.length === 18 && /^\d{17}[\dX]$/.test(p.code) ? maskIdNumber(p.code) : p.code;
    if (p.problem) return { index: p.index, code, status: p.problem.status, message: p.problem.message, entry: null };
    const row = entryOf(p);
    return { index: p.index, code, status: fresh.has(`${p.code}|${p.input.reason}`) ? ("added" as const) : ("extended" as const), message: null, entry: row ? toWatchEntry(row, today) : null };
  });
  const result: WatchlistResult = {
    items,
    added: items.filter((i) => i.status === "added").length,
    extended: items.filter((i) => i.status === "extended").length,
    failed: items.filter((i) => i.status === "invalid_code" || i.status === "not_found").length,
    limit,
    active: activeCount + fresh.size,
  };
  // 查询使用登记: one entry per scene the request used, naming the subjects watched and the reasons.
  const answer = JSON.stringify(result);
  // Items not found were read too: logged with the code as shown (an ID number masked).
  const read = planned.filter((p) => !p.problem || p.problem.status === "not_found");
  for (const scene of new Set(read.map((p) => p.scene))) {
    const group = read.filter((p) => p.scene === scene);
    const purpose = [...new Set(group.map((p) => p.input.reason))].join("；").slice(0, 200);
    const subjects = group.map((p) => (byCode.has(p.code) ? auditSubjectRef(byCode.get(p.code)!) : shownCode(p.code)));
    await appendQueryLog(shards, principal, { route: "POST /api/v1/watchlist", scene, purpose, subjects, answer }, now);
  }
  return result;
}

/**
 * The officer's own watches (or, for admins, everyone's or one watcher's), by id. Over shards the ids are public
 * ids (local × 64 + shard number): each shard is read after the cursor's position in it, and the pages merged.
 */
export async function listWatches(
  shards: ShardRouter,
  env: Env,
  principal: Extract<Principal, { role: "officer" | "admin" }>,
  q: { cursor: number; limit: number; watcher?: string | undefined },
  today: string,
): Promise<WatchlistPage> {
  const watcher = principal.role === "officer" ? principal.id : (q.watcher ?? null);
  const perShard = await Promise.all(
    shards.all().map(async ({ binding, db }) => {
      // The first local id whose public id is above the cursor: local × 64 + n > cursor.
      const after = shards.single ? q.cursor : Math.floor((q.cursor - Number(binding.slice(6))) / ID_STRIDE);
      const [page, active] = await db.batch([
        db
          .prepare(
            `SELECT ${WATCH_COLUMNS} FROM watch_entries w JOIN subjects s ON s.id = w.subject_id
              WHERE w.removed_at IS NULL AND w.id > ?1 AND (?2 IS NULL OR w.watcher = ?2) ORDER BY w.id LIMIT ?3`,
          )
          .bind(after, watcher, q.limit + 1),
        db
          .prepare("SELECT s.code, count(*) AS n FROM watch_entries w JOIN subjects s ON s.id = w.subject_id WHERE w.removed_at IS NULL AND w.until >= ?2 AND w.source = 'officer' AND (?1 IS NULL OR w.watcher = ?1) GROUP BY s.code")
          .bind(watcher, today),
      ]);
      // A bucket on the move has its watches on two shards for a while: only the owner's are listed.
      const rows = (page?.results ?? []) as WatchRow[];
      const owned = await Promise.all(rows.map((r) => shards.owns(binding, r.code)));
      return { rows: rows.filter((_, i) => owned[i]).map((r) => ({ ...r, id: shards.publicId(binding, r.id) })), active: await ownedCount(shards, binding, (active?.results ?? []) as { code: string; n: number }[]) };
    }),
  );
  const rows = perShard.flatMap((p) => p.rows).sort((a, b) => a.id - b.id);
  const items = rows.slice(0, q.limit).map((r) => toWatchEntry(r, today));
  return { items, next: rows.length > q.limit ? (items.at(-1)?.id ?? null) : null, limit: watchlistLimit(env), active: perShard.reduce((n, p) => n + p.active, 0) };
}

/** The sum of per-subject counts over the subjects whose bucket the map puts on this shard. */
async function ownedCount(shards: ShardRouter, binding: string, counts: { code: string; n: number }[]): Promise<number> {
  const owned = await Promise.all(counts.map((c) => shards.owns(binding, c.code)));
  return counts.reduce((n, c, i) => n + (owned[i] ? c.n : 0), 0);
}

/** Stops one of the officer's own watches (a public id: its shard from the id); alerts it produced stay readable. */
export async function removeWatch(shards: ShardRouter, principal: Officer, id: number, now: Date): Promise<void> {
  const target = shards.fromPublicId(id);
  const result = target
    ? await target.shard.db.prepare("UPDATE watch_entries SET removed_at = ?3 WHERE id = ?1 AND watcher = ?2 AND removed_at IS NULL").bind(target.local, principal.id, now.toISOString()).run()
    : null;
  if (!result || result.meta.changes === 0) throw new ApiError(404, "not_found", `监控名单中没有编号为 ${id} 的监控项`, { id });
}
