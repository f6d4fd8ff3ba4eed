/**
 * `npm run bench:alerts [-- --watch-entries 1000000 --hot-watchers 10000 --rows 10000 --watchers-per-subject 10]`
 *
 * Monitoring at scale (issue 14), measured in one run against the real stack — `wrangler dev`, local D1, the local
 * Cloudflare Queue and its consumer:
 * 1. fresh local databases (DB and the shards wrangler.toml binds) get their migrations; subjects and
 *    `--watch-entries` watch entries are written straight into the shards' SQLite files (node:sqlite, each subject
 *    in the shard its bucket maps to, as scripts/seed does): `--hot-watchers` officers watch subject 0, the rest spread
 *    `--watchers-per-subject` to a subject over subjects 1, 2, …;
 * 2. a `--rows`-row penalties CSV touching subjects 0 … rows-1 (one penalty each) is uploaded through the API with
 *    the ingest CLI's code (the upload's own time);
 * 3. the clock runs on until the last alert the fan-out writes is readable through GET /api/v1/alerts for its
 *    watcher, and the total number of alerts is checked against the expected count.
 * Prints both times and their ratio (target ≤ 2: everything readable within twice the upload's time).
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { parseArgs } from "node:util";
import { SignJWT, importJWK, type JWK } from "jose";
import { DEFAULT_AUDIENCE } from "../../shared/auth/claims";
import { addDays, chinaToday } from "../../shared/domain/dates";
import { csvLine } from "../../shared/ingest/csv";
import { USCC_ALPHABET, usccFromParts } from "../../shared/identifiers";
import { queryLocalShards } from "../../scripts/lib/local-d1";
import { ensureDevVars } from "../../scripts/lib/dev-vars";
import { ingestFile, localAdminToken } from "../../scripts/ingest";
import { startWorker } from "../../tests/e2e/server";
import { machine } from "../lib/load";
import { openShardsForWriting, queryControl, sumOverShards } from "../lib/shards";

const { values } = parseArgs({
  options: {
    "watch-entries": { type: "string", default: "1000000" },
    "hot-watchers": { type: "string", default: "10000" },
    rows: { type: "string", default: "10000" },
    "watchers-per-subject": { type: "string", default: "10" },
    "state-dir": { type: "string", default: ".wrangler/bench-alerts" },
  },
});
const ENTRIES = Number(values["watch-entries"]);
const HOT = Math.min(Number(values["hot-watchers"]), ENTRIES);
const ROWS = Number(values.rows);
const PER_SUBJECT = Number(values["watchers-per-subject"]);
const OFFICERS = 10_000;
const stateDir = values["state-dir"]!;
const TODAY = chinaToday();

const DISTRICTS = ["500103", "500104", "500105", "500106", "500107", "500108", "500112", "500113", "500116", "500118"];
function enterprise(n: number): string {
  let body = "";
  for (let i = 0, m = n; i < 6; i++, m = Math.floor(m / 31)) body = USCC_ALPHABET[m % 31] + body;
  return usccFromParts("9", "1", DISTRICTS[n % DISTRICTS.length]!, `MW${body}`);
}
/** The officer who holds watch entry number `entry` (0-based): 10,000 officers, the hot subject's watchers all distinct. */
const watcherOf = (entry: number) => `bench-officer-${entry % OFFICERS}`;

const otherSubjects = Math.ceil((ENTRIES - HOT) / PER_SUBJECT);
const subjects = Math.max(ROWS, otherSubjects + 1);
/** Watch entries of subject s (s ≥ 1): entries HOT + (s-1)·PER … capped by ENTRIES. */
const entriesOf = (s: number) => (s === 0 ? HOT : Math.max(0, Math.min(PER_SUBJECT, ENTRIES - HOT - (s - 1) * PER_SUBJECT)));
let expectedAlerts = 0;
for (let s = 0; s < ROWS; s++) expectedAlerts += entriesOf(s);
const lastWatcher = (() => {
  for (let s = ROWS - 1; s >= 0; s--) if (entriesOf(s) > 0) return { subject: s, watcher: watcherOf(s === 0 ? HOT - 1 : HOT + (s - 1) * PER_SUBJECT + entriesOf(s) - 1) };
  throw new Error("no watched subject among the uploaded rows");
})();

/** Subjects and watch entries straight into the local shard files (each subject in its bucket's shard, its watch
 * entries beside it), before wrangler dev opens them. Ids are the global numbers, so each shard's ids are sparse. */
async function prepare(): Promise<number> {
  rmSync(stateDir, { recursive: true, force: true });
  await ensureDevVars();
  const applied = spawnSync("tsx", ["scripts/db-migrate.ts", "--local", "--persist-to", stateDir], { stdio: ["ignore", "inherit", "inherit"] });
  if (applied.status !== 0) throw new Error("npm run db:migrate failed");
  const open = await openShardsForWriting(stateDir);
  const started = performance.now();
  const shardOfSubject: number[] = [];
  try {
    for (const { db } of open.shards) db.exec("PRAGMA synchronous = OFF; BEGIN");
    const subject = open.shards.map(({ db }) => db.prepare("INSERT INTO subjects (id, code, code_type, kind, name, region_code, registered_on) VALUES (?, ?, 'uscc', 'enterprise', ?, ?, '2015-06-01')"));
    for (let s = 0; s < subjects; s++) {
      const code = enterprise(s);
      const shard = open.shardOf(code);
      shardOfSubject[s] = shard;
      subject[shard]!.run(s + 1, code, `重庆监控压测第${s + 1}商贸有限公司`, DISTRICTS[s % DISTRICTS.length]!);
    }
    const created = new Date(Date.now() - 86_400_000).toISOString();
    const until = addDays(TODAY, 365);
    const watch = open.shards.map(({ db }) => db.prepare("INSERT INTO watch_entries (id, watcher, watcher_name, department_code, subject_id, reason, scene, until, created_at) VALUES (?, ?, '压测', '11500000MB1541618P', ?, ?, 'procurement', ?, ?)"));
    let id = 0;
    for (let s = 0; s < subjects && id < ENTRIES; s++) {
      for (let k = 0; k < entriesOf(s); k++, id++) watch[shardOfSubject[s]!]!.run(id + 1, watcherOf(id), s + 1, `CQZC-2026-${s}`, until, created);
    }
    for (const { db } of open.shards) db.exec("COMMIT; PRAGMA wal_checkpoint(TRUNCATE)");
    const perShard = open.shards.map(({ binding }, i) => `${binding} ${shardOfSubject.filter((x) => x === i).length.toLocaleString("en-US")}`).join(" · ");
    console.error(`写入 ${subjects.toLocaleString("en-US")} 个主体（${perShard}）、${id.toLocaleString("en-US")} 条监控项：${((performance.now() - started) / 1000).toFixed(1)} s`);
    return id;
  } finally {
    open.close();
  }
}

const HEADER = ["行政相对人名称", "行政相对人类别", "统一社会信用代码", "法定代表人", "行政处罚决定书文号", "违法行为类型", "违法事实", "处罚依据", "处罚类别", "处罚内容",
  "罚款金额（万元）", "处罚决定日期", "处罚机关", "处罚机关统一社会信用代码", "数据来源单位", "数据来源单位统一社会信用代码"];
function penaltiesCsv(path: string): void {
  const authority = { name: "重庆市渝中区市场监督管理局", code: usccFromParts("1", "1", "500103", "MB1K0410") };
  let text = `\uFEFF${csvLine(HEADER)}`;
  for (let s = 0; s < ROWS; s++) {
    text += csvLine([
      `重庆监控压测第${s + 1}商贸有限公司`, "法人及非法人组织", enterprise(s), "王建国", `渝中市监处罚〔2026〕监${s + 1}号`, "经营超过保质期的食品",
      "经查，当事人在其经营场所销售超过保质期的预包装食品。", "《中华人民共和国食品安全法》第一百二十四条", "罚款", "罚款人民币贰万元整", "2",
      addDays(TODAY, -(s % 30) - 1), authority.name, authority.code, "重庆市市场监督管理局", "11500000MB1541618P",
    ]);
  }
  writeFileSync(path, text);
}

async function officerToken(issuer: string, sub: string): Promise<string> {
  const vars = await ensureDevVars();
  const jwk = JSON.parse(vars.TOKEN_SIGNING_KEY!) as JWK;
  return new SignJWT({ role: "officer", sub, name: "压测工作人员", dept: "11500000MB1541618P", scenes: ["政府采购"] })
    .setProtectedHeader({ alg: "EdDSA", kid: jwk.kid!, typ: "JWT" })
    .setIssuer(issuer)
    .setAudience(DEFAULT_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime("1h")
    .sign(await importJWK(jwk, "EdDSA"));
}

const written = await prepare();
const csv = join(tmpdir(), `chayicha-bench-alerts-${ROWS}.csv`);
penaltiesCsv(csv);
console.error(`启动 worker（${stateDir}，不限流）…`);
const worker = await startWorker({ stateDir, subjects: 10, fresh: false, vars: { RATE_LIMIT: "off" } });
for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => void worker.stop().finally(() => process.exit(130)));
try {
  const watcher = await officerToken(worker.origin, lastWatcher.watcher);
  const lastCode = enterprise(lastWatcher.subject);
  const readable = async () => {
    const res = await fetch(`${worker.origin}/api/v1/alerts?unread=true&limit=200`, { headers: { authorization: `Bearer ${watcher}` } });
    const page = (await res.json()) as { items: { subject: { code: string } }[] };
    return page.items.some((a) => a.subject.code === lastCode);
  };
  const adminToken = await localAdminToken(worker.origin);
  const startedAt = Date.now();
  const started = performance.now();
  const upload = await ingestFile({ kind: "penalties", file: csv, url: worker.origin, token: adminToken });
  const uploadSeconds = (performance.now() - started) / 1000;
  let lastReadable = Number.NaN;
  for (let i = 0; i < 6000; i++) {
    if (await readable()) {
      lastReadable = (performance.now() - started) / 1000;
      break;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  // Every alert, summed over the shards once the last one is readable (read from the local files: outside the timing).
  const countAlerts = () => sumOverShards(stateDir, "SELECT count(*) AS n FROM alerts");
  let total = await countAlerts();
  let allReadable = lastReadable;
  for (let i = 0; i < 60 && total < expectedAlerts; i++) {
    await new Promise((r) => setTimeout(r, 1000));
    total = await countAlerts();
    allReadable = (performance.now() - started) / 1000;
  }
  // A watch entry and a change live in one shard, so a duplicate is always within one shard.
  const duplicates = await sumOverShards(stateDir, "SELECT count(*) AS n FROM (SELECT 1 FROM alerts GROUP BY feed, change_seq, watch_id HAVING count(*) > 1)");
  // When the batch finished writing and when the fan-out wrote its first and last alert (the D1 clock), to show
  // where the time went.
  const finished = (await queryControl<{ finished: string }>(stateDir, "SELECT max(finished_at) AS finished FROM ingest_batches WHERE kind = 'penalties'"))[0]!.finished;
  const spans = await queryLocalShards<{ first: string | null; last: string | null }>(stateDir, "SELECT min(created_at) AS first, max(created_at) AS last FROM alerts");
  const firsts = spans.map((r) => r.first).filter((t): t is string => t !== null).sort();
  const lasts = spans.map((r) => r.last).filter((t): t is string => t !== null).sort();
  const window = { finished, first: firsts[0] ?? "", last: lasts.at(-1) ?? "" };
  const fanOutSeconds = (Date.parse(window.last) - Date.parse(window.first)) / 1000;
  const ratio = allReadable / uploadSeconds;
  // The stricter reading: the upload's own time ends when its batch finished writing (locally the fan-out can
  // delay the upload's HTTP answer, which would flatter the first ratio); same machine, same clock.
  const uploadWrittenSeconds = (Date.parse(window.finished) - startedAt) / 1000;
  const lastAlertWrittenSeconds = (Date.parse(window.last) - startedAt) / 1000;
  const strictRatio = lastAlertWrittenSeconds / uploadWrittenSeconds;
  const result = {
    machine: machine(),
    watchEntries: written,
    hotWatchers: HOT,
    watchersPerSubject: PER_SUBJECT,
    rows: ROWS,
    accepted: upload.report.accepted,
    expectedAlerts,
    alerts: total,
    duplicates,
    uploadSeconds,
    lastAlertReadableSeconds: lastReadable,
    allAlertsReadableSeconds: allReadable,
    batchFinishedAt: window.finished,
    firstAlertAt: window.first,
    lastAlertAt: window.last,
    fanOutSeconds,
    uploadWrittenSeconds,
    lastAlertWrittenSeconds,
    ratio,
    strictRatio,
  };
  console.log(`
## bench:alerts — ${written.toLocaleString("en-US")} 条监控项（${result.machine}）
| 步骤 | 用时 (s) |
|---|---:|
| 上传 ${ROWS.toLocaleString("en-US")} 行行政处罚（ingest CLI → wrangler dev → 本地 D1），通过 ${upload.report.accepted} 行 | ${uploadSeconds.toFixed(2)} |
| 自上传开始至最后一条提醒可由 GET /api/v1/alerts 读到（队列 → 分发） | ${lastReadable.toFixed(2)} |
| 自上传开始至全部 ${total.toLocaleString("en-US")} 条提醒写入（预期 ${expectedAlerts.toLocaleString("en-US")}，重复 ${duplicates}） | ${allReadable.toFixed(2)} |

- 比值 = ${ratio.toFixed(2)}（目标 ≤ 2）；一个主体有 ${HOT.toLocaleString("en-US")} 名监控人，其余每个主体 ${PER_SUBJECT} 名
- 入库批次完成于 ${window.finished}；分发写入第一条提醒 ${window.first}，最后一条 ${window.last}（分发本身 ${fanOutSeconds.toFixed(2)} s）
- 严格口径：自上传开始至批次写完 ${uploadWrittenSeconds.toFixed(2)} s，至最后一条提醒写入 ${lastAlertWrittenSeconds.toFixed(2)} s，比值 ${strictRatio.toFixed(2)}`);
  if (!existsSync("bench/results")) mkdirSync("bench/results", { recursive: true });
  writeFileSync(`bench/results/alerts-${new Date().toISOString().replace(/[:.]/g, "-")}.json`, JSON.stringify(result, null, 2));
  if (total !== expectedAlerts || duplicates > 0 || strictRatio > 2) process.exitCode = 1;
} finally {
  await worker.stop();
  rmSync(csv, { force: true });
}
