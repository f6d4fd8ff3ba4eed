/**
 * Splitting a large upload into parts the Worker accepts (docs/ingest.md "How big"): on row boundaries,
 * every CSV part with the header again, each part small in bytes and rows. Each part carries the number of
 * rows before it (`rowOffset`), which the API adds to its row numbers, so problems are reported with the
 * original file's row numbers. Parts are sent as UTF-8 whatever the file's encoding.
 */
import { CsvParser, type CsvRecord, csvLine, detectDelimiter } from "./csv";
import { JsonArraySplitter, type JsonPiece } from "./json";
import type { UploadFormat } from "./rows";

export interface UploadPart {
  /** 1-based. */
  index: number;
  body: string;
  contentType: string;
  /** Data rows in the part (blank CSV lines and NDJSON lines included, as they count in row numbers). */
  rows: number;
  /** Rows before this part in the file. */
  rowOffset: number;
  /** UTF-8 bytes of `body`. */
  bytes: number;
}

export interface PartLimits {
  /** Largest part in UTF-8 bytes. */
  maxBytes: number;
  /** Most rows per part. */
  maxRows: number;
}

/** Parts of 8 MB or 20,000 rows: each request stays far inside the Workers CPU, memory and D1 per-request limits. */
export const DEFAULT_PART_LIMITS: PartLimits = { maxBytes: 8 * 1024 * 1024, maxRows: 20_000 };

/** A problem the splitter noticed while reading the file (the API will reject the rows concerned too). */
export interface SplitWarning {
  row: number;
  message: string;
}

/**
 * UTF-8 length of a string without encoding it.
 * @example utf8Length("渝A") // 4
 */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

const CONTENT_TYPE: Record<UploadFormat, string> = {
  csv: "text/csv; charset=utf-8",
  json: "application/json; charset=utf-8",
  ndjson: "application/x-ndjson; charset=utf-8",
};

/** Accumulates rows into parts. */
class PartBuilder {
  private pieces: string[] = [];
  private bytes = 0;
  private rows = 0;
  private offset = 0;
  private index = 0;
  private readonly frameBytes: number;
  private readonly separatorBytes: number;

  constructor(
    private readonly limits: PartLimits,
    private readonly format: UploadFormat,
    private readonly head = "",
    private readonly separator = "",
    private readonly tail = "",
  ) {
    this.frameBytes = utf8Length(head) + utf8Length(tail);
    this.separatorBytes = utf8Length(separator);
  }

  /** Adds a row; returns the finished part when this row did not fit into the current one. */
  add(text: string): UploadPart | undefined {
    const size = utf8Length(text) + this.separatorBytes;
    let done: UploadPart | undefined;
    if (this.rows > 0 && (this.rows >= this.limits.maxRows || this.bytes + size + this.frameBytes > this.limits.maxBytes)) done = this.flush();
    this.pieces.push(text);
    this.bytes += size;
    this.rows++;
    return done;
  }

  flush(): UploadPart | undefined {
    if (this.rows === 0) return undefined;
    const body = this.head + this.pieces.join(this.separator) + this.tail;
    const part: UploadPart = { index: ++this.index, body, contentType: CONTENT_TYPE[this.format], rows: this.rows, rowOffset: this.offset, bytes: utf8Length(body) };
    this.offset += this.rows;
    this.pieces = [];
    this.bytes = 0;
    this.rows = 0;
    return part;
  }
}

/**
 * Cuts decoded text into upload parts.
 * @example
 * for await (const part of splitUpload(text.chunks, "csv", DEFAULT_PART_LIMITS, (w) => console.warn(w.message))) {
 *   await fetch(`${url}/api/v1/ingest/penalties?rowOffset=${part.rowOffset}`, { method: "POST", body: part.body, headers: { "content-type": part.contentType } });
 * }
 */
export async function* splitUpload(
  chunks: AsyncIterable<string>,
  format: UploadFormat,
  limits: PartLimits = DEFAULT_PART_LIMITS,
  warn: (warning: SplitWarning) => void = () => undefined,
): AsyncGenerator<UploadPart> {
  if (format === "csv") yield* splitCsv(chunks, limits, warn);
  else if (format === "ndjson") yield* splitNdjson(chunks, limits);
  else yield* splitJson(chunks, limits);
}

async function* splitCsv(chunks: AsyncIterable<string>, limits: PartLimits, warn: (w: SplitWarning) => void): AsyncGenerator<UploadPart> {
  let parser: CsvParser | undefined;
  let pendingText = "";
  let builder: PartBuilder | undefined;
  let row = 0;
  const take = function* (records: CsvRecord[]): Generator<UploadPart> {
    for (const record of records) {
      if (!builder) {
        // Blank lines before the header are not rows (the API skips them too).
        if (record.fields.every((f) => f.trim() === "")) continue;
        builder = new PartBuilder(limits, "csv", csvLine(record.fields));
        continue;
      }
      row++;
      if (record.problem) warn({ row, message: record.problem === "unterminated_quote" ? `第 ${row} 行：引号未闭合，此行之后的内容都被读成了一个字段` : `第 ${row} 行：字段过长` });
      const done = builder.add(csvLine(record.fields));
      if (done) yield done;
    }
  };
  for await (const chunk of chunks) {
    if (!parser) {
      pendingText += chunk;
      if (!/[\r\n]/.test(pendingText) && pendingText.length < 1_000_000) continue;
      parser = new CsvParser({ delimiter: detectDelimiter(pendingText.replace(/^\uFEFF/, "")) });
      yield* take(parser.push(pendingText));
      continue;
    }
    yield* take(parser.push(chunk));
  }
  if (!parser) {
    // A file without any line break: its only line is the header.
    parser = new CsvParser({ delimiter: detectDelimiter(pendingText.replace(/^\uFEFF/, "")) });
    yield* take(parser.push(pendingText));
  }
  yield* take(parser.end());
  const last = builder?.flush();
  if (last) yield last;
}

async function* splitNdjson(chunks: AsyncIterable<string>, limits: PartLimits): AsyncGenerator<UploadPart> {
  const builder = new PartBuilder(limits, "ndjson", "", "\n", "\n");
  let rest = "";
  for await (const chunk of chunks) {
    const lines = (rest + chunk).split("\n");
    rest = lines.pop()!;
    for (const line of lines) {
      const done = builder.add(line.replace(/\r$/, ""));
      if (done) yield done;
    }
  }
  if (rest.length > 0) {
    const done = builder.add(rest.replace(/\r$/, ""));
    if (done) yield done;
  }
  const last = builder.flush();
  if (last) yield last;
}

async function* splitJson(chunks: AsyncIterable<string>, limits: PartLimits): AsyncGenerator<UploadPart> {
  const splitter = new JsonArraySplitter(Number.MAX_SAFE_INTEGER);
  const builder = new PartBuilder(limits, "json", "[", ",", "]");
  const take = function* (pieces: JsonPiece[]): Generator<UploadPart> {
    for (const piece of pieces) {
      const done = builder.add(piece.text);
      if (done) yield done;
    }
  };
  for await (const chunk of chunks) yield* take(splitter.push(chunk));
  yield* take(splitter.end());
  const last = builder.flush();
  if (last) yield last;
}
