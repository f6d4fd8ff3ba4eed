/**
 * worker/http/csv.ts, the one writer of the CSV downloads (audit log, inspection lists): Excel must read
 * the Chinese text, quoting must follow RFC 4180, and no cell may run as a formula (CSV injection).
 */
import { describe, expect, it } from "vitest";
import { type CsvColumn, spreadsheetCell, spreadsheetCsv } from "../../worker/http/csv";

describe("spreadsheetCell", () => {
  it("neutralises cells a spreadsheet would read as a formula", () => {
    for (const lead of ["=", "+", "-", "@", "\t", "\r"]) expect(spreadsheetCell(`${lead}1+1`).replace(/^"/, "")).toMatch(/^'/);
    expect(spreadsheetCell("=HYPERLINK(\"http://x\")")).toBe("\"'=HYPERLINK(\"\"http://x\"\")\"");
    expect(spreadsheetCell("-12")).toBe("'-12");
  });

  it("quotes only where RFC 4180 requires it and leaves plain text alone", () => {
    expect(spreadsheetCell("重庆渝信建筑工程有限公司")).toBe("重庆渝信建筑工程有限公司");
    expect(spreadsheetCell("a,b")).toBe('"a,b"');
    expect(spreadsheetCell('A"B')).toBe('"A""B"');
    expect(spreadsheetCell("line\nbreak")).toBe('"line\nbreak"');
    expect(spreadsheetCell("1-2")).toBe("1-2");
    expect(spreadsheetCell(null)).toBe("");
  });
});

describe("spreadsheetCsv", () => {
  it("writes a BOM, a header line and one CRLF line per item", () => {
    const columns: CsvColumn<{ code: string; name: string | null }>[] = [
      ["序号", (_, i) => String(i + 1)],
      ["代码", (s) => s.code],
      ["名称", (s) => s.name],
    ];
    const text = spreadsheetCsv(columns, [{ code: "91500000MA5U0001X", name: "=cmd|' /C calc'!A0" }, { code: "x", name: null }]);
    expect(text).toBe("\uFEFF序号,代码,名称\r\n1,91500000MA5U0001X,'=cmd|' /C calc'!A0\r\n2,x,\r\n");
  });
});
