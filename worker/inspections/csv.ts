/** The inspection list as CSV for spreadsheets. */
import type { InspectionSample } from "../../shared/contract";

const COLUMNS: [string, (item: InspectionSample["items"][number], index: number) => string | null][] = [
  ["序号", (_, i) => String(i + 1)],
  ["统一社会信用代码", (s) => s.code],
  ["名称", (s) => s.name],
  ["信用等级", (s) => s.grade],
  ["监管类别", (s) => s.tier],
  ["区县", (s) => s.regionName ?? s.regionCode],
  ["行业", (s) => s.industry ?? s.industryCode],
];

/**
 * UTF-8 with a BOM (Excel reads Chinese), RFC 4180 quoting, and cells that start with = + - @ prefixed
 * with ' so a spreadsheet never runs a subject's name as a formula.
 * @example sampleCsv(sample).split("\r\n")[0] // "\uFEFF序号,统一社会信用代码,名称,信用等级,监管类别,区县,行业"
 */
export function sampleCsv(sample: InspectionSample): string {
  const cell = (v: string | null) => {
    let s = v ?? "";
    if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
    return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
  };
  const lines = [COLUMNS.map(([label]) => label).join(","), ...sample.items.map((item, i) => COLUMNS.map(([, value]) => cell(value(item, i))).join(","))];
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}
