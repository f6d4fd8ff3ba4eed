/**
 * Streaming splitters for JSON uploads: a top-level array of objects is cut into its elements' texts as
 * they arrive (so a 90 MB array never sits in memory as one string), and NDJSON into its lines. Each piece is
 * parsed on its own, so one malformed element rejects that element only.
 */

export interface JsonPiece {
  /** The element's JSON text (arrays) or the line's text (NDJSON). */
  text: string;
  /** 1-based: the element's position in the array, or the NDJSON line number. */
  index: number;
  /** The piece was cut at the length limit. */
  tooLong?: boolean;
}

/** The top level of a JSON upload is not an array: nothing can be read from it. */
export class JsonShapeError extends Error {}

const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

const isSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0xfeff;

/**
 * @example
 * const s = new JsonArraySplitter();
 * s.push('[{"CF_WSH":"渝市监罚〔2026〕1号"},{"CF_');   // → [{ text: '{"CF_WSH":"渝市监罚〔2026〕1号"}', index: 1 }]
 * s.push('WSH":"2号"}]');                             // → [{ text: '{"CF_WSH":"2号"}', index: 2 }]
 * s.end();                                           // → [] (throws JsonShapeError if the array never closed)
 */
export class JsonArraySplitter {
  private phase: "before" | "inside" | "after" = "before";
  private depth = 0;
  private inString = false;
  private escaped = false;
  private element = "";
  private tooLong = false;
  private index = 0;

  constructor(private readonly maxElementLength = 1_000_000) {}

  push(text: string): JsonPiece[] {
    const out: JsonPiece[] = [];
    // An element cut by the previous chunk continues from the first character of this one.
    let runStart = this.element.length > 0 || this.inString || this.depth > 0 ? 0 : -1;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (this.phase === "before") {
        if (isSpace(c)) continue;
        if (c !== OPEN_BRACKET) throw new JsonShapeError("JSON 数据的顶层应为数组：[ {…}, {…} ]");
        this.phase = "inside";
        continue;
      }
      if (this.phase === "after") {
        if (!isSpace(c)) throw new JsonShapeError("JSON 数组结束后还有多余内容");
        continue;
      }
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === BACKSLASH) this.escaped = true;
        else if (c === QUOTE) this.inString = false;
        continue;
      }
      if (c === QUOTE) {
        this.inString = true;
        if (runStart === -1) runStart = i;
        continue;
      }
      if (this.depth === 0 && (c === COMMA || c === CLOSE_BRACKET)) {
        if (runStart !== -1) this.append(text.slice(runStart, i));
        runStart = -1;
        this.emit(out, c === CLOSE_BRACKET);
        if (c === CLOSE_BRACKET) this.phase = "after";
        continue;
      }
      if (c === OPEN_BRACE || c === OPEN_BRACKET) this.depth++;
      else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) this.depth--;
      if (runStart === -1 && !isSpace(c)) runStart = i;
    }
    if (runStart !== -1) this.append(text.slice(runStart));
    return out;
  }

  end(): JsonPiece[] {
    if (this.phase === "before") throw new JsonShapeError("JSON 数据为空：应为对象数组");
    if (this.phase === "inside") {
      const out: JsonPiece[] = [];
      // The array never closed: whatever element was open is still handed on, so its row is rejected, not lost.
      if (this.element.trim()) out.push(this.piece());
      if (out.length === 0) throw new JsonShapeError("JSON 数组没有结束（缺少 ]）");
      return out;
    }
    return [];
  }

  private append(s: string): void {
    if (this.element.length + s.length > this.maxElementLength) {
      this.tooLong = true;
      this.element += s.slice(0, Math.max(0, this.maxElementLength - this.element.length));
    } else {
      this.element += s;
    }
  }

  private emit(out: JsonPiece[], closing: boolean): void {
    const text = this.element.trim();
    // `[]` and a trailing `]` after the last element carry no element; an empty slot between commas does.
    if (text || !closing) out.push(this.piece());
    this.element = "";
    this.tooLong = false;
  }

  private piece(): JsonPiece {
    const piece: JsonPiece = { text: this.element.trim(), index: ++this.index };
    if (this.tooLong) piece.tooLong = true;
    this.element = "";
    this.tooLong = false;
    return piece;
  }
}

/**
 * NDJSON: one JSON value per line; blank lines are skipped but keep their line numbers.
 * @example
 * const s = new NdjsonSplitter();
 * s.push('{"a":1}\n\n{"a":');   // → [{ text: '{"a":1}', index: 1 }]
 * s.push('2}');                 // → []
 * s.end();                      // → [{ text: '{"a":2}', index: 3 }]
 */
export class NdjsonSplitter {
  private line = "";
  private lineNo = 0;
  private tooLong = false;

  constructor(private readonly maxLineLength = 1_000_000) {}

  push(text: string): JsonPiece[] {
    const out: JsonPiece[] = [];
    let start = 0;
    for (let nl = text.indexOf("\n"); nl !== -1; nl = text.indexOf("\n", start)) {
      this.append(text.slice(start, nl));
      this.flush(out);
      start = nl + 1;
    }
    this.append(text.slice(start));
    return out;
  }

  end(): JsonPiece[] {
    const out: JsonPiece[] = [];
    if (this.line.length > 0 || this.tooLong) this.flush(out);
    return out;
  }

  private append(s: string): void {
    if (this.line.length + s.length > this.maxLineLength) {
      this.tooLong = true;
      this.line += s.slice(0, Math.max(0, this.maxLineLength - this.line.length));
    } else {
      this.line += s;
    }
  }

  private flush(out: JsonPiece[]): void {
    this.lineNo++;
    const text = this.line.replace(/^\uFEFF/, "").trim();
    if (text) out.push(this.tooLong ? { text, index: this.lineNo, tooLong: true } : { text, index: this.lineNo });
    this.line = "";
    this.tooLong = false;
  }
}
