/**
 * Ingest over shards writes full chunks to every shard (worker/ingest/writer.ts): rows are gathered per shard, so
 * each shard's batches hold CHUNK_ROWS rows (the last one the rest) instead of a share of one chunk cut over the
 * shards — the fixed cost of a transaction is paid once per CHUNK_ROWS rows on every shard. The real local D1
 * underneath; the router's sessions are wrapped only to count the batches each shard receives.
 */
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { DEFAULT_SEVERITY_RULES } from "../../shared/domain/penalties";
import { mapColumns } from "../../worker/ingest/columns";
import { KINDS } from "../../worker/ingest/kinds";
import { QualityTally } from "../../worker/ingest/quality";
import type { RecordRow } from "../../worker/ingest/record-plan";
import { validateRow } from "../../worker/ingest/spec";
import { rowValues } from "../../worker/ingest/validate";
import { CHUNK_ROWS, ChunkWriter } from "../../worker/ingest/writer";
import { ShardRouter } from "../../worker/shards";
import { PENALTY_HEADERS, penaltyRow } from "../fixtures/ingest/rows";
import { TODAY, shardDb } from "../worker/fixtures";

const SHARDS = { SHARD_0: env.SHARD_0!, SHARD_1: env.SHARD_1! };

it("every shard gets batches of CHUNK_ROWS rows, and every row is written once to its own shard", async () => {
  const batchesOf = { SHARD_0: 0, SHARD_1: 0 };
  const counted = (db: D1Database): D1Database => {
    const binding = db === SHARDS.SHARD_0 ? "SHARD_0" : "SHARD_1";
    return {
      prepare: (sql: string) => db.prepare(sql),
      batch: (statements: D1PreparedStatement[]) => {
        batchesOf[binding]++;
        return db.batch(statements);
      },
    } as unknown as D1Database;
  };
  const shards = new ShardRouter(env, env.DB, counted);
  const batchId = (await env.DB.prepare(
    "INSERT INTO ingest_batches (kind, source_unit_name, source_unit_code, received_at, status) VALUES ('penalties', '重庆市市场监督管理局', '11500000MB1541618P', ?1, 'receiving') RETURNING id",
  )
    .bind(new Date().toISOString())
    .first<number>("id"))!;
  const tally = new QualityTally(TODAY);
  const writer = new ChunkWriter(env.DB.withSession("first-unconstrained"), shards, KINDS.penalties, { batchId, receivedAt: new Date().toISOString(), guard: null }, tally);

  const total = 3 * CHUNK_ROWS;
  const columns = mapColumns(KINDS.penalties, [...PENALTY_HEADERS]);
  const onShard = { SHARD_0: 0, SHARD_1: 0 };
  for (let n = 1; n <= total; n++) {
    const row = penaltyRow(n, TODAY);
    onShard[shardDb(row.统一社会信用代码!) === SHARDS.SHARD_0 ? "SHARD_0" : "SHARD_1"]++;
    const checked = validateRow(KINDS.penalties, rowValues(KINDS.penalties, { row: n, fields: PENALTY_HEADERS.map((h) => row[h] ?? ""), raw: "" }, columns, new Set()), {
      today: TODAY,
      rules: DEFAULT_SEVERITY_RULES,
      defaults: {},
    });
    if (!("ok" in checked)) throw new Error(JSON.stringify(checked.errors));
    tally.seeRow();
    await writer.add(n, checked.ok as RecordRow, "");
  }
  await writer.finish();

  expect(tally.figures()).toMatchObject({ total, accepted: total, inserted: total, rejected: 0 });
  for (const binding of ["SHARD_0", "SHARD_1"] as const) {
    expect(onShard[binding]).toBeGreaterThan(CHUNK_ROWS);
    // ⌈rows / CHUNK_ROWS⌉ batches: full chunks, then the rest (a chunk cut over both shards would take about twice as many).
    expect(batchesOf[binding]).toBe(Math.ceil(onShard[binding] / CHUNK_ROWS));
    expect(await SHARDS[binding].prepare("SELECT count(*) AS n FROM records WHERE batch_id = ?1").bind(batchId).first<number>("n")).toBe(onShard[binding]);
  }
  expect(await env.DB.prepare("SELECT count(*) AS n FROM records").first<number>("n")).toBe(0);
  expect(await env.DB.prepare("SELECT accepted_rows FROM ingest_batches WHERE id = ?1").bind(batchId).first<number>("accepted_rows")).toBe(total);
});
