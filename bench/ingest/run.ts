/**
 * `npm run bench:ingest [-- --rows 1000000 --part-rows 20000 --part-bytes 8388608]`
 *
 * A deterministic penalties CSV (current 双公示 columns; `--rows` rows, 5 penalties per subject) is written to a
 * temporary file, then sent through the real API — `wrangler dev`, local D1, the CLI's splitting and retries —
 * and, in the same run, inserted into a plain SQLite file with the same schema (all migrations, triggers
 * included). better-sqlite3 cannot be built for this project's Node 22 here, so the baseline uses Node's
 * built-in `node:sqlite` (DatabaseSync), prepared statements, one transaction per 10,000 rows. Prints rows per
 * second of both, their ratio, and the workerd process's peak memory (VmHWM; the local D1 runs inside it too).
 */
import { once } from "node:events";
import { createReadStream, createWriteStream, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { parseArgs } from "node:util";
import { addDays } from "../../shared/domain/dates";
import { CsvParser, csvLine } from "../../shared/ingest/csv";
import { decodeStream } from "../../shared/ingest/decode";
import { DEFAULT_PART_LIMITS } from "../../shared/ingest/parts";
import { USCC_ALPHABET, usccFromParts } from "../../shared/identifiers";
import { ingestFile, localAdminToken } from "../../scripts/ingest";
import { startWorker } from "../../tests/e2e/server";
import { machine } from "../lib/load";
import { sumOverShards } from "../lib/shards";

const { values } = parseArgs({
  options: {
    rows: { type: "string", default: "1000000" },
    "part-rows": { type: "string", default: String(DEFAULT_PART_LIMITS.maxRows) },
    "part-bytes": { type: "string", default: String(DEFAULT_PART_LIMITS.maxBytes) },
    "state-dir": { type: "string", default: ".wrangler/bench-ingest" },
  },
});
const ROWS = Number(values.rows);
const stateDir = values["state-dir"]!;

const HEADER = [
  "行政相对人名称", "行政相对人类别", "统一社会信用代码", "法定代表人", "行政处罚决定书文号", "违法行为类型", "违法事实", "处罚依据", "处罚类别", "处罚内容",
  "罚款金额（万元）", "暂扣或吊销证照名称及编号", "处罚决定日期", "处罚机关", "处罚机关统一社会信用代码", "数据来源单位", "数据来源单位统一社会信用代码",
];
const DISTRICTS = ["500103", "500104", "500105", "500106", "500107", "500108", "500112", "500113", "500116", "500118"];
const AUTHORITIES = DISTRICTS.map((region, i) => ({ name: `重庆市${["渝中", "大渡口", "江北", "沙坪坝", "九龙坡", "南岸", "渝北", "巴南", "江津", "永川"][i]}区市场监督管理局`, code: usccFromParts("1", "1", region, `MB1K04${String(10 + i)}`) }));
const SOURCE = { name: "重庆市市场监督管理局", code: "11500000MB1541618P" };
const VIOLATIONS = [
  ["经营超过保质期的食品", "经查，当事人在其经营场所销售超过保质期的预包装食品。", "《中华人民共和国食品安全法》第一百二十四条"],
  ["未按规定公示年度报告", "经查，当事人未按规定期限公示年度报告。", "《企业信息公示暂行条例》第十八条"],
  ["虚假宣传", "经查，当事人在网店页面发布与实际不符的产品功效宣传。", "《中华人民共和国反不正当竞争法》第二十条"],
  ["无证经营", "经查，当事人未取得食品经营许可从事食品经营活动。", "《中华人民共和国食品安全法》第一百二十二条"],
];

/** Deterministic pseudo-random numbers (mulberry32). */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function enterprise(n: number): string {
  let body = "";
  for (let i = 0, m = n; i < 6; i++, m = Math.floor(m / 31)) body = USCC_ALPHABET[m % 31] + body;
  return usccFromParts("9", "1", DISTRICTS[n % DISTRICTS.length]!, `MA${body}`);
}

/** Writes the file, streaming (flat memory at any size). */
async function generate(path: string, rows: number): Promise<void> {
  const random = rng(20261127);
  const out = createWriteStream(path);
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, "drain");
  };
  await write(`\uFEFF${csvLine(HEADER)}`);
  let buffer = "";
  for (let i = 0; i < rows; i++) {
    const subject = Math.floor(i / 5);
    const authority = AUTHORITIES[subject % AUTHORITIES.length]!;
    const [violation, facts, basis] = VIOLATIONS[i % VIOLATIONS.length]!;
    const r = random();
    const serious = r < 0.02;
    const warning = r > 0.9;
    const fine = warning ? "" : String(Math.round((0.1 + random() * 40) * 100) / 100);
    buffer += csvLine([
      `重庆市${["渝信", "山城", "嘉陵", "两江", "朝天门"][subject % 5]}商贸第${subject + 1}有限公司`,
      "法人及非法人组织",
      enterprise(subject),
      "王建国",
      `渝市监处罚〔2026〕${i + 1}号`,
      violation!,
      facts!,
      basis!,
      warning ? "警告" : serious ? "罚款；吊销许可证件" : "罚款",
      warning ? "警告" : `罚款人民币${fine}万元${serious ? "，吊销食品经营许可证" : ""}`,
      fine,
      serious ? `食品经营许可证 JY1500103${String(i).padStart(7, "0")}` : "",
      addDays("2025-12-01", i % 330),
      authority.name,
      authority.code,
      SOURCE.name,
      SOURCE.code,
    ]);
    if (buffer.length > 1 << 20) {
      await write(buffer);
      buffer = "";
    }
  }
  await write(buffer);
  out.end();
  await once(out, "finish");
}

/** The workerd processes started under `pid` (wrangler → workerd). */
function workerdPids(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // The process ended while we looked.
    }
  }
  const found: number[] = [];
  const walk = (pid: number) => {
    for (const child of children.get(pid) ?? []) {
      try {
        if (readFileSync(`/proc/${child}/comm`, "utf8").trim().startsWith("workerd")) found.push(child);
      } catch {
        // ended
      }
      walk(child);
    }
  };
  walk(root);
  return found;
}

/** CPU seconds (user + system) a process has used so far; 0 once it has ended. */
function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // utime and stime are fields 14 and 15 of stat (11 and 12 after the command), in clock ticks (100 per second).
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

const ownCpuSeconds = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

function memoryKb(pid: number, field: "VmHWM" | "VmRSS"): number {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** The same rows straight into SQLite with the same schema: the floor any API path is measured against. */
async function sqliteBaseline(file: string, dbPath: string): Promise<{ rows: number; seconds: number; cpuSeconds: number }> {
  const { DatabaseSync } = await import("node:sqlite");
  rmSync(dbPath, { force: true });
  const db = new DatabaseSync(dbPath);
  db.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;");
  for (const migration of readdirSync("migrations").filter((f) => f.endsWith(".sql")).sort()) db.exec(readFileSync(join("migrations", migration), "utf8"));
  const started = performance.now();
  const cpuStarted = ownCpuSeconds();
  const subject = db.prepare(
    "INSERT INTO subjects (code, code_type, kind, name, legal_representative, region_code, source_unit_code, received_at) VALUES (?, 'uscc', 'enterprise', ?, ?, ?, ?, ?) ON CONFLICT (code) DO NOTHING",
  );
  const record = db.prepare(
    `INSERT INTO records (subject_id, category, doc_no, title, facts, basis, kinds, content, fine_wan, licence_ref, authority_name, authority_code, decided_on,
                          source_unit_name, source_unit_code, source_row, received_at)
     VALUES ((SELECT id FROM subjects WHERE code = ?), 'penalty', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const now = new Date().toISOString();
  const text = await decodeStream(Readable.toWeb(createReadStream(file, { highWaterMark: 1 << 20 })) as ReadableStream<Uint8Array>);
  const parser = new CsvParser();
  let rows = 0;
  let header = true;
  db.exec("BEGIN");
  const insert = (f: string[]) => {
    subject.run(f[2]!, f[0]!, f[3]!, f[2]!.slice(2, 8), f[16]!, now);
    record.run(f[2]!, f[4]!, f[5]!, f[6]!, f[7]!, f[8]!, f[9]!, f[10] ? Number(f[10]) : null, f[11] || null, f[13]!, f[14]!, f[12]!, f[15]!, f[16]!, rows + 1, now);
    rows++;
    if (rows % 10_000 === 0) db.exec("COMMIT; BEGIN");
  };
  for await (const chunk of text.chunks) {
    for (const r of parser.push(chunk)) {
      if (header) header = false;
      else insert(r.fields);
    }
  }
  for (const r of parser.end()) insert(r.fields);
  db.exec("COMMIT");
  const seconds = (performance.now() - started) / 1000;
  const cpuSeconds = ownCpuSeconds() - cpuStarted;
  db.close();
  return { rows, seconds, cpuSeconds };
}

const file = join(tmpdir(), `chayicha-bench-penalties-${ROWS}.csv`);
console.error(`生成 ${ROWS.toLocaleString("en-US")} 行行政处罚 CSV：${file}`);
await generate(file, ROWS);
console.error(`启动 worker（${stateDir}，不限流）…`);
const worker = await startWorker({ stateDir, subjects: 10, vars: { RATE_LIMIT: "off" } });
// Ctrl-C must not leave wrangler dev running.
for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => void worker.stop().finally(() => process.exit(130)));
let peakKb = 0;
let baselineKb = 0;
try {
  const pids = workerdPids(worker.pid);
  if (pids.length === 0) console.error("注意：没有找到 workerd 进程，无法测量内存");
  baselineKb = Math.max(0, ...pids.map((p) => memoryKb(p, "VmRSS")));
  const sampler = setInterval(() => {
    for (const p of pids) peakKb = Math.max(peakKb, memoryKb(p, "VmRSS"));
  }, 250);
  const token = await localAdminToken(worker.origin);
  const workerdCpu = () => pids.reduce((n, p) => n + cpuSeconds(p), 0);
  const cpuBefore = { workerd: workerdCpu(), cli: ownCpuSeconds() };
  const run = await ingestFile({
    kind: "penalties",
    file,
    url: worker.origin,
    token,
    limits: { maxRows: Number(values["part-rows"]), maxBytes: Number(values["part-bytes"]) },
  });
  const cpu = { workerd: workerdCpu() - cpuBefore.workerd, cli: ownCpuSeconds() - cpuBefore.cli };
  clearInterval(sampler);
  for (const p of pids) peakKb = Math.max(peakKb, memoryKb(p, "VmHWM"));
  // Records land in their subjects' shards; each shard keeps a copy of the batch header they name.
  const stored = await sumOverShards(stateDir, "SELECT count(*) AS n FROM records WHERE batch_id IN (SELECT id FROM ingest_batches WHERE kind = 'penalties')");
  console.error("写入 SQLite 对照（node:sqlite）…");
  const sqlitePath = join(tmpdir(), "chayicha-bench-ingest.sqlite");
  const sqlite = await sqliteBaseline(file, sqlitePath);
  for (const suffix of ["", "-wal", "-shm"]) rmSync(`${sqlitePath}${suffix}`, { force: true });
  const apiRate = run.report.total / run.seconds;
  const sqliteRate = sqlite.rows / sqlite.seconds;
  const result = {
    machine: machine(),
    rows: ROWS,
    parts: run.report.parts,
    partRows: Number(values["part-rows"]),
    api: { seconds: run.seconds, rowsPerSecond: apiRate, accepted: run.report.accepted, rejected: run.report.rejected, stored, workerdCpuSeconds: cpu.workerd, cliCpuSeconds: cpu.cli },
    sqlite: { driver: "node:sqlite (DatabaseSync)", seconds: sqlite.seconds, rowsPerSecond: sqliteRate, cpuSeconds: sqlite.cpuSeconds },
    ratio: apiRate / sqliteRate,
    cpuRatio: sqlite.cpuSeconds / cpu.workerd,
    workerd: { peakRssMb: peakKb / 1024, idleRssMb: baselineKb / 1024 },
  };
  console.log(`
## bench:ingest — ${ROWS.toLocaleString("en-US")} 行行政处罚（${result.machine}）
| 路径 | 行数 | 用时 (s) | 行/秒 |
|---|---:|---:|---:|
| API：npm run ingest 逻辑 → wrangler dev → 本地 D1（${run.report.parts} 段，每段 ≤ ${result.partRows} 行） | ${run.report.total} | ${run.seconds.toFixed(1)} | ${apiRate.toFixed(0)} |
| SQLite 直接批量写入（node:sqlite，同一 schema 与触发器） | ${sqlite.rows} | ${sqlite.seconds.toFixed(1)} | ${sqliteRate.toFixed(0)} |

- API / SQLite = ${(result.ratio * 100).toFixed(1)}%（通过 ${run.report.accepted}，拒绝 ${run.report.rejected}，库中记录 ${stored}，各分片合计）
- CPU 时间：workerd（worker 与本地 D1 同在一个线程）${cpu.workerd.toFixed(1)} s，CLI ${cpu.cli.toFixed(1)} s；SQLite 对照 ${sqlite.cpuSeconds.toFixed(1)} s；按 CPU 时间计 API / SQLite = ${(result.cpuRatio * 100).toFixed(1)}%（机器繁忙时比墙钟时间稳定）
- workerd 进程内存峰值 ${result.workerd.peakRssMb.toFixed(0)} MB（空闲时 ${result.workerd.idleRssMb.toFixed(0)} MB；本地 D1 也在此进程中）
- better-sqlite3 无法在本项目的 Node 22 上编译，对照使用 Node 内置的 node:sqlite。`);
  if (!existsSync("bench/results")) mkdirSync("bench/results", { recursive: true });
  writeFileSync(`bench/results/ingest-${new Date().toISOString().replace(/[:.]/g, "-")}.json`, JSON.stringify(result, null, 2));
} finally {
  await worker.stop();
  rmSync(file, { force: true });
}
