/**
 * A bucket move loses no write (issue 12 item 4, migration 0015): from its verification on, the bucket's subjects
 * are write-frozen on the source (an upload touching one answers 503 shard_moving with Retry-After, and succeeds on
 * the target after the switch); subjects created on the source after their page was verified — before the switch,
 * or after it by an isolate routing by a stale map — are carried to the target; a roll-back or the end of the move
 * unfreezes.
 */
import { env, exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import type { SubjectProfile } from "../../shared/contract";
import { addDays } from "../../shared/domain/dates";
import { bucketOf } from "../../shared/shards/bucket";
import { forgetShardMap } from "../../worker/shards";
import { abortMove, moveState, startMove, stepMove } from "../../worker/shards/move";
import { penaltyCsv, penaltyRow } from "../fixtures/ingest/rows";
import { upload } from "../fixtures/ingest/worker";
import { TODAY } from "../worker/fixtures";
import { ADMIN, OFFICER, bearer, token } from "../worker/tokens";

const ROWS = Array.from({ length: 300 }, (_, i) => penaltyRow(i + 1, TODAY));
const moveEnv = env as unknown as Record<string, unknown> & { DB: D1Database };
const shard = (b: string) => moveEnv[b] as D1Database;
const BUCKET = bucketOf(ROWS[0]!.统一社会信用代码!);
/** Rows of subjects not uploaded yet whose codes fall in BUCKET (numbers far above the uploaded ones). */
const LATER = Array.from({ length: 20_000 }, (_, i) => penaltyRow(5_000 + i, TODAY)).filter((r) => bucketOf(r.统一社会信用代码!) === BUCKET).slice(0, 3);

const count = async (db: D1Database, sql: string, ...p: unknown[]) => (await db.prepare(sql).bind(...p).first<number>("n"))!;
const subjectsNamed = (db: D1Database, code: string) => count(db, "SELECT count(*) AS n FROM subjects WHERE code = ?1", code);

async function profile(code: string): Promise<{ status: number; body: SubjectProfile }> {
  forgetShardMap();
  const res = await exports.default.fetch(`http://x/api/v1/subjects/${code}`, { headers: bearer(await token(ADMIN)) });
  return { status: res.status, body: (await res.json()) as SubjectProfile };
}

/** Steps the move until `stop` says so (or it is done); returns the phase it stopped in. */
async function stepUntil(bucket: number, stop: (phase: string) => boolean): Promise<string> {
  for (let i = 0; i < 100; i++) {
    const { state } = await stepMove(moveEnv, bucket);
    if (stop(state.phase) || state.phase === "done") return state.phase;
  }
  throw new Error("the move did not reach the phase");
}

/** A subject of BUCKET written straight into `db`, as an isolate routing by a stale map would, with one penalty. */
async function createDirectly(db: D1Database, row: (typeof LATER)[number]): Promise<void> {
  await db.prepare("INSERT INTO subjects (code, code_type, kind, name, region_code) VALUES (?1, 'uscc', 'enterprise', ?2, '500103')").bind(row.统一社会信用代码, row.行政相对人名称).run();
  await db
    .prepare(
      `INSERT INTO records (subject_id, category, doc_no, title, authority_name, authority_code, decided_on, status)
       SELECT id, 'penalty', ?2, '经营超过保质期的食品', '重庆市渝中区市场监督管理局', ?3, ?4, 'active' FROM subjects WHERE code = ?1`,
    )
    .bind(row.统一社会信用代码, row.行政处罚决定书文号, row.处罚机关统一社会信用代码, row.处罚决定日期)
    .run();
}

let from: string;
let to: string;
let frozenCode: string;

beforeAll(async () => {
  expect(LATER.length).toBe(3);
  const up = await upload("penalties", penaltyCsv(ROWS));
  expect(up.body.accepted).toBe(300);
  from = (await env.DB.prepare("SELECT binding FROM shard_map WHERE bucket = ?1").bind(BUCKET).first<string>("binding"))!;
  to = from === "SHARD_0" ? "SHARD_1" : "SHARD_0";
  frozenCode = ROWS[0]!.统一社会信用代码!;
});

describe("write freeze during a bucket move", () => {
  it("a roll-back unfreezes: the source takes writes again", async () => {
    await startMove(moveEnv, BUCKET, to);
    expect(await stepUntil(BUCKET, (p) => p === "verify")).toBe("verify");
    await stepMove(moveEnv, BUCKET); // the first verification page: its subjects are frozen
    expect(await count(shard(from), "SELECT count(*) AS n FROM move_frozen WHERE bucket = ?1", BUCKET)).toBeGreaterThan(0);
    await abortMove(moveEnv, BUCKET);
    expect(await count(shard(from), "SELECT count(*) AS n FROM move_frozen")).toBe(0);
    await shard(from).prepare("UPDATE subjects SET address = '重庆市渝中区解放碑' WHERE code = ?1").bind(frozenCode).run();
    expect(await moveState(env.DB, BUCKET)).toBeNull();
  });

  it("refuses writes to verified subjects on the source with 503, carries subjects created late, and loses nothing", async () => {
    await startMove(moveEnv, BUCKET, to);
    expect(await stepUntil(BUCKET, (p) => p === "switch")).toBe("switch");

    // Every subject of the bucket is frozen on the source now: the database refuses a direct write …
    await expect(shard(from).prepare("UPDATE records SET title = '改写' WHERE subject_id = (SELECT id FROM subjects WHERE code = ?1)").bind(frozenCode).run()).rejects.toThrow(/SHARD_MOVE_FROZEN/);
    await expect(shard(from).prepare("UPDATE subjects SET address = '改写' WHERE code = ?1").bind(frozenCode).run()).rejects.toThrow(/SHARD_MOVE_FROZEN/);
    // … an upload touching one of them (routed to the source: the map has not switched) keeps its other rows and
    // rejects that row, saying why and what to do …
    const newPenalty = penaltyRow(1, TODAY, { 行政处罚决定书文号: "渝中市监处罚〔2026〕9001号" });
    const elsewhere = penaltyRow(ROWS.findIndex((r) => bucketOf(r.统一社会信用代码!) !== BUCKET) + 1, TODAY, { 行政处罚决定书文号: "渝中市监处罚〔2026〕9002号" });
    const refused = await upload("penalties", penaltyCsv([newPenalty, elsewhere]));
    expect(refused.status).toBe(200);
    expect(refused.body).toMatchObject({ accepted: 1, rejected: 1 });
    expect(refused.body.rejectedRows).toEqual([expect.objectContaining({ row: 1, rule: "shard_moving", message: expect.stringContaining("重新报送本文件") })]);
    // … and a write through any other path answers 503 shard_moving with Retry-After (the envelope, for clients).
    const watch = await exports.default.fetch("http://x/api/v1/watchlist", {
      method: "POST",
      headers: { "content-type": "application/json", ...bearer(await token(OFFICER)) },
      body: JSON.stringify({ code: frozenCode, reason: "渝审批〔2026〕88号", until: addDays(TODAY, 30) }),
    });
    expect(watch.status).toBe(503);
    expect(watch.headers.get("retry-after")).toBe("10");
    expect(await watch.json()).toMatchObject({ error: { code: "shard_moving" } });
    // Reads still answer from the source.
    expect((await profile(frozenCode)).status).toBe(200);

    // A subject of the bucket created on the source after verification passed it: the switch copies it.
    await createDirectly(shard(from), LATER[0]!);
    const switched = await stepMove(moveEnv, BUCKET);
    expect(switched.state.phase).toBe("delete");
    expect(switched.progress).toContain("1 subjects created since verification copied");
    expect(await subjectsNamed(shard(to), LATER[0]!.统一社会信用代码!)).toBe(1);

    // One created on the source after the switch by an isolate with a stale map: the delete copies it first.
    await createDirectly(shard(from), LATER[1]!);
    const started = Date.now();
    expect(await stepUntil(BUCKET, () => false)).toBe("done");
    // The delete waited for every isolate's cached map to expire before reading the source.
    expect(Date.now() - started).toBeGreaterThanOrEqual(4_000);

    for (const row of [LATER[0]!, LATER[1]!]) {
      const code = row.统一社会信用代码!;
      expect(await subjectsNamed(shard(to), code)).toBe(1);
      expect(await subjectsNamed(shard(from), code)).toBe(0);
      const p = await profile(code);
      expect(p.status).toBe(200);
      expect(p.body.penalties.map((x) => x.docNo)).toEqual([row.行政处罚决定书文号]);
    }
    expect(await count(shard(from), "SELECT count(*) AS n FROM move_frozen")).toBe(0);
    expect(await count(shard(to), "SELECT count(*) AS n FROM move_frozen")).toBe(0);

    // The refused upload, sent again, lands on the target.
    const retried = await upload("penalties", penaltyCsv([newPenalty, elsewhere]));
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({ accepted: 2, rejected: 0 });
    expect((await profile(frozenCode)).body.penalties.map((x) => x.docNo)).toContain("渝中市监处罚〔2026〕9001号");
  });

  it("stops rather than lose rows when the same new subject was created on both shards around the switch", async () => {
    const back = from;
    await startMove(moveEnv, BUCKET, back);
    expect(await stepUntil(BUCKET, (p) => p === "delete")).toBe("delete");
    // The bucket now lives on `back`; a stale isolate creates LATER[2] on the source (`to`), a fresh one on `back`.
    await createDirectly(shard(to), LATER[2]!);
    await createDirectly(shard(back), LATER[2]!);
    await expect(stepUntil(BUCKET, () => false)).rejects.toMatchObject({ code: "VERIFY_FAILED", message: expect.stringContaining(LATER[2]!.统一社会信用代码!) });
    expect((await moveState(env.DB, BUCKET))?.phase).toBe("delete");
  });
});
