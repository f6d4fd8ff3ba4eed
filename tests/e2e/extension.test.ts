/**
 * The built extension in real Chromium (Debian's, via playwright-core) against `wrangler dev` with the
 * seeded data: the options page takes the worker URL and a token, the demo pages get their badges, each
 * scan is one API request, the approval banner needs no click, a late row gets its badge, and a saved
 * receipt verifies. Screenshots of each demo page land in test-results/e2e.
 *
 * Our shadow roots are closed, so this suite runs the test build (`wxt build --mode test`) and reads the
 * badges, toolbar and banner through its bridge (tests/e2e/test-hook.ts); it also proves that the page
 * cannot open them, that the production bundle carries no such bridge, and that a content script cannot
 * read the token.
 *
 * Monitoring (issue 14), against the real worker: 「监控」 from a subject's panel lands in the watchlist; a
 * penalty uploaded for that subject through the ingest API (a provider's token) becomes an alert through
 * the local queue, shown as the icon's count, a system notification and in the popup; 「登记告知承诺」 on the
 * approval page registers a commitment that is public at once (信用承诺公示); 「我的监控」 in the popup lists
 * the watch and 「取消监控」 removes it from GET /api/v1/watchlist; a 告知承诺 due today (registered through the
 * API, the daily job run through wrangler's /__scheduled) is verified 属实 from the popup, and one verified
 * already answers the worker's 409 in Chinese.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, type Page, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { chinaToday } from "../../shared/domain/dates";
import { verifySigned } from "../../shared/receipts/verify";
import { ARTIFACTS } from "./browser";
import { uploadPenalty } from "./penalty";
import { type Hook, playwrightHook } from "./test-hook";

const origin = inject("origin");
const EXTENSION_DIR = join(process.cwd(), "dist/extension/chrome-mv3-test");
let officerToken = "";
let context: BrowserContext;
let profile: string;
let extensionId = "";
/** Every check request the extension's background sent (service-worker traffic included). */
const checkRequests: string[] = [];

function run(command: string, args: string[]): string {
  const result = spawnSync(command, args, { encoding: "utf8" });
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")}: ${result.stderr}`);
  return result.stdout;
}

beforeAll(async () => {
  run("wxt", ["build", "--mode", "test"]);
  const token = run("tsx", ["scripts/token.ts", "--role", "officer", "--name", "张三", "--dept", "11500000MB1541618P", "--scenes", "政府采购,招标投标,行政审批", "--hours", "12", "--issuer", origin]).trim();
  officerToken = token;
  profile = mkdtempSync(join(tmpdir(), "chayicha-ext-"));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    viewport: { width: 1280, height: 900 },
    locale: "zh-CN",
    acceptDownloads: true,
    args: [
      "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
      `--disable-extensions-except=${EXTENSION_DIR}`, `--load-extension=${EXTENSION_DIR}`,
    ],
  });
  context.on("request", (request) => {
    if (request.method() === "POST" && request.url() === `${origin}/api/v1/checks`) checkRequests.push(request.url());
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent("serviceworker"));
  extensionId = new URL(worker.url()).host;

  // The options page, as an officer would fill it in.
  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  await options.getByLabel("服务地址").fill(origin);
  await options.getByLabel(/^令牌/).fill(token);
  await options.getByRole("button", { name: "保存" }).click();
  await options.locator("#connection-status", { hasText: "已保存：服务地址和令牌" }).waitFor();
  await options.locator("tr[data-site]").nth(2).waitFor();
  await options.screenshot({ path: `${ARTIFACTS}/extension-options.png`, fullPage: true });
  await options.close();
}, 120_000);

afterAll(async () => {
  await context?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

async function open(path: string): Promise<Page> {
  const page = await context.newPage();
  const problems: string[] = [];
  page.on("pageerror", (e) => problems.push(String(e)));
  (page as Page & { problems: string[] }).problems = problems;
  await page.goto(`${origin}${path}`);
  return page;
}

const hooks = new WeakMap<Page, Hook>();
const hook = (page: Page) => hooks.get(page) ?? (hooks.set(page, playwrightHook(page)), playwrightHook(page));
const badgeCount = (page: Page) => hook(page).badges().then((b) => b.length, () => 0);
const badgeTexts = (page: Page) => hook(page).badgeTexts();
/** The text of the badges in the row or record holding `near` (a code or a name), one line each. */
const rowBadge = (page: Page, near: string) => hook(page).near(near).then((b) => b.map((x) => x.text).join("\n"));
const rowBadgeCount = (page: Page, near: string) => hook(page).near(near).then((b) => b.length);

describe("the extension on the demo pages", () => {
  let bidders: Page;

  it("bid opening: a badge per valid code, and 「全部查一查」 sends exactly one request", async () => {
    bidders = await open("/demo/bidders");
    await expect.poll(() => badgeCount(bidders)).toBe(5);
    expect(await badgeTexts(bidders)).toEqual(["查一查", "查一查", "查一查", "查一查", "查一查"]);
    // The pilot code (fails position 18) and the mistyped code get no badge.
    expect(await rowBadgeCount(bidders, "91350100M0001TGQXM")).toBe(0);
    expect(await rowBadgeCount(bidders, "91500105MA3MXWK4X4")).toBe(0);
    expect(checkRequests).toHaveLength(0);
    // The purpose the check will be logged with is in the toolbar.
    expect(await hook(bidders).text("chayicha-toolbar", ".purpose")).toBe("查询事由：开标核查 CQZB-2026-0418");

    await hook(bidders).click("chayicha-toolbar", "button", "全部查一查");
    await expect.poll(() => rowBadge(bidders, "91500113408203338U"), { timeout: 15_000 }).toMatch(/不得参与/);
    await expect.poll(() => badgeTexts(bidders)).not.toContain("核查中…");
    expect(checkRequests).toHaveLength(1);
    expect(await rowBadge(bidders, "91500113408203338U")).toMatch(/不得参与\s*· 命中1/);
    expect(await rowBadge(bidders, "91500112484746545R")).toMatch(/守信激励\s*· 命中1/);
    expect(await rowBadge(bidders, "重庆渝信建筑工程有限公司")).toBe("通过"); // full-width code
    expect(await rowBadge(bidders, "91500106637832963K")).toBe("通过"); // expired entry no longer counts
    expect(await rowBadge(bidders, "91500112MA3WL3XT1P")).toBe("通过");
    await expect.poll(() => hook(bidders).text("chayicha-toolbar", ".summary")).toMatch(/已核查 5[\s\S]*不得参与 1[\s\S]*需复核 0[\s\S]*激励 1/);
    await expect.poll(() => hook(bidders).text("chayicha-toolbar", ".receipts")).toContain("签名已验证");
    await expect.poll(() => hook(bidders).text("chayicha-toolbar", ".progress")).toBe("已核查 5 / 5");

    // The page's broken CSS (24px magenta buttons with dotted borders) does not reach the badges.
    const badgeStyle = await hook(bidders).style("chayicha-badge", "button", "91500113408203338U", ["font-size", "background-color"]);
    const pageButton = await bidders.locator("#add-bidder").evaluate((el) => getComputedStyle(el).fontSize);
    expect(`${badgeStyle["font-size"]} ${badgeStyle["background-color"]}`).toBe("12px rgb(180, 35, 42)");
    expect(pageButton).toBe("24px");
    // Nor does it reach the hosts in its cells (its `td > * { font-size: 20px !important }`): their own
    // :host rule, !important inside the shadow root, keeps them fixed-size boxes.
    const host = await bidders.evaluate(() => {
      const style = getComputedStyle(document.querySelector("chayicha-badge")!);
      return `${style.width} ${style.height} ${style.fontSize} ${style.contentVisibility}`;
    });
    expect(host).toBe("150px 24px 16px auto");
    await bidders.screenshot({ path: `${ARTIFACTS}/extension-bidders.png`, fullPage: true });
    expect((bidders as Page & { problems: string[] }).problems).toEqual([]);
  });

  it("a bidder row added later by the page's script gets its badge, with one more request", async () => {
    await bidders.locator("#add-bidder").click();
    await expect.poll(() => rowBadgeCount(bidders, "91500115255116910U"), { timeout: 10_000 }).toBe(1);
    await expect.poll(() => rowBadge(bidders, "91500115255116910U"), { timeout: 15_000 }).toBe("通过");
    expect(checkRequests).toHaveLength(2);
  });

  it("the toolbar takes real pointer clicks, and its host lets the page's own clicks through", async () => {
    // The host covers the viewport as the toolbar's containing block (its changes are laid out inside it).
    const host = await bidders.evaluate(() => {
      const style = getComputedStyle(document.querySelector("chayicha-toolbar")!);
      return `${style.position} ${style.pointerEvents} ${style.contain}`;
    });
    expect(host).toBe("fixed none size layout style");
    const press = async (selector: string, text?: string) => {
      const r = await hook(bidders).rect("chayicha-toolbar", selector, text);
      await bidders.mouse.click(r.x + r.width / 2, r.y + r.height / 2);
    };
    await press("button", "收起");
    await expect.poll(() => hook(bidders).text("chayicha-toolbar", ".toolbar-pill")).toMatch(/查一查 · 已核查 6/);
    await press(".toolbar-pill");
    await expect.poll(() => hook(bidders).count("chayicha-toolbar", ".toolbar-pill")).toBe(0);
    // What the page itself shows under the host is what a pointer reaches there.
    const hit = await bidders.evaluate(() => {
      const button = document.querySelector("#add-bidder")!;
      button.scrollIntoView({ block: "center" });
      const r = button.getBoundingClientRect();
      return document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2)?.id;
    });
    expect(hit).toBe("add-bidder");
  });

  it("opens the details from the keyboard and saves a receipt that verifies", async () => {
    await hook(bidders).focus("chayicha-badge", "button", "91500113408203338U");
    await bidders.keyboard.press("Enter");
    const panel = () => hook(bidders).text("chayicha-toolbar", "[role=dialog]");
    await expect.poll(panel).toContain("严重失信主体名单");
    expect(await panel()).toContain("本场景（招标投标）适用的措施");
    await bidders.screenshot({ path: `${ARTIFACTS}/extension-panel.png` });
    const [download] = await Promise.all([bidders.waitForEvent("download"), hook(bidders).click("chayicha-toolbar", "[role=dialog] button", "保存查询凭证")]);
    const jws = readFileSync(await download.path(), "utf8");
    const jwks = (await (await fetch(`${origin}/.well-known/jwks.json`)).json()) as { keys: [] };
    const verification = await verifySigned(jws, jwks);
    expect(verification.valid).toBe(true);
    expect(verification.valid && verification.kind === "receipt" && verification.payload.items.map((i) => i.input.code)).toContain("91500113408203338U");
    const archived = (await (await fetch(`${origin}/api/v1/receipts/verify`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ jws }) })).json()) as { valid: boolean; archived?: boolean };
    expect(archived).toMatchObject({ valid: true, archived: true });
    await bidders.keyboard.press("Escape");
    await expect.poll(() => hook(bidders).count("chayicha-toolbar", "[role=dialog]")).toBe(0);
    await bidders.close();
  });

  it("qualification review: suppliers in label–value records and in prose, one request", async () => {
    const before = checkRequests.length;
    const page = await open("/demo/qualification");
    await expect.poll(() => badgeCount(page)).toBe(4);
    await hook(page).click("chayicha-toolbar", "button", "全部查一查");
    await expect.poll(() => rowBadge(page, "91500113408203338U"), { timeout: 15_000 }).toMatch(/不得参与/);
    await expect.poll(() => badgeTexts(page)).not.toContain("核查中…");
    expect(checkRequests.length - before).toBe(1);
    expect(await rowBadge(page, "9150010809709222X7")).toBe("通过");
    expect(await rowBadge(page, "91500112484746545R")).toMatch(/守信激励/);
    expect(await rowBadge(page, "91500103MA3HXJJW23")).toBe("通过");
    await page.screenshot({ path: `${ARTIFACTS}/extension-qualification.png`, fullPage: true });
    await page.close();
  });

  it("approval form: the applicant is checked on load and the banner appears with no click", async () => {
    const before = checkRequests.length;
    const page = await open("/demo/approval");
    const banner = () => hook(page).text("chayicha-banner", "[role=alert]");
    await expect.poll(() => hook(page).count("chayicha-banner", "[role=alert]").catch(() => 0), { timeout: 15_000 }).toBe(1);
    expect(await banner()).toContain("严重失信主体名单");
    expect(await banner()).toContain("不适用告知承诺制");
    expect(checkRequests.length - before).toBe(1);
    expect((await badgeTexts(page)).join()).toMatch(/不得参与/);
    await page.screenshot({ path: `${ARTIFACTS}/extension-approval.png`, fullPage: true });
    await page.close();
  });

  it("hostile pages: every root is closed, and a content script cannot read the token", async () => {
    const page = await open("/demo/approval");
    await expect.poll(() => hook(page).roots().then((r) => r.length, () => 0), { timeout: 15_000 }).toBe(3);
    const roots = await hook(page).roots();
    expect(roots.map((r) => r.tag).sort()).toEqual(["chayicha-badge", "chayicha-banner", "chayicha-toolbar"]);
    expect(roots.every((r) => !r.open && r.registered)).toBe(true);
    // From the page's own script: the hosts are there, their insides are not.
    expect(await page.evaluate(() => Array.from(document.querySelectorAll("chayicha-badge, chayicha-toolbar, chayicha-banner")).map((h) => h.shadowRoot === null))).toEqual([true, true, true]);
    // From the content script's context (the bridge runs there): storage.local has no token, storage.session is closed.
    const storage = await hook(page).storage();
    expect(officerToken.length).toBeGreaterThan(20);
    expect(JSON.stringify(storage.local)).not.toContain(officerToken);
    expect(storage.local).toHaveProperty("settings"); // the same call does reach storage.local
    expect(storage.session.readable).toBe(false);
    expect(JSON.stringify(storage.session)).not.toContain(officerToken);
    await page.close();
  });
});

describe("monitoring (issue 14)", () => {
  const WATCHED = "91500112178573703U"; // 重庆渝信建筑工程有限公司, 中标 on the demo page, 通过 in the seed
  const api = async (path: string, init: RequestInit = {}) => {
    const response = await fetch(`${origin}${path}`, { ...init, headers: { authorization: `Bearer ${officerToken}`, accept: "application/json", ...(init.headers ?? {}) } });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> & { items: Record<string, unknown>[] } };
  };
  const serviceWorker = () => context.serviceWorkers()[0]!;

  it("「监控」 in a subject's panel puts it on the officer's watchlist with the page's purpose", async () => {
    const page = await open("/demo/bidders");
    await expect.poll(() => badgeCount(page)).toBe(5);
    expect(await hook(page).text("chayicha-toolbar", ".toolbar .watch button")).toBe("监控中标人（1）\n监控全部（5）");
    await hook(page).click("chayicha-badge", "button", undefined, "重庆渝信建筑工程有限公司");
    await expect.poll(() => hook(page).text("chayicha-toolbar", "[role=dialog]"), { timeout: 15_000 }).toContain("未发现现行有效的名单记录");
    await hook(page).click("chayicha-toolbar", "[role=dialog] .watch button", "监控");
    await expect.poll(() => hook(page).text("chayicha-toolbar", "[role=dialog] .watch-status"), { timeout: 15_000 }).toMatch(/^已监控 1；监控至 \d{4}-\d{2}-\d{2}/);
    const list = await api("/api/v1/watchlist");
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([expect.objectContaining({ code: WATCHED, reason: "开标核查 CQZB-2026-0418", sceneLabel: "招标投标", source: "officer", active: true })]);
    await page.close();
  });

  it("a penalty uploaded for the watched subject: the icon counts it, a notification says it, the popup lists it", async () => {
    const upload = await uploadPenalty(origin, { code: WATCHED, name: "重庆渝信建筑工程有限公司" }, "渝北住建罚〔2026〕E2E1号");
    expect(upload.status, upload.text).toBeLessThan(300);
    // Through the local queue, the alert is there within seconds.
    await expect.poll(async () => (await api("/api/v1/alerts?unread=true")).body.items.map((a) => (a.subject as { code: string }).code), { timeout: 30_000, interval: 500 }).toContain(WATCHED);
    const unread = (await api("/api/v1/alerts?unread=true")).body.unread as number;

    const popup = await context.newPage();
    await popup.goto(`chrome-extension://${extensionId}/popup.html`);
    await expect.poll(() => popup.locator("#alerts").innerText().catch(() => ""), { timeout: 15_000 }).toBe(`未读提醒（${unread}）`);
    const item = popup.locator("ul.alerts li", { hasText: "重庆渝信建筑工程有限公司" });
    expect(await item.innerText()).toContain("监控事由：开标核查 CQZB-2026-0418");
    await popup.screenshot({ path: `${ARTIFACTS}/extension-popup-alerts.png`, fullPage: true });
    // Opening the popup polled: the icon shows the count, and the new alert was announced.
    expect(await serviceWorker().evaluate(() => (globalThis as unknown as { chrome: { action: { getBadgeText(d: object): Promise<string> } } }).chrome.action.getBadgeText({}))).toBe(String(unread));
    const notified = await serviceWorker().evaluate(() => (globalThis as unknown as { chrome: { notifications: { getAll(): Promise<Record<string, boolean>> } } }).chrome.notifications.getAll());
    expect(Object.keys(notified).some((id) => id.startsWith("chayicha-alert-"))).toBe(true);
    expect(await serviceWorker().evaluate(() => (globalThis as unknown as { chrome: { alarms: { get(n: string): Promise<{ periodInMinutes?: number } | undefined> } } }).chrome.alarms.get("chayicha-alerts"))).toMatchObject({ periodInMinutes: 1 });

    await item.getByRole("button", { name: "标为已读" }).click();
    await expect.poll(() => serviceWorker().evaluate(() => (globalThis as unknown as { chrome: { action: { getBadgeText(d: object): Promise<string> } } }).chrome.action.getBadgeText({}))).toBe(unread === 1 ? "" : String(unread - 1));
    expect((await api("/api/v1/alerts?unread=true")).body.unread).toBe(unread - 1);
    await popup.close();
  });

  it("「登记告知承诺」 on the approval page (办理方式 告知承诺制) registers a commitment, public at once", async () => {
    const page = await open("/demo/approval");
    const banner = (selector: string) => hook(page).text("chayicha-banner", selector).catch(() => "");
    // The seeded applicant is on the serious-dishonesty list: no 告知承诺 for it.
    await expect.poll(() => banner(".commitment"), { timeout: 15_000 }).toContain("不适用告知承诺");
    await page.locator("#applicant-name").fill("重庆渝信建筑工程有限公司");
    await page.locator("#applicant-code").fill(WATCHED);
    await expect.poll(() => banner(".commitment h3"), { timeout: 15_000 }).toBe(`登记告知承诺：重庆渝信建筑工程有限公司（${WATCHED}）`);
    await hook(page).click("chayicha-banner", ".commitment button", "登记告知承诺");
    await expect.poll(() => banner(".commitment-status"), { timeout: 15_000 }).toMatch(/^已登记告知承诺（编号 \d+，履行中（待核查））/);
    await page.screenshot({ path: `${ARTIFACTS}/extension-commitment.png`, fullPage: true });
    const listed = await fetch(`${origin}/api/v1/subjects/${WATCHED}/commitments`).then((r) => r.json() as Promise<{ items: { ref: string; matter: string; type: string; status: string }[] }>);
    expect(listed.items).toContainEqual(expect.objectContaining({ ref: "SP-2026-11-0087", matter: "建筑工程施工许可证核发（恒盛建材仓储中心二期）", type: "涉企经营许可事项告知承诺", status: "pending" }));
    await page.close();
  });

  it("「我的监控」 in the popup lists the watch with its reason and end date, and 「取消监控」 takes it off the watchlist", async () => {
    const before = await api("/api/v1/watchlist");
    const watch = before.body.items.find((w) => w.code === WATCHED && w.source === "officer")!;
    expect(watch).toMatchObject({ reason: "开标核查 CQZB-2026-0418", active: true });
    // Registering the 告知承诺 above made a watch of its own, listed too.
    expect(before.body.items).toContainEqual(expect.objectContaining({ code: WATCHED, reason: "告知承诺 SP-2026-11-0087", source: "commitment" }));

    const popup = await context.newPage();
    await popup.goto(`chrome-extension://${extensionId}/popup.html`);
    await popup.locator("#open-watchlist").click();
    const row = popup.locator(`ul.watches li[data-watch="${watch.id}"]`);
    await expect.poll(() => row.innerText().catch(() => ""), { timeout: 15_000 }).toContain("重庆渝信建筑工程有限公司");
    expect(await row.innerText()).toContain(`监控事由：开标核查 CQZB-2026-0418 · 招标投标 · 截止 ${watch.until as string}`);
    expect(await popup.locator("ul.watches li", { hasText: "SP-2026-11-0087" }).innerText()).toContain("登记告知承诺时自动监控");
    expect(await popup.locator("#watch-count").innerText()).toMatch(/^正在监控 \d+ \/ 5000 个主体/);
    await popup.screenshot({ path: `${ARTIFACTS}/extension-popup-watchlist.png`, fullPage: true });

    await row.getByRole("button", { name: "取消监控" }).click();
    await expect.poll(() => popup.locator("#watch-status").innerText().catch(() => ""), { timeout: 15_000 }).toBe("已取消监控：重庆渝信建筑工程有限公司（开标核查 CQZB-2026-0418）");
    expect(await row.count()).toBe(0);
    const after = await api("/api/v1/watchlist");
    expect(after.body.items.map((w) => w.id)).not.toContain(watch.id);
    expect(after.body.items.length).toBe(before.body.items.length - 1);
    await popup.close();
  });

  it("a 告知承诺 due today: the daily job's reminder in the popup takes 「核查属实」; one verified already answers 409 in Chinese", async () => {
    const today = chinaToday();
    const register = (ref: string) =>
      api("/api/v1/commitments", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ code: WATCHED, type: "证明事项告知承诺", matter: "住所证明：承诺住所真实有效", madeOn: today, verifyBy: today, ref }),
      });
    const first = await register("E2E-DUE-0001");
    const second = await register("E2E-DUE-0002");
    expect([first.status, second.status]).toEqual([201, 201]);

    // The daily job (00:10 China time) run now through wrangler dev's --test-scheduled route.
    const scheduled = await fetch(`${origin}/__scheduled?cron=${encodeURIComponent("10 16 * * *")}`);
    expect(scheduled.status, await scheduled.clone().text()).toBe(200);
    const dueAlerts = async () => (await api("/api/v1/alerts?unread=true&limit=200")).body.items.filter((a) => a.kind === "commitment_due");
    await expect
      .poll(async () => (await dueAlerts()).map((a) => (a.detail as { commitmentId: number }).commitmentId).sort(), { timeout: 15_000 })
      .toEqual([first.body.id, second.body.id].sort());
    const alertFor = async (id: unknown) => (await dueAlerts()).find((a) => (a.detail as { commitmentId: number }).commitmentId === id)!.id as number;
    const firstAlert = await alertFor(first.body.id);
    const secondAlert = await alertFor(second.body.id);
    // The second one is verified meanwhile (another officer of the department, through the API).
    const elsewhere = await api(`/api/v1/commitments/${second.body.id as number}/verification`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ result: "属实", note: "窗口核验原件" }) });
    expect(elsewhere.status).toBe(200);

    const popup = await context.newPage();
    await popup.goto(`chrome-extension://${extensionId}/popup.html`);
    const item = (alertId: number) => popup.locator(`ul.alerts li[data-alert="${alertId}"]`);
    await expect.poll(() => item(firstAlert).innerText().catch(() => ""), { timeout: 15_000 }).toContain("E2E-DUE-0001");
    expect(await item(firstAlert).innerText()).toContain(`已到核查日期 ${today}，请登记核查结果`);
    await item(firstAlert).locator("textarea[name=note]").fill("现场核查，住所与承诺一致");
    await popup.screenshot({ path: `${ARTIFACTS}/extension-popup-verification.png`, fullPage: true });
    await item(firstAlert).getByRole("button", { name: "核查属实" }).click();
    await expect
      .poll(() => popup.locator("#verify-status").innerText().catch(() => ""), { timeout: 15_000 })
      .toBe(`已登记核查结果：重庆渝信建筑工程有限公司 E2E-DUE-0001（编号 ${first.body.id as number}）已履行（核查属实）`);
    await expect.poll(() => item(firstAlert).count()).toBe(0);
    const listed = await fetch(`${origin}/api/v1/subjects/${WATCHED}/commitments`).then((r) => r.json() as Promise<{ items: { ref: string; status: string }[] }>);
    expect(listed.items).toContainEqual(expect.objectContaining({ ref: "E2E-DUE-0001", status: "fulfilled" }));
    // The reminder has done its work: it is read on the worker.
    expect((await dueAlerts()).map((a) => a.id)).not.toContain(firstAlert);

    await item(secondAlert).locator("textarea[name=note]").fill("复核：无经营场所");
    await item(secondAlert).getByRole("button", { name: "核查不属实" }).click();
    await expect
      .poll(() => item(secondAlert).locator(".status.error").innerText().catch(() => ""), { timeout: 15_000 })
      .toBe("核查结果未登记：该告知承诺已有核查结果（已履行（核查属实）），不能再次登记");
    // Still 属实, and the applicant was not listed: no 失信 record from a refused second answer.
    const again = await fetch(`${origin}/api/v1/subjects/${WATCHED}/commitments`).then((r) => r.json() as Promise<{ items: { ref: string; status: string }[] }>);
    expect(again.items).toContainEqual(expect.objectContaining({ ref: "E2E-DUE-0002", status: "fulfilled" }));
    await popup.close();
  });
});

describe("the production build", () => {
  it("carries no test hook: the bridge and the root registry exist in the test build only", () => {
    run("wxt", ["build"]);
    run("wxt", ["build", "-b", "firefox", "--mv3"]);
    const bundle = (dir: string) => readFileSync(join(process.cwd(), "dist/extension", dir, "content-scripts/content.js"), "utf8");
    for (const dir of ["chrome-mv3", "firefox-mv3"]) {
      expect(bundle(dir)).not.toContain("chayicha-test:");
      expect(bundle(dir)).toContain('mode:`closed`');
      expect(bundle(dir)).not.toContain('mode:`open`');
    }
    // The same grep finds the bridge where it belongs, so it can fail.
    expect(bundle("chrome-mv3-test")).toContain("chayicha-test:request");
  });
});
