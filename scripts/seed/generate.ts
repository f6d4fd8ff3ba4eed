/**
 * Deterministic seed data for 查一查 (Chongqing): subjects, 双公示 records, 名单 entries and 信用承诺.
 *
 * PURE: no Node APIs, no Math.random, no clock. The same options always give byte-identical rows, so
 * tests can run it inside workerd and the CLI can stream 1,000,000 subjects / 10,000,000 records
 * without holding them in memory (rows come out in batches of at most SEED_BATCH_ROWS).
 *
 * Row shape: column names exactly as in migrations/0001_foundation.sql, with explicit integer ids.
 * Order: the seed ingest batch (id 1), then per chunk of subjects: subjects, their records, their
 * list entries, their commitments — every referenced subject is emitted before the rows that use it.
 *
 * Subjects 1..SEED_FIXTURE_COUNT are fixed fixtures (SEED_FIXTURES) whose dates are relative to `today`.
 *
 * This file counts and streams; the parts live beside it: options.ts (public shapes, defaults, columns),
 * calendar.ts, codes.ts (USCC / ID numbers), names.ts (names, people, places), authorities.ts,
 * fixtures.ts (the fixture list), plan.ts (what a subject gets), context.ts (generator state), and
 * rows/ (one builder per table family, lineage columns in rows/lineage.ts); data.ts holds the word lists.
 */
import { SeedContext } from "./context";
import { SEED_FIXTURE_COUNT } from "./fixtures";
import {
  SEED_BATCH_ID,
  SEED_BATCH_ROWS,
  SEED_SOURCE_UNIT,
  normalizeOptions,
  type SeedBatch,
  type SeedCounts,
  type SeedOptions,
  type SeedRow,
  type SeedTable,
} from "./options";
import { planSubject } from "./plan";
import { fixtureSubject } from "./rows/fixtures";
import { randomSubject } from "./rows/subjects";

export {
  SEED_BATCH_ID,
  SEED_BATCH_ROWS,
  SEED_COLUMNS,
  SEED_DEFAULT_RECORDS_PER_SUBJECT,
  SEED_DEFAULT_SEED,
  SEED_DEFAULT_TODAY,
  SEED_SOURCE_UNIT,
  type SeedBatch,
  type SeedCounts,
  type SeedOptions,
  type SeedRow,
  type SeedTable,
} from "./options";
export { SEED_FIXTURES, SEED_FIXTURE_COUNT, type SeedFixture, type SeedFixtureKey } from "./fixtures";

// ---------------------------------------------------------------------------------------------
// Counting and streaming


/** Row counts per table for these options, computed without generating the rows. */
export function countSeed(options: SeedOptions): SeedCounts {
  const { n, k, seed } = normalizeOptions(options);
  const counts: SeedCounts = { ingest_batches: 1, subjects: n, records: 0, list_entries: 0, commitments: 0, total: 0 };
  const fixtures = Math.min(n, SEED_FIXTURE_COUNT);
  if (fixtures > 0) {
    const ctx = new SeedContext({ ...options, subjects: fixtures });
    for (let f = 0; f < fixtures; f++) {
      const out = fixtureSubject(ctx, f);
      counts.records += out.records.length;
      counts.list_entries += out.lists.length;
      counts.commitments += out.commitments.length;
    }
  }
  for (let i = SEED_FIXTURE_COUNT + 1; i <= n; i++) {
    const p = planSubject(seed, i, k);
    counts.records += p.records;
    counts.list_entries += p.lists.length;
    counts.commitments += p.commitments;
  }
  counts.total = counts.ingest_batches + counts.subjects + counts.records + counts.list_entries + counts.commitments;
  return counts;
}

function* sliced(table: SeedTable, rows: SeedRow[], nextSourceRow: () => number): Generator<SeedBatch> {
  for (let start = 0; start < rows.length; start += SEED_BATCH_ROWS) {
    const batch = rows.slice(start, start + SEED_BATCH_ROWS);
    for (const row of batch) row.source_row = nextSourceRow();
    yield { table, rows: batch };
  }
}

/**
 * Stream the seed as row batches (≤ SEED_BATCH_ROWS rows each). Deterministic: the same options give
 * identical batches. Subjects come before any row that references them.
 *
 * @example
 * for (const batch of generateSeed({ subjects: 5000 })) insert(batch.table, batch.rows);
 */
export function* generateSeed(options: SeedOptions): Generator<SeedBatch, SeedCounts, undefined> {
  const ctx = new SeedContext(options);
  const counts = countSeed(options);
  const norm = normalizeOptions(options);
  yield {
    table: "ingest_batches",
    rows: [{
      id: SEED_BATCH_ID,
      kind: "seed",
      source_unit_name: SEED_SOURCE_UNIT.name,
      source_unit_code: SEED_SOURCE_UNIT.code,
      file_name: `seed:subjects=${norm.n};records_per_subject=${norm.k};seed=${norm.seed};today=${norm.today}`,
      received_at: ctx.receivedAt,
      finished_at: ctx.finishedAt,
      status: "done",
      total_rows: counts.total - 1,
      accepted_rows: counts.total - 1,
      rejected_rows: 0,
      report: JSON.stringify({
        generator: "scripts/seed/generate.ts",
        options: { subjects: norm.n, recordsPerSubject: norm.k, seed: norm.seed, today: norm.today },
        counts: { subjects: counts.subjects, records: counts.records, list_entries: counts.list_entries, commitments: counts.commitments },
        errors: 0,
        duplicates: 0,
      }),
    }],
  };
  let sourceRow = 0;
  const next = () => ++sourceRow;
  const chunk = SEED_BATCH_ROWS;
  for (let start = 1; start <= ctx.n; start += chunk) {
    const end = Math.min(ctx.n, start + chunk - 1);
    const subjects: SeedRow[] = [];
    const records: SeedRow[] = [];
    const lists: SeedRow[] = [];
    const commitments: SeedRow[] = [];
    for (let i = start; i <= end; i++) {
      const out = i <= SEED_FIXTURE_COUNT ? fixtureSubject(ctx, i - 1) : randomSubject(ctx, i, planSubject(ctx.seed, i, ctx.k));
      subjects.push(out.subject);
      for (const r of out.records) records.push(r);
      for (const l of out.lists) lists.push(l);
      for (const c of out.commitments) commitments.push(c);
    }
    yield* sliced("subjects", subjects, next);
    yield* sliced("records", records, next);
    yield* sliced("list_entries", lists, next);
    yield* sliced("commitments", commitments, next);
  }
  return counts;
}
