/**
 * Monitoring in the extension (issue 14), in happy-dom against the worker stand-in through the real
 * background code: 「监控」 in a subject's panel, 「监控中标人」/「监控全部」 on the toolbar (batches of at most
 * 100, results in Chinese), the alerts poll (icon count, notifications, the stored cursor) and
 * 「登记告知承诺」 on an approval form handled under 告知承诺制.
 */
import { describe, expect, it } from "vitest";
import { fakeBrowser } from "wxt/testing/fake-browser";
import { ALERT_CURSOR_KEY, Monitoring, WATCH_DAYS } from "../../extension/background/monitoring";
import { answer } from "../../extension/background/router";
import { localDate } from "../../extension/core/dates";
import { loadSettings, saveCredentials } from "../../extension/settings/store";
import { VERIFY_AFTER_DAYS, commitmentDraft } from "../../extension/content/commitment";
import { bidderTable, unknownCode } from "./bidder-table";
import { until } from "./helpers";
import { badges, button, harness, openPage, rootOf, toolbar, usePageHarness } from "./page-harness";

usePageHarness();

const PURPOSE = "开标核查 CQZB-2026-0418";
const banner = () => rootOf(document.querySelector("chayicha-banner"));
const bannerText = () => banner()?.textContent ?? "";
const type = (selector: string, value: string) => {
  const el = document.querySelector<HTMLInputElement | HTMLSelectElement>(selector)!;
  el.value = value;
  el.dispatchEvent(new Event(el.tagName === "SELECT" ? "change" : "input", { bubbles: true }));
};

describe("watching subjects from a bid-opening page", () => {
  it("「监控」 in a subject's panel watches it for the page's purpose, in the site's scene, for a year", async () => {
    await openPage("bidders.html", "/demo/bidders");
    badges()[0]!.click();
    await until(() => toolbar().querySelector("[role=dialog]")?.textContent?.includes("严重失信主体名单"));
    button(toolbar().querySelector("[role=dialog]")!, "监控").click();
    await until(() => toolbar().querySelector("[role=dialog] .watch-status")?.textContent?.includes("已监控"));
    expect(harness.worker.watchRequests).toEqual([{ items: [{ code: "91500113408203338U", reason: PURPOSE, until: localDate(Date.now(), WATCH_DAYS), scene: "bidding" }] }]);
    expect(toolbar().querySelector("[role=dialog] .watch-status")!.textContent).toBe(`已监控 1；监控至 ${localDate(Date.now(), WATCH_DAYS)}（您共监控 1 / 5000）`);
    // Watching again for the same reason extends the entry.
    button(toolbar().querySelector("[role=dialog]")!, "监控").click();
    await until(() => toolbar().querySelector("[role=dialog] .watch-status")?.textContent?.includes("延长 1"));
  });

  it("「监控中标人」 watches the rows the table marks 中标; 「监控全部」 every subject, failures said per code", async () => {
    await openPage("bidders.html", "/demo/bidders");
    button(toolbar(), "监控中标人（1）").click();
    await until(() => harness.worker.watchRequests.length === 1 && toolbar().querySelector(".toolbar .watch-status")?.textContent?.startsWith("已监控"));
    expect(harness.worker.watchRequests[0]!.items!.map((i) => i.code)).toEqual(["91500112178573703U"]);
    button(toolbar(), "监控全部（5）").click();
    await until(() => harness.worker.watchRequests.length === 2 && toolbar().querySelector(".toolbar .watch-status")?.textContent?.includes("失败"));
    expect(harness.worker.watchRequests[1]!.items!.map((i) => i.code)).toEqual(["91500113408203338U", "91500112484746545R", "91500112178573703U", "91500106637832963K", "91500112MA3WL3XT1P"]);
    // 渝信 was watched already (extended); 锦川 is not in the database.
    expect(toolbar().querySelector(".toolbar .watch-status")!.textContent).toMatch(/^已监控 4（新增 3，延长 1），失败 1；监控至 /);
    expect(toolbar().querySelector(".watch-failures")!.textContent).toContain("91500106637832963K：库中没有代码为 91500106637832963K 的主体");
  });

  it("sends more than 100 subjects in batches of at most 100, and offers no 「监控中标人」 when the table marks none", async () => {
    await openPage({ html: bidderTable(150) }, "/demo/bidders");
    expect(button(toolbar(), "监控中标人")).toBeUndefined();
    button(toolbar(), "监控全部（150）").click();
    await until(() => toolbar().querySelector(".toolbar .watch-status")?.textContent?.startsWith("已监控"));
    expect(harness.worker.watchRequests.map((r) => r.items!.length)).toEqual([100, 50]);
    expect(harness.worker.watchRequests[1]!.items![49]!.code).toBe(unknownCode(149));
    expect(toolbar().querySelector(".toolbar .watch-status")!.textContent).toMatch(/^已监控 0，失败 150；/);
  });

  it("a full watchlist is told in the worker's words", async () => {
    harness.worker.watchLimit = 2;
    await openPage("bidders.html", "/demo/bidders");
    button(toolbar(), "监控全部（5）").click();
    await until(() => toolbar().querySelector(".toolbar .watch-status.bad"));
    expect(toolbar().querySelector(".toolbar .watch-status")!.textContent).toBe("监控失败：监控名单已满：每位工作人员最多同时监控 2 个主体");
  });

  it("without a token nothing is sent and the toolbar says to sign in", async () => {
    await saveCredentials(null);
    await openPage("bidders.html", "/demo/bidders");
    button(toolbar(), "监控全部（5）").click();
    await until(() => toolbar().querySelector(".toolbar .watch-status.bad"));
    expect(toolbar().querySelector(".toolbar .watch-status")!.textContent).toContain("尚未登录");
    expect(harness.worker.watchRequests).toHaveLength(0);
  });
});

describe("alerts", () => {
  const monitoring = () => new Monitoring({ fetch: harness.worker.fetch, settings: loadSettings });

  it("counts unread alerts on the icon, notifies each new one once, and keeps the cursor in storage.session", async () => {
    const m = monitoring();
    expect(await m.pollAlerts()).toEqual({ ok: true, items: [], unread: 0 });
    expect(await fakeBrowser.action.getBadgeText({})).toBe("");
    harness.worker.addAlert("91500113408203338U", "新增行政处罚：渝中市监处罚〔2026〕1001号");
    harness.worker.addAlert("91500112MA3WL3XT1P", "列入经营异常名录");
    const answer = await m.pollAlerts();
    expect(answer.ok && answer.items.map((a) => [a.subjectName, a.summary, a.reason])).toEqual([
      ["重庆恒盛建材有限公司", "新增行政处罚：渝中市监处罚〔2026〕1001号", PURPOSE],
      ["重庆华通商贸有限公司", "列入经营异常名录", PURPOSE],
    ]);
    expect(await fakeBrowser.action.getBadgeText({})).toBe("2");
    const shown = await fakeBrowser.notifications.getAll();
    expect(Object.keys(shown).sort()).toEqual(["chayicha-alert-1", "chayicha-alert-2"]);
    expect((await fakeBrowser.storage.session.get(ALERT_CURSOR_KEY))[ALERT_CURSOR_KEY]).toBe(2);
    // The next poll asks only after the cursor, and announces nothing again.
    await fakeBrowser.notifications.clear("chayicha-alert-1");
    await m.pollAlerts();
    expect(harness.worker.alertRequests.at(-1)).toContain("since=2");
    expect(Object.keys(await fakeBrowser.notifications.getAll())).toEqual(["chayicha-alert-2"]);

    const after = await m.markRead([1]);
    expect(harness.worker.readRequests).toEqual([[1]]);
    expect(after.ok && after.items.map((a) => a.id)).toEqual([2]);
    expect(await fakeBrowser.action.getBadgeText({})).toBe("1");
  });

  it("more new alerts than MAX_NOTIFICATIONS are summed up in one notification", async () => {
    for (let i = 0; i < 5; i++) harness.worker.addAlert("91500113408203338U", `新增行政处罚 ${i + 1}`);
    await monitoring().pollAlerts();
    const shown = await fakeBrowser.notifications.getAll();
    expect(Object.keys(shown).sort()).toEqual(["chayicha-alert-3", "chayicha-alert-4", "chayicha-alert-5", "chayicha-alerts-more"]);
    expect(fakeBrowser.notifications.getAllCreateOptions()["chayicha-alerts-more"]!.message).toContain("另有 2 条新提醒");
  });

  it("signed out, nothing is asked and the icon is cleared", async () => {
    await fakeBrowser.action.setBadgeText({ text: "3" });
    await saveCredentials(null);
    const answer = await monitoring().pollAlerts();
    expect(answer.ok).toBe(false);
    expect(await fakeBrowser.action.getBadgeText({})).toBe("");
    expect(harness.worker.alertRequests).toHaveLength(0);
  });
});

describe("「登记告知承诺」 on an approval form (public/demo/approval.html)", () => {
  it("reads the draft from the page: 申请事项, 受理编号, today and +30 days; none under 一般程序", () => {
    document.body.innerHTML = "";
    const now = Date.parse("2026-12-02T10:00:00+08:00");
    document.body.innerHTML = `<p>受理编号：SP-2026-11-0087　申请方式：告知承诺制</p><form><div class="field"><label for="m">申请事项</label><input id="m" value="食品经营许可"></div><div class="field"><label for="w">办理方式</label><select id="w"><option selected>告知承诺制</option><option>一般程序</option></select></div></form>`;
    expect(commitmentDraft(document, now)).toEqual({ type: "涉企经营许可事项告知承诺", matter: "食品经营许可", ref: "SP-2026-11-0087", madeOn: localDate(now), verifyBy: localDate(now, VERIFY_AFTER_DAYS) });
    document.querySelector<HTMLSelectElement>("#w")!.value = "一般程序";
    expect(commitmentDraft(document, now)).toBeNull();
  });

  it("refuses an applicant the check blocks, offers it for another, registers it, and says a conflict in Chinese", async () => {
    await openPage("approval.html", "/demo/approval");
    await until(() => bannerText().includes("不适用告知承诺"));
    expect(bannerText()).toContain("申请人列入严重失信主体名单");
    expect(banner()!.querySelector(".commitment form")).toBeNull();

    // The officer types another applicant into the form: it is checked on its own and offered the commitment.
    type("#applicant-name", "重庆渝信建筑工程有限公司");
    type("#applicant-code", "91500112178573703U");
    await until(() => banner()?.querySelector(".commitment form"));
    expect(bannerText()).not.toContain("严重失信主体名单");
    // The applicant typed over is no longer on the page: 「监控全部」 counts the one there now.
    expect(button(toolbar(), "监控全部").textContent).toBe("监控全部（1）");
    expect(bannerText()).toContain("登记告知承诺：重庆渝信建筑工程有限公司（91500112178573703U）");
    const value = (name: string) => banner()!.querySelector<HTMLInputElement>(`.commitment [name=${name}]`)!.value;
    expect([value("matter"), value("ref"), value("madeOn"), value("verifyBy")]).toEqual(["建筑工程施工许可证核发（恒盛建材仓储中心二期）", "SP-2026-11-0087", localDate(Date.now()), localDate(Date.now(), VERIFY_AFTER_DAYS)]);
    // The officer moves the verification date before registering.
    const verifyBy = banner()!.querySelector<HTMLInputElement>(".commitment [name=verifyBy]")!;
    verifyBy.value = localDate(Date.now(), 45);
    verifyBy.dispatchEvent(new Event("input", { bubbles: true }));
    button(banner()!, "登记告知承诺").click();
    await until(() => banner()!.querySelector(".commitment-status")?.textContent?.startsWith("已登记"));
    expect(harness.worker.commitments).toHaveLength(1);
    expect(harness.worker.commitments[0]).toMatchObject({ code: "91500112178573703U", type: "涉企经营许可事项告知承诺", matter: "建筑工程施工许可证核发（恒盛建材仓储中心二期）", ref: "SP-2026-11-0087", madeOn: localDate(Date.now()), verifyBy: localDate(Date.now(), 45) });
    expect(bannerText()).toContain("已登记告知承诺（编号 1，履行中（待核查））");

    // Another page registering the same number gets the worker's 409 in Chinese.
    harness.controller.abort();
    harness.controller = new AbortController();
    document.querySelector("chayicha-banner")?.remove();
    await openPage("approval.html", "/demo/approval");
    type("#applicant-name", "重庆华通商贸有限公司");
    type("#applicant-code", "91500112MA3WL3XT1P");
    await until(() => banner()?.querySelector(".commitment form"));
    button(banner()!, "登记告知承诺").click();
    await until(() => banner()!.querySelector(".commitment-status.bad"));
    expect(banner()!.querySelector(".commitment-status")!.textContent).toBe("登记失败：本部门已登记过文号为“SP-2026-11-0087”的告知承诺（编号 1）");
  });

  it("offers nothing once 办理方式 is switched to 一般程序", async () => {
    await openPage("approval.html", "/demo/approval");
    type("#applicant-name", "重庆渝信建筑工程有限公司");
    type("#applicant-code", "91500112178573703U");
    await until(() => banner()?.querySelector(".commitment form"));
    type("#commitment", "一般程序");
    await until(() => !banner()?.querySelector(".commitment"));
  });
});

describe("the watchlist and verification messages", () => {
  const monitoring = () => new Monitoring({ fetch: harness.worker.fetch, settings: loadSettings });
  const fromPage = { url: "https://ggzy.example.cn/bid/1", tab: { id: 3 } };

  it("are answered for the extension's own pages only: a web page's content script can neither list, remove nor verify", async () => {
    const { commitment } = harness.worker.addDueCommitment("91500112178573703U", "SP-2026-10-0031");
    harness.worker.addWatch("91500112178573703U", PURPOSE);
    const deps = { checker: undefined as never, cache: undefined as never, monitoring: monitoring() };
    for (const request of [{ type: "watchlist", cursor: 0 }, { type: "unwatch", id: 1 }, { type: "verify-commitment", commitmentId: commitment.id, result: "不属实", note: "页面伪造的核查" }] as const) {
      expect(await answer(request, fromPage, deps)).toEqual({ ok: false, problem: { kind: "rejected", message: "此请求只接受扩展自己的页面" } });
    }
    expect([harness.worker.watchlistRequests, harness.worker.deleteRequests, harness.worker.verificationRequests]).toEqual([[], [], []]);
    expect(commitment.status).toBe("pending");
    // The popup may.
    const fromPopup = { url: fakeBrowser.runtime.getURL("/popup.html") };
    expect(await answer({ type: "watchlist", cursor: 0 }, fromPopup, deps)).toMatchObject({ ok: true, items: [{ id: 1, reason: PURPOSE }], next: null });
  });

  it("signed out, nothing is sent", async () => {
    await saveCredentials(null);
    const m = monitoring();
    expect(await m.watchlist(0)).toMatchObject({ ok: false, problem: { kind: "not_configured" } });
    expect(await m.unwatch(1)).toMatchObject({ ok: false, problem: { kind: "not_configured" } });
    expect(await m.verifyCommitment(1, "属实", "现场核查")).toMatchObject({ ok: false, problem: { kind: "not_configured" } });
    expect([harness.worker.watchlistRequests, harness.worker.deleteRequests, harness.worker.verificationRequests]).toEqual([[], [], []]);
  });

  it("a due alert carries its commitment id to the popup; other alerts carry none", async () => {
    harness.worker.addAlert("91500113408203338U", "新增行政处罚");
    const { commitment } = harness.worker.addDueCommitment("91500112178573703U", "SP-2026-10-0031");
    const polled = await monitoring().pollAlerts();
    expect(polled.ok && polled.items.map((a) => [a.kind, a.commitmentId, a.verifyBy])).toEqual([
      ["record_new", null, null],
      ["commitment_due", commitment.id, "2026-11-27"],
    ]);
  });

  it("a bad id is refused before anything is sent", async () => {
    const m = monitoring();
    expect(await m.unwatch(0)).toEqual({ ok: false, problem: { kind: "rejected", message: "监控项编号不正确" } });
    expect(await m.verifyCommitment(-1, "属实", "现场核查")).toEqual({ ok: false, problem: { kind: "rejected", message: "告知承诺编号不正确" } });
    expect(await m.verifyCommitment(1, "大概属实" as never, "现场核查")).toMatchObject({ ok: false, problem: { kind: "rejected" } });
    expect([harness.worker.deleteRequests, harness.worker.verificationRequests]).toEqual([[], []]);
  });
});
