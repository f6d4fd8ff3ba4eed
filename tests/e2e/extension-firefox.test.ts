/**
 * The Firefox build (`wxt build -b firefox --mv3`, test mode) in Debian's Firefox ESR, driven over
 * WebDriver BiDi (tests/e2e/firefox.ts) against `wrangler dev` with the seeded data: installed as a
 * temporary add-on, configured, the bidder demo page gets its badges, and 「全部查一查」 decides them with
 * one signed, verified request. Roots are closed here too; the suite reads them through the test bridge.
 * The administrator's policy comes from a managed-storage manifest (tests/e2e/firefox.ts, `managed`): 设置 shows
 * the worker URL and the policy's site locked.
 *
 * Monitoring (issue 14): 「监控」 from a subject's panel puts it on the officer's watchlist (GET /api/v1/watchlist);
 * a penalty uploaded for it becomes an alert, and the popup page (opened as a tab) polls: the icon's count,
 * the list with 「标为已读」 and the minute's alarm, read through the extension's own APIs; the notification is
 * seen through notifications.onClosed (headless Firefox closes it at once: it has no system alert service).
 * The officer here is 李四, not the Chromium suite's 张三: each suite's watchlist is its own.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { ARTIFACTS } from "./browser";
import { uploadPenalty } from "./penalty";
import { EXTENSION_ID, type Firefox, FIREFOX_PATH, launchFirefox, loadAndCountBadges } from "./firefox";
import { type Hook, hookFor } from "./test-hook";

const origin = inject("origin");
const EXTENSION_DIR = join(process.cwd(), "dist/extension/firefox-mv3-test");
const UUID = "6a1f0c2e-8c1b-4f4e-9d55-0c6f1e7a2b31";
const WATCHED = "91500112178573703U"; // 重庆渝信建筑工程有限公司, 通过 in the seed
const POLICY_SITE = { pattern: "/demo/qualification*", label: "单位策略：资格审查", scene: "政府采购", purposeTemplate: "策略核查 {项目编号}", fields: [{ name: "项目编号", selector: "[data-project-no]" }] };
let firefox: Firefox;
let token = "";

function run(command: string, args: string[]): string {
  const result = spawnSync(command, args, { encoding: "utf8" });
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")}: ${result.stderr}`);
  return result.stdout;
}

beforeAll(async () => {
  if (!existsSync(FIREFOX_PATH)) throw new Error(`没有找到 Firefox ESR（${FIREFOX_PATH}）：apt-get install firefox-esr，或设置 FIREFOX_PATH`);
  run("wxt", ["build", "-b", "firefox", "--mv3", "--mode", "test"]);
  token = run("tsx", ["scripts/token.ts", "--role", "officer", "--name", "李四", "--dept", "11500000MB1541618P", "--scenes", "政府采购,招标投标,行政审批", "--days", "1", "--issuer", origin]).trim();
  // The administrator's policy, as Firefox reads it (a managed-storage manifest): the worker URL, locked, and
  // one more site. The worker URL is the one the suite uses, so the other tests run as before.
  firefox = await launchFirefox({ extensionId: EXTENSION_ID, uuid: UUID, managed: { workerUrl: origin, officersMayChange: false, sites: [POLICY_SITE] } });
  await firefox.send("webExtension.install", { extensionData: { type: "path", path: EXTENSION_DIR } });
}, 120_000);

afterAll(async () => {
  await firefox?.close();
});

describe("the extension in Firefox ESR", () => {
  it("installs as a temporary add-on with its install-time host permissions", async () => {
    await firefox.navigate(firefox.context, `moz-extension://${UUID}/options.html`);
    const granted = await firefox.evaluate<boolean>(firefox.context, `browser.permissions.contains({ origins: ["http://127.0.0.1/*", "http://localhost/*"] })`);
    expect(granted).toBe(true);
    // The settings as the options page stores them (the Chromium suite drives the options page itself).
    await firefox.evaluate(
      firefox.context,
      `browser.storage.local.set({ settings: ${JSON.stringify({ workerUrl: origin, token, sites: [
        { id: "demo-bidders", label: "演示：开标一览表", pattern: "/demo/bidders*", scene: "招标投标", purposeTemplate: "开标核查 {项目编号}", fields: [{ name: "项目编号", selector: "[data-project-no]" }], enabled: true },
      ] })} }).then(() => true)`,
    );
  });

  it("the policy (storage.managed) locks the worker URL and adds a locked site, shown as such in 设置", async () => {
    const page = firefox.context;
    await firefox.navigate(page, `moz-extension://${UUID}/options.html`);
    expect(await firefox.evaluate<Record<string, unknown>>(page, `browser.storage.managed.get()`)).toMatchObject({ workerUrl: origin, officersMayChange: false });
    await expect.poll(() => firefox.evaluate<string>(page, `(() => { const u = document.querySelector("#worker-url"); return u ? u.value + " " + u.disabled : ""; })()`), { timeout: 15_000 }).toBe(`${origin} true`);
    expect(await firefox.evaluate<string>(page, `document.querySelector("section:has(#worker-url)").innerText`)).toContain("由单位统一配置");
    const row = await firefox.evaluate<string>(page, `(() => { const r = document.querySelector("tr[data-site=policy-1]"); return r ? r.innerText + " | " + r.querySelector("input[type=checkbox]").disabled + " | " + Array.from(r.querySelectorAll("button")).some((b) => b.textContent === "删除") : ""; })()`);
    expect(row).toMatch(/单位策略：资格审查[\s\S]*由单位统一配置[\s\S]* \| true \| false$/);
  });

  // Up to 90 s: on a loaded 2-core machine Firefox can take over 30 s to register the content script.
  it("bid opening: badges on the valid codes, and 「全部查一查」 decides them all with one verified receipt", { timeout: 120_000 }, async () => {
    const page = firefox.context;
    const hook: Hook = hookFor((expression) => firefox.evaluate<string>(page, expression));
    // The background re-registers the content script when the settings change; load until it runs.
    await expect.poll(() => loadAndCountBadges(firefox, page, `${origin}/demo/bidders`, hook), { timeout: 90_000, interval: 1_000 }).toBe(5);
    expect(await hook.badgeTexts()).toEqual(["查一查", "查一查", "查一查", "查一查", "查一查"]);
    expect((await hook.roots()).every((r) => !r.open)).toBe(true);
    expect(await firefox.evaluate<boolean[]>(page, `Array.from(document.querySelectorAll("chayicha-badge")).map((h) => h.shadowRoot === null)`)).toEqual([true, true, true, true, true]);
    // The hosts' own :host rules hold in Firefox too (a <style> per root there): fixed-size badge boxes against
    // the page's `td > * { font-size: 20px !important }`, and the toolbar's host fixed over the viewport.
    const hosts = `[getComputedStyle(document.querySelector("chayicha-badge")), getComputedStyle(document.querySelector("chayicha-toolbar"))].map((s) => [s.width, s.fontSize, s.position, s.pointerEvents].join(" ")).join(" | ")`;
    expect(await firefox.evaluate<string>(page, hosts)).toMatch(/^150px 16px static auto \| \d+px 16px fixed none$/);

    await hook.click("chayicha-toolbar", "button", "全部查一查");
    await expect.poll(() => hook.badgeTexts(), { timeout: 20_000 }).not.toContain("核查中…");
    const near = async (code: string) => (await hook.near(code)).map((b) => b.text.replace(/\s+/g, "")).join();
    expect(await near("91500113408203338U")).toBe("不得参与·命中1");
    expect(await near("91500112484746545R")).toBe("守信激励·命中1");
    expect(await near("重庆渝信建筑工程有限公司")).toBe("通过");
    expect(await hook.text("chayicha-toolbar", ".progress")).toBe("已核查 5 / 5");
    // One request: one receipt, and its signature verified against the worker's JWKS in the background.
    expect(await hook.count("chayicha-toolbar", ".receipts > li")).toBe(1);
    expect(await hook.text("chayicha-toolbar", ".receipts")).toContain("签名已验证");
    await firefox.screenshot(page, `${ARTIFACTS}/extension-firefox-bidders.png`);
    // The token is out of this content script's reach in Firefox too.
    const storage = await hook.storage();
    expect(JSON.stringify(storage)).not.toContain(token);
    expect(storage.session.readable).toBe(false);
  });

  it("「监控」 in a subject's panel puts it on the officer's watchlist", async () => {
    const page = firefox.context;
    const hook: Hook = hookFor((expression) => firefox.evaluate<string>(page, expression));
    await hook.click("chayicha-badge", "button", undefined, "重庆渝信建筑工程有限公司");
    await expect.poll(() => hook.text("chayicha-toolbar", "[role=dialog]"), { timeout: 15_000 }).toContain("未发现现行有效的名单记录");
    await hook.click("chayicha-toolbar", "[role=dialog] .watch button", "监控");
    await expect.poll(() => hook.text("chayicha-toolbar", "[role=dialog] .watch-status"), { timeout: 15_000 }).toMatch(/^已监控 1；监控至 \d{4}-\d{2}-\d{2}（您共监控 1 \/ 5000）/);
    const list = (await (await fetch(`${origin}/api/v1/watchlist`, { headers: { authorization: `Bearer ${token}` } })).json()) as { items: Record<string, unknown>[] };
    expect(list.items).toEqual([expect.objectContaining({ code: WATCHED, name: "重庆渝信建筑工程有限公司", reason: "开标核查 CQZB-2026-0418", sceneLabel: "招标投标", source: "officer", active: true, watcher: "officer:李四" })]);
    await firefox.screenshot(page, `${ARTIFACTS}/extension-firefox-watch.png`);
  });

  it("an upload for the watched subject: the popup lists the alert, the icon counts it, a notification says it, the alarm polls each minute", async () => {
    const upload = await uploadPenalty(origin, { code: WATCHED, name: "重庆渝信建筑工程有限公司" }, "渝北住建罚〔2026〕E2EF1号");
    expect(upload.status, upload.text).toBeLessThan(300);
    const unread = async () => (await (await fetch(`${origin}/api/v1/alerts?unread=true`, { headers: { authorization: `Bearer ${token}` } })).json()) as { unread: number; items: { id: number; subject: { code: string } }[] };
    await expect.poll(async () => (await unread()).items.map((a) => a.subject.code), { timeout: 30_000, interval: 500 }).toContain(WATCHED);
    const { unread: count, items } = await unread();
    const alertId = items.find((a) => a.subject.code === WATCHED)!.id;

    // The popup, opened as a tab: it asks the background to poll, as the toolbar button would.
    const page = firefox.context;
    await firefox.navigate(page, `moz-extension://${UUID}/popup.html`);
    await expect.poll(() => firefox.evaluate<string>(page, `document.querySelector("#alerts")?.textContent ?? ""`), { timeout: 15_000 }).toBe(`未读提醒（${count}）`);
    expect(await firefox.evaluate<string>(page, `document.querySelector("ul.alerts li").textContent`)).toContain("重庆渝信建筑工程有限公司 · 监控事由：开标核查 CQZB-2026-0418");
    await firefox.screenshot(page, `${ARTIFACTS}/extension-firefox-popup-alerts.png`);
    expect(await firefox.evaluate<string>(page, `browser.action.getBadgeText({})`)).toBe(String(count));
    expect(await firefox.evaluate<{ periodInMinutes: number } | null>(page, `browser.alarms.get("chayicha-alerts").then((a) => a ?? null)`)).toMatchObject({ periodInMinutes: 1 });

    // The notification. Headless Firefox has no system alert service: a notification is closed as soon as it
    // is created (notifications.onClosed fires, getAll() is empty and onShown never fires), so it is seen
    // through onClosed from an extension page. The stored cursor is cleared first so the next poll announces
    // every unread alert again, whether or not the minute's alarm polled already.
    await firefox.navigate(page, `moz-extension://${UUID}/options.html`);
    const closed = await firefox.evaluate<string[]>(
      page,
      `new Promise((resolve) => {
        const seen = [];
        browser.notifications.onClosed.addListener((id) => seen.push(id));
        browser.storage.session.remove("alertCursor")
          .then(() => browser.runtime.sendMessage({ type: "alerts" }))
          .then(() => setTimeout(() => resolve(seen), 1500));
      })`,
    );
    expect(closed).toContain(`chayicha-alert-${alertId}`);

    await firefox.navigate(page, `moz-extension://${UUID}/popup.html`);
    await expect.poll(() => firefox.evaluate<string>(page, `document.querySelector("#alerts")?.textContent ?? ""`), { timeout: 15_000 }).toBe(`未读提醒（${count}）`);
    await firefox.evaluate(page, `Array.from(document.querySelectorAll("ul.alerts li button")).find((b) => b.textContent === "标为已读").click()`);
    await expect.poll(() => firefox.evaluate<string>(page, `browser.action.getBadgeText({})`), { timeout: 15_000 }).toBe(count === 1 ? "" : String(count - 1));
    expect((await unread()).unread).toBe(count - 1);
  });
});
