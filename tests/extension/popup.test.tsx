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
