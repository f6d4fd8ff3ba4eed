/**
 * The seed's public shapes and defaults: tables, rows, options, the seed batch and each table's columns.
 * normalizeOptions checks options once for both counting and streaming.
 */
import { isIsoDate } from "../../shared/domain/dates";
import { usccFromParts } from "../../shared/identifiers/index";
import { ID_SPACE } from "./codes";

export type SeedTable = "ingest_batches" | "subjects" | "records" | "list_entries" | "commitments";
export type SeedRow = Record<string, unknown>;

export interface SeedBatch {
  table: SeedTable;
  rows: SeedRow[];
}

export interface SeedOptions {
  /** Number of subjects (ids 1..subjects; the first SEED_FIXTURE_COUNT are the fixtures). */
  subjects: number;
  /** Average 双公示 records per non-person subject (default 2). */
  recordsPerSubject?: number;
  /** PRNG seed (default 20261127). */
  seed?: number;
  /** The seed's "today", YYYY-MM-DD (default "2026-11-27"); nothing is dated after it. */
  today?: string;
}

export type SeedCounts = Record<SeedTable, number> & { total: number };

export const SEED_DEFAULT_TODAY = "2026-11-27";
export const SEED_DEFAULT_SEED = 20261127;
export const SEED_DEFAULT_RECORDS_PER_SUBJECT = 2;
/** Maximum rows per yielded batch. */
export const SEED_BATCH_ROWS = 500;
/** The seed's ingest batch: every row's batch_id. */
export const SEED_BATCH_ID = 1;
/** The seed's source unit (数据来源单位). */
export const SEED_SOURCE_UNIT = {
  name: "重庆市社会信用体系建设联席会议办公室",
  code: usccFromParts("1", "1", "500000", "MB199001"),
} as const;

/** Column order of each table's rows (every row carries all of them). */
export const SEED_COLUMNS: Readonly<Record<SeedTable, readonly string[]>> = {
  ingest_batches: ["id", "kind", "source_unit_name", "source_unit_code", "file_name", "received_at", "finished_at", "status", "total_rows", "accepted_rows", "rejected_rows", "report"],
  subjects: ["id", "code", "code_type", "kind", "name", "legal_representative", "industry_code", "industry", "region_code", "registered_on", "registration_status", "registered_capital_wan", "address", "checksum_legacy", "source_unit_code", "batch_id", "source_row", "received_at", "updated_at"],
  records: ["id", "subject_id", "category", "doc_no", "title", "facts", "basis", "kinds", "content", "fine_wan", "confiscated_wan", "licence_ref", "authority_name", "authority_code", "decided_on", "valid_from", "valid_until", "severity", "publish_until", "repairable_from", "status", "objection_open", "remark", "version", "source_unit_name", "source_unit_code", "batch_id", "source_row", "received_at", "updated_at"],
  list_entries: ["id", "list_type", "subject_id", "reason", "legal_basis", "authority_name", "authority_code", "doc_no", "listed_on", "planned_removal_on", "removed_on", "removal_reason", "status", "objection_open", "source_unit_name", "source_unit_code", "batch_id", "source_row", "received_at", "updated_at"],
  commitments: ["id", "subject_id", "kind", "matter", "authority_name", "authority_code", "doc_no", "committed_on", "due_on", "status", "resolved_on", "source_unit_code", "batch_id", "source_row", "received_at"],
};

export function normalizeOptions(options: SeedOptions): { n: number; k: number; seed: number; today: string } {
  const n = options.subjects;
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`generateSeed: subjects must be a non-negative integer, got ${n}`);
  if (n > ID_SPACE) throw new RangeError(`generateSeed: at most ${ID_SPACE} subjects are supported`);
  const k = options.recordsPerSubject ?? SEED_DEFAULT_RECORDS_PER_SUBJECT;
  if (!(k >= 0) || !Number.isFinite(k)) throw new RangeError(`generateSeed: recordsPerSubject must be ≥ 0, got ${k}`);
  const seed = (options.seed ?? SEED_DEFAULT_SEED) >>> 0;
  const today = options.today ?? SEED_DEFAULT_TODAY;
  if (!isIsoDate(today) || today < "2021-01-01") throw new RangeError(`generateSeed: today must be a YYYY-MM-DD date from 2021-01-01 on, got ${today}`);
  return { n, k, seed, today };
}
