/**
 * One upload, end to end: read the body as a stream (decoded, parsed, validated row by row), write the valid
 * rows in chunks, keep every rejected row with its problems, and leave a quality report on the batch.
 * Whole-upload problems (no header, missing columns, another unit's file) are answered before anything is
 * written; problems of single rows never stop the upload.
 */
import { loadWorkCalendar } from "../calendar/queries";
import { forgetDataVersion } from "../lookup/data-version";
import { INGEST_KIND_LABEL, type IngestKind, type IngestProblem, type IngestQuery, type IngestResult } from "../../shared/contract/ingest";
import { ENCODING_LABEL, type TextEncodingName, charsetOf, decodeStream, encodingFromLabel } from "../../shared/ingest/decode";
import { JsonShapeError } from "../../shared/ingest/json";
import { FORMAT_LABEL, type SourceRow, type UploadFormat, UploadShapeError, openRows } from "../../shared/ingest/rows";
import { normalizeCode, validateUscc } from "../../shared/identifiers";
import type { Principal } from "../../shared/auth/principal";
import { ApiError } from "../http/errors";
import { PayloadTooLargeError, limitStream } from "./body";
import { type ColumnMap, type FieldDefault, fieldLabel, isNotStoredColumn, mapColumns, missingColumns } from "./columns";
import { KINDS, kindSpec } from "./kinds";
import { QualityTally, codeErrorPerMille, maskFreeText, rate } from "./quality";
import { loadSeverityRules } from "./settings";
import { type KindSpec, validateRow } from "./spec";
import { type ValidationContext, rowValues } from "./validate";
import { ChunkWriter } from "./writer";
import type { ShardRouter } from "../shards";

export interface UploadInput {
  db: D1DatabaseSession;
  /** Where the rows go (worker/shards); the batch row and its bookkeeping stay in `db`, the control database. */
  shards: ShardRouter;
  kind: IngestKind;
  principal: Extract<Principal, { role: "provider" | "admin" }>;
  /** Today in China: decisions cannot be later, and 及时率 counts up to it. */
  today: string;
  now: Date;
  contentType: string | undefined;
  contentLength: string | undefined;
  query: IngestQuery;
  body: ReadableStream<Uint8Array> | null;
  maxBytes: number;
}

/** What the batch's quality report keeps beyond the counts on the batch row. */
export interface StoredReport {
  format: string;
  encoding: string | null;
  schema: "current" | "legacy" | "mixed" | null;
  ignoredColumns: string[];
  inserted: number;
  updated: number;
  unchanged: number;
  timeliness: { workingDays: number; counted: number; timely: number; rate: number | null; provisional: number } | null;
  codeQuality: { wrongCodes: number; duplicateCodes: number; perMille: number | null; duplicates: { code: string; names: string[] }[] };
  publicationAdjusted: number;
  rejectedByRule: Record<string, number>;
  maskedIdNumbers: number;
  maskedIdNumbersByField: Record<string, number>;
  needsReview: Record<string, number>;
  severityRules: unknown;
}

/**
 * The format of an upload from its Content-Type.
 * @example uploadFormat("text/csv; charset=gbk") // "csv"
 */
export function uploadFormat(contentType: string | undefined): UploadFormat | undefined {
  const type = (contentType ?? "").split(";")[0]!.trim().toLowerCase();
  if (["text/csv", "application/csv", "text/plain", "text/tab-separated-values", "application/vnd.ms-excel"].includes(type)) return "csv";
  if (type === "application/json") return "json";
  if (["application/x-ndjson", "application/ndjson", "application/jsonl", "application/x-jsonlines"].includes(type)) return "ndjson";
  return undefined;
}

const invalid = (message: string, details?: unknown) => new ApiError(400, "invalid_request", message, details);

export async function ingestUpload(input: UploadInput): Promise<IngestResult> {
  const { db, kind, principal, query } = input;
  const spec = kindSpec(kind);
  const format = uploadFormat(input.contentType);
  if (!format) {
    throw new ApiError(415, "invalid_request", "不支持的内容类型：请用 text/csv（CSV）、application/json（对象数组）或 application/x-ndjson（每行一个对象）", {
      contentType: input.contentType ?? null,
    });
  }
  const declaredLength = Number(input.contentLength ?? "");
  if (Number.isFinite(declaredLength) && declaredLength > input.maxBytes) throw tooLarge(input.maxBytes);
  if (!input.body) throw invalid("请求体为空：请上传数据文件");

  const declared = query.encoding ? encodingFromLabel(query.encoding) : encodingFromLabel(charsetOf(input.contentType));
  if (!declared && charsetOf(input.contentType)) throw invalid(`不支持的字符编码：${charsetOf(input.contentType)}（可用 UTF-8、GBK/GB18030）`);

  const text = await decodeStream(limitStream(input.body, input.maxBytes), format === "csv" ? declared : (declared ?? "utf-8"));
  const defaults = uploadDefaults(query, principal);
  let source;
  try {
    source = await openRows(text.chunks, format, query.rowOffset);
  } catch (err) {
    throw shapeOrLimit(err);
  }
  let columns: ColumnMap | undefined;
  if (source.header) columns = checkHeader(spec, source.header, defaults);

  // The first row decides whose data this is; a provider sending another unit's file is refused before anything is written.
  const unknownKeys = new Set<string>();
  let first: IteratorResult<SourceRow>;
  try {
    first = await source.rows.next();
  } catch (err) {
    throw shapeOrLimit(err);
  }
  if (first.done) throw invalid(format === "csv" ? "文件只有表头，没有数据行" : "没有数据：请上传至少一条数据");
  const firstValues = rowValues(spec, first.value, columns, unknownKeys);
  const unit = batchUnit(firstValues.values, defaults, principal);

  const rules = (await loadSeverityRules(db)).rules;
  const receivedAt = input.now.toISOString();
  const batch = await db
    .prepare(
      `INSERT INTO ingest_batches (kind, source_unit_name, source_unit_code, file_name, received_at, status, uploaded_by, uploader_role)
       VALUES (?1, ?2, ?3, ?4, ?5, 'receiving', ?6, ?7) RETURNING id`,
    )
    .bind(spec.batchKind, unit.name, unit.code, query.fileName ?? null, receivedAt, principal.id, principal.role)
    .first<{ id: number }>();
  const batchId = batch!.id;

  const tally = new QualityTally(input.today, await loadWorkCalendar(db));
  const writer = new ChunkWriter(db, input.shards, spec, { batchId, receivedAt, guard: principal.role === "provider" ? principal.sourceUnit : null }, tally);
  const ctx: ValidationContext = { today: input.today, rules, providerUnit: principal.role === "provider" ? principal.sourceUnit : undefined, defaults };
  let lastRow = first.value.row;
  const report = (): StoredReport => storedReport(spec, tally, format, text.encoding, columns, unknownKeys, spec.severityRules ? rules : null);
  try {
    let next: IteratorResult<SourceRow> = first;
    while (!next.done) {
      const row = next.value;
      lastRow = row.row;
      if (row.problem) {
        tally.seeRow();
        await writer.reject(row.row, [{ row: row.row, field: "", rule: row.problem.rule, message: row.problem.message }], row.raw);
      } else {
        const values = row === first.value ? firstValues : rowValues(spec, row, columns, unknownKeys);
        // Blank lines (a spreadsheet's trailing rows) are not rows.
        if (!isBlank(values)) {
          tally.seeRow();
          tally.masked(values.masked);
          const checked = validateRow(spec, values, ctx);
          if ("ok" in checked) await writer.add(row.row, checked.ok, row.raw);
          else await writer.reject(row.row, checked.errors, row.raw);
        }
      }
      try {
        next = await source.rows.next();
      } catch (err) {
        // The end of a JSON upload cannot be read: the rows before it stay, the rest is reported as one rejection.
        if (!(err instanceof JsonShapeError)) throw err;
        tally.seeRow();
        await writer.reject(lastRow + 1, [{ row: lastRow + 1, field: "", rule: "format", message: `${err.message}：此处之后的内容无法读取` }], null);
        break;
      }
    }
    await writer.finish();
  } catch (err) {
    // The rows read before the break are valid and waiting in the writer: keep them (best effort; if the
    // database is what failed, this fails too and the batch says how far it got).
    await writer.finish().catch(() => undefined);
    await markFailed(db, batchId, tally, report()).catch((e) => console.error(`ingest batch ${batchId}: could not mark it failed`, e));
    if (err instanceof PayloadTooLargeError) throw tooLarge(input.maxBytes, { batchId, ...counts(tally) });
    if (err instanceof ApiError) throw err;
    console.error(`ingest batch ${batchId} failed after ${lastRow} rows`, err);
    throw new ApiError(500, "internal_error", `上传中断：已处理到第 ${lastRow} 行，已保存的行保留在批次 ${batchId} 中，请重新上传（重复的行不会重复保存）`, {
      batchId,
      ...counts(tally),
    });
  }

  const figures = tally.figures();
  await db
    .prepare(
      `UPDATE ingest_batches SET status = 'done', finished_at = ?2, total_rows = ?3, accepted_rows = ?4, rejected_rows = ?5, report = ?6 WHERE id = ?1`,
    )
    .bind(batchId, new Date().toISOString(), figures.total, figures.accepted, figures.rejected, JSON.stringify(report()))
    .run();
  forgetDataVersion(); // lookups in this isolate name the new batch at once (worker/lookup/data-version.ts)
  return {
    batchId,
    kind,
    total: figures.total,
    accepted: figures.accepted,
    rejected: figures.rejected,
    unchanged: figures.unchanged,
    inserted: figures.inserted,
    updated: figures.updated,
    maskedIdNumbers: figures.maskedIdNumbers,
    rejectedRows: tally.problems,
    rejectedRowsTruncated: tally.problemsTruncated,
    reportUrl: `/api/v1/ingest/batches/${batchId}`,
  };
}

const isBlank = (values: { values: Map<string, string>; problems: IngestProblem[] }) => values.values.size === 0 && values.problems.length === 0;

function counts(tally: QualityTally) {
  const f = tally.figures();
  return { total: f.total, accepted: f.accepted, rejected: f.rejected };
}

function tooLarge(maxBytes: number, details: Record<string, unknown> = {}): ApiError {
  return new ApiError(
    413,
    "payload_too_large",
    `上传内容超过 ${Math.round(maxBytes / 1024 / 1024)} MB：请用 npm run ingest 分段上传${details.batchId ? `（已保存的行保留在批次 ${details.batchId} 中）` : ""}`,
    { maxBytes, ...details },
  );
}

function shapeOrLimit(err: unknown): unknown {
  if (err instanceof PayloadTooLargeError) return tooLarge(err.maxBytes);
  if (err instanceof UploadShapeError || err instanceof JsonShapeError) return invalid(maskFreeText(err.message));
  return err;
}

/** Defaults for columns a file lacks: query parameters, and for a provider its own unit. */
function uploadDefaults(query: IngestQuery, principal: UploadInput["principal"]): Partial<Record<FieldDefault, string>> {
  const defaults: Partial<Record<FieldDefault, string>> = {};
  const unit = query.sourceUnit ?? (principal.role === "provider" ? principal.sourceUnit : undefined);
  if (unit) defaults.sourceUnit = unit;
  if (query.sourceUnitName) defaults.sourceUnitName = maskFreeText(query.sourceUnitName);
  if (query.authorityCode) defaults.authorityCode = query.authorityCode;
  if (query.authorityName) defaults.authorityName = maskFreeText(query.authorityName);
  if (query.listType) defaults.listType = query.listType;
  return defaults;
}

/** A CSV header must name every required column (or the query must give its default) and feed each field once. */
function checkHeader(spec: KindSpec<unknown>, sent: readonly string[], defaults: Partial<Record<FieldDefault, string>>): ColumnMap {
  // Header names are echoed in messages, problems and the report: an ID number typed into one is masked too.
  const header = sent.map(maskFreeText);
  const columns = mapColumns(spec, header);
  if (columns.duplicates.length > 0) {
    const d = columns.duplicates[0]!;
    throw invalid(`列重复：${d.columns.map((c) => `“${c}”`).join("和")}都是${fieldLabel(spec.byName.get(d.field)!)}`, { duplicates: columns.duplicates });
  }
  const present = new Set(columns.fields.filter((f) => f !== undefined).map((f) => f.name));
  const missing = missingColumns(spec, present, new Set(Object.keys(defaults) as FieldDefault[]));
  if (missing.length > 0) {
    const names = missing.map((group) => group.map(fieldLabel).join("或"));
    const hint = otherKindHint(spec, header);
    throw invalid(`缺少必填列：${names.join("、")}${hint}`, { missingColumns: names, ignoredColumns: columns.ignored.slice(0, 50) });
  }
  return columns;
}

/** A file sent to the wrong kind usually matches another kind's columns (its CF_ / XK_ prefix): say so. */
function otherKindHint(spec: KindSpec<unknown>, header: readonly string[]): string {
  const joined = header.join(",").toUpperCase();
  for (const other of Object.values(KINDS)) {
    if (other === spec || !other.columnPrefix || !joined.includes(`${other.columnPrefix}_`)) continue;
    return `。这个文件像是${INGEST_KIND_LABEL[other.kind]}数据（${other.columnPrefix}_ 列），应上传到 /api/v1/ingest/${other.kind}`;
  }
  return "";
}

/**
 * The unit a batch is recorded under: the first row's 数据来源单位. A provider whose first row names a valid
 * code of another unit is refused as a whole (403).
 */
function batchUnit(values: Map<string, string>, defaults: Partial<Record<FieldDefault, string>>, principal: UploadInput["principal"]): { code: string; name: string } {
  const code = normalizeCode(values.get("sourceUnitCode") ?? defaults.sourceUnit ?? "");
  const name = values.get("sourceUnitName") ?? defaults.sourceUnitName ?? "";
  if (principal.role === "provider") {
    if (code && code !== principal.sourceUnit && validateUscc(code, { authoritative: true }).valid) {
      throw new ApiError(403, "forbidden", `这份数据的数据来源单位是 ${code}，本令牌只能报送 ${principal.sourceUnit} 的数据`, {
        sourceUnit: code,
        tokenSourceUnit: principal.sourceUnit,
      });
    }
    return { code: principal.sourceUnit, name: name.slice(0, 200) || principal.name };
  }
  return { code: code.slice(0, 40) || "未填写", name: name.slice(0, 200) || "未填写" };
}

function storedReport(
  spec: KindSpec<unknown>,
  tally: QualityTally,
  format: UploadFormat,
  encoding: TextEncodingName,
  columns: ColumnMap | undefined,
  unknownKeys: Set<string>,
  rules: unknown,
): StoredReport {
  const f = tally.figures();
  const ignored = columns ? columns.ignored : [...unknownKeys];
  let schema: StoredReport["schema"] = null;
  if (spec.severityRules) {
    if (columns) schema = columns.legacy ? "legacy" : "current";
    else schema = f.legacyRows === 0 ? "current" : f.legacyRows === f.accepted ? "legacy" : "mixed";
  }
  return {
    format: FORMAT_LABEL[format],
    encoding: ENCODING_LABEL[encoding],
    schema,
    ignoredColumns: ignored.map((c) => (isNotStoredColumn(c) ? `${c}（按规定不保存）` : maskFreeText(c))),
    inserted: f.inserted,
    updated: f.updated,
    unchanged: f.unchanged,
    timeliness: spec.timeliness
      ? { workingDays: 7, counted: f.timelinessCounted, timely: f.timely, rate: rate(f.timely, f.timelinessCounted), provisional: f.timelinessProvisional }
      : null,
    codeQuality: { wrongCodes: f.wrongCodes, duplicateCodes: f.duplicateCodes, perMille: codeErrorPerMille(f.wrongCodes, f.duplicateCodes, f.total), duplicates: f.duplicates },
    publicationAdjusted: f.publicationAdjusted,
    rejectedByRule: f.rejectedByRule,
    maskedIdNumbers: f.maskedIdNumbers,
    maskedIdNumbersByField: f.maskedIdNumbersByField,
    needsReview: f.needsReview,
    severityRules: rules,
  };
}

async function markFailed(db: D1DatabaseSession, batchId: number, tally: QualityTally, report: StoredReport): Promise<void> {
  const f = tally.figures();
  await db
    .prepare(`UPDATE ingest_batches SET status = 'failed', finished_at = ?2, total_rows = ?3, accepted_rows = ?4, rejected_rows = ?5, report = ?6 WHERE id = ?1`)
    .bind(batchId, new Date().toISOString(), f.total, f.accepted, f.rejected, JSON.stringify(report))
    .run();
}
