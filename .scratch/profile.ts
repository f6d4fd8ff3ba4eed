// Scratch: CPU profile of load + scan + badges on the 5,000-row table (content script included).
import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { usccFromParts } from "../shared/identifiers/uscc";
const ROWS = 5000;
const EXT = join(process.cwd(), process.env.EXT ?? "dist/extension/chrome-mv3");
function table(withCodes: boolean) {
  const rows: string[] = [];
  for (let i = 0; i < ROWS; i++) {
    const code = withCodes ? usccFromParts("9", "1", "500112", `MA${i.toString(36).toUpperCase().padStart(6, "0").replace(/[IOSVZ]/g, "Y")}`) : "—";
    rows.push(`<tr><td>${i + 1}</td><td>重庆第${i + 1}建筑工程有限公司</td><td>${code}</td><td>${(1_000_000 + i * 37).toLocaleString("en")}.00</td><td>${150 + (i % 40)}</td></tr>`);
  }
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>开标一览表</title></head><body><h1>开标一览表</h1><p>项目编号：<span data-project-no>B</span></p><table id="bidders"><thead><tr><th>序号</th><th>投标人</th><th>统一社会信用代码</th><th>投标报价（元）</th><th>工期</th></tr></thead><tbody>${rows.join("")}</tbody></table></body></html>`;
}
const server = createServer((req, res) => res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(req.url === "/blank" ? "<title>b</title>" : table(req.url!.includes("codes")))).listen(0, "127.0.0.1");
await new Promise((r) => server.once("listening", r));
const port = (server.address() as { port: number }).port;
const ctx = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), "prof-")), { executablePath: "/usr/bin/chromium", headless: true, args: ["--no-sandbox", "--disable-gpu", `--disable-extensions-except=${EXT}`, `--load-extension=${EXT}`] });
const sw = ctx.serviceWorkers()[0] ?? (await ctx.waitForEvent("serviceworker"));
await sw.evaluate(async (settings) => { await (globalThis as any).chrome.storage.local.set({ settings }); }, { workerUrl: "http://127.0.0.1:9", token: "x", sites: [{ id: "b", label: "b", pattern: `http://127.0.0.1:${port}/bench/*`, scene: "招标投标", purposeTemplate: "x", fields: [], enabled: true }] });
await new Promise((r) => setTimeout(r, 1000));
for (const kind of ["plain", "codes", "plain", "codes"]) {
  const page = await ctx.newPage();
  await page.goto(`http://127.0.0.1:${port}/blank`);
  const cdp = await ctx.newCDPSession(page);
  await cdp.send("Performance.enable", { timeDomain: "threadTicks" });
  await cdp.send("Profiler.enable");
  await cdp.send("Profiler.setSamplingInterval", { interval: 200 });
  await cdp.send("Profiler.start");
  const t0 = ((await cdp.send("Performance.getMetrics")).metrics.find((m) => m.name === "TaskDuration")!.value);
  await page.goto(`http://127.0.0.1:${port}/bench/${kind}`);
  if (kind === "codes") await page.waitForFunction(() => document.querySelectorAll("chayicha-badge").length >= 5000, null, { timeout: 60000 });
  else await page.locator("chayicha-toolbar").waitFor({ state: "attached" });
  await page.waitForTimeout(600);
  const t1 = ((await cdp.send("Performance.getMetrics")).metrics.find((m) => m.name === "TaskDuration")!.value);
  const { profile } = await cdp.send("Profiler.stop");
  console.log(kind, Math.round((t1 - t0) * 1000), "ms");
  if (kind === "codes") {
    // self time per function
    const self = new Map<string, number>();
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    const dt = profile.timeDeltas!;
    profile.samples!.forEach((id, i) => { const n = byId.get(id)!; const k = `${n.callFrame.functionName || "(anon)"} ${n.callFrame.url.split("/").pop()}:${n.callFrame.lineNumber}`; self.set(k, (self.get(k) ?? 0) + (dt[i] ?? 0) / 1000); });
    console.log([...self].sort((a, b) => b[1] - a[1]).slice(0, 25).map(([k, v]) => `${v.toFixed(1).padStart(8)} ${k}`).join("\n"));
    writeFileSync(`.scratch/${kind}.cpuprofile`, JSON.stringify(profile));
  }
  await page.close();
}
await ctx.close(); server.close();
