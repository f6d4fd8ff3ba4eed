/**
 * Reading uploads: the streaming CSV parser, the JSON / NDJSON splitters, encoding detection and decoding
 * (including the real GBK sample file), chunk boundaries anywhere.
 */
import { readFileSync } from "node:fs";
import fc from "fast-check";
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { CsvParser, csvLine, detectDelimiter } from "../../shared/ingest/csv";
import { charsetOf, decodeStream, encodingFromLabel, sniffEncoding } from "../../shared/ingest/decode";
import { JsonArraySplitter, JsonShapeError, NdjsonSplitter } from "../../shared/ingest/json";
import { type SourceRow, UploadShapeError, openRows } from "../../shared/ingest/rows";
import { limitStream, PayloadTooLargeError } from "../../worker/ingest/body";

const fixture = (name: string) => readFileSync(new URL(`../fixtures/ingest/${name}`, import.meta.url));

function parseAll(chunks: string[]): { fields: string[]; line: number; problem?: string }[] {
  const parser = new CsvParser();
  return [...chunks.flatMap((c) => parser.push(c)), ...parser.end()];
}

/** Cuts a string at the given positions. */
function cut(text: string, positions: number[]): string[] {
  const sorted = [...new Set(positions.map((p) => Math.min(p, text.length)))].sort((a, b) => a - b);
  const out: string[] = [];
  let last = 0;
  for (const p of sorted) {
    out.push(text.slice(last, p));
    last = p;
  }
  out.push(text.slice(last));
  return out;
}

function streamOf(bytes: Uint8Array, chunkSize: number): ReadableStream<Uint8Array> {
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(offset, offset + chunkSize));
      offset += chunkSize;
    },
  });
}

async function collect<T>(gen: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of gen) out.push(x);
  return out;
}

describe("CSV parser (RFC 4180, streaming)", () => {
  it("reads quotes, doubled quotes, embedded commas and newlines, CRLF and a BOM", () => {
    const text = '\uFEFF名称,文号,违法事实\r\n"重庆""渝信""商贸有限公司",渝中市监处罚〔2026〕11号,"销售过期食品，\r\n货值3,600元"\r\n重庆山城建设工程有限公司,渝中市监处罚〔2026〕12号,\r\n';
    expect(parseAll([text])).toEqual([
      { fields: ["名称", "文号", "违法事实"], line: 1 },
      { fields: ['重庆"渝信"商贸有限公司', "渝中市监处罚〔2026〕11号", "销售过期食品，\r\n货值3,600元"], line: 2 },
      { fields: ["重庆山城建设工程有限公司", "渝中市监处罚〔2026〕12号", ""], line: 4 },
    ]);
  });

  it("reads LF-only and CR-only files and a last line without a line break", () => {
    expect(parseAll(["a,b\nc,d"]).map((r) => r.fields)).toEqual([["a", "b"], ["c", "d"]]);
    expect(parseAll(["a,b\rc,d\r"]).map((r) => r.fields)).toEqual([["a", "b"], ["c", "d"]]);
  });

  it("keeps a stray quote inside an unquoted field, and text after a closing quote, as spreadsheets do", () => {
    expect(parseAll(['重庆"渝信"公司,"ab"c\n']).map((r) => r.fields)).toEqual([['重庆"渝信"公司', "abc"]]);
  });

  it("flags a quote left open at the end instead of losing the rest silently", () => {
    const records = parseAll(['a,b\n1,"never closed\n2,3\n']);
    expect(records[1]).toMatchObject({ fields: ["1", "never closed\n2,3\n"], problem: "unterminated_quote" });
  });

  it("cuts a field longer than the limit and flags it", () => {
    const parser = new CsvParser({ maxFieldLength: 10 });
    const records = [...parser.push(`"${"x".repeat(50)}",b\n`), ...parser.end()];
    expect(records[0]).toMatchObject({ fields: ["x".repeat(10), "b"], problem: "field_too_long" });
  });

  it("gives the same records however the text is cut into chunks (property)", () => {
    const field = fc.oneof(fc.string({ unit: "grapheme", maxLength: 12 }), fc.constantFrom('"', '""', ",", "\r\n", "\n", "\r", "渝中", " "));
    fc.assert(
      fc.property(fc.array(fc.array(field, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 8 }), fc.array(fc.nat(400), { maxLength: 12 }), (records, cuts) => {
        const text = records.map((r) => csvLine(r)).join("");
        const parsed = parseAll(cut(text, cuts)).map((r) => r.fields);
        expect(parsed).toEqual(records);
      }),
      { numRuns: 500, seed: 20261127 },
    );
  });

  it("counts physical lines across chunks, CRLF split between chunks included", () => {
    const records = parseAll(['a\r', '\n"x\r', '\ny"\r\nb\n']);
    expect(records.map((r) => r.line)).toEqual([1, 2, 4]);
  });

  it("detects a tab-separated export from its header", () => {
    expect(detectDelimiter("名称\t文号\r\n")).toBe("\t");
    expect(detectDelimiter("名称,文号\t备注\n")).toBe(",");
  });
});

describe("JSON and NDJSON splitters", () => {
  it("cuts an array into its elements across chunks, brackets and quotes inside strings included", () => {
    const text = '[ {"CF_WSH":"渝中市监处罚〔2026〕1号","CF_SY":"含有 ] 和 , 以及 \\" 的事实","n":[1,{"a":"}"}]} , {"CF_WSH":"2号"} ]';
    for (let size = 1; size <= text.length; size += 7) {
      const splitter = new JsonArraySplitter();
      const pieces = [...cut(text, Array.from({ length: Math.ceil(text.length / size) }, (_, i) => i * size)).flatMap((c) => splitter.push(c)), ...splitter.end()];
      expect(pieces.map((p) => JSON.parse(p.text))).toEqual(JSON.parse(text));
      expect(pieces.map((p) => p.index)).toEqual([1, 2]);
    }
  });

  it("refuses a top level that is not an array, and says where an array never closed", () => {
    expect(() => new JsonArraySplitter().push('{"a":1}')).toThrow(JsonShapeError);
    expect(() => new JsonArraySplitter().end()).toThrow(JsonShapeError);
    const open = new JsonArraySplitter();
    expect(open.push('[{"a":1},{"a":')).toHaveLength(1);
    expect(open.end()).toEqual([{ text: '{"a":', index: 2 }]);
    expect(new JsonArraySplitter().push("[]")).toEqual([]);
  });

  it("numbers NDJSON rows by line, skipping blank lines", () => {
    const splitter = new NdjsonSplitter();
    const pieces = [...splitter.push('{"a":1}\r\n\n{"a"'), ...splitter.push(":2}\n{bad}"), ...splitter.end()];
    expect(pieces).toEqual([
      { text: '{"a":1}', index: 1 },
      { text: '{"a":2}', index: 3 },
      { text: "{bad}", index: 4 },
    ]);
  });
});

describe("encodings", () => {
  it("the GBK sample is real GBK: not valid UTF-8, and the exact twin of the UTF-8 sample", () => {
    const gbk = fixture("penalties-codes-gbk.csv");
    const utf8 = fixture("penalties-codes.csv").toString("utf8");
    expect(() => new TextDecoder("utf-8", { fatal: true }).decode(gbk)).toThrow();
    expect(Buffer.compare(gbk, iconv.encode(utf8, "gbk"))).toBe(0);
    expect(sniffEncoding(gbk, true)).toBe("gb18030");
    expect(sniffEncoding(new TextEncoder().encode(utf8), true)).toBe("utf-8");
  });

  it("decodes the GBK sample streamed in 7-byte chunks (characters split across chunks) into the same rows as the UTF-8 one", async () => {
    const rowsOf = async (bytes: Uint8Array, chunk: number) => {
      const text = await decodeStream(streamOf(bytes, chunk));
      const source = await openRows(text.chunks, "csv");
      return { encoding: text.encoding, header: source.header, rows: (await collect(source.rows)).map((r) => r.fields) };
    };
    const fromGbk = await rowsOf(fixture("penalties-codes-gbk.csv"), 7);
    const fromUtf8 = await rowsOf(fixture("penalties-codes.csv"), 5);
    expect(fromGbk.encoding).toBe("gb18030");
    expect(fromUtf8.encoding).toBe("utf-8");
    expect(fromGbk.header).toEqual(fromUtf8.header);
    expect(fromGbk.rows).toEqual(fromUtf8.rows);
    expect(fromGbk.rows[0]![0]).toBe("重庆山城建设工程第11有限公司");
    expect(fromGbk.rows[0]![8]).toContain("“山城牌”火锅底料");
  });

  it("a declared charset wins over detection; labels map to decoders", async () => {
    expect(charsetOf('text/csv; charset="GBK"')).toBe("GBK");
    expect(encodingFromLabel("gb2312")).toBe("gb18030");
    expect(encodingFromLabel("UTF8")).toBe("utf-8");
    expect(encodingFromLabel("latin1")).toBeUndefined();
    const text = await decodeStream(streamOf(iconv.encode("名称\n渝信\n", "gbk"), 100), "gb18030");
    expect((await collect(text.chunks)).join("")).toBe("名称\n渝信\n");
  });

  it("recognises byte-order marks", () => {
    expect(sniffEncoding(new Uint8Array([0xef, 0xbb, 0xbf, 0x41]), true)).toBe("utf-8");
    expect(sniffEncoding(new Uint8Array([0xff, 0xfe, 0x41, 0x00]), true)).toBe("utf-16le");
  });

  it("a UTF-8 character cut at the end of the sniffed prefix is still UTF-8", () => {
    const bytes = new TextEncoder().encode("重庆");
    expect(sniffEncoding(bytes.slice(0, 4), false)).toBe("utf-8");
  });
});

describe("rows of an upload", () => {
  const rowsOf = async (text: string, format: "csv" | "json" | "ndjson", offset = 0) => {
    const source = await openRows((async function* () { yield text; })(), format, offset);
    return { header: source.header, rows: await collect<SourceRow>(source.rows) };
  };

  it("CSV: the header first, blank lines before it skipped, rows numbered after it plus the offset", async () => {
    const { header, rows } = await rowsOf("\r\n 名称 ,文号\r\n渝信,1号\r\n\r\n山城,2号\r\n", "csv", 1000);
    expect(header).toEqual(["名称", "文号"]);
    expect(rows.map((r) => [r.row, r.fields])).toEqual([[1001, ["渝信", "1号"]], [1002, [""]], [1003, ["山城", "2号"]]]);
  });

  it("CSV without a header, or empty, cannot be read at all", async () => {
    await expect(rowsOf("", "csv")).rejects.toThrow(UploadShapeError);
    await expect(rowsOf("\r\n\r\n", "csv")).rejects.toThrow(UploadShapeError);
  });

  it("JSON: a malformed element or a non-object is a problem of that row, the others are read", async () => {
    const { rows } = await rowsOf('[{"a":"1"}, {"a": }, 42, {"a":"4"}]', "json");
    expect(rows.map((r) => [r.row, r.object ?? r.problem?.message])).toEqual([
      [1, { a: "1" }],
      [2, "不是合法的 JSON"],
      [3, "每条数据应为 JSON 对象 {…}"],
      [4, { a: "4" }],
    ]);
  });
});

describe("upload size limit while streaming", () => {
  it("passes bytes up to the limit and errors past it", async () => {
    const ok = limitStream(streamOf(new Uint8Array(100), 30), 100);
    expect((await collect(ok as unknown as AsyncIterable<Uint8Array>)).reduce((n, c) => n + c.length, 0)).toBe(100);
    const over = limitStream(streamOf(new Uint8Array(101), 30), 100);
    await expect(collect(over as unknown as AsyncIterable<Uint8Array>)).rejects.toBeInstanceOf(PayloadTooLargeError);
  });
});
