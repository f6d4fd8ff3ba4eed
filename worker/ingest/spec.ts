/**
 * What an upload kind is: its columns, its row validation, its natural key and its write plan, in one spec per kind
 * (worker/ingest/kinds/<kind>.ts, listed in worker/ingest/kinds/index.ts). The shared code — column mapping, row
 * reading, the writer, the quality report — takes the spec as a parameter and never asks which kind it is.
 */
import type { IngestKind } from "../../shared/contract/ingest";
import { type FieldSet, type FieldSpec, fieldSet } from "./columns";
import type { REVIEW_RULES } from "./quality";
import type { WritePlan } from "./sql";
import { RowReader, type RowValues, type SubjectRef, type ValidationContext, type Validated } from "./validate";

/** What the quality report counts of a stored row beyond its outcome. */
export interface AcceptDetail {
  /** 双公示 records: the decision date, for 及时率. */
  decidedOn?: string;
  publicationAdjusted?: boolean;
  legacy?: boolean;
  review?: keyof typeof REVIEW_RULES;
}

export interface KindSpec<T> extends FieldSet {
  readonly kind: IngestKind;
  /** How ingest_batches.kind names the kind (migration 0001). */
  readonly batchKind: string;
  /** ?2 of the plan's statements (the records category, or the kind). */
  readonly category: string;
  /** The 双公示 column prefix (CF / XK): a file of another kind carrying it is pointed here. */
  readonly columnPrefix?: "CF" | "XK";
  /** 双公示 records: the report gives 及时率. */
  readonly timeliness?: boolean;
  /** Penalties: classed by the severity rules (kept in the report) and read in the current or the legacy schema. */
  readonly severityRules?: boolean;
  /** The subjects register: it renames subjects on purpose, so only names within the batch count as 重码. */
  readonly registersSubjects?: boolean;
  /** The row's validation: a clean row, or every problem found in it. */
  validate(r: RowReader): Validated<T>;
  /** Two rows with one key are the same record (the later one corrects it). */
  naturalKey(row: T): string;
  /** The identifier of the subject the row belongs to: it picks the row's shard (worker/shards). */
  shardKey(row: T): string;
  /** The subject the row names (for 重码), if any. */
  subjectOf(row: T): Pick<SubjectRef, "code" | "name" | "codeType"> | null;
  accepted?(row: T): AcceptDetail;
  readonly plan: WritePlan<T>;
}

/** A kind's spec from its parts: the column lookups (and the free-text fields to mask) are built from `fields`. */
export function defineKind<T>(spec: Omit<KindSpec<T>, keyof FieldSet> & { fields: readonly FieldSpec[]; required: readonly (readonly string[])[] }): KindSpec<T> {
  return { ...spec, ...fieldSet(spec.fields, spec.required) };
}

/**
 * Validates one row of an upload.
 * @example
 * validateRow(KINDS.penalties, values, { today: "2026-11-27", rules: DEFAULT_SEVERITY_RULES, defaults: {} })
 * // → { ok: { category: "penalty", docNo: "渝中市监处罚〔2026〕11号", severity: "general", publishUntil: "2027-03-04", … }, row: 1 }
 * // or { errors: [{ row: 1, field: "CF_XDR_SHXYM", rule: "uscc", message: "统一社会信用代码“…”不正确：第18位校验码应为“B”…" }], row: 1 }
 */
export function validateRow<T>(spec: KindSpec<T>, input: RowValues, ctx: ValidationContext): Validated<T> {
  // A row that could not be read into its columns (one column too many shifts every later value) is refused
  // for that alone: the shifted values' own problems would only hide the real one.
  if (input.problems.length > 0) return { errors: input.problems, row: input.row };
  return spec.validate(new RowReader(spec, input, ctx));
}
