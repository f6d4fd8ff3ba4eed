/**
 * A whole page in happy-dom: the content side (adapters, badges, toolbar, banner) talking through WXT's
 * fake browser to the real background code, which calls the worker stand-in over `fetch`.
 */
import { describe, expect, it } from "vitest";
import { SCAN_DEBOUNCE_MS } from "../../extension/content/scanner";
import { until } from "./helpers";
import { badgeTexts, badges, button, harness, openPage, rootOf, toolbar, usePageHarness } from "./page-harness";
import { SUBJECTS } from "./worker-stand-in";

usePageHarness();

describe("a bid-opening page (public/demo/bidders.html)", () => {
  it("puts a 「查一查」 badge after each valid code and sends nothing before the click", async () => {
    await openPage("bidders.html", "/demo/bidders");
    expect(badgeTexts()).toEqual(["查一查", "查一查", "查一查", "查一查", "查一查"]);
    expect(toolbar().textContent).toContain("发现 5");
    expect(harness.worker.checkRequests).toHaveLength(0);
  });

  it("「全部查一查」 sends one request and every badge gets its decision", async () => {
    await openPage("bidders.html", "/demo/bidders");
    button(toolbar(), "全部查一查").click();
    await until(() => !badgeTexts().some((t) => t === "查一查" || t === "核查中…"));
    expect(harness.worker.checkRequests).toHaveLength(1);
    expect(harness.worker.checkRequests[0]).toMatchObject({ scene: "招标投标", purpose: "开标核查 CQZB-2026-0418" });
    expect(harness.worker.checkRequests[0]!.items.map((i) => [i.code, i.name])).toEqual([
      ["91500113408203338U", "重庆恒盛建材有限公司"],
      ["91500112484746545R", "重庆瑞丰物流有限公司"],
      ["91500112178573703U", "重庆渝信建筑工程有限公司"],
      ["91500106637832963K", "重庆锦川物业管理有限公司"],
      ["91500112MA3WL3XT1P", "重庆华通商贸有限公司"],
    ]);
    expect(badgeTexts()).toEqual(["不得参与· 命中1", "守信激励· 命中1", "通过", "未找到", "需复核· 命中1"]);
    expect(badges()[0]!.dataset.decision).toBe("block");
    const summary = toolbar().querySelector(".summary")!.textContent;
    expect(summary).toContain("不得参与 1");
    expect(summary).toContain("需复核 1");
    expect(summary).toContain("激励 1");
    expect(toolbar().querySelector(".receipts")!.textContent).toContain("签名已验证");
  });

  it("checks a row added later by the page's script with one more request for that row only", async () => {
    await openPage("bidders.html", "/demo/bidders");
    button(toolbar(), "全部查一查").click();
    await until(() => harness.worker.checkRequests.length === 1 && !badgeTexts().includes("核查中…"));
    const row = document.createElement("tr");
    for (const text of ["8", "重庆恒盛建材有限公司", "91500113408203338U", "1,300,000.00", "150", "补录"]) row.append(Object.assign(document.createElement("td"), { textContent: text }));
    document.querySelector("#bidders tbody")!.append(row);
    await until(() => badges().length === 6, SCAN_DEBOUNCE_MS + 1_000);
    // The same subject was already answered on this page: its badge shows the answer, nothing is sent.
    await until(() => badgeTexts()[5] === "不得参与· 命中1");
    expect(harness.worker.checkRequests).toHaveLength(1);
    const other = document.createElement("tr");
    for (const text of ["9", "重庆瑞丰物流有限公司", "91500112484746545R", "1,300,000.00", "150", ""]) other.append(Object.assign(document.createElement("td"), { textContent: text }));
    other.cells[1]!.textContent = "重庆瑞丰物流有限公司（联合体）";
    document.querySelector("#bidders tbody")!.append(other);
    await until(() => harness.worker.checkRequests.length === 2 && badgeTexts()[6] === "守信激励· 命中1", SCAN_DEBOUNCE_MS + 2_000);
    expect(harness.worker.checkRequests[1]!.items.map((i) => i.code)).toEqual(["91500112484746545R"]);
  });

  it("opens the panel from the keyboard with hits, legal basis and measures, and Escape returns focus to the badge", async () => {
    await openPage("bidders.html", "/demo/bidders");
    button(toolbar(), "全部查一查").click();
    await until(() => badgeTexts()[0] === "不得参与· 命中1");
    const badge = badges()[0]!;
    expect(badge.getAttribute("aria-label")).toBe("重庆恒盛建材有限公司（91500113408203338U）：不得参与，命中名单 1 项。按回车查看详情");
    badge.focus();
    badge.click(); // a <button>: Enter and Space activate it
    const panel = await until(() => toolbar().querySelector<HTMLElement>("[role=dialog]"));
    expect(panel.textContent).toContain("严重失信主体名单：提供虚假材料骗取行政许可");
    expect(panel.textContent).toContain("认定依据：《重庆市社会信用条例》第三十条；认定部门：重庆市市场监督管理局");
    expect(panel.textContent).toContain("本场景（招标投标）适用的措施");
    expect(panel.textContent).toContain("保存查询凭证");
    panel.dispatchEvent(new KeyboardEvent("keydown", { key: "Escape", bubbles: true }));
    await until(() => !toolbar().querySelector("[role=dialog]"));
    expect(rootOf(document.querySelector("chayicha-badge"))!.activeElement).toBe(badges()[0]);
  });

  it("shows a receipt that fails verification as 「凭证验证失败」, with no decision", async () => {
    harness.worker.failures = ["tamper"];
    await openPage("bidders.html", "/demo/bidders");
    button(toolbar(), "全部查一查").click();
    await until(() => badgeTexts().every((t) => t === "凭证验证失败"));
    expect(toolbar().querySelector(".summary")!.textContent).toContain("凭证验证失败 5");
    expect(toolbar().querySelector(".summary")!.textContent).toContain("不得参与 0");
  });

  it("folds the toolbar away into a corner pill and back", async () => {
    await openPage("bidders.html", "/demo/bidders");
    button(toolbar(), "收起").click();
    await until(() => toolbar().querySelector<HTMLElement>(".toolbar")!.hidden);
    const pill = await until(() => toolbar().querySelector<HTMLButtonElement>(".toolbar-pill"));
    expect(pill.textContent).toBe("查一查 · 已核查 0 · 不得参与 0");
    pill.click();
    await until(() => !toolbar().querySelector<HTMLElement>(".toolbar")!.hidden);
    expect(toolbar().querySelector(".toolbar-pill")).toBeNull();
  });

  it("tells the officer when the token is refused, with a way to the settings", async () => {
    harness.worker.failures = [401];
    await openPage("bidders.html", "/demo/bidders");
    button(toolbar(), "全部查一查").click();
    const alert = await until(() => toolbar().querySelector("[role=alert]"));
    expect(alert.textContent).toContain("令牌无效或已过期");
    expect(button(alert, "打开设置")).toBeTruthy();
    expect(badgeTexts()).toEqual(["核查失败", "核查失败", "核查失败", "核查失败", "核查失败"]);
  });

  it("never inserts server text as HTML", async () => {
    SUBJECTS.push({ code: "91500112MA3WL3XT1P", name: '<img src=x onerror="window.pwned=1">重庆某公司', decision: "review", hits: [{ listType: "abnormal_operation", listName: "<b>经营异常名录</b>", reason: "<script>alert(1)</script>" }] });
    SUBJECTS.splice(3, 1); // the entry above replaces 重庆华通商贸有限公司 for this test
    try {
      await openPage("bidders.html", "/demo/bidders");
      button(toolbar(), "全部查一查").click();
      // The registered name differs from the page's: the badge carries a warning mark.
      await until(() => badgeTexts()[4] === "需复核· 命中1!");
      badges()[4]!.click();
      const panel = await until(() => toolbar().querySelector("[role=dialog]"));
      expect(panel.textContent).toContain("<script>alert(1)</script>");
      expect(panel.textContent).toContain('<img src=x onerror="window.pwned=1">重庆某公司');
      expect(panel.textContent).toContain("页面上的名称“重庆华通商贸有限公司”与登记名称不一致");
      expect(panel.querySelectorAll("img, script, b")).toHaveLength(0);
    } finally {
      SUBJECTS.splice(3, 1, { code: "91500112MA3WL3XT1P", name: "重庆华通商贸有限公司", decision: "review", hits: [{ listType: "abnormal_operation", listName: "经营异常名录", reason: "通过登记的住所无法联系" }] });
    }
  });
});

describe("an approval form (public/demo/approval.html)", () => {
  it("checks the applicant on load, from the <input value>, and raises the banner without a click", async () => {
    await openPage("approval.html", "/demo/approval");
    const banner = await until(() => rootOf(document.querySelector("chayicha-banner"))?.querySelector("[role=alert]"));
    expect(harness.worker.checkRequests).toHaveLength(1);
    expect(harness.worker.checkRequests[0]).toMatchObject({ scene: "行政审批", purpose: "审批受理 SP-2026-11-0087", items: [{ code: "91500113408203338U", name: "重庆恒盛建材有限公司" }] });
    expect(banner.textContent).toContain("重庆恒盛建材有限公司（91500113408203338U）：严重失信主体名单");
    expect(banner.textContent).toContain("不适用告知承诺制");
    expect(document.body.firstElementChild?.tagName).toBe("CHAYICHA-BANNER");
  });

  it("checks again when the clerk types another code into the field", async () => {
    await openPage("approval.html", "/demo/approval");
    await until(() => harness.worker.checkRequests.length === 1);
    const name = document.querySelector<HTMLInputElement>("#applicant-name")!;
    const field = document.querySelector<HTMLInputElement>("#applicant-code")!;
    name.value = "重庆瑞丰物流有限公司";
    field.value = "９１５００１１２４８４７４６５４５Ｒ";
    field.dispatchEvent(new Event("input", { bubbles: true }));
    await until(() => harness.worker.checkRequests.length === 2, SCAN_DEBOUNCE_MS + 2_000);
    expect(harness.worker.checkRequests[1]!.items).toEqual([{ ref: "s1", code: "91500112484746545R", name: "重庆瑞丰物流有限公司" }]);
    await until(() => badgeTexts().length === 1 && badgeTexts()[0] === "守信激励· 命中1");
  });
});
