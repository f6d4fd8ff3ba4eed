/**
 * The public site and the API docs in real Chromium against `wrangler dev` with seeded data.
 * Screenshots land in test-results/e2e as artifacts.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { SEED_FIXTURES } from "../../scripts/seed/generate";
import { ARTIFACTS, launchChromium } from "./browser";

const origin = inject("origin");
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

async function newPage(width = 1280): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height: 900 }, locale: "zh-CN" });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on("pageerror", (e) => problems.push(String(e)));
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(m.text());
  });
  (page as Page & { problems: string[] }).problems = problems;
  return page;
}
const problemsOf = (page: Page) => (page as Page & { problems: string[] }).problems;

describe("public site", () => {
  it("searches by name from the home page and opens a subject", async () => {
    const page = await newPage();
    await page.goto(`${origin}/`);
    await page.screenshot({ path: `${ARTIFACTS}/home.png`, fullPage: true });
    await page.fill("#q", "重庆");
    await page.press("#q", "Enter");
    await page.waitForSelector(".candidate");
    const first = page.locator(".candidate a").first();
    expect(await page.locator(".candidate mark").first().textContent()).toBe("重庆");
    await page.screenshot({ path: `${ARTIFACTS}/search.png`, fullPage: true });
    await first.click();
    await page.waitForSelector(".subject-header h1");
    expect(await page.locator(".subject-header .code").textContent()).toMatch(/统一社会信用代码：[0-9A-Z]{18}/);
    expect(await page.locator("h2#basic").textContent()).toBe("基本信息");
    await page.screenshot({ path: `${ARTIFACTS}/subject.png`, fullPage: true });
    expect(problemsOf(page)).toEqual([]);
  });

  it("looks up an ID number typed into the search box without it ever entering a URL", async () => {
    const page = await newPage();
    const requested: string[] = [];
    page.on("request", (r) => requested.push(r.url()));
    await page.goto(`${origin}/`);
    const id = SEED_FIXTURES.naturalPersonDebtor.code;
    await page.fill("#q", id);
    await page.press("#q", "Enter");
    await page.waitForSelector(".subject-header h1");
    expect(await page.locator(".subject-header .code").textContent()).toBe(`身份证号码：${id.slice(0, 10)}****${id.slice(14)}`);
    expect(page.url()).toBe(`${origin}/`);
    expect(requested.filter((u) => u.includes(id))).toEqual([]);
    expect(await page.content()).not.toContain(id);
    expect(problemsOf(page)).toEqual([]);
  });

  it("explains a malformed code in Chinese", async () => {
    const page = await newPage();
    const res = await page.goto(`${origin}/s/91350100M000100Y44`);
    expect(res?.status()).toBe(400);
    expect(await page.locator(".notice-error").textContent()).toContain("其中有字符录入有误（任何一位都可能），请逐位核对；按所录前17位计算，第18位应为“3”");
    await page.screenshot({ path: `${ARTIFACTS}/bad-code.png` });
  });

  it("is usable on a phone-sized screen", async () => {
    const page = await newPage(390);
    await page.goto(`${origin}/?q=${encodeURIComponent("有限公司")}`);
    await page.waitForSelector(".candidate");
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: `${ARTIFACTS}/search-phone.png`, fullPage: true });
  });

  it("serves the API docs UI from bundled assets, with no CSP violations", async () => {
    const page = await newPage();
    const external: string[] = [];
    page.on("request", (r) => {
      if (!r.url().startsWith(origin) && !r.url().startsWith("data:")) external.push(r.url());
    });
    await page.goto(`${origin}/docs`);
    await page.waitForSelector(".swagger-ui .opblock", { timeout: 20_000 });
    expect(await page.locator(".swagger-ui .opblock").count()).toBeGreaterThan(2);
    expect(external).toEqual([]);
    expect(problemsOf(page).filter((p) => /Content Security Policy/i.test(p))).toEqual([]);
    await page.screenshot({ path: `${ARTIFACTS}/docs.png` });
  });
});
