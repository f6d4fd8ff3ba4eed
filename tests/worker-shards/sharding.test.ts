/**
 * Sharding (issue 12) inside workerd with two shard databases (SHARD_0, SHARD_1) and the control database DB:
 * rows go to the shard the bucket map names and nowhere else; an upload is idempotent across shards; lookups,
 * checks and search answer over both shards; GET /api/v1/admin/shards reports each shard.
 */
import { env, exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import type { CheckResult, SearchResult, ShardsReport, SubjectProfile } from "../../shared/contract";
import { bucketOf } from "../../shared/shards/bucket";
import { ShardRouter } from "../../worker/shards";
import { penaltyCsv, penaltyRow } from "../fixtures/ingest/rows";
import { upload } from "../fixtures/ingest/worker";
import { TODAY, shardDb } from "../worker/fixtures";
import { ADMIN, OFFICER, bearer, token } from "../worker/tokens";

const ROWS = Array.from({ length: 40 }, (_, i) => penaltyRow(i + 1, TODAY));
const CODES = ROWS.map((r) => r.统一社会信用代码!);
const SHARDS = { SHARD_0: env.SHARD_0!, SHARD_1: env.SHARD_1! };

async function count(db: D1Database, table: string, where = "1", ...args: unknown[]): Promise<number> {
  return (await db.prepare(`SELECT count(*) AS n FROM ${table} WHERE ${where}`).bind(...args).first<number>("n"))!;
}

async function api<T>(path: string, init: RequestInit & { claims?: Record<string, unknown> } = {}): Promise<{ status: number; body: T }> {
  const headers = { "content-type": "application/json", ...(init.claims ? bearer(await token(init.claims)) : {}) };
  const res = await exports.default.fetch(`http://x${path}`, { ...init, headers });
  return { status: res.status, body: (await res.json()) as T };
}

let first: Awaited<ReturnType<typeof upload>>;

beforeAll(async () => {
  first = await upload("penalties", penaltyCsv(ROWS));
});

describe("ingest across shards", () => {
  it("writes each subject and its record to the shard of its bucket, and neither to the other shard nor to DB", async () => {
    expect(first.status).toBe(200);
    expect(first.body.accepted).toBe(40);
    const perShard = { SHARD_0: 0, SHARD_1: 0 };
    for (const code of CODES) {
      const home = shardDb(code);
      const binding = home === SHARDS.SHARD_0 ? "SHARD_0" : "SHARD_1";
      const other = binding === "SHARD_0" ? SHARDS.SHARD_1 : SHARDS.SHARD_0;
      perShard[binding]++;
      expect(await count(home, "subjects", "code = ?1", code)).toBe(1);
      expect(await count(home, "records r JOIN subjects s ON s.id = r.subject_id", "s.code = ?1", code)).toBe(1);
      expect(await count(other, "subjects", "code = ?1", code)).toBe(0);
    }
    // Both shards hold some (40 codes over 2 shards), and the control database holds no subject data at all.
    expect(perShard.SHARD_0).toBeGreaterThan(0);
    expect(perShard.SHARD_1).toBeGreaterThan(0);
    expect(perShard.SHARD_0 + perShard.SHARD_1).toBe(40);
    expect(await count(env.DB, "subjects")).toBe(0);
    expect(await count(env.DB, "records")).toBe(0);
    // The batch stays global (counts and report in DB); each shard it wrote to holds a copy of its header, which
    // the records' lineage (batch_id) names.
    expect(await env.DB.prepare("SELECT accepted_rows FROM ingest_batches WHERE id = ?1").bind(first.body.batchId).first("accepted_rows")).toBe(40);
    for (const db of Object.values(SHARDS)) {
      expect(await db.prepare("SELECT accepted_rows, source_unit_code FROM ingest_batches WHERE id = ?1").bind(first.body.batchId).first()).toEqual({ accepted_rows: 0, source_unit_code: ROWS[0]!.数据来源单位统一社会信用代码 });
    }
    expect((await count(SHARDS.SHARD_0, "records", "batch_id = ?1", first.body.batchId)) + (await count(SHARDS.SHARD_1, "records", "batch_id = ?1", first.body.batchId))).toBe(40);
  });

  it("is idempotent across shards: the same file again changes nothing and duplicates nothing", async () => {
    const before = [await count(SHARDS.SHARD_0, "records"), await count(SHARDS.SHARD_1, "records"), await count(SHARDS.SHARD_0, "changes"), await count(SHARDS.SHARD_1, "changes")];
    const again = await upload("penalties", penaltyCsv(ROWS));
    expect(again.status).toBe(200);
    expect(again.body.unchanged).toBe(40);
    expect([await count(SHARDS.SHARD_0, "records"), await count(SHARDS.SHARD_1, "records"), await count(SHARDS.SHARD_0, "changes"), await count(SHARDS.SHARD_1, "changes")]).toEqual(before);
    // The batch's counts are kept in the control database as before.
    const batch = await env.DB.prepare("SELECT total_rows, accepted_rows, rejected_rows, status FROM ingest_batches WHERE id = ?1").bind(again.body.batchId).first();
    expect(batch).toMatchObject({ total_rows: 40, accepted_rows: 40, rejected_rows: 0, status: "done" });
  });
});

describe("reads across shards", () => {
  const onShard = (binding: keyof typeof SHARDS) => CODES.find((c) => shardDb(c) === SHARDS[binding])!;

  it("looks a subject up on either shard with its record", async () => {
    for (const binding of ["SHARD_0", "SHARD_1"] as const) {
      const code = onShard(binding);
      const { status, body } = await api<SubjectProfile>(`/api/v1/subjects/${code}`, { claims: ADMIN });
      expect(status).toBe(200);
      expect(body.code).toBe(code);
      expect(body.penalties.map((p) => p.docNo)).toEqual([ROWS[CODES.indexOf(code)]!.行政处罚决定书文号]);
    }
  });

  it("checks a batch with items on both shards in one signed answer", async () => {
    const items = CODES.slice(0, 10).map((code, i) => ({ ref: String(i), code }));
    const { status, body } = await api<CheckResult>("/api/v1/checks", { method: "POST", body: JSON.stringify({ scene: "政府采购", purpose: "CQZC-2026-0001", items }), claims: OFFICER });
    expect(status).toBe(200);
    expect(body.items.map((i) => i.subject?.code)).toEqual(CODES.slice(0, 10));
    expect(new Set(CODES.slice(0, 10).map((c) => shardDb(c))).size).toBe(2);
    expect(body.receipt.jws.split(".")).toHaveLength(3);
  });

  it("reads each shard with one batch (plus one on DB) for a 100-item check", async () => {
    const calls: string[] = [];
    const spy = (name: string, db: D1Database) =>
      new Proxy(db, {
        get(target, prop) {
          if (prop === "batch") calls.push(name);
          const value = Reflect.get(target, prop, target) as unknown;
          return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
        },
      });
    const router = new ShardRouter({ SHARD_0: spy("SHARD_0", SHARDS.SHARD_0), SHARD_1: spy("SHARD_1", SHARDS.SHARD_1) }, spy("DB", env.DB), (db) => db);
    const { loadCheckRows } = await import("../../worker/checks/queries");
    const codes = Array.from({ length: 100 }, (_, i) => CODES[i % CODES.length]!);
    await router.shardFor(CODES[0]!); // the bucket map, read once per isolate
    calls.length = 0;
    const rows = await loadCheckRows(router, { codes, legacyCodes: [], regNos: [], names: [] }, "procurement", TODAY);
    expect(rows.byCode).toHaveLength(40);
    expect(calls.sort()).toEqual(["DB", "SHARD_0", "SHARD_1"]);
  });

  it("searches names on both shards and ranks them as one list (name prefix before contains)", async () => {
    const { status, body } = await api<SearchResult>(`/api/v1/search?q=${encodeURIComponent("重庆")}`);
    expect(status).toBe(200);
    const codes = body.items.map((i) => i.code);
    expect(new Set(codes.map((c) => shardDb(c))).size).toBe(2);
    const types = body.items.map((i) => i.matchType);
    expect(types).toEqual([...types].sort((a, b) => ["name_exact", "name_prefix", "name_contains"].indexOf(a) - ["name_exact", "name_prefix", "name_contains"].indexOf(b)));
  });
});

describe("GET /api/v1/admin/shards", () => {
  it("reports each shard's buckets, subjects, records and size, adding up to the whole", async () => {
    const { status, body } = await api<ShardsReport>("/api/v1/admin/shards", { claims: ADMIN });
    expect(status).toBe(200);
    expect(body.shards.map((s) => s.binding)).toEqual(["SHARD_0", "SHARD_1"]);
    expect(body.shards.map((s) => s.buckets)).toEqual([128, 128]);
    expect(body.shards.reduce((n, s) => n + s.subjects, 0)).toBe(40);
    expect(body.shards.reduce((n, s) => n + s.records, 0)).toBe(40);
    for (const s of body.shards) {
      expect(s.subjects).toBe(await count(SHARDS[s.binding as keyof typeof SHARDS], "subjects"));
      expect(s.sizeBytes).toBeGreaterThan(0);
    }
  });

  it("follows the bucket map: bucket b on SHARD_(b mod 2) by default", async () => {
    const map = await env.DB.prepare("SELECT bucket, binding FROM shard_map ORDER BY bucket").all<{ bucket: number; binding: string }>();
    expect(map.results).toHaveLength(256);
    expect(map.results.every((r) => r.binding === `SHARD_${r.bucket % 2}`)).toBe(true);
    for (const code of CODES) expect(shardDb(code)).toBe(SHARDS[`SHARD_${bucketOf(code) % 2}` as keyof typeof SHARDS]);
  });
});
