/**
 * Sign-in in Firefox (issue 13, item 2): the Firefox build in Debian's Firefox ESR over WebDriver BiDi
 * (tests/e2e/firefox.ts), configured only by the administrator's policy (a managed-storage manifest: worker
 * URL, identity provider, one site, locked). 「登录」 runs authorization code + PKCE through Firefox's own
 * `identity.launchWebAuthFlow`: Firefox opens the provider's login page in a window of its own, and
 * intercepts the redirect to https://<hash>.extensions.allizom.org/ (identity.getRedirectURL()). The
 * provider is a real one (oidc-provider, tests/e2e/oidc.ts); the worker accepts its JWT access tokens, which
 * live 60 s here, inside the extension's refresh margin, so the check after sign-in first refreshes it.
 */
import { spawnSync } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ARTIFACTS } from "./browser";
import { EXTENSION_ID, type Firefox, FIREFOX_PATH, launchFirefox, loadAndCountBadges } from "./firefox";
import { ACCESS_TOKEN_TTL, CLIENT_ID, type OidcHost, type RunningOidc, holdOidcAddress, startOidcProvider } from "./oidc";
import { type RunningWorker, startWorker } from "./server";
import { type Hook, hookFor } from "./test-hook";

const BUILD_DIR = join(process.cwd(), "dist/e2e-rollout-firefox");
const UUID = "0b6c2f4e-3d8a-4c1e-a5f7-9e2d7c4b1a60";
const DEPT = "11500000MB1541618P";

let worker: RunningWorker;
let oidc: RunningOidc;
let oidcHost: OidcHost | undefined;
let firefox: Firefox;
let issuer = "";

beforeAll(async () => {
  if (!existsSync(FIREFOX_PATH)) throw new Error(`没有找到 Firefox ESR（${FIREFOX_PATH}）：apt-get install firefox-esr，或设置 FIREFOX_PATH`);
  oidcHost = await holdOidcAddress();
  issuer = oidcHost.issuer;
  worker = await startWorker({ stateDir: ".wrangler/e2e-rollout-firefox", subjects: 200, vars: { AUTH_JWKS_URL: `${issuer}/jwks`, AUTH_ISSUER: issuer, AUTH_AUDIENCE: "chayicha" } });
  // A build of its own (the Firefox suite builds dist/extension/firefox-mv3-test); nothing preset in it.
  const build = spawnSync("wxt", ["build", "-b", "firefox", "--mv3", "--mode", "test"], { encoding: "utf8", env: { ...process.env, CHAYICHA_OUT_DIR: BUILD_DIR } });
  if (build.status !== 0) throw new Error(`wxt build: ${build.stderr}`);
  firefox = await launchFirefox({
    extensionId: EXTENSION_ID,
    uuid: UUID,
    managed: {
      workerUrl: worker.origin,
      officersMayChange: false,
      oidcIssuer: issuer,
      oidcClientId: CLIENT_ID,
      oidcScope: "openid offline_access chayicha",
      sites: [{ pattern: "/demo/bidders*", label: "单位策略：开标一览表", scene: "招标投标", purposeTemplate: "开标核查 {项目编号}", fields: [{ name: "项目编号", selector: "[data-project-no]" }] }],
    },
  });
  await firefox.send("webExtension.install", { extensionData: { type: "path", path: join(BUILD_DIR, "firefox-mv3-test") } });
  // The redirect URI the provider must know is Firefox's for this add-on id; the extension says which it is.
  await firefox.navigate(firefox.context, `moz-extension://${UUID}/options.html`);
  const redirectUri = await firefox.evaluate<string>(firefox.context, "browser.identity.getRedirectURL()");
  expect(redirectUri).toMatch(/^https:\/\/[0-9a-f]{40}\.extensions\.allizom\.org\/$/);
  oidc = await startOidcProvider({
    host: oidcHost,
    clientId: CLIENT_ID,
    redirectUri,
    webOrigin: `moz-extension://${UUID}`,
    audience: "chayicha",
    accessTokenTtl: ACCESS_TOKEN_TTL,
    accounts: { wangwu: { role: "officer", name: "王五", dept: DEPT, scenes: ["政府采购", "招标投标"] } },
  });
}, 180_000);

afterAll(async () => {
  await firefox?.close();
  await oidc?.stop();
  if (!oidc) oidcHost?.server.close(); // setup failed before the provider took the address
  await worker?.stop();
  rmSync(BUILD_DIR, { recursive: true, force: true });
});

/** Top-level browsing contexts (tabs and windows) and their URLs. */
async function contexts(): Promise<{ context: string; url: string }[]> {
  return (await firefox.send<{ contexts: { context: string; url: string }[] }>("browsingContext.getTree", { maxDepth: 0 })).contexts;
}

/** Evaluates in `context`, or resolves undefined while that context is navigating or gone. */
const tryEvaluate = <T>(context: string, expression: string) => firefox.evaluate<T>(context, expression).catch(() => undefined);

describe("sign-in in Firefox ESR", () => {
  it("「登录」 signs in at the OpenID Connect provider through Firefox's launchWebAuthFlow", { timeout: 90_000 }, async () => {
    const options = firefox.context;
    await firefox.navigate(options, `moz-extension://${UUID}/options.html`);
    const signInButton = `Array.from(document.querySelectorAll("button")).find((b) => b.textContent.trim() === "登录")`;
    await expect.poll(() => tryEvaluate<boolean>(options, `!!${signInButton}`), { timeout: 15_000 }).toBe(true);
    const before = new Set((await contexts()).map((c) => c.context));
    await firefox.evaluate(options, `${signInButton}.click()`);

    // Firefox opens the provider's login page in a window of its own.
    let login = "";
    await expect
      .poll(async () => {
        const opened = (await contexts()).find((c) => !before.has(c.context) && c.url.includes("/interaction/"));
        login = opened?.context ?? "";
        return opened?.url ?? "";
      }, { timeout: 20_000 })
      .toContain(`${issuer}/interaction/`);
    await expect.poll(() => tryEvaluate<boolean>(login, `!!document.querySelector("input[name=login]")`), { timeout: 15_000 }).toBe(true);
    await firefox.screenshot(login, `${ARTIFACTS}/rollout-firefox-oidc-login.png`);
    await firefox.evaluate(login, `(() => {
      document.querySelector("input[name=login]").value = "wangwu";
      document.querySelector("input[name=password]").value = "any";
      document.querySelector("button[type=submit]").click();
      return true;
    })()`);
    // Consent (offline_access asks for it); then the redirect Firefox intercepts, and the window closes.
    const consent = `Array.from(document.querySelectorAll("button[type=submit]")).find((b) => /continue/i.test(b.textContent))`;
    await expect.poll(() => tryEvaluate<boolean>(login, `!!${consent}`), { timeout: 15_000 }).toBe(true);
    await firefox.evaluate(login, `(${consent}.click(), true)`);

    await expect.poll(() => tryEvaluate<string>(options, `document.querySelector("#account-status")?.textContent ?? ""`), { timeout: 20_000 }).toContain("已登录");
    expect(await firefox.evaluate<string>(options, `document.querySelector("#account-status").textContent`)).toContain("王五（工作人员）");
    expect(oidc.grants[0]).toBe("authorization_code");
    await expect.poll(async () => (await contexts()).some((c) => c.context === login), { timeout: 10_000 }).toBe(false);
    expect(await firefox.evaluate<boolean>(options, `!!Array.from(document.querySelectorAll("button")).find((b) => b.textContent.trim() === "退出登录")`)).toBe(true);
    await firefox.screenshot(options, `${ARTIFACTS}/rollout-firefox-signed-in.png`);
  });

  it("the policy's site: 「全部查一查」 goes out with the provider's token, refreshed before it expires", { timeout: 120_000 }, async () => {
    const page = firefox.context;
    const hook: Hook = hookFor((expression) => firefox.evaluate<string>(page, expression));
    // The background registers the policy's site when it starts; load until the content script runs.
    await expect.poll(() => loadAndCountBadges(firefox, page, `${worker.origin}/demo/bidders`, hook), { timeout: 90_000, interval: 1_000 }).toBe(5);
    await hook.click("chayicha-toolbar", "button", "全部查一查");
    await expect.poll(() => hook.badgeTexts(), { timeout: 20_000 }).not.toContain("核查中…");
    const near = async (code: string) => (await hook.near(code)).map((b) => b.text.replace(/\s+/g, "")).join();
    expect(await near("91500113408203338U")).toBe("不得参与·命中1");
    expect(await near("91500112484746545R")).toBe("守信激励·命中1");
    expect(await hook.text("chayicha-toolbar", ".receipts")).toContain("签名已验证");
    expect(oidc.grants).toContain("refresh_token");
    await firefox.screenshot(page, `${ARTIFACTS}/rollout-firefox-bidders.png`);
  });
});
