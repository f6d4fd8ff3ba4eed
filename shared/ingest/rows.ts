/**
 * Rows of an upload, whatever its format: CSV (a header, then records), a JSON array of objects, or NDJSON.
 * Each row keeps its number and its text as received, so a rejected row can be reported and kept verbatim.
 * Rows that cannot even be read (an unterminated quote, malformed JSON) come out with a `problem` instead of
 * values: they are rejected, never skipped.
 */
import { CsvParser, type CsvRecord, csvLine, detectDelimiter } from "./csv";
import { JsonArraySplitter, type JsonPiece, NdjsonSplitter } from "./json";

export type UploadFormat = "csv" | "json" | "ndjson";

export const FORMAT_LABEL: Record<UploadFormat, string> = { csv: "CSV", json: "JSON", ndjson: "NDJSON" };

/** The longest row text kept with a rejection (characters). */
export const MAX_RAW_LENGTH = 20_000;

export interface RowProblem {
  rule: "format";
  message: string;
}

export interface SourceRow {
  /** 1-based: CSV records after the header, JSON array elements, NDJSON lines; plus the upload's row offset. */
  row: number;
  /** CSV: the record's fields, in header order. */
  fields?: string[];
  /** JSON / NDJSON: the object. */
  object?: Record<string, unknown>;
  /** The row as received (cut at MAX_RAW_LENGTH). */
  raw: string;
  problem?: RowProblem;
}

export interface RowSource {
  format: UploadFormat;
  /** CSV only: the header's column names. */
  header?: string[];
  rows: AsyncGenerator<SourceRow>;
}

/** The upload cannot be read at all (no header, not an array): answered as a 400 before anything is written. */
export class UploadShapeError extends Error {}

const isBlank = (record: CsvRecord) => record.fields.every((f) => f.trim() === "");

const raw = (text: string) => (text.length > MAX_RAW_LENGTH ? text.slice(0, MAX_RAW_LENGTH) : text);

/**
 * Opens the rows of an upload from its decoded text chunks. For CSV the header is read first (so the caller
 * can check its columns before anything is written); `rowOffset` is added to every row number (the CLI sends
 * big files in parts and keeps the file's numbering).
 * @example
 * const source = await openRows(text.chunks, "csv");
 * source.header; // ["行政相对人名称", "统一社会信用代码", …]
 * for await (const row of source.rows) row.fields; // ["重庆渝信商贸有限公司", "91500103MA5U3K9L2B", …]
 */
export async function openRows(chunks: AsyncIterator<string>, format: UploadFormat, rowOffset = 0): Promise<RowSource> {
  if (format === "csv") return openCsv(chunks, rowOffset);
  return { format, rows: jsonRows(chunks, format, rowOffset) };
}

async function openCsv(chunks: AsyncIterator<string>, rowOffset: number): Promise<RowSource> {
  let parser: CsvParser | undefined;
  const pending: CsvRecord[] = [];
  let ended = false;
  let firstText = "";
  // Read until the header record is complete (blank lines before it skipped); the delimiter is decided on the
  // whole first line, or on its first megabyte when a hostile upload has no line break at all.
  while (!ended && (pending.length === 0 || pending.every(isBlank))) {
    if (pending.length > 0) pending.length = 0;
    const next = await chunks.next();
    if (next.done) ended = true;
    else if (!parser) firstText += next.value;
    else pending.push(...parser.push(next.value));
    if (!parser && (ended || /[\r\n]/.test(firstText) || firstText.length > 1_000_000)) {
      parser = new CsvParser({ delimiter: detectDelimiter(firstText.replace(/^\uFEFF/, "")) });
      pending.push(...parser.push(firstText));
    }
    if (ended) pending.push(...parser!.end());
  }
  while (pending.length > 0 && isBlank(pending[0]!)) pending.shift();
  const headerRecord = pending.shift();
  const header = headerRecord?.fields.map((f) => f.trim()) ?? [];
  if (!headerRecord || header.every((h) => h === "")) throw new UploadShapeError("CSV 文件为空或缺少表头");
  if (headerRecord.problem) throw new UploadShapeError("CSV 表头无法解析（引号未闭合或列名过长）");
  async function* rows(): AsyncGenerator<SourceRow> {
    let ordinal = 0;
    const out = (record: CsvRecord): SourceRow => {
      ordinal++;
      const row: SourceRow = { row: rowOffset + ordinal, fields: record.fields, raw: raw(csvLine(record.fields).replace(/\r\n$/, "")) };
      if (record.problem === "unterminated_quote") row.problem = { rule: "format", message: "引号未闭合：此行从这里到文件末尾都被读成了一个字段" };
      else if (record.problem === "field_too_long") row.problem = { rule: "format", message: "字段过长（超过 100 万字符），可能是引号未闭合" };
      return row;
    };
    for (const record of pending) yield out(record);
    if (ended || !parser) return;
    for (;;) {
      const next = await chunks.next();
      if (next.done) break;
      for (const record of parser.push(next.value)) yield out(record);
    }
    for (const record of parser.end()) yield out(record);
  }
  return { format: "csv", header, rows: rows() };
}

async function* jsonRows(chunks: AsyncIterator<string>, format: "json" | "ndjson", rowOffset: number): AsyncGenerator<SourceRow> {
  const splitter = format === "json" ? new JsonArraySplitter() : new NdjsonSplitter();
  const out = (piece: JsonPiece): SourceRow => {
    const row = rowOffset + piece.index;
    if (piece.tooLong) return { row, raw: raw(piece.text), problem: { rule: "format", message: "这条数据过长（超过 100 万字符）" } };
    let value: unknown;
    try {
      value = JSON.parse(piece.text);
    } catch {
      return { row, raw: raw(piece.text), problem: { rule: "format", message: "不是合法的 JSON" } };
    }
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      return { row, raw: raw(piece.text), problem: { rule: "format", message: "每条数据应为 JSON 对象 {…}" } };
    }
    return { row, object: value as Record<string, unknown>, raw: raw(piece.text) };
  };
  for (;;) {
    const next = await chunks.next();
    if (next.done) break;
    for (const piece of splitter.push(next.value)) yield out(piece);
  }
  for (const piece of splitter.end()) yield out(piece);
}
