/**
 * What the CLI does before and after the network: cutting a file into parts on row boundaries (header repeated,
 * row offsets kept, size limits honoured, nothing lost or altered) and merging the parts' reports into one.
 */
import { readFileSync } from "node:fs";
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import type { QualityReport } from "../../shared/contract/ingest";
import { CsvParser } from "../../shared/ingest/csv";
import { decodeStream } from "../../shared/ingest/decode";
import { type UploadPart, splitUpload, utf8Length } from "../../shared/ingest/parts";
import { formatReport, mergeReports } from "../../shared/ingest/report";
import { formatOf } from "../../scripts/ingest";
import { penaltyCsv, penaltyRow } from "../fixtures/ingest/rows";

const TODAY = "2026-11-27";

async function* chunksOf(text: string, size: number): AsyncGenerator<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

async function parts(text: string, format: "csv" | "json" | "ndjson", maxRows: number, maxBytes = 1 << 30): Promise<UploadPart[]> {
  const out: UploadPart[] = [];
  for await (const p of splitUpload(chunksOf(text, 97), format, { maxRows, maxBytes })) out.push(p);
  return out;
}

const csvRecords = (text: string) => {
  const parser = new CsvParser();
  return [...parser.push(text), ...parser.end()].map((r) => r.fields);
};

describe("splitting a file into parts", () => {
  const rows = Array.from({ length: 25 }, (_, i) => penaltyRow(i, TODAY, i === 3 ? { 违法事实: "含逗号,引号\"和\r\n换行的事实" } : {}));
  const file = penaltyCsv(rows, { bom: true });

  it("CSV: every part starts with the header, rows are neither lost nor altered, offsets add up", async () => {
    const cut = await parts(file, "csv", 10);
    expect(cut.map((p) => [p.index, p.rows, p.rowOffset])).toEqual([[1, 10, 0], [2, 10, 10], [3, 5, 20]]);
    const [header, ...all] = csvRecords(file.replace(/^\uFEFF/, ""));
    const rebuilt = cut.flatMap((p) => {
      const [h, ...body] = csvRecords(p.body);
      expect(h).toEqual(header);
      expect(p.contentType).toBe("text/csv; charset=utf-8");
      expect(p.bytes).toBe(Buffer.byteLength(p.body));
      return body;
    });
    expect(rebuilt).toEqual(all);
  });

  it("keeps each part under the byte limit (a row that alone exceeds it travels alone)", async () => {
    const limit = 4000;
    const cut = await parts(file, "csv", 1000, limit);
    expect(cut.length).toBeGreaterThan(3);
    for (const p of cut) expect(p.rows === 1 || p.bytes <= limit).toBe(true);
    expect(cut.reduce((n, p) => n + p.rows, 0)).toBe(25);
  });

  it("a GBK file comes out as UTF-8 parts with the same rows", async () => {
    const gbk = readFileSync(new URL("../fixtures/ingest/penalties-codes-gbk.csv", import.meta.url));
    const text = await decodeStream(new Blob([new Uint8Array(gbk)]).stream());
    const cut: UploadPart[] = [];
    for await (const p of splitUpload(text.chunks, "csv", { maxRows: 2, maxBytes: 1 << 20 })) cut.push(p);
    const utf8 = readFileSync(new URL("../fixtures/ingest/penalties-codes.csv", import.meta.url), "utf8");
    expect(cut.flatMap((p) => csvRecords(p.body).slice(1))).toEqual(csvRecords(utf8).slice(1));
    expect(iconv.decode(gbk, "gbk")).toBe(utf8);
  });

  it("NDJSON keeps line numbers (blank lines included); JSON arrays stay arrays, malformed elements included", async () => {
    const nd = await parts('{"a":1}\n\n{"a":3}\n{bad}\n{"a":5}\n', "ndjson", 2);
    expect(nd.map((p) => [p.rowOffset, p.rows, p.body])).toEqual([[0, 2, '{"a":1}\n\n'], [2, 2, '{"a":3}\n{bad}\n'], [4, 1, '{"a":5}\n']]);
    const js = await parts('[{"a":1}, {"a": }, {"a":[1,2]}]', "json", 2);
    expect(js.map((p) => [p.rowOffset, p.body])).toEqual([[0, '[{"a":1},{"a": }]'], [2, '[{"a":[1,2]}]']]);
  });

  it("measures UTF-8 like Buffer does, surrogate pairs included", () => {
    for (const s of ["", "abc", "重庆渝信", "𠀀𠀁", "é\u0800"]) expect(utf8Length(s), s).toBe(Buffer.byteLength(s));
    expect(formatOf("a.NDJSON")).toBe("ndjson");
    expect(formatOf("行政处罚.csv")).toBe("csv");
  });
});

describe("the merged report", () => {
  const report = (batchId: number, o: Partial<QualityReport> = {}): QualityReport => ({
    batchId, kind: "penalties", status: "done", sourceUnit: { code: "11500000MB1541618P", name: "重庆市市场监督管理局" }, fileName: "a.csv", format: "CSV",
    encoding: "GBK", schema: "current", receivedAt: "2026-11-27T02:00:00.000Z", finishedAt: "2026-11-27T02:00:05.000Z", total: 1000, accepted: 990, rejected: 10,
    unchanged: 0, inserted: 990, updated: 0, passRate: 0.99, timeliness: { workingDays: 7, counted: 990, timely: 900, rate: 0.9091 },
    codeQuality: { wrongCodes: 4, duplicateCodes: 1, perMille: 5, duplicates: [{ code: "91500103MA5U3K9L2B", names: ["甲", "乙"] }] },
    publicationAdjusted: 2, rejectedByRule: { uscc: 4, enum: 6 }, ignoredColumns: ["地方编码（按规定不保存）"], severityRules: null,
    maskedIdNumbers: 0, maskedIdNumbersByField: {}, needsReview: {},
    rejections: { page: 1, pageSize: 200, total: 10, items: [] }, ...o,
  });

  it("adds the parts up and recomputes the rates over the whole file", () => {
    const merged = mergeReports(
      "penalties",
      "2026年11月行政处罚.csv",
      [
        { report: report(11), problems: [{ row: 8, field: "统一社会信用代码", rule: "uscc", message: "第18位校验码应为“B”" }] },
        { report: report(12, { total: 500, accepted: 500, rejected: 0, inserted: 0, unchanged: 500, timeliness: { workingDays: 7, counted: 0, timely: 0, rate: null }, codeQuality: { wrongCodes: 0, duplicateCodes: 0, perMille: 0, duplicates: [] }, rejectedByRule: {} }), problems: [] },
      ],
      [{ index: 3, rowOffset: 1500, rows: 200, error: "HTTP 503", retryable: true }],
    );
    expect(merged).toMatchObject({
      batchIds: [11, 12], parts: 3, total: 1500, accepted: 1490, rejected: 10, inserted: 990, unchanged: 500, passRate: 0.9933,
      timeliness: { counted: 990, timely: 900, rate: 0.9091 }, codeQuality: { wrongCodes: 4, duplicateCodes: 1, perMille: 3.33 }, rejectedByRule: { uscc: 4, enum: 6 },
    });
    const text = formatReport(merged);
    expect(text).toContain("总行数 1,500 · 通过 1,490 · 拒绝 10 · 合格率 99.33%");
    expect(text).toContain("及时率 90.91%（900 / 990 条新增记录在决定之日起 7 个工作日内报送）");
    expect(text).toContain("重错码率 3.33‰（错码 4 行，重码 1 个）");
    expect(text).toContain("取值不在规定范围（enum）6 行");
    expect(text).toContain("第 8 行 · 统一社会信用代码 · uscc");
    expect(text).toContain("第 3 段（第 1501–1700 行）上传失败：HTTP 503");
    expect(text).toContain("请重新运行同一命令");
  });
});
