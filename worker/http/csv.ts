/**
 * CSV downloads for spreadsheets (the audit log, inspection lists): one writer, so every download is
 * safe the same way.
 * - UTF-8 with a BOM: Excel reads the Chinese text as UTF-8 only then.
 * - RFC 4180: a cell with a quote, comma or line break is quoted, quotes doubled; lines end in CRLF.
 * - CSV injection (OWASP): a cell starting with = + - @ (or a tab / carriage return, which spreadsheets
 *   skip before such a character) gets a leading ', so a spreadsheet shows a subject's name or a purpose
 *   as text and never runs it as a formula.
 */

/** A column: its header and its cell for an item (null: empty). */
export type CsvColumn<T> = readonly [label: string, value: (item: T, index: number) => string | null];

/**
 * One cell, neutralised and quoted as needed.
 * @example spreadsheetCell('=HYPERLINK("x")') // "\"'=HYPERLINK(\"\"x\"\")\""
 */
export function spreadsheetCell(value: string | null): string {
  let s = value ?? "";
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/**
 * The whole file: BOM, the header line, one line per item, each line ending in CRLF.
 * @example spreadsheetCsv([["名称", (s: { name: string }) => s.name]], [{ name: "=1+1" }]) // "\uFEFF名称\r\n'=1+1\r\n"
 */
export function spreadsheetCsv<T>(columns: readonly CsvColumn<T>[], items: readonly T[]): string {
  const lines = [columns.map(([label]) => spreadsheetCell(label)).join(","), ...items.map((item, i) => columns.map(([, value]) => spreadsheetCell(value(item, i))).join(","))];
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}
