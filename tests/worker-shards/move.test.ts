/**
 * Moving a bucket (issue 12 item 4) inside workerd with SHARD_0 and SHARD_1: copy, verify, switch, delete, one
 * step at a time, with lookups and checks between every step answering the same content; an interrupted move
 * resumes, one rolled back before the switch leaves the target as it was; nothing is lost or duplicated.
 */
import { env, exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import type { AlertPage, CaseSummary, CaseView, CheckResult, Commitment, FiledCase, SearchResult, SubjectEvaluation, SubjectProfile, WatchlistPage, WatchlistResult } from "../../shared/contract";
import { addDays } from "../../shared/domain/dates";
import { bucketOf } from "../../shared/shards/bucket";
import { fanOutAllShards } from "../../worker/alerts/fanout";
import { readChanges } from "../../worker/changes/queries";
import { forgetShardMap, ShardRouter } from "../../worker/shards";
import { abortMove, bucketDigest, moveState, startMove, stepMove } from "../../worker/shards/move";
import { penaltyCsv, penaltyRow } from "../fixtures/ingest/rows";
import { upload } from "../fixtures/ingest/worker";
import { AUTHORITY, TODAY, insertPenalty, insertSubject, uscc } from "../worker/fixtures";
import { ADMIN, OFFICER, bearer, token } from "../worker/tokens";

// 600 subjects: more than one copy page (200 source subjects per step), several of them in every bucket.
const ROWS = Array.from({ length: 600 }, (_, i) => penaltyRow(i + 1, TODAY));
const CODES = ROWS.map((r) => r.统一社会信用代码!);
const moveEnv = env as unknown as Record<string, unknown> & { DB: D1Database };
const shard = (b: string) => moveEnv[b] as D1Database;
/**
 * These tests drop every cached map themselves before each read (forgetShardMap in `readings`), so the delete need not
 * wait out other isolates' caches; the wait itself is tested in move-freeze.test.ts. Without it, the alert queue's
 * consumer would fan out during the wait what the last test expects the target's fan-out to write when it asks.
 */
const NO_SETTLE = { settleMs: 0 };

async function api<T>(path: string, init: RequestInit & { claims?: Record<string, unknown> } = {}): Promise<{ status: number; body: T }> {
  const headers = { "content-type": "application/json", ...(init.claims ? bearer(await token(init.claims)) : {}) };
  const res = await exports.default.fetch(`http://x${path}`, { ...init, headers });
  return { status: res.status, body: (await res.json()) as T };
}

async function mapOf(bucket: number): Promise<string> {
  return (await env.DB.prepare("SELECT binding FROM shard_map WHERE bucket = ?1").bind(bucket).first<string>("binding"))!;
}

/** What a reader sees of the bucket's subjects: lookups and one batch check, without ids or times of the query. */
async function readings(codes: string[]): Promise<unknown> {
  // Isolates cache the map for 5 s; the test reads as a fresh isolate would after that time.
  forgetShardMap();
  const lookups = [];
  for (const code of codes) {
    const { status, body } = await api<SubjectProfile>(`/api/v1/subjects/${code}`, { claims: ADMIN });
    lookups.push({ status, code: body.code, name: body.name, penalties: body.penalties.map((p) => [p.docNo, p.decidedOn, p.severity, p.fineWan, p.authority]) });
  }
  // By code, and (for the first few) by exact name: a name is looked up on every shard, so during a move the
  // bucket's subjects are on two of them and must still count once.
  const names = await Promise.all(codes.slice(0, 3).map(async (code) => (await api<SubjectProfile>(`/api/v1/subjects/${code}`, { claims: ADMIN })).body.name));
  const items = [...codes.map((code, i) => ({ ref: String(i), code })), ...names.map((name, i) => ({ ref: `name-${i}`, name }))];
  const check = await api<CheckResult>("/api/v1/checks", { method: "POST", body: JSON.stringify({ scene: "政府采购", purpose: "CQZC-2026-0001", items }), claims: OFFICER });
  // Name search asks every shard too: each subject listed once (the candidate count may count a moving bucket twice).
  const searches = [];
  for (const name of names) searches.push((await api<SearchResult>(`/api/v1/search?q=${encodeURIComponent(name)}`)).body.items.map((i) => i.code));
  return { lookups, searches, check: check.body.items.map((i) => [i.ref, i.status, i.subject?.code, i.subject?.name, i.hits.length, i.decision]) };
}

let bucket: number;
let codes: string[];

beforeAll(async () => {
  const up = await upload("penalties", penaltyCsv(ROWS));
  expect(up.body.accepted).toBe(600);
  bucket = bucketOf(CODES[0]!);
  codes = CODES.filter((c) => bucketOf(c) === bucket).sort();
});

describe("moving a bucket", () => {
  it("rolls a move back before the switch: the target loses the partial copy, the map is unchanged", async () => {
    const from = await mapOf(bucket);
    const to = from === "SHARD_0" ? "SHARD_1" : "SHARD_0";
    const before = await bucketDigest(shard(to), codes);
    expect(before.subjects!.rows).toBe(0);
    await startMove(moveEnv, bucket, to);
    await stepMove(moveEnv, bucket, NO_SETTLE); // one copy page
    expect((await bucketDigest(shard(to), codes)).subjects!.rows).toBeGreaterThan(0);
    await abortMove(moveEnv, bucket);
    expect(await bucketDigest(shard(to), codes)).toEqual(before);
    expect(await moveState(env.DB, bucket)).toBeNull();
    expect(await mapOf(bucket)).toBe(from);
  });

  it("copies, verifies, switches and deletes with every read in between answering the same", async () => {
    const from = await mapOf(bucket);
    const to = from === "SHARD_0" ? "SHARD_1" : "SHARD_0";
    const version = await env.DB.prepare("SELECT version FROM shard_map_version").first<number>("version");
    const sourceDigest = await bucketDigest(shard(from), codes);
    expect(sourceDigest.subjects!.rows).toBe(codes.length);
    expect(sourceDigest.records!.rows).toBe(codes.length);
    expect(sourceDigest.status_history!.rows).toBe(codes.length);
    const otherBefore = { from: (await shard(from).prepare("SELECT count(*) AS n FROM subjects").first<number>("n"))!, to: (await shard(to).prepare("SELECT count(*) AS n FROM subjects").first<number>("n"))! };

    const expected = await readings(codes);
    await startMove(moveEnv, bucket, to);
    const phases: string[] = [];
    for (let i = 0; i < 50; i++) {
      const { state } = await stepMove(moveEnv, bucket, NO_SETTLE);
      phases.push(state.phase);
      expect(await readings(codes)).toEqual(expected);
      if (state.phase === "done") break;
      // An interruption: the next step reads its state from the control database again and runs a step twice
      // (the copy is idempotent), which must neither fail nor duplicate.
      if (state.phase === "copy" && state.cursor > 0 && i === 1) await stepMove(moveEnv, bucket, NO_SETTLE).catch(() => undefined);
    }
    expect(phases).toContain("verify");
    expect(phases.at(-1)).toBe("done");
    expect(await mapOf(bucket)).toBe(to);
    expect(await env.DB.prepare("SELECT version FROM shard_map_version").first<number>("version")).toBe(version! + 1);
    // Every row arrived once, with the same content; none is left behind.
    expect(await bucketDigest(shard(to), codes)).toEqual(sourceDigest);
    expect((await bucketDigest(shard(from), codes)).subjects!.rows).toBe(0);
    expect((await bucketDigest(shard(from), codes)).records!.rows).toBe(0);
    expect(await shard(from).prepare("SELECT count(*) AS n FROM subjects").first<number>("n")).toBe(otherBefore.from - codes.length);
    expect(await shard(to).prepare("SELECT count(*) AS n FROM subjects").first<number>("n")).toBe(otherBefore.to + codes.length);
    // The name index followed (triggers on the target): the moved subject is found by name on its new shard only.
    const name = ROWS[CODES.indexOf(codes[0]!)]!.行政相对人名称!;
    for (const [b, n] of [[to, 1], [from, 0]] as const) {
      expect(await shard(b).prepare("SELECT count(*) AS n FROM subject_names WHERE subject_names MATCH ?1").bind(`"${name}"`).first<number>("n")).toBe(n);
    }
  });

  it("refuses to move to an unbound shard or onto the shard that already holds the bucket", async () => {
    await expect(startMove(moveEnv, bucket, "SHARD_9")).rejects.toMatchObject({ code: "NOT_BOUND" });
    await expect(startMove(moveEnv, bucket, await mapOf(bucket))).rejects.toMatchObject({ code: "BAD_TARGET" });
  });
});

describe("POST /api/v1/admin/shards/move", () => {
  it("moves a bucket step by step until done, as npm run shards:move drives it", async () => {
    const other = bucketOf(CODES.find((c) => bucketOf(c) !== bucket)!);
    const otherCodes = CODES.filter((c) => bucketOf(c) === other);
    const from = await mapOf(other);
    const to = from === "SHARD_0" ? "SHARD_1" : "SHARD_0";
    const expected = await readings(otherCodes);
    const phases: string[] = [];
    for (let i = 0; i < 50 && phases.at(-1) !== "done"; i++) {
      const { status, body } = await api<{ phase: string; from: string; to: string; progress: string }>("/api/v1/admin/shards/move", { method: "POST", body: JSON.stringify({ bucket: other, to }), claims: ADMIN });
      expect(status).toBe(200);
      expect(body).toMatchObject({ from, to });
      phases.push(body.phase);
    }
    // The phase after each step: copy pages, verification pages, the switch, delete pages, done — in this order.
    expect(phases.join(",")).toMatch(/^(copy,)+(verify,)+switch,(delete,)+done$/);
    expect(await mapOf(other)).toBe(to);
    expect(await readings(otherCodes)).toEqual(expected);
  });

  it("answers 400 naming the field for a bucket out of range or an unbound shard", async () => {
    const outOfRange = await api<{ error: { code: string; details: { field: string }[] } }>("/api/v1/admin/shards/move", { method: "POST", body: JSON.stringify({ bucket: 256, to: "SHARD_1" }), claims: ADMIN });
    expect(outOfRange.status).toBe(400);
    expect(outOfRange.body.error.details.map((d) => d.field)).toContain("body.bucket");
    const unbound = await api<{ error: { code: string; details: { field: string }[] } }>("/api/v1/admin/shards/move", { method: "POST", body: JSON.stringify({ bucket: 3, to: "SHARD_7" }), claims: ADMIN });
    expect(unbound.status).toBe(400);
    expect(unbound.body.error.details.map((d) => d.field)).toEqual(["body.to"]);
  });
});

/** Answers without ids: the public ids of moved rows change by design (docs/deployment.md "Moving a bucket"). */
function stripIds(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripIds);
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).filter(([k]) => k !== "id" && !k.endsWith("Id")).map(([k, v]) => [k, stripIds(v)]));
  return value;
}

const CLERK = { ...OFFICER, sub: "clerk-move", name: "审批窗口钱七", scenes: ["行政审批", "政府采购"] };
const DECIDER = { role: "officer", sub: "officer-yz-scjg", name: "李四", dept: AUTHORITY.code, scenes: ["政府采购", "日常监管"] };
let ip = 0;
async function call<T>(path: string, claims: Record<string, unknown> | null, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await exports.default.fetch(`http://x${path}`, {
    method: body === undefined ? "GET" : "POST",
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    headers: { "content-type": "application/json", "cf-connecting-ip": `203.0.113.${++ip % 250}`, ...(claims ? bearer(await token(claims)) : {}) },
  });
  return { status: res.status, body: (await res.json()) as T };
}
const count = async (db: D1Database, sql: string, ...p: unknown[]) => (await db.prepare(sql).bind(...p).first<number>("n"))!;
const router = () => new ShardRouter(env, env.DB, (db) => db);

/** A change-feed reader with limit 1: every page is one change row, so what it was shown can be counted exactly. */
class FeedReader {
  seen: string[] = [];
  done = false;
  constructor(public since: string) {}
  async read(pages: number): Promise<void> {
    for (let i = 0; i < pages; i++) {
      const page = await readChanges(router(), { role: "admin", id: "admin-move", name: "管理员" } as never, this.since, 1, TODAY);
      this.seen.push(...page.items.map((it) => `${it.code}|${it.kinds.join(",")}|${it.changedAt}`));
      this.since = String(page.next);
      this.done = !page.hasMore;
      if (this.done) return;
    }
  }
}

describe("moving a bucket with every kind of row", () => {
  let b: number;
  let from: string;
  let to: string;
  let all: string[];
  const mine: { code: string; id: number }[] = [];
  const filed: Record<string, FiledCase> = {};
  const DOCS = ["渝中市监罚〔2026〕迁移1号", "渝中市监罚〔2026〕迁移2号", "渝中市监罚〔2026〕迁移3号", "渝中市监罚〔2026〕迁移4号", "渝中市监罚〔2026〕迁移5号"];
  const REF = "渝中审批〔2026〕迁移1号";

  /** What readers see of the bucket: lookups and a check, evaluations, both cases, the clerk's watch list and alerts, the public commitments. */
  async function everything(): Promise<unknown> {
    forgetShardMap();
    const evaluations = [];
    for (const { code } of mine) evaluations.push((await call<SubjectEvaluation>(`/api/v1/evaluations/${code}`, ADMIN)).body);
    const cases = [];
    for (const c of Object.values(filed)) cases.push((await call<CaseView>(`/api/v1/cases/${c.tracking}?k=${c.accessKey}`, null)).body);
    const queue = (await call<{ items: CaseSummary[] }>("/api/v1/cases", ADMIN)).body.items.filter((i) => Object.values(filed).some((f) => f.tracking === i.tracking));
    const watches = (await call<WatchlistPage>("/api/v1/watchlist?limit=100", CLERK)).body.items;
    const alerts = (await call<AlertPage>("/api/v1/alerts?since=0&limit=100", CLERK)).body;
    const commitments = (await call<{ items: unknown[] }>(`/api/v1/subjects/${mine[0]!.code}/commitments`, null)).body;
    return stripIds({ readings: await readings(all), evaluations, cases, queue, watches, alerts: { items: alerts.items, unread: alerts.unread }, commitments });
  }

  beforeAll(async () => {
    const used = new Set([bucketOf(CODES[0]!), bucketOf(CODES.find((c) => bucketOf(c) !== bucketOf(CODES[0]!))!)]);
    let first = uscc("500105");
    while (used.has(bucketOf(first))) first = uscc("500105");
    b = bucketOf(first);
    let second = uscc("500105");
    while (bucketOf(second) !== b) second = uscc("500105");
    for (const [i, code] of [first, second].entries()) mine.push({ code, id: await insertSubject({ code, name: `重庆迁移全表测试${i}有限公司` }) });
    all = [...CODES.filter((c) => bucketOf(c) === b), first, second].sort();
    from = await mapOf(b);
    to = from === "SHARD_0" ? "SHARD_1" : "SHARD_0";
    const [x, y] = mine as [{ code: string; id: number }, { code: string; id: number }];
    await insertPenalty(x.id, { docNo: DOCS[0]!, monthsAgo: 5 });
    await insertPenalty(x.id, { docNo: DOCS[1]!, monthsAgo: 5 });
    await insertPenalty(y.id, { docNo: DOCS[2]!, monthsAgo: 5 });
    // Watches, then a 告知承诺 (with its own watch) found untrue: a commitment, a 重点监管 entry, changes after the watches.
    const watched = await call<WatchlistResult>("/api/v1/watchlist", CLERK, { items: mine.map(({ code }) => ({ code, reason: "CQZC-2026-0999", until: addDays(TODAY, 90) })), scene: "政府采购" });
    expect(watched.body.added).toBe(2);
    const made = await call<Commitment>("/api/v1/commitments", CLERK, { code: x.code, type: "涉企经营许可事项告知承诺", matter: "食品经营许可：承诺经营场所符合许可条件", madeOn: TODAY, verifyBy: addDays(TODAY, 30), ref: REF, authorityName: "重庆市渝中区行政审批局" });
    expect(made.status).toBe(201);
    expect((await call(`/api/v1/commitments/${made.body.id}/verification`, CLERK, { result: "不属实", note: "现场核查：经营场所不符合许可条件" })).status).toBe(200);
    await insertPenalty(x.id, { docNo: DOCS[3]!, monthsAgo: 0 });
    expect((await fanOutAllShards(env, { now: new Date(), today: TODAY })).alerts).toBeGreaterThan(0);
    // Evaluation results, computed on the source.
    for (const { code } of mine) expect((await call(`/api/v1/evaluations/${code}`, ADMIN)).status).toBe(200);
    // A repair case (accepted) and an objection decided by 更正 (a record version), each with events.
    const application = (docNo: string) => ({ subjectCode: x.code, docNo, applicantName: "王小明", applicantContact: "13812345678", statement: "罚款已缴清，已整改。", commitmentAccepted: true, reason: "罚款金额与决定书不符" });
    const repair = await call<FiledCase>("/api/v1/repairs", null, application(DOCS[0]!));
    expect(repair.status).toBe(201);
    filed.repair = repair.body;
    expect((await call(`/api/v1/repairs/${repair.body.tracking}/accept`, DECIDER, {})).status).toBe(200);
    const objection = await call<FiledCase>("/api/v1/objections", null, application(DOCS[1]!));
    expect(objection.status).toBe(201);
    filed.objection = objection.body;
    expect((await call(`/api/v1/objections/${objection.body.tracking}/decision`, DECIDER, { outcome: "corrected", reason: "金额有误，予以更正", corrections: { content: "罚款人民币壹万元整" } })).status).toBe(200);
    await shard(from).prepare("INSERT INTO entity_versions (entity, entity_id, snapshot, replaced_at) VALUES ('subject', ?1, '{\"name\":\"旧名称\"}', '2026-01-05T00:00:00Z')").bind(x.id).run();
    // A change the source's fan-out has not reached when the move starts: its alert is the target's to write.
    await insertPenalty(y.id, { docNo: DOCS[4]!, monthsAgo: 0 });
  });

  it("rolls back before the switch: every table's partial copy leaves the target", async () => {
    const empty = await bucketDigest(shard(to), all);
    for (const [t, d] of Object.entries(empty)) expect(d.rows, t).toBe(0);
    const source = await bucketDigest(shard(from), all);
    await startMove(moveEnv, b, to);
    for (let i = 0; i < 3; i++) await stepMove(moveEnv, b, NO_SETTLE); // the copy pages
    expect((await bucketDigest(shard(to), all)).alerts!.rows).toBeGreaterThan(0);
    await abortMove(moveEnv, b);
    expect(await bucketDigest(shard(to), all)).toEqual(empty);
    expect(await bucketDigest(shard(from), all)).toEqual(source);
    expect(await mapOf(b)).toBe(from);
  });

  it("moves every table, answers the same between and during steps, resumes, and leaves nothing behind", async () => {
    const source = shard(from);
    const target = shard(to);
    const before = await bucketDigest(source, all);
    for (const t of ["subjects", "records", "list_entries", "status_history", "changes", "commitments", "evaluation_results", "record_versions", "entity_versions", "repair_cases", "objection_cases", "case_events", "watch_entries", "alerts"]) {
      expect(before[t]!.rows, t).toBeGreaterThan(0);
    }
    const expected = await everything();
    // Change-feed readers: one at the start of the feed, one that reads fast enough to cross the bucket's rows during
    // the move, one already at the end. `reference` is everything there is before the move.
    const reference = new FeedReader("0");
    while (!reference.done) await reference.read(500);
    const slow = new FeedReader("0");
    const fast = new FeedReader("0");
    const caughtUp = new FeedReader(reference.since);
    await slow.read(3);

    // The alerts the source's fan-out still owes the bucket's watchers (changes after its cursor): the last penalty,
    // and the case steps and evaluation after the last fan-out. The target must write exactly these.
    const owed = await count(source, `SELECT count(*) AS n FROM changes c JOIN watch_entries w ON w.subject_id = c.subject_id AND w.removed_at IS NULL AND w.until >= ?1 AND w.created_at <= c.at
      WHERE c.seq > (SELECT seq FROM alert_cursors WHERE feed = 'change')`, TODAY) +
      (await count(source, `SELECT count(*) AS n FROM grade_changes c JOIN watch_entries w ON w.subject_id = c.subject_id AND w.removed_at IS NULL AND w.until >= ?1 AND w.created_at <= c.at
      WHERE c.seq > (SELECT seq FROM alert_cursors WHERE feed = 'grade')`, TODAY));
    expect(owed).toBeGreaterThan(0);

    await startMove(moveEnv, b, to);
    let verifying = false;
    let digestAtVerify = before;
    for (let i = 0; i < 60; i++) {
      // A step and a full set of reads at the same time: every read answers as before the move.
      const [{ state }, during] = await Promise.all([stepMove(moveEnv, b, NO_SETTLE), everything()]);
      expect(during).toEqual(expected);
      expect(await everything()).toEqual(expected);
      await slow.read(1);
      await fast.read(60);
      if (state.phase === "done") break;
      if (i === 0 && state.phase === "copy") {
        // Interrupted after the copy batch landed but before its state was saved: the page is copied again.
        await env.DB.prepare("UPDATE shard_moves SET cursor = 0 WHERE bucket = ?1").bind(b).run();
      }
      if (state.phase === "verify" && !verifying) {
        verifying = true;
        // A write on the source after its page was copied: verification copies the page again.
        await source.prepare("INSERT INTO entity_versions (entity, entity_id, snapshot, replaced_at) VALUES ('subject', ?1, '{\"name\":\"更旧名称\"}', '2026-01-06T00:00:00Z')").bind(mine[1]!.id).run();
        digestAtVerify = await bucketDigest(source, all);
      }
    }
    expect(verifying).toBe(true);
    expect(await mapOf(b)).toBe(to);
    // Every row arrived once with the same content; nothing of the bucket is left on the source but its feed rows.
    expect(await bucketDigest(target, all)).toEqual(digestAtVerify);
    for (const [t, d] of Object.entries(await bucketDigest(source, all))) expect(d.rows, t).toBe(0);
    // The 近90天查询次数 (derived, not in the digest): the reads above counted on the source until the switch; the
    // target's counts are the query log's, the source keeps none.
    const logged = await count(env.DB, "SELECT count(*) AS n FROM query_log_subjects WHERE subject_code IN (SELECT value FROM json_each(?1))", JSON.stringify(all));
    expect(logged).toBeGreaterThan(0);
    expect(await count(target, "SELECT coalesce(sum(n), 0) AS n FROM query_counts WHERE code IN (SELECT value FROM json_each(?1))", JSON.stringify(all))).toBe(logged);
    expect(await count(source, "SELECT count(*) AS n FROM query_counts WHERE code IN (SELECT value FROM json_each(?1))", JSON.stringify(all))).toBe(0);
    expect(await count(source, "SELECT count(*) AS n FROM changes WHERE moved_code IN (SELECT value FROM json_each(?1)) AND subject_id = 0", JSON.stringify(all))).toBe(before.changes!.rows);
    // Parents found by natural key on the target.
    const broken = [
      "SELECT count(*) AS n FROM commitments m WHERE m.watch_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM watch_entries w WHERE w.id = m.watch_id AND w.subject_id = m.subject_id)",
      "SELECT count(*) AS n FROM commitments m WHERE m.false_entry_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM list_entries l WHERE l.id = m.false_entry_id AND l.subject_id = m.subject_id AND l.doc_no = m.doc_no)",
      "SELECT count(*) AS n FROM repair_cases c WHERE NOT EXISTS (SELECT 1 FROM records r WHERE r.id = c.target_id AND r.subject_id = c.subject_id)",
      "SELECT count(*) AS n FROM objection_cases c WHERE NOT EXISTS (SELECT 1 FROM records r WHERE r.id = c.target_id AND r.subject_id = c.subject_id)",
      "SELECT count(*) AS n FROM alerts a WHERE NOT EXISTS (SELECT 1 FROM watch_entries w WHERE w.id = a.watch_id AND w.subject_id = a.subject_id)",
      "SELECT count(*) AS n FROM alerts a WHERE a.feed = 'change' AND NOT EXISTS (SELECT 1 FROM changes c WHERE c.seq = a.change_seq AND c.subject_id = a.subject_id AND c.entity = a.entity AND c.entity_id = a.entity_id)",
      "SELECT count(*) AS n FROM record_versions v WHERE NOT EXISTS (SELECT 1 FROM records r WHERE r.id = v.record_id)",
      "SELECT count(*) AS n FROM status_history h WHERE NOT EXISTS (SELECT 1 FROM records r WHERE h.entity = 'record' AND r.id = h.entity_id) AND NOT EXISTS (SELECT 1 FROM list_entries l WHERE h.entity = 'list_entry' AND l.id = h.entity_id)",
      "SELECT count(*) AS n FROM changes c WHERE c.subject_id <> 0 AND c.entity = 'record' AND NOT EXISTS (SELECT 1 FROM records r WHERE r.id = c.entity_id AND r.subject_id = c.subject_id)",
      "SELECT count(*) AS n FROM evaluation_results e WHERE NOT EXISTS (SELECT 1 FROM subjects s WHERE s.id = e.subject_id)",
      "SELECT count(*) AS n FROM entity_versions v WHERE v.entity = 'subject' AND NOT EXISTS (SELECT 1 FROM subjects s WHERE s.id = v.entity_id)",
    ];
    for (const sql of broken) expect(await count(target, sql), sql).toBe(0);
    expect(await count(target, "SELECT count(*) AS n FROM case_events WHERE tracking IN (?1, ?2)", filed.repair!.tracking, filed.objection!.tracking)).toBe(before.case_events!.rows);
    // Evaluation results were copied, not recomputed: the same computed_at, still fresh on the target.
    expect(await everything()).toEqual(expected);

    // The fan-out on the target writes the alerts the source still owed and nothing for the moved history (whose
    // alerts came along); no (watch, change) pair has two alerts.
    const alertsBefore = await count(target, "SELECT count(*) AS n FROM alerts");
    expect((await fanOutAllShards(env, { now: new Date(), today: TODAY })).alerts).toBe(owed);
    expect(await count(target, "SELECT count(*) AS n FROM alerts")).toBe(alertsBefore + owed);
    expect(await count(target, "SELECT count(*) AS n FROM alerts a JOIN records r ON a.entity = 'record' AND r.id = a.entity_id WHERE r.doc_no = ?1", DOCS[4])).toBe(1);
    expect(await count(target, "SELECT count(*) AS n FROM (SELECT 1 FROM alerts GROUP BY watch_id, entity, entity_id, changed_at HAVING count(*) > 1)")).toBe(0);

    // A change after the move, on the target: every reader sees it once, and each change of before once.
    await target.prepare(
      `INSERT INTO records (subject_id, category, doc_no, authority_name, authority_code, decided_on, status) SELECT id, 'licence', '渝中许可〔2026〕迁移后1号', ?2, ?3, ?4, 'active' FROM subjects WHERE code = ?1`,
    ).bind(mine[0]!.code, AUTHORITY.name, AUTHORITY.code, TODAY).run();
    for (const r of [slow, fast, caughtUp]) while (!r.done) await r.read(500);
    const after = caughtUp.seen;
    expect(after).toHaveLength(1);
    expect(after[0]).toMatch(new RegExp(`^${mine[0]!.code}\\|record\\|`));
    for (const r of [slow, fast]) expect(r.seen).toEqual([...reference.seen, ...after]);
  });
});
