/**
 * Rolling 查一查 out (issue 13) in real Chromium: a managed build (CHAYICHA_WORKER_URL, CHAYICHA_SITES and
 * the identity provider compiled in) badges a preset site — served from another host, 127.0.0.2 — with
 * no visit to 设置; a 3rdparty policy in /etc/chromium/policies/managed overrides and locks the worker URL
 * and adds a locked site; 「登录」 signs in against a real OpenID Connect provider (oidc-provider) through
 * launchWebAuthFlow and the worker accepts its JWT access tokens, refreshed before they expire;
 * 「测试连接」 names the officer; the popup looks subjects up, public and as the officer.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { type Server, createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, type Page, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ARTIFACTS } from "./browser";
import { ACCESS_TOKEN_TTL, CLIENT_ID, type OidcHost, type RunningOidc, holdOidcAddress, startOidcProvider } from "./oidc";
import { type RunningWorker, freePort, startWorker } from "./server";
import { playwrightHook } from "./test-hook";

const BUILD_DIR = join(process.cwd(), "dist/e2e-rollout");
const DEPT = "11500000MB1541618P";
const POLICY_DIR = "/etc/chromium/policies/managed";

let worker: RunningWorker;
let oidc: RunningOidc;
let oidcHost: OidcHost | undefined;
let site: Server;
let siteOrigin: string;
let context: BrowserContext;
let profile: string;
let extensionId: string;
let policyFile: string | undefined;
/** Why the policy could not be installed (then the policy test says so and fails). */
let policyProblem = "";

/** Chromium's id of an unpacked extension: SHA-256 of its absolute path, first 32 hex digits mapped 0-f → a-p. */
function unpackedExtensionId(path: string): string {
  return [...createHash("sha256").update(path).digest("hex").slice(0, 32)].map((c) => String.fromCharCode(97 + parseInt(c, 16))).join("");
}

beforeAll(async () => {
  oidcHost = await holdOidcAddress();
  const { issuer } = oidcHost;
  worker = await startWorker({ stateDir: ".wrangler/e2e-rollout", subjects: 200, vars: { AUTH_JWKS_URL: `${issuer}/jwks`, AUTH_ISSUER: issuer, AUTH_AUDIENCE: "chayicha" } });

  // The preset site: another host (127.0.0.2, outside the install-time hosts) serving the worker's demo pages.
  const sitePort = await freePort();
  siteOrigin = `http://127.0.0.2:${sitePort}`;
  site = createServer(async (req, res) => {
    const upstream = await fetch(`${worker.origin}${req.url}`);
    res.writeHead(upstream.status, { "content-type": upstream.headers.get("content-type") ?? "text/html" });
    res.end(Buffer.from(await upstream.arrayBuffer()));
  });
  await new Promise<void>((resolve) => site.listen(sitePort, "127.0.0.2", resolve));

  const build = spawnSync("wxt", ["build", "--mode", "test"], {
    encoding: "utf8",
    env: {
      ...process.env,
      CHAYICHA_OUT_DIR: BUILD_DIR,
      CHAYICHA_WORKER_URL: worker.origin,
      CHAYICHA_SITES: `${siteOrigin}/demo/bidders*=招标投标`,
      CHAYICHA_OIDC_ISSUER: issuer,
      CHAYICHA_OIDC_CLIENT_ID: CLIENT_ID,
      CHAYICHA_OIDC_SCOPE: "openid offline_access chayicha",
    },
  });
  if (build.status !== 0) throw new Error(`wxt build: ${build.stderr}`);
  const extensionDir = realpathSync(join(BUILD_DIR, "chrome-mv3-test"));
  extensionId = unpackedExtensionId(extensionDir);

  oidc = await startOidcProvider({
    host: oidcHost,
    clientId: CLIENT_ID,
    redirectUri: `https://${extensionId}.chromiumapp.org/`,
    webOrigin: `chrome-extension://${extensionId}`,
    audience: "chayicha",
    accessTokenTtl: ACCESS_TOKEN_TTL,
    accounts: { lisi: { role: "officer", name: "李四", dept: DEPT, scenes: ["政府采购", "招标投标", "行政审批"] } },
  });

  // The administrator's policy (Linux Chromium reads /etc/chromium/policies/managed; it needs root, as CI has).
  const policy = {
    "3rdparty": {
      extensions: {
        [extensionId]: {
          workerUrl: worker.origin.replace("127.0.0.1", "localhost"),
          officersMayChange: false,
          sites: [{ pattern: "/demo/qualification*", label: "单位策略：资格审查", scene: "政府采购", purposeTemplate: "策略核查 {项目编号}", fields: [{ name: "项目编号", selector: "[data-project-no]" }] }],
        },
      },
    },
  };
  try {
    mkdirSync(POLICY_DIR, { recursive: true });
    policyFile = join(POLICY_DIR, `chayicha-e2e-${extensionId}.json`);
    writeFileSync(policyFile, JSON.stringify(policy));
  } catch (err) {
    policyFile = undefined;
    policyProblem = `cannot write ${POLICY_DIR} (${(err as Error).message}); run the suite as root, as CI does`;
  }

  profile = mkdtempSync(join(tmpdir(), "chayicha-rollout-"));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    viewport: { width: 1280, height: 900 },
    locale: "zh-CN",
    args: [
      "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
      `--disable-extensions-except=${extensionDir}`, `--load-extension=${extensionDir}`,
    ],
  });
  const sw = context.serviceWorkers()[0] ?? (await context.waitForEvent("serviceworker"));
  expect(new URL(sw.url()).host, "the unpacked extension's id as computed from its path").toBe(extensionId);
}, 180_000);

afterAll(async () => {
  await context?.close();
  if (policyFile) rmSync(policyFile, { force: true });
  await oidc?.stop();
  if (!oidc) oidcHost?.server.close(); // setup failed before the provider took the address
  await new Promise((resolve) => (site ? site.close(resolve) : resolve(undefined)));
  await worker?.stop();
  if (profile) rmSync(profile, { recursive: true, force: true });
  rmSync(BUILD_DIR, { recursive: true, force: true });
});

/** How many badges the page has (0 while the content script has not answered yet). */
const badgeCount = (page: Page) => playwrightHook(page).badges().then((b) => b.length, () => 0);
/** The text of the badge in the row holding `code`. */
const rowBadge = (page: Page, code: string) => playwrightHook(page).near(code).then((b) => b.map((x) => x.text).join("\n"));

async function optionsPage(): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`chrome-extension://${extensionId}/options.html`);
  await page.locator("tr[data-site]").first().waitFor();
  return page;
}

describe("a managed rollout", () => {
  it("a preset site (CHAYICHA_SITES) is badged with no visit to 设置 and no permission prompt", async () => {
    const page = await context.newPage();
    await page.goto(`${siteOrigin}/demo/bidders`);
    await expect.poll(() => badgeCount(page), { timeout: 15_000 }).toBe(5);
    expect(await rowBadge(page, "91500113408203338U")).toBe("查一查");
    await page.screenshot({ path: `${ARTIFACTS}/rollout-preset-site.png`, fullPage: true });
    await page.close();
  });

  it("the policy (storage.managed) overrides the build's worker URL and locks it, and adds a locked site", async () => {
    expect(policyProblem, policyProblem).toBe("");
    const page = await optionsPage();
    const url = page.locator("#worker-url");
    await expect.poll(() => url.inputValue()).toBe(worker.origin.replace("127.0.0.1", "localhost"));
    expect(await url.isDisabled()).toBe(true);
    expect(await page.locator("section", { has: url }).innerText()).toContain("由单位统一配置");
    const row = page.locator("tr[data-site=policy-1]");
    expect(await row.innerText()).toContain("单位策略：资格审查");
    expect(await row.innerText()).toContain("由单位统一配置");
    expect(await row.getByRole("checkbox").isDisabled()).toBe(true);
    expect(await row.getByRole("button", { name: "删除" }).count()).toBe(0);
    // The build's preset site is locked too (it is in the manifest).
    expect(await page.locator("tr[data-site=preset-1]").innerText()).toContain("由单位统一配置");
    await page.screenshot({ path: `${ARTIFACTS}/rollout-options-locked.png`, fullPage: true });
    await page.close();

    // The policy's site runs on the policy's worker host (localhost is an install-time host: no prompt).
    const qualification = await context.newPage();
    await qualification.goto(`${worker.origin.replace("127.0.0.1", "localhost")}/demo/qualification`);
    await expect.poll(() => badgeCount(qualification), { timeout: 15_000 }).toBe(4);
    await qualification.close();
  });

  it("the popup looks a code up without a sign-in: public information and a link to the full page", async () => {
    const popup = await context.newPage();
    await popup.goto(`chrome-extension://${extensionId}/popup.html`);
    await expect.poll(() => popup.locator("#who").innerText()).toContain("未登录");
    await popup.getByLabel("统一社会信用代码或名称").fill("９１５００１１３４０８２０３３３８ｕ");
    await popup.getByRole("button", { name: "查一查" }).click();
    const result = popup.locator("#lookup-result");
    await expect.poll(() => result.innerText(), { timeout: 15_000 }).toContain("重庆恒盛建材有限公司");
    expect(await result.innerText()).toContain("严重失信主体名单");
    expect(await popup.locator("#full-page").getAttribute("href")).toMatch(/\/s\/91500113408203338U$/);
    // A name is searched; picking the candidate looks it up.
    await popup.getByLabel("统一社会信用代码或名称").fill("恒盛建材");
    await popup.getByRole("button", { name: "查一查" }).click();
    await popup.locator("#lookup-result button", { hasText: "重庆恒盛建材有限公司" }).click();
    await expect.poll(() => result.innerText(), { timeout: 15_000 }).toContain("失信类名单");
    expect(await popup.locator("section", { hasText: "最近查询" }).innerText()).toContain("重庆恒盛建材有限公司");
    await popup.close();
  });

  it("「测试连接」 before signing in says the service answers and nobody is signed in", async () => {
    const page = await optionsPage();
    await page.getByRole("button", { name: "测试连接" }).click();
    await expect.poll(() => page.locator("#account-status").innerText()).toMatch(/已连接 .*尚未登录/);
    await page.close();
  });

  let options: Page;
  it("「登录」 signs in at the OpenID Connect provider (authorization code + PKCE through launchWebAuthFlow)", async () => {
    options = await optionsPage();
    const [login] = await Promise.all([context.waitForEvent("page", { timeout: 15_000 }), options.getByRole("button", { name: "登录" }).click()]);
    await login.waitForLoadState();
    expect(login.url()).toContain(`127.0.0.1:${new URL(oidc.issuer).port}/interaction/`);
    await login.locator("input[name=login]").fill("lisi");
    await login.locator("input[name=password]").fill("any");
    await login.screenshot({ path: `${ARTIFACTS}/rollout-oidc-login.png` });
    await login.locator("button[type=submit]").click();
    // Consent (offline_access asks for it), then the redirect to https://<id>.chromiumapp.org/ that Chromium intercepts.
    await login.locator("button[type=submit]", { hasText: /Continue/i }).click();
    const status = options.locator("#account-status");
    await expect.poll(() => status.innerText(), { timeout: 20_000 }).toContain("已登录");
    expect(await status.innerText()).toContain("李四（工作人员）");
    expect(oidc.grants[0]).toBe("authorization_code");
    expect(await options.getByRole("button", { name: "退出登录" }).count()).toBe(1);
    await options.screenshot({ path: `${ARTIFACTS}/rollout-signed-in.png`, fullPage: true });
  });

  it("「测试连接」 names who the signed-in token is: role, department, scenes, expiry", async () => {
    await options.getByRole("button", { name: "测试连接" }).click();
    await expect.poll(() => options.locator("#account-status").innerText()).toMatch(/^已连接：李四（工作人员），部门 11500000MB1541618P，可查询场景：政府采购、招标投标、行政审批（告知承诺）；令牌有效至 /);
  });

  it("the preset site's 「全部查一查」 goes out with the provider's token, and the token is refreshed before it expires", async () => {
    const page = await context.newPage();
    await page.goto(`${siteOrigin}/demo/bidders`);
    await expect.poll(() => badgeCount(page), { timeout: 15_000 }).toBe(5);
    expect(await playwrightHook(page).click("chayicha-toolbar", "button", "全部查一查")).toBe(true);
    await expect.poll(() => rowBadge(page, "91500113408203338U"), { timeout: 20_000 }).toMatch(/不得参与/);
    expect(await rowBadge(page, "91500112484746545R")).toMatch(/守信激励/);
    expect(oidc.grants).toContain("refresh_token");
    await page.close();
  });

  it("the popup, signed in: the officer's check with scene and purpose, and its signed receipt", async () => {
    const popup = await context.newPage();
    await popup.goto(`chrome-extension://${extensionId}/popup.html`);
    await expect.poll(() => popup.locator("#who").innerText()).toBe("李四（工作人员）");
    await popup.getByLabel("统一社会信用代码或名称").fill("91500113408203338U");
    await popup.getByLabel("场景").selectOption("招标投标");
    await popup.getByLabel("查询事由").fill("开标核查 CQZB-2026-0418");
    await popup.getByRole("button", { name: "查一查" }).click();
    const result = popup.locator("#lookup-result");
    await expect.poll(() => result.innerText(), { timeout: 15_000 }).toContain("不得参与");
    expect(await result.innerText()).toContain("签名已验证");
    await popup.screenshot({ path: `${ARTIFACTS}/rollout-popup.png`, fullPage: true });
    await popup.close();
  });
});
