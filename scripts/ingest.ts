/**
 * Sends a data file to 查一查 (POST /api/v1/ingest/{kind}), in parts when it is big, and prints the quality
 * report of the whole file.
 *
 *   npm run ingest -- --kind penalties 2026年11月行政处罚.csv
 *   npm run ingest -- --kind licences 许可.csv --url https://credit.example.gov.cn --token <数据提供单位令牌>
 *   npm run ingest -- --kind penalties 旧版.csv --source-unit-name 重庆市市场监督管理局 --authority-code 11500103MB1K04239H
 *
 * Without --token a local admin token is signed with the worker's own key (.dev.vars, as npm run token does).
 * The file is read as a stream (CSV in UTF-8 or GBK, JSON array, NDJSON), cut on row boundaries into parts of at
 * most --part-bytes and --part-rows (the header repeated in every CSV part), and the parts are sent one after
 * the other with retries (exponential backoff on 429, 5xx and network errors). Sending the same file again is
 * safe: rows already stored are left unchanged.
 */
import { createReadStream, statSync, writeFileSync } from "node:fs";
import { basename, extname } from "node:path";
import { Readable } from "node:stream";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { SignJWT, importJWK, type JWK } from "jose";
import { DEFAULT_AUDIENCE } from "../shared/auth/claims";
import { INGEST_KINDS, type IngestKind, type IngestProblem, type IngestResult, type QualityReport, REJECTIONS_PAGE_SIZE } from "../shared/contract/ingest";
import { csvLine } from "../shared/ingest/csv";
import { ENCODING_LABEL, type TextEncodingName, decodeStream, encodingFromLabel } from "../shared/ingest/decode";
import { DEFAULT_PART_LIMITS, type PartLimits, type UploadPart, splitUpload } from "../shared/ingest/parts";
import { type FailedPart, type MergedReport, formatReport, mergeReports } from "../shared/ingest/report";
import type { UploadFormat } from "../shared/ingest/rows";
import { ensureDevVars } from "./lib/dev-vars";

export interface IngestOptions {
  kind: IngestKind;
  file: string;
  url: string;
  token: string;
  encoding?: TextEncodingName;
  format?: UploadFormat;
  limits?: PartLimits;
  /** Query defaults for files without these columns (legacy schema). */
  defaults?: Partial<Record<"sourceUnit" | "sourceUnitName" | "authorityCode" | "authorityName" | "listType", string>>;
  retries?: number;
  /** Progress on stderr (default: true). */
  progress?: boolean;
  /** Called after each part with the rows sent so far. */
  onPart?: (sent: number) => void;
}

export interface IngestRun {
  report: MergedReport;
  seconds: number;
  /** Every part's answer (first 1,000 problems of each). */
  answers: IngestResult[];
}

/** The format of a file from its name. */
export function formatOf(file: string): UploadFormat {
  const ext = extname(file).toLowerCase();
  if (ext === ".json") return "json";
  if (ext === ".ndjson" || ext === ".jsonl") return "ndjson";
  return "csv";
}

/** A local admin token signed with the worker's key from .dev.vars (valid for a day). */
export async function localAdminToken(issuer: string): Promise<string> {
  const vars = await ensureDevVars();
  const jwk = JSON.parse(vars.TOKEN_SIGNING_KEY!) as JWK;
  return new SignJWT({ role: "admin", sub: "cli:ingest", name: "数据报送命令行" })
    .setProtectedHeader({ alg: "EdDSA", kid: jwk.kid!, typ: "JWT" })
    .setIssuer(issuer)
    .setAudience(DEFAULT_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime("1d")
    .sign(await importJWK(jwk, "EdDSA"));
}

class HttpFailure extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const retryable = (err: unknown) => !(err instanceof HttpFailure) || err.status === 429 || err.status === 408 || err.status >= 500;

/** Calls `attempt` until it succeeds, waiting 1, 2, 4, 8 … s (or Retry-After) between tries on retryable failures. */
async function withRetries<T>(attempt: () => Promise<T>, retries: number, onRetry: (err: unknown, waitMs: number) => void): Promise<T> {
  for (let tryNo = 0; ; tryNo++) {
    try {
      return await attempt();
    } catch (err) {
      if (tryNo >= retries || !retryable(err)) throw err;
      const backoff = Math.min(30_000, 1000 * 2 ** tryNo) * (0.75 + Math.random() * 0.5);
      const wait = err instanceof HttpFailure && err.retryAfterSeconds ? err.retryAfterSeconds * 1000 : backoff;
      onRetry(err, wait);
      await sleep(wait);
    }
  }
}

async function requestJson<T>(url: string, init: RequestInit): Promise<T> {
  const res = await fetch(url, init);
  const text = await res.text();
  let body: { error?: { message?: string } } & T;
  try {
    body = JSON.parse(text);
  } catch {
    throw new HttpFailure(res.status, `HTTP ${res.status}：${text.slice(0, 200)}`);
  }
  if (!res.ok) {
    const retryAfter = Number(res.headers.get("retry-after")) || undefined;
    throw new HttpFailure(res.status, body.error?.message ?? `HTTP ${res.status}`, retryAfter);
  }
  return body;
}

/** Progress on stderr: rows sent, rows per second and the time left (by bytes read). */
class ProgressBar {
  private readonly started = Date.now();
  private lastDraw = 0;

  constructor(
    private readonly totalBytes: number,
    private readonly enabled: boolean,
  ) {}

  draw(rows: number, bytesRead: number, part: number, force = false): void {
    if (!this.enabled) return;
    const now = Date.now();
    const tty = process.stderr.isTTY;
    if (!force && now - this.lastDraw < (tty ? 200 : 5000)) return;
    this.lastDraw = now;
    const seconds = Math.max(0.001, (now - this.started) / 1000);
    const share = this.totalBytes > 0 ? Math.min(1, bytesRead / this.totalBytes) : 0;
    const width = 24;
    const bar = "█".repeat(Math.round(share * width)).padEnd(width, "░");
    const left = share > 0 && share < 1 ? (seconds / share) * (1 - share) : 0;
    const line = `[${bar}] ${(share * 100).toFixed(0).padStart(3)}% · 已发送 ${rows.toLocaleString("en-US")} 行 · ${Math.round(rows / seconds).toLocaleString("en-US")} 行/秒 · 剩余约 ${duration(left)} · 第 ${part} 段`;
    process.stderr.write(tty ? `\r${line}\x1b[K` : `${line}\n`);
  }

  done(): void {
    if (this.enabled && process.stderr.isTTY) process.stderr.write("\n");
  }
}

function duration(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 60) return `${s}秒`;
  if (s < 3600) return `${Math.floor(s / 60)}分${s % 60}秒`;
  return `${Math.floor(s / 3600)}小时${Math.floor((s % 3600) / 60)}分`;
}

/**
 * Uploads a file and returns the merged quality report.
 * @example const run = await ingestFile({ kind: "penalties", file: "a.csv", url: "http://localhost:8787", token });
 */
export async function ingestFile(options: IngestOptions): Promise<IngestRun> {
  const started = Date.now();
  const format = options.format ?? formatOf(options.file);
  const size = statSync(options.file).size;
  let bytesRead = 0;
  const bytes = Readable.toWeb(createReadStream(options.file, { highWaterMark: 1024 * 1024 })) as ReadableStream<Uint8Array>;
  const counted = bytes.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        bytesRead += chunk.byteLength;
        controller.enqueue(chunk);
      },
    }),
  );
  const text = await decodeStream(counted, format === "csv" ? options.encoding : (options.encoding ?? "utf-8"));
  const progress = new ProgressBar(size, options.progress !== false);
  const warnings: string[] = [];
  const parts = splitUpload(text.chunks, format, options.limits ?? DEFAULT_PART_LIMITS, (w) => warnings.push(w.message));
  const reports: { report: QualityReport; problems: IngestProblem[] }[] = [];
  const answers: IngestResult[] = [];
  const failed: FailedPart[] = [];
  const fileName = basename(options.file);
  const auth = { authorization: `Bearer ${options.token}` };
  let sent = 0;

  const send = async (part: UploadPart): Promise<IngestResult> => {
    const query = new URLSearchParams({ rowOffset: String(part.rowOffset), fileName: part.index === 1 ? fileName : `${fileName}（第 ${part.index} 段）` });
    for (const [k, v] of Object.entries(options.defaults ?? {})) if (v) query.set(k, v);
    return withRetries(
      () => requestJson<IngestResult>(`${options.url}/api/v1/ingest/${options.kind}?${query}`, { method: "POST", body: part.body, headers: { "content-type": part.contentType, ...auth } }),
      options.retries ?? 5,
      (err, wait) => process.stderr.write(`\n第 ${part.index} 段上传失败（${(err as Error).message}），${(wait / 1000).toFixed(1)} 秒后重试…\n`),
    );
  };

  // The next part is cut while the current one is being sent.
  let next = parts.next();
  for (;;) {
    const current = await next;
    if (current.done) break;
    const part = current.value;
    next = parts.next();
    try {
      const answer = await send(part);
      answers.push(answer);
      const report = await withRetries(() => requestJson<QualityReport>(`${options.url}${answer.reportUrl}`, { headers: auth }), options.retries ?? 5, () => undefined);
      reports.push({ report, problems: answer.rejectedRows });
    } catch (err) {
      failed.push({ index: part.index, rowOffset: part.rowOffset, rows: part.rows, error: (err as Error).message, retryable: retryable(err) });
      // A whole-file problem (missing columns, wrong unit) fails every part the same way: stop at the first.
      if (err instanceof HttpFailure && [400, 401, 403, 415].includes(err.status)) {
        next.catch(() => undefined);
        break;
      }
    }
    sent += part.rows;
    options.onPart?.(sent);
    progress.draw(sent, bytesRead, part.index);
  }
  progress.draw(sent, bytesRead, reports.length + failed.length, true);
  progress.done();
  for (const w of warnings.slice(0, 20)) process.stderr.write(`注意：${w}\n`);
  // Parts travel as UTF-8 whatever the file was: the report names the file's own encoding.
  const report = { ...mergeReports(options.kind, fileName, reports, failed), encoding: ENCODING_LABEL[text.encoding] };
  return { report, seconds: (Date.now() - started) / 1000, answers };
}

/** Writes every rejected row of the run's batches to a CSV file (row, column, rule, message). */
export async function saveRejections(run: IngestRun, url: string, token: string, path: string): Promise<number> {
  const lines = [csvLine(["行号", "列", "规则", "说明"])];
  for (const batchId of run.report.batchIds) {
    for (let page = 1; ; page++) {
      const report = await requestJson<QualityReport>(`${url}/api/v1/ingest/batches/${batchId}?page=${page}`, { headers: { authorization: `Bearer ${token}` } });
      for (const p of report.rejections.items) lines.push(csvLine([String(p.row), p.field, p.rule, p.message]));
      if (page * REJECTIONS_PAGE_SIZE >= report.rejections.total) break;
    }
  }
  writeFileSync(path, `\uFEFF${lines.join("")}`);
  return lines.length - 1;
}

const USAGE = `用法：npm run ingest -- --kind <${INGEST_KINDS.join("|")}> <文件> [选项]
  --url <地址>              查一查的地址（默认 http://localhost:8787）
  --token <令牌>            数据提供单位或信用管理员的令牌（默认用 .dev.vars 的密钥签发本地管理员令牌）
  --encoding <gbk|utf-8>    CSV 的编码（默认自动识别）
  --part-bytes <字节>       每段最大字节数（默认 ${DEFAULT_PART_LIMITS.maxBytes}）
  --part-rows <行数>        每段最多行数（默认 ${DEFAULT_PART_LIMITS.maxRows}）
  --source-unit <代码>      文件没有“数据来源单位统一社会信用代码”列时使用（旧版格式）
  --source-unit-name <名称> 文件没有“数据来源单位”列时使用
  --authority-code <代码>   文件没有决定机关统一社会信用代码列时使用
  --authority-name <名称>   文件没有决定机关名称列时使用
  --list-type <名单类型>    名单文件没有“名单类型”列时使用
  --rejections <文件.csv>   把全部被拒绝的行写入此文件
  --json                    以 JSON 输出合并后的报告`;

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      kind: { type: "string" },
      url: { type: "string", default: "http://localhost:8787" },
      token: { type: "string" },
      encoding: { type: "string" },
      "part-bytes": { type: "string" },
      "part-rows": { type: "string" },
      "source-unit": { type: "string" },
      "source-unit-name": { type: "string" },
      "authority-code": { type: "string" },
      "authority-name": { type: "string" },
      "list-type": { type: "string" },
      rejections: { type: "string" },
      retries: { type: "string", default: "5" },
      json: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  const file = positionals[0];
  const kind = values.kind as IngestKind | undefined;
  if (values.help || !file || !kind || !INGEST_KINDS.includes(kind)) {
    console.error(USAGE);
    process.exit(values.help ? 0 : 2);
  }
  const encoding = values.encoding ? encodingFromLabel(values.encoding) : undefined;
  if (values.encoding && !encoding) {
    console.error(`不支持的编码：${values.encoding}（可用 utf-8、gbk）`);
    process.exit(2);
  }
  const number = (text: string | undefined, fallback: number) => {
    const v = Number(text ?? fallback);
    if (!Number.isInteger(v) || v <= 0) {
      console.error(`应为正整数：${text}`);
      process.exit(2);
    }
    return v;
  };
  const url = values.url!.replace(/\/+$/, "");
  const token = values.token ?? (await localAdminToken(new URL(url).origin));
  const run = await ingestFile({
    kind,
    file,
    url,
    token,
    encoding,
    limits: { maxBytes: number(values["part-bytes"], DEFAULT_PART_LIMITS.maxBytes), maxRows: number(values["part-rows"], DEFAULT_PART_LIMITS.maxRows) },
    defaults: {
      sourceUnit: values["source-unit"],
      sourceUnitName: values["source-unit-name"],
      authorityCode: values["authority-code"],
      authorityName: values["authority-name"],
      listType: values["list-type"],
    },
    retries: number(values.retries, 5),
  });
  console.log(values.json ? JSON.stringify(run.report, null, 2) : formatReport(run.report));
  console.error(`用时 ${run.seconds.toFixed(1)} 秒，${Math.round(run.report.total / Math.max(run.seconds, 0.001)).toLocaleString("en-US")} 行/秒`);
  if (values.rejections && run.report.rejected > 0) {
    const count = await saveRejections(run, url, token, values.rejections);
    console.error(`已把 ${count} 个问题写入 ${values.rejections}`);
  }
  process.exit(run.report.failedParts.length > 0 ? 1 : 0);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  main().catch((err) => {
    console.error(`上传失败：${(err as Error).message}`);
    process.exit(1);
  });
}
