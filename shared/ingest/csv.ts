/**
 * A streaming CSV parser (RFC 4180) for uploads that never fit in memory at once: text arrives chunk by
 * chunk and whole records come out as soon as they are complete. Quotes, doubled quotes, CRLF / LF / CR
 * line ends, newlines inside quoted fields and a leading byte-order mark are handled; a chunk boundary may
 * fall anywhere, even between the two quotes of an escaped quote or between CR and LF.
 *
 * It is lenient where spreadsheet exports are sloppy (a stray quote inside an unquoted field is kept as
 * text) and strict where data would otherwise be lost silently: a quote left open at the end of the file
 * and a field longer than `maxFieldLength` mark their record with a problem instead of swallowing the rest.
 */

export type CsvProblem = "unterminated_quote" | "field_too_long";

export interface CsvRecord {
  fields: string[];
  /** Physical line (1-based) on which the record starts. */
  line: number;
  problem?: CsvProblem;
}

export interface CsvOptions {
  /** Field separator: "," (default) or a tab for spreadsheet "text" exports. */
  delimiter?: string;
  /** Longest field kept, in UTF-16 code units (default 1,000,000); longer ones are cut and flagged. */
  maxFieldLength?: number;
}

const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;

/** Parser states; QuoteInQuoted: a quote inside a quoted field, the next character decides between an escaped quote and the end. */
const State = { FieldStart: 0, Unquoted: 1, Quoted: 2, QuoteInQuoted: 3 } as const;
type State = (typeof State)[keyof typeof State];

/**
 * @example
 * const parser = new CsvParser();
 * parser.push('名称,文号\r\n"重庆""渝信""公司",渝中');   // → [{ fields: ["名称", "文号"], line: 1 }]
 * parser.push('市监罚〔2026〕1号\n');                    // → [{ fields: ['重庆"渝信"公司', "渝中市监罚〔2026〕1号"], line: 2 }]
 * parser.end();                                         // → []
 */
export class CsvParser {
  private readonly delimiter: number;
  private readonly maxFieldLength: number;
  private state: State = State.FieldStart;
  private fields: string[] = [];
  private field = "";
  private problem: CsvProblem | undefined;
  private line = 1;
  private recordLine = 1;
  private started = false;
  private skipLf = false;
  private recordOpen = false;
  /** A CR ended the previous quoted run: an LF at the start of the next one belongs to it. */
  private pendingCr = false;

  constructor(options: CsvOptions = {}) {
    const delimiter = options.delimiter ?? ",";
    if (delimiter.length !== 1 || delimiter === '"' || delimiter === "\n" || delimiter === "\r") throw new RangeError(`不能用作分隔符：${JSON.stringify(delimiter)}`);
    this.delimiter = delimiter.charCodeAt(0);
    this.maxFieldLength = options.maxFieldLength ?? 1_000_000;
  }

  /** Parses the next piece of text; returns the records it completed. */
  push(text: string): CsvRecord[] {
    const out: CsvRecord[] = [];
    let i = 0;
    const n = text.length;
    if (!this.started && n > 0) {
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) i = 1;
    }
    while (i < n) {
      const c = text.charCodeAt(i);
      if (this.skipLf) {
        this.skipLf = false;
        if (c === LF) {
          i++;
          continue;
        }
      }
      switch (this.state) {
        case State.FieldStart:
        case State.Unquoted: {
          if (this.state === State.FieldStart && c === QUOTE) {
            this.open();
            this.state = State.Quoted;
            i++;
            break;
          }
          // Take the whole run up to the next delimiter or line end in one slice.
          let j = i;
          while (j < n) {
            const d = text.charCodeAt(j);
            if (d === this.delimiter || d === CR || d === LF) break;
            j++;
          }
          if (j > i) {
            this.open();
            this.append(text.slice(i, j));
            this.state = State.Unquoted;
          }
          if (j >= n) {
            i = n;
            break;
          }
          const d = text.charCodeAt(j);
          if (d === this.delimiter) {
            this.open();
            this.endField();
          } else {
            this.endRecord(out);
            this.newline(d);
          }
          i = j + 1;
          break;
        }
        case State.Quoted: {
          const q = text.indexOf('"', i);
          const end = q === -1 ? n : q;
          const run = text.slice(i, end);
          this.countLines(run);
          this.append(run);
          if (q === -1) {
            i = n;
          } else {
            if (this.pendingCr) this.line++;
            this.pendingCr = false;
            this.state = State.QuoteInQuoted;
            i = q + 1;
          }
          break;
        }
        case State.QuoteInQuoted: {
          if (c === QUOTE) {
            this.append('"');
            this.state = State.Quoted;
          } else if (c === this.delimiter) {
            this.endField();
          } else if (c === CR || c === LF) {
            this.endRecord(out);
            this.newline(c);
          } else {
            // Text after a closing quote ("ab"c): kept, as spreadsheets do.
            this.append(text[i]!);
            this.state = State.Unquoted;
          }
          i++;
          break;
        }
      }
    }
    return out;
  }

  /** Ends the input; returns the last record if the text did not end with a line break. */
  end(): CsvRecord[] {
    const out: CsvRecord[] = [];
    if (this.state === State.Quoted) this.problem = "unterminated_quote";
    if (this.recordOpen || this.fields.length > 0 || this.state !== State.FieldStart) this.endRecord(out);
    return out;
  }

  private open(): void {
    if (!this.recordOpen) {
      this.recordOpen = true;
      this.recordLine = this.line;
    }
  }

  private append(s: string): void {
    if (this.field.length + s.length > this.maxFieldLength) {
      this.problem = "field_too_long";
      this.field += s.slice(0, Math.max(0, this.maxFieldLength - this.field.length));
      return;
    }
    this.field += s;
  }

  private endField(): void {
    this.fields.push(this.field);
    this.field = "";
    this.state = State.FieldStart;
  }

  private endRecord(out: CsvRecord[]): void {
    this.open();
    this.endField();
    const record: CsvRecord = { fields: this.fields, line: this.recordLine };
    if (this.problem) record.problem = this.problem;
    out.push(record);
    this.fields = [];
    this.problem = undefined;
    this.recordOpen = false;
  }

  private newline(c: number): void {
    this.line++;
    if (c === CR) this.skipLf = true;
  }

  private countLines(run: string): void {
    if (run.length === 0) return;
    if (this.pendingCr && run.charCodeAt(0) !== LF) this.line++;
    this.pendingCr = false;
    for (let k = run.indexOf("\n"); k !== -1; k = run.indexOf("\n", k + 1)) this.line++;
    // A lone CR inside quotes (old Mac files) also ends a physical line; one at the very end may still meet its LF.
    for (let k = run.indexOf("\r"); k !== -1; k = run.indexOf("\r", k + 1)) {
      if (k === run.length - 1) this.pendingCr = true;
      else if (run.charCodeAt(k + 1) !== LF) this.line++;
    }
  }
}

/**
 * The delimiter of a file from its first line: a tab when the header has tabs and no commas
 * (spreadsheet "text" exports), a comma otherwise.
 * @example detectDelimiter("名称\t文号\n") // "\t"
 */
export function detectDelimiter(sample: string): "," | "\t" {
  const firstLine = sample.split(/\r\n|\n|\r/, 1)[0] ?? "";
  return firstLine.includes("\t") && !firstLine.includes(",") ? "\t" : ",";
}

/**
 * One CSV line (with CRLF) for these fields, quoting only where RFC 4180 requires it.
 * @example csvLine(["重庆渝信", 'A"B', "x,y"]) // '重庆渝信,"A""B","x,y"\r\n'
 */
export function csvLine(fields: readonly string[], delimiter = ","): string {
  return `${fields.map((f) => (/[",\r\n\t]/.test(f) || f.includes(delimiter) ? `"${f.replace(/"/g, '""')}"` : f)).join(delimiter)}\r\n`;
}
