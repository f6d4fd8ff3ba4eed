/**
 * The seed over shards (scripts/seed/databases.ts): every subject lands in the shard its bucket maps to, its rows
 * follow it, the seed's ingest batch is in every database, and the control database gets the default bucket map.
 * Plain SQLite files with every migration applied stand in for the local D1 files (the same files wrangler opens).
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bucketOf } from "../../shared/shards/bucket";
import { openSqlite } from "../../scripts/lib/local-d1";
import { openSeed, SeedRouter } from "../../scripts/seed/databases";
import { countSeed, generateSeed } from "../../scripts/seed/generate";

const dir = mkdtempSync(join(tmpdir(), "seed-shards-"));
const files = { DB: join(dir, "db.sqlite"), SHARD_0: join(dir, "s0.sqlite"), SHARD_1: join(dir, "s1.sqlite"), SHARD_2: join(dir, "s2.sqlite") };
const OPTIONS = { subjects: 600, recordsPerSubject: 2 };
let sqlite: typeof import("node:sqlite");

const rows = <T>(file: string, sql: string): T[] => {
  const db = new sqlite.DatabaseSync(file, { readOnly: true });
  try {
    return db.prepare(sql).all() as T[];
  } finally {
    db.close();
  }
};

beforeAll(async () => {
  sqlite = await openSqlite();
  for (const file of Object.values(files)) {
    const db = new sqlite.DatabaseSync(file);
    for (const m of readdirSync("migrations").filter((f) => f.endsWith(".sql")).sort()) db.exec(readFileSync(join("migrations", m), "utf8"));
    db.close();
  }
  const seed = await openSeed(
    { control: { binding: "DB", file: files.DB }, shards: (["SHARD_0", "SHARD_1", "SHARD_2"] as const).map((b) => ({ binding: b, file: files[b] })) },
    65_536,
  );
  expect(seed.existingSubjects).toBe(0);
  seed.begin();
  for (const batch of generateSeed(OPTIONS)) seed.write(batch);
  seed.commit();
  seed.close(true);
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("seed over shards", () => {
  it("writes the default bucket map (bucket b → SHARD_(b mod 3)) into the control database only", () => {
    const map = rows<{ bucket: number; binding: string }>(files.DB, "SELECT bucket, binding FROM shard_map ORDER BY bucket");
    expect(map).toHaveLength(256);
    expect(map.every((r) => r.binding === `SHARD_${r.bucket % 3}`)).toBe(true);
    expect(rows(files.SHARD_0, "SELECT * FROM shard_map")).toEqual([]);
  });

  it("puts each subject in its bucket's shard, nothing in DB, and every subject once", () => {
    expect(rows(files.DB, "SELECT id FROM subjects")).toEqual([]);
    let total = 0;
    (["SHARD_0", "SHARD_1", "SHARD_2"] as const).forEach((binding, i) => {
      const subjects = rows<{ code: string }>(files[binding], "SELECT code FROM subjects");
      expect(subjects.length).toBeGreaterThan(100);
      expect(subjects.every((s) => bucketOf(s.code) % 3 === i)).toBe(true);
      total += subjects.length;
    });
    expect(total).toBe(OPTIONS.subjects);
  });

  it("keeps records, list entries and commitments beside their subject (no orphan on any shard)", () => {
    const counts = countSeed(OPTIONS);
    let records = 0;
    for (const binding of ["SHARD_0", "SHARD_1", "SHARD_2"] as const) {
      for (const table of ["records", "list_entries", "commitments"]) {
        expect(rows(files[binding], `SELECT t.id FROM ${table} t LEFT JOIN subjects s ON s.id = t.subject_id WHERE s.id IS NULL`)).toEqual([]);
      }
      records += rows<{ n: number }>(files[binding], "SELECT count(*) AS n FROM records")[0]!.n;
    }
    expect(records).toBe(counts.records);
  });

  it("writes the seed's ingest batch to the control database and to every shard (shard rows name it)", () => {
    for (const file of Object.values(files)) expect(rows<{ kind: string }>(file, "SELECT kind FROM ingest_batches")).toEqual([{ kind: "seed" }]);
  });

  it("routes a row whose subject was not written first as an error, not silently", () => {
    const router = new SeedRouter(SeedRouter.defaultMap(2), 2);
    expect(() => router.shardOf("records", { subject_id: 7 })).toThrow(/主体 7/);
  });
});
