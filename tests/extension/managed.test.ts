/**
 * Managed deployment in happy-dom with WXT's fake browser: the build preset (CHAYICHA_SITES …), the
 * administrator's policy (storage.managed) and the officer's own values, and which wins; tokens kept in
 * storage.session, never in storage.local; locked values disabled in 设置.
 */
import { h, render } from "preact";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { fakeBrowser } from "wxt/testing/fake-browser";
import { CONTENT_SCRIPT_ID, syncContentScripts } from "../../extension/background/registration";
import { OptionsPage } from "../../extension/options/OptionsPage";
import { parseManaged } from "../../extension/settings/managed";
import { parsePresetSites, presetFromEnv, presetManifest } from "../../extension/settings/preset";
import { demoSites } from "../../extension/settings/sites";
import { CREDENTIALS_KEY, SETTINGS_KEY, currentSettings, defaultSettings, loadCredentials, loadSettings, mergeSettings, saveCredentials, saveSettings } from "../../extension/settings/store";
import { until } from "./helpers";

const POLICY = {
  workerUrl: "https://chayicha.cq.gov.cn",
  sites: [
    { pattern: "https://ggzy.cq.gov.cn/bid/*", label: "交易中心开标", scene: "招标投标", purposeTemplate: "开标 {项目编号}", fields: [{ name: "项目编号", selector: "#no" }] },
    { pattern: "not a pattern", scene: "招标投标" },
    { pattern: "https://x.example.cn/*", scene: "没有的场景" },
  ],
  oidcIssuer: "https://idp.cq.gov.cn/realms/gov/",
  oidcClientId: "chayicha-ext",
};

beforeEach(() => fakeBrowser.reset());

describe("build presets (CHAYICHA_WORKER_URL, CHAYICHA_SITES, CHAYICHA_OIDC_*)", () => {
  it("reads pattern=scene entries, defaulting the scene, and refuses what it cannot use", () => {
    const sites = parsePresetSites(" https://ggzy.example.cn/bid/*=招标投标 , http://127.0.0.2:5555/demo/* ");
    expect(sites.map((s) => [s.id, s.pattern, s.scene, s.source])).toEqual([
      ["preset-1", "https://ggzy.example.cn/bid/*", "招标投标", "build"],
      ["preset-2", "http://127.0.0.2:5555/demo/*", "政府采购", "build"],
    ]);
    expect(() => parsePresetSites("ggzy.example.cn")).toThrow(/not a match pattern/);
    expect(() => parsePresetSites("https://a.example.cn/*=没有的场景")).toThrow(/unknown scene/);
    expect(() => presetFromEnv({ CHAYICHA_OIDC_ISSUER: "https://idp.example.cn" })).toThrow(/go together/);
  });

  it("puts the preset sites, the worker and the identity provider in the manifest", () => {
    const preset = presetFromEnv({
      CHAYICHA_WORKER_URL: "https://chayicha.cq.gov.cn/",
      CHAYICHA_SITES: "https://ggzy.example.cn:8443/bid/*=招标投标",
      CHAYICHA_OIDC_ISSUER: "https://idp.cq.gov.cn/realms/gov",
      CHAYICHA_OIDC_CLIENT_ID: "ext",
    });
    expect(preset.workerUrl).toBe("https://chayicha.cq.gov.cn");
    expect(preset.oidc).toEqual({ issuer: "https://idp.cq.gov.cn/realms/gov", clientId: "ext", scope: "openid offline_access" });
    expect(presetManifest(preset)).toEqual({
      hostPermissions: ["https://ggzy.example.cn/*", "https://chayicha.cq.gov.cn/*", "https://idp.cq.gov.cn/*"],
      matches: ["https://ggzy.example.cn/bid/*"],
    });
  });
});

describe("which value wins", () => {
  const preset = { workerUrl: "https://build.example.cn", sites: parsePresetSites("https://ggzy.example.cn/bid/*=招标投标") };
  const mine = { workerUrl: "http://localhost:9999", sites: [...demoSites(), { ...demoSites()[0]!, id: "policy-1", label: "我改过的", scene: "政府采购" }] };

  it("a locked policy beats the officer's own values, which beat the build's", () => {
    expect(mergeSettings(mine, preset, parseManaged(undefined)).workerUrl).toBe("http://localhost:9999");
    expect(mergeSettings(undefined, preset, parseManaged(undefined)).workerUrl).toBe("https://build.example.cn");
    const merged = mergeSettings(mine, preset, parseManaged(POLICY));
    expect(merged.workerUrl).toBe("https://chayicha.cq.gov.cn");
    expect(merged.locks).toEqual({ workerUrl: true });
    expect(merged.oidc).toEqual({ issuer: "https://idp.cq.gov.cn/realms/gov", clientId: "chayicha-ext", scope: "openid offline_access" });
    // Build site first, then the one usable policy site (locked, the officer's copy ignored), then the officer's own.
    expect(merged.sites.map((s) => [s.id, s.locked, s.source ?? "own"])).toEqual([
      ["preset-1", true, "build"],
      ["policy-1", true, "policy"],
      ["demo-bidders", false, "own"],
      ["demo-qualification", false, "own"],
      ["demo-approval", false, "own"],
    ]);
    expect(merged.sites[1]).toMatchObject({ label: "交易中心开标", scene: "招标投标", purposeTemplate: "开标 {项目编号}", fields: [{ name: "项目编号", selector: "#no" }] });
  });

  it("with officersMayChange the policy only sets defaults: the officer's values win and nothing is locked", () => {
    const merged = mergeSettings(mine, preset, parseManaged({ ...POLICY, officersMayChange: true }));
    expect(merged.workerUrl).toBe("http://localhost:9999");
    expect(merged.locks).toEqual({ workerUrl: false });
    expect(merged.sites.find((s) => s.id === "policy-1")).toMatchObject({ label: "我改过的", scene: "政府采购", locked: false, source: "policy" });
    expect(mergeSettings(undefined, preset, parseManaged({ ...POLICY, officersMayChange: true })).workerUrl).toBe("https://chayicha.cq.gov.cn");
  });

  it("loadSettings reads storage.managed; saveSettings keeps only the officer's own values", async () => {
    await fakeBrowser.storage.managed.set(POLICY);
    await fakeBrowser.storage.local.set({ [SETTINGS_KEY]: { workerUrl: "http://localhost:9999", sites: demoSites() } });
    const settings = await loadSettings();
    expect(settings.workerUrl).toBe("https://chayicha.cq.gov.cn");
    await saveSettings({ ...settings, workerUrl: "https://elsewhere.example.cn" });
    const stored = (await fakeBrowser.storage.local.get(SETTINGS_KEY))[SETTINGS_KEY] as { workerUrl: string; sites: { id: string }[] };
    expect(stored.workerUrl).toBe("http://localhost:9999"); // locked: the officer's earlier value is kept, not the policy's
    expect(stored.sites.map((s) => s.id)).toEqual(["demo-bidders", "demo-qualification", "demo-approval"]);
  });

  it("the background keeps the settings in memory until the settings, the credentials or the policy change", async () => {
    await fakeBrowser.storage.local.set({ [SETTINGS_KEY]: { workerUrl: "http://localhost:9999", sites: demoSites() } });
    const reads = vi.spyOn(fakeBrowser.storage.local, "get");
    const first = await currentSettings();
    expect(first.workerUrl).toBe("http://localhost:9999");
    const readsForFirst = reads.mock.calls.length;
    expect(await currentSettings()).toBe(first);
    await fakeBrowser.storage.local.set({ jwks: { keys: [] } }); // not the settings: kept
    expect(await currentSettings()).toBe(first);
    expect(reads.mock.calls.length).toBe(readsForFirst);
    await saveCredentials({ kind: "pasted", accessToken: "eyJ.new" });
    expect((await currentSettings()).token).toBe("eyJ.new");
    await fakeBrowser.storage.managed.set(POLICY);
    expect((await currentSettings()).workerUrl).toBe("https://chayicha.cq.gov.cn");
    fakeBrowser.reset(); // a restarted service worker (its listeners gone) reads again
    expect((await currentSettings()).workerUrl).toBe(defaultSettings().workerUrl);
  });

  it("build-preset sites are not registered at run time: the manifest already runs the content script there", async () => {
    const registered: string[][] = [];
    vi.spyOn(fakeBrowser.permissions, "contains").mockImplementation(async () => true as never);
    vi.spyOn(fakeBrowser.scripting, "getRegisteredContentScripts").mockImplementation(async () => [] as never);
    vi.spyOn(fakeBrowser.scripting, "registerContentScripts").mockImplementation(async (scripts) => void registered.push(...scripts.map((s) => s.matches ?? [])));
    const settings = mergeSettings(undefined, preset, parseManaged(POLICY));
    expect(await syncContentScripts(settings)).toEqual(["https://ggzy.cq.gov.cn/bid/*", "https://chayicha.cq.gov.cn/demo/bidders*", "https://chayicha.cq.gov.cn/demo/qualification*", "https://chayicha.cq.gov.cn/demo/approval*"]);
    expect(registered.flat()).not.toContain("https://ggzy.example.cn/bid/*");
    expect(CONTENT_SCRIPT_ID).toBe("chayicha-sites");
  });
});

describe("the token stays out of storage.local", () => {
  it("a token left in storage.local by an older version moves to storage.session", async () => {
    await fakeBrowser.storage.local.set({ [SETTINGS_KEY]: { workerUrl: "http://localhost:8787", token: "eyJ.old.token", sites: demoSites() } });
    expect((await loadSettings()).token).toBe("eyJ.old.token");
    expect(JSON.stringify(await fakeBrowser.storage.local.get(null))).not.toContain("eyJ.old.token");
    expect(await loadCredentials()).toEqual({ kind: "pasted", accessToken: "eyJ.old.token" });
    expect((await fakeBrowser.storage.session.get(CREDENTIALS_KEY))[CREDENTIALS_KEY]).toMatchObject({ accessToken: "eyJ.old.token" });
  });

  it("saveSettings never writes the token", async () => {
    await saveCredentials({ kind: "pasted", accessToken: "eyJ.secret" });
    await saveSettings({ ...defaultSettings(), token: "eyJ.secret" });
    expect(JSON.stringify(await fakeBrowser.storage.local.get(null))).not.toContain("eyJ.secret");
  });
});

describe("设置 shows what the administrator fixed as locked", () => {
  it("the worker URL and the policy's site are disabled with 由单位统一配置 and cannot be deleted", async () => {
    await fakeBrowser.storage.managed.set(POLICY);
    document.body.innerHTML = '<div id="app"></div>';
    render(h(OptionsPage, {}), document.getElementById("app")!);
    const url = await until(() => document.querySelector<HTMLInputElement>("#worker-url"));
    expect(url.value).toBe("https://chayicha.cq.gov.cn");
    expect(url.disabled).toBe(true);
    expect(url.parentElement!.textContent).toContain("由单位统一配置");
    const row = document.querySelector<HTMLTableRowElement>("tr[data-site=policy-1]")!;
    expect(row.textContent).toContain("由单位统一配置");
    expect(row.querySelector<HTMLInputElement>("input[type=checkbox]")!.disabled).toBe(true);
    expect(row.querySelector<HTMLSelectElement>("select")!.disabled).toBe(true);
    expect(Array.from(row.querySelectorAll("button")).map((b) => b.textContent)).not.toContain("删除");
    const own = document.querySelector<HTMLTableRowElement>("tr[data-site=demo-bidders]")!;
    expect(own.querySelector<HTMLInputElement>("input[type=checkbox]")!.disabled).toBe(false);
    render(null, document.getElementById("app")!);
  });
});
