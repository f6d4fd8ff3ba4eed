/**
 * `npm run bench:extension`: the built extension in real Chromium on a 5,000-row bidder table served
 * from this machine, checking against `wrangler dev` with seeded data (rate limit off).
 *
 * Reports main-thread time (Chrome's TaskDuration, both the page's and the content script's work) to
 * scan the table and put 5,000 「查一查」 badges in, then to check them and badge the decisions; the same
 * for the same table with no codes (the baseline: loading the page and a scan that finds nothing); and
 * the API requests per scan. Batching rule: one request per 100 new subjects of a scan, so 5,000 unique,
 * uncached codes must take ⌈5000/100⌉ = 50 requests. Results are printed and written to bench/results/.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { type BrowserContext, type Page, chromium } from "playwright-core";
import { usccFromParts } from "../../shared/identifiers/uscc";
import { freePort, startWorker } from "../../tests/e2e/server";

const ROWS = Number(process.env.BENCH_ROWS ?? 5000);
const EXTENSION_DIR = join(process.cwd(), "dist/extension/chrome-mv3");

function table(withCodes: boolean): string {
  const rows: string[] = [];
  for (let i = 0; i < ROWS; i++) {
    const code = withCodes ? usccFromParts("9", "1", "500112", `MA${i.toString(36).toUpperCase().padStart(6, "0").replace(/[IOSVZ]/g, "Y")}`) : "—";
    rows.push(`<tr><td>${i + 1}</td><td>重庆第${i + 1}建筑工程有限公司</td><td>${code}</td><td>${(1_000_000 + i * 37).toLocaleString("en")}.00</td><td>${150 + (i % 40)}</td></tr>`);
  }
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>开标一览表（${ROWS} 家投标人）</title></head><body>
<h1>开标一览表</h1><p>项目编号：<span data-project-no>BENCH-${ROWS}</span></p>
<table id="bidders"><thead><tr><th>序号</th><th>投标人</th><th>统一社会信用代码</th><th>投标报价（元）</th><th>工期</th></tr></thead><tbody>${rows.join("")}</tbody></table></body></html>`;
}

/** Main-thread busy time of the page's renderer so far (Chrome's TaskDuration), in ms. */
async function metering(page: Page): Promise<() => Promise<number>> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Performance.enable", { timeDomain: "threadTicks" });
  return async () => {
    const { metrics } = await cdp.send("Performance.getMetrics");
    return (metrics.find((m) => m.name === "TaskDuration")?.value ?? 0) * 1000;
  };
}

const badgeStates = (page: Page) =>
  page.evaluate(() => {
    const counts: Record<string, number> = {};
    for (const host of Array.from(document.querySelectorAll("chayicha-badge"))) {
      const state = host.shadowRoot?.querySelector("button")?.dataset.state ?? "none";
      counts[state] = (counts[state] ?? 0) + 1;
    }
    return counts;
  });

async function until(check: () => Promise<boolean>, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function measure(context: BrowserContext, url: string, expectBadges: boolean, requests: string[]) {
  const page = await context.newPage();
  // Same origin as the table, so the navigation stays in this renderer and its counters.
  await page.goto(url.replace(/\/bench\/.*/, "/blank"));
  const taskMs = await metering(page);
  const start = await taskMs();
  const wallStart = Date.now();
  await page.goto(url);
  if (expectBadges) await until(async () => ((await badgeStates(page)).pending ?? 0) === ROWS, 120_000);
  else await page.locator("chayicha-toolbar").waitFor({ state: "attached" });
  await page.waitForTimeout(500); // let the debounced observer settle
  const scanned = await taskMs();
  const scanWall = Date.now() - wallStart;
  if (!expectBadges) {
    await page.close();
    return { scanMs: scanned - start, scanWall, checkMs: 0, checkWall: 0, requests: 0, states: {} as Record<string, number> };
  }
  const before = requests.length;
  const checkStart = Date.now();
  await page.getByRole("button", { name: /全部查一查/ }).click();
  await until(async () => {
    const states = await badgeStates(page);
    return (states.unresolved ?? 0) + (states.decided ?? 0) === ROWS;
  }, 600_000);
  const checked = await taskMs();
  const result = { scanMs: scanned - start, scanWall, checkMs: checked - scanned, checkWall: Date.now() - checkStart, requests: requests.length - before, states: await badgeStates(page) };
  await page.close();
  return result;
}

const worker = await startWorker({ stateDir: ".wrangler/bench-extension", subjects: 1000, vars: { RATE_LIMIT: "off" } });
const port = await freePort();
const server = createServer((req, res) => {
  const body = req.url === "/blank" ? "<!doctype html><title>blank</title>" : table(req.url?.startsWith("/bench/codes") ?? false);
  res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(body);
}).listen(port, "127.0.0.1");
const profile = mkdtempSync(join(tmpdir(), "chayicha-bench-"));
let context: BrowserContext | undefined;
try {
  spawnSync("wxt", ["build"], { stdio: "inherit" });
  const token = spawnSync("tsx", ["scripts/token.ts", "--role", "officer", "--name", "基准测试", "--dept", "11500000MB1541618P", "--scenes", "招标投标", "--hours", "12", "--issuer", worker.origin], { encoding: "utf8" }).stdout.trim();
  context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", `--disable-extensions-except=${EXTENSION_DIR}`, `--load-extension=${EXTENSION_DIR}`],
  });
  const requests: string[] = [];
  context.on("request", (r) => {
    if (r.method() === "POST" && r.url().endsWith("/api/v1/checks")) requests.push(r.url());
  });
  const sw = context.serviceWorkers()[0] ?? (await context.waitForEvent("serviceworker"));
  const site = { id: "bench", label: "基准：开标一览表", pattern: `http://127.0.0.1:${port}/bench/*`, scene: "招标投标", purposeTemplate: "基准测试 {项目编号}", fields: [{ name: "项目编号", selector: "[data-project-no]" }], enabled: true };
  // The settings as the options page stores them (the e2e suite drives the options page itself).
  await sw.evaluate(async (settings) => {
    const { chrome } = globalThis as unknown as { chrome: { storage: { local: { set(items: object): Promise<void> } } } };
    await chrome.storage.local.set({ settings });
  }, { workerUrl: worker.origin, token, sites: [site] });
  await new Promise((r) => setTimeout(r, 1000)); // the background registers the content script

  const baseline = await measure(context, `http://127.0.0.1:${port}/bench/plain`, false, requests);
  const withCodes = await measure(context, `http://127.0.0.1:${port}/bench/codes`, true, requests);
  const report = {
    rows: ROWS,
    baseline: { mainThreadMs: Math.round(baseline.scanMs), wallMs: baseline.scanWall },
    scanAndPendingBadges: { mainThreadMs: Math.round(withCodes.scanMs), wallMs: withCodes.scanWall },
    checkAndDecisionBadges: { mainThreadMs: Math.round(withCodes.checkMs), wallMs: withCodes.checkWall },
    requestsPerScan: withCodes.requests,
    expectedRequests: Math.ceil(ROWS / 100),
    ratioScanToBaseline: Number((withCodes.scanMs / baseline.scanMs).toFixed(2)),
    states: withCodes.states,
  };
  console.log(`\n查一查 扩展基准（${ROWS} 行开标一览表，真实 Chromium）`);
  console.log(`  基线（同一表格、无代码：加载 + 扫描）   主线程 ${report.baseline.mainThreadMs} ms`);
  console.log(`  加载 + 扫描 + ${ROWS} 个徽标           主线程 ${report.scanAndPendingBadges.mainThreadMs} ms（基线的 ${report.ratioScanToBaseline} 倍）`);
  console.log(`  全部查一查 → 结论徽标                 主线程 ${report.checkAndDecisionBadges.mainThreadMs} ms，墙钟 ${report.checkAndDecisionBadges.wallMs} ms`);
  console.log(`  每次扫描的 API 请求                   ${report.requestsPerScan}（按每 100 个新主体一批：应为 ${report.expectedRequests}）`);
  mkdirSync("bench/results", { recursive: true });
  writeFileSync("bench/results/extension.json", JSON.stringify(report, null, 2));
  if (report.requestsPerScan !== report.expectedRequests) process.exitCode = 1;
} finally {
  await context?.close();
  server.close();
  await worker.stop();
  rmSync(profile, { recursive: true, force: true });
}
