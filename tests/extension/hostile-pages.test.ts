/**
 * Hostile pages (#13 item 5): closed shadow roots, no check outside approval forms before the officer
 * acts, a budget for automatic checks, the purpose shown in the toolbar, and answers cached per purpose.
 */
import { describe, expect, it } from "vitest";
import { AUTO_CHECK_BUDGET } from "../../extension/content/page";
import { SCAN_DEBOUNCE_MS } from "../../extension/content/scanner";
import { OWN_SELECTOR } from "../../extension/core/own-elements";
import { PURPOSE_SHOWN, shortPurpose } from "../../extension/ui/Toolbar";
import { bidderRow, bidderTable, unknownCode } from "./bidder-table";
import { settle, until } from "./helpers";
import { badgeTexts, badges, button, harness, openPage, toolbar, usePageHarness } from "./page-harness";

usePageHarness();

const addRows = (from: number, count: number) => {
  // Parsed in a <tbody> context so the rows stay rows, then moved in with one insertion.
  const parsed = document.createElement("tbody");
  parsed.innerHTML = Array.from({ length: count }, (_, i) => bidderRow(from + i)).join("");
  document.querySelector("#bidders tbody")!.append(...Array.from(parsed.children));
};

describe("closed shadow roots", () => {
  it("the page cannot see into a badge, the toolbar or the banner", async () => {
    await openPage("approval.html", "/demo/approval");
    await until(() => document.querySelector("chayicha-banner"));
    const hosts = Array.from(document.querySelectorAll(OWN_SELECTOR));
    expect(hosts.map((h) => h.tagName.toLowerCase()).sort()).toEqual(["chayicha-badge", "chayicha-banner", "chayicha-toolbar"]);
    for (const host of hosts) expect(host.shadowRoot).toBeNull();
    // Nothing of ours is reachable from the page's document.
    expect(document.querySelectorAll("button.badge, [role=dialog], .toolbar")).toHaveLength(0);
    expect(badgeTexts()).toEqual(["不得参与· 命中1"]); // through the test registry only
  });
});

describe("outside approval forms, nothing is checked before the officer acts", () => {
  it("a bid-opening page: neither the first scan nor rows added later send anything until 「全部查一查」", async () => {
    const page = await openPage("bidders.html", "/demo/bidders");
    addRows(0, 3);
    page.flush();
    await settle(SCAN_DEBOUNCE_MS + 200);
    expect(badges()).toHaveLength(8);
    expect(harness.worker.checkRequests).toHaveLength(0);
    button(toolbar(), "全部查一查").click();
    await until(() => harness.worker.checkRequests.length === 1);
    expect(harness.worker.checkRequests[0]!.items).toHaveLength(8);
  });

  it("a page no adapter but the generic one recognises sends nothing on its own", async () => {
    const html = `<!doctype html><html><head><title>中标结果公告</title></head><body><p>中标供应商：重庆瑞丰物流有限公司（统一社会信用代码：91500112484746545R）</p></body></html>`;
    await openPage({ html }, "/demo/qualification");
    await settle(SCAN_DEBOUNCE_MS + 200);
    expect(badgeTexts()).toEqual(["查一查"]);
    expect(harness.worker.checkRequests).toHaveLength(0);
    badges()[0]!.click(); // the officer's action on this one subject
    await until(() => badgeTexts()[0] === "守信激励· 命中1");
    expect(harness.worker.checkRequests).toHaveLength(1);
  });
});

describe("the budget of automatic checks", () => {
  it(`checks at most ${AUTO_CHECK_BUDGET} late subjects on its own, then asks in the toolbar`, async () => {
    const { worker } = harness;
    const page = await openPage({ html: bidderTable(5) }, "/demo/bidders");
    button(toolbar(), "全部查一查").click();
    await until(() => badges().every((b) => b.dataset.state === "unresolved"));
    expect(worker.checkRequests).toHaveLength(1);

    addRows(5, 600);
    page.flush();
    await until(() => worker.checkRequests.length === 6 && badges().filter((b) => b.dataset.state === "unresolved").length === 505, 15_000);
    expect(worker.checkRequests.slice(1).reduce((n, r) => n + r.items.length, 0)).toBe(AUTO_CHECK_BUDGET);
    expect(worker.checkRequests[1]!.items[0]).toEqual({ ref: "s1", code: unknownCode(5), name: "重庆第6建筑工程有限公司" });
    const ask = toolbar().querySelector(".ask")!;
    expect(ask.textContent).toContain("本页自动核查已达 500 个主体的上限，另有 100 个新发现的主体尚未核查");
    expect(badges().filter((b) => b.dataset.state === "pending")).toHaveLength(100);
    await settle(200);
    expect(worker.checkRequests).toHaveLength(6);

    button(ask, "继续核查（100）").click();
    await until(() => badges().every((b) => b.dataset.state === "unresolved"));
    expect(worker.checkRequests).toHaveLength(7);
    expect(worker.checkRequests[6]!.items).toHaveLength(100);
    expect(toolbar().querySelector(".ask")).toBeNull();
  });
});

describe("the purpose", () => {
  it("shows the purpose read from the page in the toolbar, on one line of at most 60 characters", async () => {
    const projectNo = `CQZB-2026-0418 渝北区\n   道路照明维护项目${"（第二标段）".repeat(12)}`;
    await openPage({ html: bidderTable(2, projectNo) }, "/demo/bidders");
    const shown = toolbar().querySelector(".purpose")!;
    const full = `开标核查 ${projectNo.replace(/\s+/g, " ")}`;
    expect(shown.getAttribute("title")).toBe(full);
    expect(shown.textContent).toBe(`查询事由：${Array.from(full).slice(0, PURPOSE_SHOWN - 1).join("")}…`);
    expect(Array.from(shown.textContent!.replace("查询事由：", ""))).toHaveLength(PURPOSE_SHOWN);
    // The request carries the whole purpose (the API takes up to 200 characters), the toolbar only shows it.
    button(toolbar(), "全部查一查").click();
    await until(() => harness.worker.checkRequests.length === 1);
    expect(harness.worker.checkRequests[0]!.purpose).toBe(full);
  });

  it("shortPurpose leaves a short purpose alone and trims whitespace", () => {
    expect(shortPurpose("  开标核查   CQZB-2026-0418 ")).toBe("开标核查 CQZB-2026-0418");
    expect(shortPurpose("一".repeat(61))).toBe(`${"一".repeat(59)}…`);
    expect(shortPurpose("一".repeat(60))).toBe("一".repeat(60));
  });
});
