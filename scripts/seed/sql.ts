/**
 * Turn seed row batches into SQL. Pure (no Node APIs): usable from the CLI, from tests in workerd,
 * and from a Worker that seeds D1 through `DB.prepare(sql).bind(...params)`.
 */
import type { SeedBatch } from "./generate";

export interface SqlStatement {
  sql: string;
  params: unknown[];
}

/** D1 allows at most 100 bound parameters per statement. */
export const D1_MAX_PARAMS = 100;
/** D1 rejects SQL statements longer than 100 KB; stay well below. */
export const D1_MAX_STATEMENT_BYTES = 90_000;

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

function checkIdentifier(name: string): string {
  if (!IDENTIFIER.test(name)) throw new RangeError(`Not a plain SQL identifier: ${JSON.stringify(name)}`);
  return name;
}

/** The batch's columns: every key of every row, in first-seen order. */
export function batchColumns(batch: SeedBatch): string[] {
  const seen = new Set<string>();
  for (const row of batch.rows) for (const key of Object.keys(row)) seen.add(key);
  return [...seen].map(checkIdentifier);
}

function bindable(value: unknown): unknown {
  return value === undefined ? null : value;
}

/**
 * Multi-row `INSERT INTO t (cols) VALUES (?,…),(?,…)` statements with at most `maxParams` bound
 * parameters each (rows × columns ≤ maxParams). Missing keys bind NULL.
 *
 * @example
 * insertStatements({ table: "subjects", rows }, { maxParams: 100 })
 * // → [{ sql: "INSERT INTO subjects (id, …) VALUES (?, …), (?, …)", params: [1, …] }, …]
 */
export function insertStatements(batch: SeedBatch, options: { maxParams?: number } = {}): SqlStatement[] {
  const maxParams = options.maxParams ?? D1_MAX_PARAMS;
  if (batch.rows.length === 0) return [];
  const table = checkIdentifier(batch.table);
  const columns = batchColumns(batch);
  if (columns.length > maxParams) throw new RangeError(`${table}: ${columns.length} columns exceed ${maxParams} parameters per statement`);
  const rowsPerStatement = Math.max(1, Math.floor(maxParams / columns.length));
  const tuple = `(${columns.map(() => "?").join(", ")})`;
  const head = `INSERT INTO ${table} (${columns.join(", ")}) VALUES `;
  const statements: SqlStatement[] = [];
  for (let start = 0; start < batch.rows.length; start += rowsPerStatement) {
    const rows = batch.rows.slice(start, start + rowsPerStatement);
    const params: unknown[] = [];
    for (const row of rows) for (const c of columns) params.push(bindable(row[c]));
    statements.push({ sql: head + rows.map(() => tuple).join(", "), params });
  }
  return statements;
}

/**
 * A SQL literal: NULL, a number, or a single-quoted string with quotes doubled. Objects become JSON
 * text; booleans 1/0. Throws on NaN/Infinity and on strings containing NUL.
 *
 * @example sqlLiteral("O'Brien") // → "'O''Brien'"
 */
export function sqlLiteral(value: unknown): string {
  if (value === null || value === undefined) return "NULL";
  switch (typeof value) {
    case "number":
      if (!Number.isFinite(value)) throw new RangeError(`Cannot write ${value} as a SQL literal`);
      return String(value);
    case "bigint":
      return value.toString();
    case "boolean":
      return value ? "1" : "0";
    case "string":
      if (value.includes("\u0000")) throw new RangeError("Cannot write a string containing NUL as a SQL literal");
      return `'${value.replace(/'/g, "''")}'`;
    default:
      return sqlLiteral(JSON.stringify(value));
  }
}

/** UTF-8 byte length without TextEncoder allocations. */
function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/**
 * The batch as `.sql` text for `wrangler d1 execute --file`: multi-row INSERTs with literal values,
 * each statement below `maxStatementBytes` (D1's statement length limit), one per line. No
 * BEGIN/COMMIT (D1 rejects explicit transactions in imported files).
 */
export function toSqlText(batch: SeedBatch, options: { maxStatementBytes?: number } = {}): string {
  const limit = options.maxStatementBytes ?? D1_MAX_STATEMENT_BYTES;
  if (batch.rows.length === 0) return "";
  const table = checkIdentifier(batch.table);
  const columns = batchColumns(batch);
  const head = `INSERT INTO ${table} (${columns.join(", ")}) VALUES\n`;
  const headBytes = utf8Length(head);
  const out: string[] = [];
  let tuples: string[] = [];
  let bytes = headBytes;
  for (const row of batch.rows) {
    const tuple = `(${columns.map((c) => sqlLiteral(row[c])).join(", ")})`;
    const size = utf8Length(tuple) + 2;
    if (tuples.length > 0 && bytes + size > limit) {
      out.push(`${head}${tuples.join(",\n")};\n`);
      tuples = [];
      bytes = headBytes;
    }
    tuples.push(tuple);
    bytes += size;
  }
  if (tuples.length > 0) out.push(`${head}${tuples.join(",\n")};\n`);
  return out.join("");
}
