/**
 * Security review L1 (issue 11): a cached receipt (its JWS and its /r/…?k= address) goes only to a page of the
 * origin it was made for, or to the extension's own pages — never to another enabled site's content script.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { fakeBrowser } from "wxt/testing/fake-browser";
import type { Checker } from "../../extension/background/checker";
import { HandedReceipts, MAX_HANDED } from "../../extension/background/handed";
import type { ResultCache, StoredReceipt } from "../../extension/background/result-cache";
import { answer } from "../../extension/background/router";
import { demoSites } from "../../extension/settings/sites";
import { defaultSettings, saveSettings } from "../../extension/settings/store";

const NUMBER = "RC-20261202-ABCDEF";
const stored: StoredReceipt = { number: NUMBER, url: `https://credit.example/r/${NUMBER}?k=secret`, kid: "receipt-1", verified: true, verification: "签名有效", issuedAt: "2026-12-02T00:00:00Z", jws: "eyJ.payload.sig", storedAt: 0 };
const base = {
  checker: { check: async () => ({ ok: true as const, results: [], requests: 1, receipts: [stored] }) } as unknown as Checker,
  cache: { receipt: async (n: string) => (n === NUMBER ? stored : undefined) } as unknown as ResultCache,
};
const tab = { id: 1 };
/** A fresh service worker's state for each test (the list lives in memory, copied to storage.session). */
let deps: typeof base & { handed: HandedReceipts };

beforeEach(async () => {
  fakeBrowser.reset();
  deps = { ...base, handed: new HandedReceipts() };
  const [a, b] = demoSites();
  await saveSettings({ ...defaultSettings(), sites: [{ ...a!, pattern: "https://a.example/*" }, { ...b!, pattern: "https://b.example/*" }] });
});

describe("receipt messages are scoped by the sender's origin", () => {
  it("the page that checked gets its receipt; another enabled site's page does not", async () => {
    const check = await answer({ type: "check", url: "https://a.example/bid", purpose: "开标核查 X-1", subjects: [] }, { url: "https://a.example/bid", tab }, deps);
    expect(check).toMatchObject({ ok: true });
    expect(await answer({ type: "receipt", number: NUMBER }, { url: "https://a.example/other", tab }, deps)).toMatchObject({ number: NUMBER, jws: stored.jws });
    expect(await answer({ type: "receipt", number: NUMBER }, { url: "https://b.example/page", tab }, deps)).toBeNull();
    expect(await answer({ type: "receipt", number: NUMBER }, { tab }, deps)).toBeNull();
  });

  it("answers finishing together each hand their receipt to the page (none overwrites another)", async () => {
    const numbers = Array.from({ length: 8 }, (_, i) => `RC-20261202-${String(i).padStart(6, "0")}`);
    const many = {
      checker: { check: async (_s: unknown, _site: unknown, purpose: string) => ({ ok: true as const, results: [], requests: 1, receipts: [{ ...stored, number: purpose }] }) } as unknown as Checker,
      cache: { receipt: async (n: string) => (numbers.includes(n) ? { ...stored, number: n } : undefined) } as unknown as ResultCache,
      handed: deps.handed,
    };
    await Promise.all(numbers.map((n) => answer({ type: "check", url: "https://a.example/bid", purpose: n, subjects: [] }, { url: "https://a.example/bid", tab }, many)));
    for (const n of numbers) expect(await answer({ type: "receipt", number: n }, { url: "https://a.example/bid", tab }, many)).toMatchObject({ number: n });
  });

  it("a receipt never handed to any page is refused to pages", async () => {
    expect(await answer({ type: "receipt", number: NUMBER }, { url: "https://a.example/bid", tab }, deps)).toBeNull();
  });

  it("the list outlives the service worker: a restarted background still hands the receipt to its page, and only there", async () => {
    await answer({ type: "check", url: "https://a.example/bid", purpose: "开标核查 X-1", subjects: [] }, { url: "https://a.example/bid", tab }, deps);
    await deps.handed.flushed();
    const restarted = { ...base, handed: new HandedReceipts() };
    expect(await answer({ type: "receipt", number: NUMBER }, { url: "https://a.example/bid", tab }, restarted)).toMatchObject({ number: NUMBER });
    expect(await answer({ type: "receipt", number: NUMBER }, { url: "https://b.example/bid", tab }, restarted)).toBeNull();
  });

  it("answers do not wait for storage: 50 answers read the list once and write it at most a few times", async () => {
    const session = fakeBrowser.storage.session;
    let gets = 0;
    let sets = 0;
    const area = {
      get: (key: string) => (gets++, session.get(key)),
      set: (items: Record<string, unknown>) => (sets++, session.set(items)),
    };
    const handed = new HandedReceipts(() => area);
    const numbers = Array.from({ length: 50 }, (_, i) => `RC-20261202-${String(i).padStart(6, "0")}`);
    const many = {
      checker: { check: async (_s: unknown, _site: unknown, purpose: string) => ({ ok: true as const, results: [], requests: 1, receipts: [{ ...stored, number: purpose }] }) } as unknown as Checker,
      cache: { receipt: async (n: string) => ({ ...stored, number: n }) } as unknown as ResultCache,
      handed,
    };
    await Promise.all(numbers.map((n) => answer({ type: "check", url: "https://a.example/bid", purpose: n, subjects: [] }, { url: "https://a.example/bid", tab }, many)));
    await handed.flushed();
    expect(gets).toBe(1);
    expect(sets).toBeGreaterThanOrEqual(1);
    expect(sets).toBeLessThanOrEqual(3);
    const restarted = { ...many, handed: new HandedReceipts() };
    for (const n of numbers) expect(await answer({ type: "receipt", number: n }, { url: "https://a.example/bid", tab }, restarted)).toMatchObject({ number: n });
  });

  it("an unreadable copy does not fail the check: the list starts empty and the new receipt is handed", async () => {
    const broken = { get: () => Promise.reject(new Error("storage unavailable")), set: () => Promise.reject(new Error("storage unavailable")) };
    const handed = new HandedReceipts(() => broken);
    const check = await answer({ type: "check", url: "https://a.example/bid", purpose: "开标核查 X-1", subjects: [] }, { url: "https://a.example/bid", tab }, { ...base, handed });
    expect(check).toMatchObject({ ok: true });
    expect(await answer({ type: "receipt", number: NUMBER }, { url: "https://a.example/bid", tab }, { ...base, handed })).toMatchObject({ number: NUMBER });
    await handed.flushed();
  });

  it("keeps the newest MAX_HANDED: the oldest receipt is refused once that many came after it", async () => {
    await deps.handed.add("https://a.example", ["RC-OLDEST"]);
    await deps.handed.add("https://a.example", Array.from({ length: MAX_HANDED }, (_, i) => `RC-${i}`));
    expect(await deps.handed.has("https://a.example", "RC-OLDEST")).toBe(false);
    expect(await deps.handed.has("https://a.example", `RC-${MAX_HANDED - 1}`)).toBe(true);
    expect(await deps.handed.has("https://b.example", `RC-${MAX_HANDED - 1}`)).toBe(false);
  });
});
