/** The inspection list as CSV for spreadsheets. */
import type { InspectionSample } from "../../shared/contract";
import { type CsvColumn, spreadsheetCsv } from "../http/csv";

const COLUMNS: CsvColumn<InspectionSample["items"][number]>[] = [
  ["序号", (_, i) => String(i + 1)],
  ["统一社会信用代码", (s) => s.code],
  ["名称", (s) => s.name],
  ["信用等级", (s) => s.grade],
  ["监管类别", (s) => s.tier],
  ["区县", (s) => s.regionName ?? s.regionCode],
  ["行业", (s) => s.industry ?? s.industryCode],
];

/**
 * Written by worker/http/csv.ts: BOM, RFC 4180 quoting, formula-looking cells neutralised.
 * @example sampleCsv(sample).split("\r\n")[0] // "\uFEFF序号,统一社会信用代码,名称,信用等级,监管类别,区县,行业"
 */
export function sampleCsv(sample: InspectionSample): string {
  return spreadsheetCsv(COLUMNS, sample.items);
}
