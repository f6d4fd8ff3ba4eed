/**
 * Writes an upload's rows in chunks: valid rows go to the database a few hundred at a time, each chunk one
 * `db.batch()` (one transaction) together with the rejected rows seen since the last chunk and the batch's
 * running counts. If a chunk fails for a reason validation did not foresee, its rows are written one by one,
 * each in its own transaction, so one bad row never takes good ones down and each row is all-or-nothing.
 *
 * Shards (worker/shards): rows are gathered per shard as they arrive — one chunk buffer per shard, each filled to
 * CHUNK_ROWS — and a full buffer is one batch on its shard; the bookkeeping (counts, rejections) is then one batch
 * on the control database. Per-shard buffers keep every shard's transactions as large as one database's were: a
 * 250-row chunk cut four ways made ~60-row transactions, whose fixed costs (statement preparation, the FTS5 name
 * index flushed at every commit, the WAL commit) made ingest several times slower per row (docs/ingest.md).
 * A row is still all-or-nothing on its shard; the counts follow the rows (a crash between the two leaves the
 * batch 'running', which the daily job marks failed, and re-sending the file is idempotent by natural key).
 */
import type { IngestProblem } from "../../shared/contract/ingest";
import { type QualityTally, comparableName, maskFreeText } from "./quality";
import type { KindSpec } from "./spec";
import type { KnownSubject, PlanParams, WriteOutcome, WritePlan } from "./sql";
import type { Queryable, Shard, ShardRouter } from "../shards";

/**
 * Rows per chunk (per shard): small enough for the CPU limit and D1's 30-second statement limit, big enough to
 * amortise a round trip and a commit (500 rows wrote about twice as fast per row as 250 in node:sqlite).
 */
export const CHUNK_ROWS = 500;
/** A chunk's JSON stays well below D1's 2 MB value limit (characters; Chinese text is 3 bytes each in UTF-8). */
const CHUNK_JSON_CHARS = 400_000;
/** Rejections are flushed with the next chunk, or on their own once this many are waiting. */
const REJECTION_FLUSH = 500;
const REJECTION_FLUSH_CHARS = 400_000;

/** A rejected row is kept as received, but with every ID number masked, the subject's own 证件号码 included (issue 11). */
const maskRaw = (raw: string | null): string | null => (raw === null ? null : maskFreeText(raw));

interface Pending<T> {
  row: number;
  value: T;
  /** The row's tuple as JSON: a chunk's parameter is these joined into one array. */
  json: string;
  raw: string;
}

interface PendingRejection {
  row: number;
  problems: IngestProblem[];
  raw: string | null;
}

/** The rows waiting for one database: the control database alone (`shard` null), or one shard. */
interface ChunkBuffer<T> {
  shard: Shard | null;
  rows: Pending<T>[];
  /** Natural keys in `rows`: a second row with one of them is the later correction, written after the first. */
  keys: Set<string>;
  jsonChars: number;
}

/**
 * @example
 * const writer = new ChunkWriter(db, shards, KINDS.penalties, { batchId, receivedAt, guard: null }, tally);
 * await writer.add(row, validRow, rawText); // flushes by itself every CHUNK_ROWS rows of a shard
 * await writer.reject(row, problems, rawText);
 * await writer.finish();
 */
export class ChunkWriter<T> {
  private readonly plan: WritePlan<T>;
  private readonly params: PlanParams;
  private readonly buffers = new Map<string, ChunkBuffer<T>>();
  private rejections: PendingRejection[] = [];
  private rejectionChars = 0;

  constructor(
    private readonly db: D1DatabaseSession,
    private readonly shards: ShardRouter,
    private readonly spec: KindSpec<T>,
    params: Omit<PlanParams, "category">,
    private readonly tally: QualityTally,
  ) {
    this.plan = spec.plan;
    this.params = { ...params, category: spec.category };
  }

  async add(row: number, value: T, raw: string): Promise<void> {
    const buffer = await this.bufferOf(value);
    // Two rows with one natural key in a chunk: the later corrects the earlier, so the earlier is written first.
    const key = this.spec.naturalKey(value);
    if (buffer.keys.has(key)) await this.flush([buffer]);
    const json = JSON.stringify(this.plan.tuple(value, row));
    buffer.rows.push({ row, value, json, raw });
    buffer.keys.add(key);
    buffer.jsonChars += json.length;
    if (buffer.rows.length >= CHUNK_ROWS || buffer.jsonChars >= CHUNK_JSON_CHARS) await this.flush([buffer]);
  }

  async reject(row: number, problems: IngestProblem[], sent: string | null): Promise<void> {
    const masked = this.tally.rejectRow(row, problems);
    const raw = maskRaw(sent);
    this.rejections.push({ row, problems: masked, raw });
    this.rejectionChars += (raw?.length ?? 0) + masked.reduce((n, p) => n + p.message.length + 40, 0);
    if (this.rejections.length >= REJECTION_FLUSH || this.rejectionChars >= REJECTION_FLUSH_CHARS) await this.writeBookkeeping();
  }

  /** Writes what is waiting (every shard's rest in parallel) and the final counts. */
  async finish(): Promise<void> {
    const waiting = [...this.buffers.values()].filter((b) => b.rows.length > 0);
    if (waiting.length > 0) await this.flush(waiting);
    else await this.writeBookkeeping();
  }

  /** The buffer of the database the row goes to (its subject's shard). */
  private async bufferOf(value: T): Promise<ChunkBuffer<T>> {
    const shard = this.shards.single ? null : await this.shards.shardFor(this.spec.shardKey(value));
    const binding = shard?.binding ?? "DB";
    let buffer = this.buffers.get(binding);
    if (!buffer) {
      buffer = { shard, rows: [], keys: new Set(), jsonChars: 0 };
      this.buffers.set(binding, buffer);
    }
    return buffer;
  }

  /** Empties `buffers` into their databases, then writes the counts (and the rows refused on the way). */
  private async flush(buffers: ChunkBuffer<T>[]): Promise<void> {
    const taken = buffers.map((b) => {
      const rows = b.rows;
      b.rows = [];
      b.keys = new Set();
      b.jsonChars = 0;
      return { shard: b.shard, rows };
    });
    if (taken.length === 1 && taken[0]!.shard === null) return this.flushSingle(taken[0]!.rows);
    return this.flushToShards(taken as { shard: Shard; rows: Pending<T>[] }[]);
  }

  /** One database: the chunk and the bookkeeping in one batch. */
  private async flushSingle(rows: Pending<T>[]): Promise<void> {
    const statements = this.plan.statements(this.db, `[${rows.map((r) => r.json).join(",")}]`, this.params);
    let written: { outcomes: WriteOutcome[]; known: Map<string, KnownSubject> };
    try {
      const results = await this.db.batch([...statements, ...this.bookkeeping()]);
      this.rejections = [];
      this.rejectionChars = 0;
      written = { outcomes: this.plan.classify(results, rows.map((r) => r.value), this.params), known: this.knownSubjects(results) };
    } catch (err) {
      console.warn(`ingest batch ${this.params.batchId}: a chunk of ${rows.length} rows failed, writing them one by one`, err);
      written = await this.rowByRow(rows);
    }
    this.settle(rows, written.outcomes, written.known);
    // Rows refused by the database side (another unit's record, a state going backwards) are rejections too.
    if (this.rejections.length > 0) await this.writeBookkeeping();
  }

  /** One batch per shard, in parallel (each falls back to row by row on its own), then the bookkeeping. */
  private async flushToShards(groups: { shard: Shard; rows: Pending<T>[] }[]): Promise<void> {
    const written = await Promise.all(
      groups.map(async ({ shard, rows }) => {
        await this.copyBatchHeader(shard.binding, shard.db);
        try {
          const results = await shard.db.batch(this.plan.statements(shard.db, `[${rows.map((r) => r.json).join(",")}]`, this.params));
          return { rows, outcomes: this.plan.classify(results, rows.map((r) => r.value), this.params), known: this.knownSubjects(results) };
        } catch (err) {
          console.warn(`ingest batch ${this.params.batchId}: a chunk of ${rows.length} rows failed on ${shard.binding}, writing them one by one`, err);
          return { rows, ...(await this.rowByRow(rows, shard.db, false)) };
        }
      }),
    );
    // Rows of one subject share a shard, so the 重码 checks within a chunk see every row of a code together.
    for (const group of written) this.settle(group.rows, group.outcomes, group.known);
    await this.writeBookkeeping();
  }

  private readonly headerCopied = new Set<string>();

  /**
   * A shard's rows name their batch (lineage, a foreign key): the first write of a batch to a shard copies the
   * batch's header row there (id, kind, source unit, received time). The control database keeps the original
   * with the counts and the report; the copy is never updated.
   */
  private async copyBatchHeader(binding: string, db: Queryable): Promise<void> {
    if (this.headerCopied.has(binding)) return;
    const header = await this.db
      .prepare("SELECT id, kind, source_unit_name, source_unit_code, file_name, received_at FROM ingest_batches WHERE id = ?1")
      .bind(this.params.batchId)
      .first<Record<string, string | number | null>>();
    await db
      .prepare("INSERT OR IGNORE INTO ingest_batches (id, kind, source_unit_name, source_unit_code, file_name, received_at, status) VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'done')")
      .bind(header!.id, header!.kind, header!.source_unit_name, header!.source_unit_code, header!.file_name, header!.received_at)
      .run();
    this.headerCopied.add(binding);
  }

  /**
   * Each row in its own transaction: the fallback when a whole chunk was refused. When the first rows all fail
   * too, the database itself is unavailable: the upload stops (and is marked failed) instead of rejecting
   * every remaining row.
   */
  private async rowByRow(rows: Pending<T>[], db: Queryable = this.db, bookkeeping = true): Promise<{ outcomes: WriteOutcome[]; known: Map<string, KnownSubject> }> {
    const outcomes: WriteOutcome[] = [];
    const known = new Map<string, KnownSubject>();
    let failures = 0;
    for (const r of rows) {
      try {
        const results = await db.batch(this.plan.statements(db, `[${r.json}]`, this.params));
        outcomes.push(this.plan.classify(results, [r.value], this.params)[0]!);
        for (const [code, subject] of this.knownSubjects(results)) known.set(code, subject);
      } catch (err) {
        failures++;
        // Every row failing: ask the database whether it answers at all (this throws if it does not).
        if (failures === outcomes.length + 1 && failures === Math.min(3, rows.length)) await db.prepare("SELECT 1").first();
        console.error(`ingest batch ${this.params.batchId}: row ${r.row} refused by the database`, err);
        outcomes.push(
          /SHARD_MOVE_FROZEN/.test(String(err))
            ? // The subject's bucket is being moved (migration 0015): the same file sent again later writes the row there.
              { outcome: "rejected", field: "", rule: "shard_moving", message: "该主体的数据正在迁移到另一个分片，暂不能写入：几分钟后重新报送本文件即可（已入库的行不会重复）" }
            : { outcome: "rejected", field: "", rule: "storage", message: "数据库拒绝写入此行（已记录）：请检查内容后重新报送，或联系信用管理员" },
        );
      }
    }
    if (bookkeeping) await this.writeBookkeeping();
    return { outcomes, known };
  }

  private knownSubjects(results: D1Result[]): Map<string, KnownSubject> {
    if (!this.plan.probesSubjects) return new Map();
    return new Map((results[0]!.results as { code: string; name: string; batch_id: number | null }[]).map((s) => [s.code, { name: s.name, batchId: s.batch_id }]));
  }

  /** Counts each row's outcome and the codes that name two subjects (in this chunk, or against the database). */
  private settle(rows: Pending<T>[], outcomes: WriteOutcome[], known: Map<string, KnownSubject>): void {
    const seen = new Map<string, { name: string; display: string }>();
    rows.forEach((r, i) => {
      const outcome = outcomes[i]!;
      if (outcome.outcome === "rejected") {
        const problem = { row: r.row, field: outcome.field, rule: outcome.rule, message: outcome.message };
        const masked = this.tally.rejectRow(r.row, [problem]);
        this.rejections.push({ row: r.row, problems: masked, raw: maskRaw(r.raw) });
        return;
      }
      this.tally.accept(outcome.outcome, this.spec.accepted?.(r.value));
      const subject = this.spec.subjectOf(r.value);
      if (!subject) return;
      const name = comparableName(subject.name);
      const codeType = subject.codeType;
      const inChunk = seen.get(subject.code);
      if (inChunk && inChunk.name !== name) this.tally.duplicateCode(subject.code, [inChunk.display, subject.name], codeType);
      else if (!inChunk) seen.set(subject.code, { name, display: subject.name });
      const before = known.get(subject.code);
      // A subjects upload renames a registered subject on purpose: only names from this same batch conflict.
      const comparable = before && (!this.spec.registersSubjects || before.batchId === this.params.batchId);
      if (comparable && comparableName(before.name) !== name) this.tally.duplicateCode(subject.code, [before.name, subject.name], codeType);
    });
  }

  private bookkeeping(): D1PreparedStatement[] {
    const f = this.tally.figures();
    const statements = [
      this.db
        .prepare("UPDATE ingest_batches SET total_rows = ?2, accepted_rows = ?3, rejected_rows = ?4 WHERE id = ?1")
        .bind(this.params.batchId, f.total, f.accepted, f.rejected),
    ];
    if (this.rejections.length > 0) {
      const tuples = this.rejections.flatMap((r) => r.problems.map((p, i) => [r.row, p.field, p.rule, p.message, i === 0 ? r.raw : null]));
      statements.unshift(
        this.db
          .prepare(
            `INSERT INTO ingest_rejections (batch_id, row_number, field, rule, message, raw)
             SELECT ?1, j.value ->> '$[0]', j.value ->> '$[1]', j.value ->> '$[2]', j.value ->> '$[3]', j.value ->> '$[4]' FROM json_each(?2) j`,
          )
          .bind(this.params.batchId, JSON.stringify(tuples)),
      );
    }
    return statements;
  }

  private async writeBookkeeping(): Promise<void> {
    await this.db.batch(this.bookkeeping());
    this.rejections = [];
    this.rejectionChars = 0;
  }
}
