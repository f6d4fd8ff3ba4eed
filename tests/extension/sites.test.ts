import { h, render } from "preact";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { fakeBrowser } from "wxt/testing/fake-browser";
import { CONTENT_SCRIPT_ID, syncContentScripts } from "../../extension/background/registration";
import { renderPurpose } from "../../extension/content/purpose";
import { OptionsPage } from "../../extension/options/OptionsPage";
import { permissionOrigin, registrationMatch, siteForUrl, siteMatches } from "../../extension/settings/sites";
import { defaultSettings, loadSettings } from "../../extension/settings/store";
import { loadDemoPage, settle, until } from "./helpers";

describe("site rules", () => {
  it("match the demo pages on the configured worker, and nothing else", () => {
    const sites = defaultSettings().sites;
    expect(siteForUrl(sites, "http://localhost:8787", "http://localhost:8787/demo/bidders")?.scene).toBe("招标投标");
    expect(siteForUrl(sites, "http://localhost:8787", "http://localhost:8787/demo/qualification?round=2")?.scene).toBe("政府采购");
    expect(siteForUrl(sites, "http://localhost:8787", "http://localhost:8787/demo/approval.html")?.scene).toBe("行政审批");
    expect(siteForUrl(sites, "http://localhost:8787", "http://localhost:9999/demo/bidders")).toBeUndefined();
    expect(siteForUrl(sites, "http://127.0.0.1:41234", "http://127.0.0.1:41234/demo/bidders")?.id).toBe("demo-bidders");
    expect(siteForUrl(sites, "http://localhost:8787", "http://localhost:8787/s/91500113408203338U")).toBeUndefined();
  });

  it("turn a pattern into the host permission and content-script match the browser needs", () => {
    expect(siteMatches("https://*.ggzy.example.cn/bid/*", "", "https://cq.ggzy.example.cn/bid/open?id=3")).toBe(true);
    expect(siteMatches("https://*.ggzy.example.cn/bid/*", "", "http://cq.ggzy.example.cn/bid/open")).toBe(false);
    expect(siteMatches("https://ggzy.example.cn:8443/*", "", "https://ggzy.example.cn/bid")).toBe(false);
    expect(permissionOrigin("https://ggzy.example.cn:8443/bid/*", "")).toBe("https://ggzy.example.cn/*");
    expect(registrationMatch("/demo/bidders*", "http://127.0.0.1:41234")).toBe("http://127.0.0.1/demo/bidders*");
  });
});

describe("the purpose (查询事由) template", () => {
  it("reads the project number from the page by selector or by pattern", () => {
    loadDemoPage("bidders.html");
    expect(renderPurpose("开标核查 {项目编号}", [{ name: "项目编号", selector: "[data-project-no]" }], document)).toBe("开标核查 CQZB-2026-0418");
    loadDemoPage("approval.html");
    expect(renderPurpose("审批受理 {受理编号}", [{ name: "受理编号", pattern: "受理编号[:：]\\s*([A-Z0-9-]+)" }], document)).toBe("审批受理 SP-2026-11-0087");
    expect(renderPurpose("页面核查：{页面标题}", [], document)).toBe("页面核查：建筑工程施工许可申请 — 受理");
    expect(renderPurpose("{缺少的变量}", [{ name: "缺少的变量", selector: "#nothing" }], document)).toBe("建筑工程施工许可申请 — 受理");
  });
});

describe("enabling and disabling a site in 设置", () => {
  const granted = new Set<string>(["http://localhost/*", "http://127.0.0.1/*"]);
  let registered: { id: string; matches?: string[] }[] = [];

  beforeEach(() => {
    fakeBrowser.reset();
    registered = [];
    vi.spyOn(fakeBrowser.permissions, "request").mockImplementation(async ({ origins }) => {
      for (const o of origins ?? []) granted.add(o);
      return true;
    });
    vi.spyOn(fakeBrowser.permissions, "remove").mockImplementation(async ({ origins }) => {
      for (const o of origins ?? []) granted.delete(o);
      return true;
    });
    vi.spyOn(fakeBrowser.permissions, "contains").mockImplementation(async ({ origins }) => (origins ?? []).every((o) => granted.has(o)));
    vi.spyOn(fakeBrowser.permissions, "getAll").mockImplementation(async () => ({ origins: [...granted], permissions: [] }));
    vi.spyOn(fakeBrowser.scripting, "getRegisteredContentScripts").mockImplementation(async (filter) => registered.filter((s) => !filter?.ids || filter.ids.includes(s.id)) as never);
    vi.spyOn(fakeBrowser.scripting, "unregisterContentScripts").mockImplementation(async (filter) => {
      registered = registered.filter((s) => !filter?.ids?.includes(s.id));
    });
    vi.spyOn(fakeBrowser.scripting, "registerContentScripts").mockImplementation(async (scripts) => {
      registered.push(...(scripts as { id: string; matches?: string[] }[]));
    });
  });

  it("registers the content script on the demo pages by default", async () => {
    expect(await syncContentScripts(defaultSettings())).toEqual(["http://localhost/demo/bidders*", "http://localhost/demo/qualification*", "http://localhost/demo/approval*"]);
    expect(registered.map((s) => s.id)).toEqual([CONTENT_SCRIPT_ID]);
  });

  it("asks for the host permission when a site is added, registers it, and gives both back when it is disabled", async () => {
    document.body.innerHTML = '<div id="app"></div>';
    render(h(OptionsPage, {}), document.getElementById("app")!);
    const input = await until(() => document.querySelector<HTMLInputElement>("#site-label"));
    const type = (el: HTMLInputElement, value: string) => {
      el.value = value;
      el.dispatchEvent(new Event("input", { bubbles: true }));
    };
    type(input, "公共资源交易中心 开标大厅");
    type(document.querySelector<HTMLInputElement>("#site-pattern")!, "https://ggzy.example.cn/bid/*");
    await settle();
    document.querySelector<HTMLButtonElement>("#add-site")!.click();
    await until(() => document.querySelector("#site-status")?.textContent?.includes("已添加并启用"));
    expect(fakeBrowser.permissions.request).toHaveBeenCalledWith({ origins: ["https://ggzy.example.cn/*"] });
    expect(await syncContentScripts(await loadSettings())).toContain("https://ggzy.example.cn/bid/*");

    const toggle = await until(() => document.querySelector<HTMLInputElement>('input[aria-label="启用 公共资源交易中心 开标大厅"]'));
    toggle.click();
    await until(() => document.querySelector("#site-status")?.textContent?.includes("已停用"));
    await until(() => !granted.has("https://ggzy.example.cn/*"));
    expect(fakeBrowser.permissions.remove).toHaveBeenCalledWith({ origins: ["https://ggzy.example.cn/*"] });
    expect(await syncContentScripts(await loadSettings())).not.toContain("https://ggzy.example.cn/bid/*");
    render(null, document.getElementById("app")!);
  });

  it("saves the worker URL and token typed into the form", async () => {
    document.body.innerHTML = '<div id="app"></div>';
    render(h(OptionsPage, {}), document.getElementById("app")!);
    const url = await until(() => document.querySelector<HTMLInputElement>("#worker-url"));
    url.value = "http://127.0.0.1:41234/";
    url.dispatchEvent(new Event("input", { bubbles: true }));
    const token = document.querySelector<HTMLInputElement>("#token")!;
    token.value = "  eyJ.officer.token  ";
    token.dispatchEvent(new Event("input", { bubbles: true }));
    await settle();
    document.querySelector<HTMLButtonElement>("#save-connection")!.click();
    await until(() => document.querySelector("#connection-status")?.textContent?.includes("已保存"));
    expect(await loadSettings()).toMatchObject({ workerUrl: "http://127.0.0.1:41234", token: "eyJ.officer.token" });
    render(null, document.getElementById("app")!);
  });
});
