/**
 * The toolbar popup in happy-dom: signed out it asks for a code or name only; signed in it adds scene and
 * purpose and the officer's lookup goes through the real background code (Account → Checker) to the
 * worker stand-in, with a verified receipt; the recent lookups are kept in storage.session; no alerts
 * section while there are no alerts, and the unread alerts with 「标为已读」 when there are.
 */
import { h, render } from "preact";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { fakeBrowser } from "wxt/testing/fake-browser";
import { Account, RECENT_KEY } from "../../extension/background/account";
import { Auth } from "../../extension/background/auth";
import { Checker } from "../../extension/background/checker";
import { Monitoring } from "../../extension/background/monitoring";
import { ReceiptKeys } from "../../extension/background/receipt-keys";
import { ResultCache } from "../../extension/background/result-cache";
import { listen } from "../../extension/background/router";
import { Popup } from "../../extension/popup/Popup";
import { saveCredentials } from "../../extension/settings/store";
import { settle, until } from "./helpers";
import { WorkerStandIn } from "./worker-stand-in";

let worker: WorkerStandIn;
let meRequests: string[];

const ME = { role: "officer", roleLabel: "工作人员", subject: "officer-1", name: "张三", department: "11500000MB1541618P", sourceUnit: null, scenes: [{ scene: "bidding", label: "招标投标" }, { scene: "approval", label: "行政审批（告知承诺）" }], expiresAt: "2026-11-27T04:00:00.000Z" };

beforeEach(async () => {
  fakeBrowser.reset();
  worker = await WorkerStandIn.start();
  meRequests = [];
  // The stand-in answers checks and the JWKS; GET /api/v1/me is added here (the worker's own tests cover the route).
  const fetchFn = async (input: string, init?: RequestInit) => {
    if (new URL(input).pathname === "/api/v1/me") {
      meRequests.push(String(new Headers(init?.headers).get("authorization")));
      return Response.json(ME);
    }
    return worker.fetch(input, init);
  };
  const cache = new ResultCache();
  const checker = new Checker({ fetch: fetchFn, keys: new ReceiptKeys(fetchFn), cache });
  const account = new Account({ fetch: fetchFn, auth: new Auth({ fetch: fetchFn }), checker });
  listen({ checker, cache, account, monitoring: new Monitoring({ fetch: fetchFn, settings: () => account.settings() }) });
  document.body.innerHTML = '<div id="app"></div>';
});
afterEach(() => render(null, document.getElementById("app")!));

const type = (selector: string, value: string) => {
  const el = document.querySelector<HTMLInputElement | HTMLSelectElement>(selector)!;
  el.value = value;
  el.dispatchEvent(new Event(el.tagName === "SELECT" ? "change" : "input", { bubbles: true }));
};

describe("the popup", () => {
  it("signed out: only the code or name, no scene or purpose, no alerts section, and a way to 设置", async () => {
    render(h(Popup, {}), document.getElementById("app")!);
    await until(() => document.querySelector("#who")?.textContent?.includes("未登录"));
    expect(document.querySelector("#query")).not.toBeNull();
    expect(document.querySelector("#scene")).toBeNull();
    expect(document.querySelector("#purpose")).toBeNull();
    expect(document.body.textContent).not.toContain("未读提醒");
    expect(document.querySelector("#open-options")?.textContent).toBe("设置");
  });

  it("signed in: the officer's check with the scene and purpose given, a verified receipt, a link to /s/{code}, and a recent entry", async () => {
    await saveCredentials({ kind: "pasted", accessToken: "eyJ.officer" });
    render(h(Popup, {}), document.getElementById("app")!);
    await until(() => document.querySelector("#who")?.textContent === "张三（工作人员）");
    expect(meRequests).toEqual(["Bearer eyJ.officer"]);
    // The scenes offered are the token's.
    expect(Array.from(document.querySelectorAll("#scene option")).map((o) => o.textContent)).toEqual(["招标投标", "行政审批"]);
    type("#query", "91500113408203338u");
    type("#scene", "行政审批");
    type("#purpose", "审批受理 SP-2026-11-0087");
    await settle();
    document.querySelector<HTMLButtonElement>("#lookup")!.click();
    const result = await until(() => document.querySelector("#lookup-result"));
    await until(() => result.textContent?.includes("签名已验证"));
    expect(worker.checkRequests).toHaveLength(1);
    expect(worker.checkRequests[0]).toMatchObject({ scene: "行政审批", purpose: "审批受理 SP-2026-11-0087", items: [{ ref: "s1", code: "91500113408203338U" }] });
    expect(result.textContent).toContain("重庆恒盛建材有限公司");
    expect(document.querySelector<HTMLAnchorElement>("#full-page")!.href).toBe("http://localhost:8787/s/91500113408203338U");
    const recent = (await fakeBrowser.storage.session.get(RECENT_KEY))[RECENT_KEY] as { code: string; mode: string; scene: string }[];
    expect(recent).toMatchObject([{ code: "91500113408203338U", mode: "officer", scene: "行政审批" }]);
    await until(() => document.body.textContent?.includes("最近查询"));
    expect(JSON.stringify(await fakeBrowser.storage.local.get(null))).not.toContain("91500113408203338U");
  });

  it("signed in without a purpose: says so in Chinese and sends nothing", async () => {
    await saveCredentials({ kind: "pasted", accessToken: "eyJ.officer" });
    render(h(Popup, {}), document.getElementById("app")!);
    await until(() => document.querySelector("#purpose"));
    type("#query", "91500113408203338U");
    await settle();
    document.querySelector<HTMLButtonElement>("#lookup")!.click();
    const error = await until(() => document.querySelector("#lookup-error"));
    expect(error.textContent).toBe("工作人员查询须填写场景和查询事由（查询使用登记）");
    expect(worker.checkRequests).toHaveLength(0);
  });

  it("signed in with unread alerts: lists them newest first, and 「标为已读」 marks one read on the worker", async () => {
    await saveCredentials({ kind: "pasted", accessToken: "eyJ.officer" });
    worker.addAlert("91500113408203338U", "新增行政处罚：渝中市监处罚〔2026〕1001号");
    worker.addAlert("91500112MA3WL3XT1P", "列入经营异常名录");
    render(h(Popup, {}), document.getElementById("app")!);
    const section = await until(() => document.querySelector("ul.alerts")?.closest("section"));
    expect(section.querySelector("h2")!.textContent).toBe("未读提醒（2）");
    const items = () => Array.from(section.querySelectorAll("li")).map((li) => li.textContent);
    expect(items()[0]).toContain("列入经营异常名录");
    expect(items()[1]).toContain("新增记录 新增行政处罚：渝中市监处罚〔2026〕1001号");
    expect(items()[1]).toContain("重庆恒盛建材有限公司 · 监控事由：开标核查 CQZB-2026-0418 · 2026-11-28");
    expect(await fakeBrowser.action.getBadgeText({})).toBe("2");
    Array.from(section.querySelectorAll<HTMLButtonElement>("li button")).find((b) => b.closest("li")!.textContent!.includes("行政处罚"))!.click();
    await until(() => document.querySelector("#alerts")?.textContent === "未读提醒（1）");
    expect(worker.readRequests).toEqual([[1]]);
    expect(await fakeBrowser.action.getBadgeText({})).toBe("1");
  });
});

describe("「我的监控」 in the popup (issue 14)", () => {
  const view = () => document.querySelector<HTMLButtonElement>("#open-watchlist");
  const rows = () => Array.from(document.querySelectorAll<HTMLLIElement>("ul.watches li"));

  it("is not offered signed out", async () => {
    render(h(Popup, {}), document.getElementById("app")!);
    await until(() => document.querySelector("#who")?.textContent?.includes("未登录"));
    expect(view()).toBeNull();
    expect(document.body.textContent).not.toContain("我的监控");
  });

  it("lists the watchlist a page at a time with reason, scene and end date, and 「取消监控」 removes one on the worker", async () => {
    await saveCredentials({ kind: "pasted", accessToken: "eyJ.officer" });
    const codes = ["91500113408203338U", "91500112484746545R", "91500112178573703U", "91500112MA3WL3XT1P"];
    for (let i = 0; i < 51; i++) worker.addWatch(codes[i % 4]!, `开标核查 CQZB-2026-${String(i + 1).padStart(4, "0")}`);
    worker.addWatch("91500112178573703U", "SP-2026-11-0087", { source: "commitment", scene: "approval", sceneLabel: "行政审批", until: "2027-03-01" });
    worker.addWatch("91500112MA3WL3XT1P", "开标核查 CQZB-2025-0001", { active: false, until: "2026-01-31" });
    render(h(Popup, {}), document.getElementById("app")!);
    (await until(view)).click();
    await until(() => rows().length === 50);
    expect(worker.watchlistRequests).toEqual(["?cursor=0&limit=50"]);
    expect(document.querySelector("#watch-count")!.textContent).toBe("正在监控 51 / 5000 个主体（登记告知承诺时自动监控的不计入）");
    expect(rows()[0]!.textContent).toBe("重庆恒盛建材有限公司 91500113408203338U监控事由：开标核查 CQZB-2026-0001 · 招标投标 · 截止 2027-11-27 取消监控");
    // The lookup form is not shown in this view.
    expect(document.querySelector("#query")).toBeNull();

    document.querySelector<HTMLButtonElement>("#watch-more")!.click();
    await until(() => rows().length === 53);
    expect(worker.watchlistRequests).toEqual(["?cursor=0&limit=50", "?cursor=50&limit=50"]);
    expect(document.querySelector("#watch-more")).toBeNull();
    expect(rows()[51]!.textContent).toContain("监控事由：SP-2026-11-0087 · 行政审批 · 截止 2027-03-01 · 登记告知承诺时自动监控");
    expect(rows()[52]!.textContent).toContain("截止 2026-01-31 · 已过截止日期");

    const cancel = (row: HTMLLIElement) => Array.from(row.querySelectorAll("button")).find((b) => b.textContent === "取消监控")!.click();
    cancel(rows()[0]!);
    await until(() => document.querySelector("#watch-status")?.textContent?.startsWith("已取消监控"));
    expect(worker.deleteRequests).toEqual([1]);
    expect(worker.watches.some((w) => w.id === 1)).toBe(false);
    expect(document.querySelector("#watch-status")!.textContent).toBe("已取消监控：重庆恒盛建材有限公司（开标核查 CQZB-2026-0001）");
    expect(rows()).toHaveLength(52);
    expect(document.querySelector("#watch-count")!.textContent).toContain("正在监控 50 / 5000");

    // Removed meanwhile (another browser): the worker's 404 is said in its words, and the row stays.
    worker.watches.splice(worker.watches.findIndex((w) => w.id === 2), 1);
    cancel(rows()[0]!);
    await until(() => document.querySelector("#watch-status.error"));
    expect(document.querySelector("#watch-status")!.textContent).toBe("未能取消监控：监控名单中没有编号为 2 的监控项");
    expect(rows()).toHaveLength(52);
  });

  it("says when nothing is watched, and 「查询」 brings the lookup back", async () => {
    await saveCredentials({ kind: "pasted", accessToken: "eyJ.officer" });
    render(h(Popup, {}), document.getElementById("app")!);
    (await until(view)).click();
    await until(() => document.querySelector("#watch-empty"));
    expect(document.querySelector("#watch-empty")!.textContent).toContain("尚未监控任何主体");
    Array.from(document.querySelectorAll<HTMLButtonElement>("nav.views button")).find((b) => b.textContent === "查询")!.click();
    await until(() => document.querySelector("#query"));
    expect(document.querySelector("ul.watches")).toBeNull();
  });
});

describe("a due 告知承诺 in the popup: 「核查属实」/「核查不属实」 (issue 14)", () => {
  const item = (alertId: number) => document.querySelector<HTMLLIElement>(`ul.alerts li[data-alert="${alertId}"]`);
  const press = (li: HTMLLIElement, text: string) => Array.from(li.querySelectorAll("button")).find((b) => b.textContent === text)!.click();
  const note = (li: HTMLLIElement, value: string) => {
    const area = li.querySelector<HTMLTextAreaElement>("textarea[name=note]")!;
    area.value = value;
    area.dispatchEvent(new Event("input", { bubbles: true }));
  };

  it("records 属实 with the note, says the result and marks the reminder read; other alerts get no form", async () => {
    await saveCredentials({ kind: "pasted", accessToken: "eyJ.officer" });
    worker.addAlert("91500113408203338U", "新增行政处罚：渝中市监处罚〔2026〕1001号");
    const { alert } = worker.addDueCommitment("91500112178573703U", "SP-2026-10-0031");
    render(h(Popup, {}), document.getElementById("app")!);
    const li = await until(() => item(alert.id));
    expect(li.dataset.kind).toBe("commitment_due");
    expect(li.querySelector("label")!.textContent).toBe("核查情况（告知承诺编号 1，应于 2026-11-27 核查）");
    expect(item(1)!.querySelector("form.verify")).toBeNull();

    // No note: refused before anything is sent, in Chinese.
    press(li, "核查属实");
    await until(() => li.querySelector(".status.error"));
    expect(li.querySelector(".status.error")!.textContent).toBe("核查结果未登记：请写明核查情况");
    expect(worker.verificationRequests).toHaveLength(0);

    note(li, "现场核查，经营场所与承诺一致");
    await settle();
    press(li, "核查属实");
    await until(() => document.querySelector("#verify-status"));
    expect(worker.verificationRequests).toEqual([{ id: 1, body: { result: "属实", note: "现场核查，经营场所与承诺一致" } }]);
    expect(document.querySelector("#verify-status")!.textContent).toBe("已登记核查结果：重庆渝信建筑工程有限公司 SP-2026-10-0031（编号 1）已履行（核查属实）");
    await until(() => !item(alert.id));
    expect(worker.readRequests).toEqual([[alert.id]]);
    expect(worker.commitments[0]!.status).toBe("fulfilled");
  });

  it("records 不属实 and says the 失信 record it made", async () => {
    await saveCredentials({ kind: "pasted", accessToken: "eyJ.officer" });
    const { alert } = worker.addDueCommitment("91500112178573703U", "SP-2026-10-0032");
    render(h(Popup, {}), document.getElementById("app")!);
    const li = await until(() => item(alert.id));
    note(li, "现场核查，无经营场所");
    await settle();
    press(li, "核查不属实");
    await until(() => document.querySelector("#verify-status"));
    expect(worker.verificationRequests).toEqual([{ id: 1, body: { result: "不属实", note: "现场核查，无经营场所" } }]);
    expect(document.querySelector("#verify-status")!.textContent).toBe(
      "已登记核查结果：重庆渝信建筑工程有限公司 SP-2026-10-0032（编号 1）未履行（核查不实）；已列入重点监管对象名单（虚假承诺，至 2027-11-28）",
    );
  });

  it("a commitment already verified: the worker's 409 is said in its words and the reminder stays", async () => {
    await saveCredentials({ kind: "pasted", accessToken: "eyJ.officer" });
    const { alert, commitment } = worker.addDueCommitment("91500112178573703U", "SP-2026-10-0033");
    Object.assign(commitment, { status: "fulfilled", statusLabel: "已履行（核查属实）" });
    render(h(Popup, {}), document.getElementById("app")!);
    const li = await until(() => item(alert.id));
    note(li, "复核");
    await settle();
    press(li, "核查不属实");
    await until(() => li.querySelector(".status.error"));
    expect(li.querySelector(".status.error")!.textContent).toBe("核查结果未登记：该告知承诺已有核查结果（已履行（核查属实）），不能再次登记");
    expect(document.querySelector("#verify-status")).toBeNull();
    expect(worker.readRequests).toEqual([]);
    expect(item(alert.id)).not.toBeNull();
  });
});
