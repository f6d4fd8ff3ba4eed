/**
 * A subject's rights in real Chromium: from its public page, object to a penalty through the plain HTML form
 * (a same-origin post that must pass the CSRF check), land on the tracking page, and see the penalty marked
 * 异议处理中 at once; ask for repair of a penalty whose minimum period has not passed and be told when.
 */
import type { Browser } from "playwright-core";
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

describe("repair and objection pages", () => {
  it("files an objection from the subject page and tracks it", async () => {
    const page = await (await browser.newContext({ locale: "zh-CN" })).newPage();
    const code = SEED_FIXTURES.seriousPenaltyInWindow.code;
    await page.goto(`${origin}/s/${code}`);
    await page.locator("section[aria-labelledby=penalties] .case-links a", { hasText: "提出异议" }).first().click();
    await page.waitForSelector("form.case-form[method=post]");
    await page.fill("#applicantName", "刘德明");
    await page.fill("#applicantContact", "13812345678");
    await page.fill("#reason", "处罚决定已被行政复议撤销，请核实后删除。");
    await page.screenshot({ path: `${ARTIFACTS}/objection-form.png`, fullPage: true });
    await page.click("form.case-form[method=post] button[type=submit]");
    await page.waitForURL(/\/cases\/YY-\d{8}-[0-9A-Z]{6}\?k=[A-Za-z0-9_-]{22}$/);
    const text = await page.locator("main").textContent();
    expect(text).toContain("异议");
    expect(text).not.toContain("13812345678");
    await page.screenshot({ path: `${ARTIFACTS}/case-tracking.png`, fullPage: true });
    await page.goto(`${origin}/s/${code}`);
    expect(await page.locator("section[aria-labelledby=penalties] .tag-objection").count()).toBeGreaterThan(0);
  });

  it("explains when a repair may be applied for", async () => {
    const page = await (await browser.newContext({ locale: "zh-CN" })).newPage();
    await page.goto(`${origin}/s/${SEED_FIXTURES.seriousPenaltyInWindow.code}`);
    await page.locator("section[aria-labelledby=penalties] .case-links a", { hasText: "申请信用修复" }).first().click();
    await page.waitForLoadState();
    const text = (await page.locator("main").textContent()) ?? "";
    expect(text).toMatch(/\d{4}-\d{2}-\d{2}/);
    expect(text).toMatch(/最短公示期|不得提前修复|起可申请/);
    await page.screenshot({ path: `${ARTIFACTS}/repair-not-yet.png`, fullPage: true });
  });
});
