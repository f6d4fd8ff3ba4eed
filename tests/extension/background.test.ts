import { beforeEach, describe, expect, it, vi } from "vitest";
import { fakeBrowser } from "wxt/testing/fake-browser";
import { Checker, MAX_REQUESTS_IN_FLIGHT } from "../../extension/background/checker";
import { ReceiptKeys } from "../../extension/background/receipt-keys";
import { RESULT_TTL_MS, ResultCache } from "../../extension/background/result-cache";
import type { SubjectQuery } from "../../extension/messages";
import { type SiteRule, demoSites } from "../../extension/settings/sites";
import { type Settings, defaultSettings } from "../../extension/settings/store";
import { usccFromParts } from "../../shared/identifiers/uscc";
import { WorkerStandIn } from "./worker-stand-in";

const site = demoSites()[0]!; // 招标投标
const settings = (token = "officer-token"): Settings => ({ ...defaultSettings(), token });

/** Valid, distinct codes no one is registered under (the worker answers not_found). */
const unknownCodes = (n: number): SubjectQuery[] =>
  Array.from({ length: n }, (_, i) => ({ code: usccFromParts("9", "1", "500112", `MA${String(i).padStart(6, "0")}`) }));

let worker: WorkerStandIn;
let now: number;
let checker: Checker;
/** The origin of the page the checks come from (answers are cached per origin, scene and purpose). */
const PAGE = "http://localhost:8787";
const check = (s: Settings, rule: SiteRule, purpose: string, queries: SubjectQuery[], origin = PAGE) => checker.check(s, rule, purpose, queries, origin);
const noWait = { attempts: 3, baseDelayMs: 1, maxRetryAfterMs: 5, timeoutMs: 5_000, sleep: async () => {} };

beforeEach(async () => {
  fakeBrowser.reset();
  worker = await WorkerStandIn.start();
  now = Date.parse("2026-11-27T03:00:00Z");
  const clock = () => now;
  checker = new Checker({ fetch: worker.fetch, keys: new ReceiptKeys(worker.fetch, clock, noWait), cache: new ResultCache(clock), now: clock, retry: noWait });
});

describe("checks from the background", () => {
  it("sends one request for a scan of up to 100 subjects, and shows only signed answers", async () => {
    const answer = await check(settings(), site, "开标核查 CQZB-2026-0418", [
      { code: "91500113408203338U", name: "重庆恒盛建材有限公司" },
      { code: "91500112484746545R" },
      { code: "91500112484746545R" }, // the same subject twice on the page: asked once
    ]);
    expect(worker.checkRequests).toHaveLength(1);
    expect(worker.checkRequests[0]).toMatchObject({ scene: "招标投标", purpose: "开标核查 CQZB-2026-0418" });
    expect(worker.checkRequests[0]!.items.map((i) => i.code)).toEqual(["91500113408203338U", "91500112484746545R"]);
    expect(answer.ok && answer.results.map((r) => [r.query.code, r.item?.decisionLabel, r.fromCache])).toEqual([
      ["91500113408203338U", "不得参与", false],
      ["91500112484746545R", "守信激励", false],
    ]);
    expect(answer.ok && answer.receipts.map((r) => [r.verified, r.verification])).toEqual([[true, "签名有效：凭证内容自签发以来未被改动"]]);
  });

  it("splits a large scan into batches of at most 100 (250 subjects → 3 requests)", async () => {
    const answer = await check(settings(), site, "开标核查", unknownCodes(250));
    expect(worker.checkRequests.map((r) => r.items.length)).toEqual([100, 100, 50]);
    expect(answer.ok && answer.requests).toBe(3);
    expect(answer.ok && answer.results.filter((r) => r.item?.status === "not_found")).toHaveLength(250);
  });

  it("answers a subject from the cache within its TTL, and asks again after it", async () => {
    const query = [{ code: "91500113408203338U" }];
    await check(settings(), site, "开标核查", query);
    const again = await check(settings(), site, "开标核查", query);
    expect(worker.checkRequests).toHaveLength(1);
    expect(again.ok && again.requests).toBe(0);
    expect(again.ok && again.results[0]).toMatchObject({ fromCache: true, item: { decision: "block" } });
    now += RESULT_TTL_MS + 1;
    await check(settings(), site, "开标核查", query);
    expect(worker.checkRequests).toHaveLength(2);
  });

  it("keeps answers per scene: the same code in another scene is asked again", async () => {
    await check(settings(), site, "开标核查", [{ code: "91500113408203338U" }]);
    await check(settings(), { ...site, scene: "行政审批" }, "受理", [{ code: "91500113408203338U" }]);
    expect(worker.checkRequests.map((r) => r.scene)).toEqual(["招标投标", "行政审批"]);
  });

  it("never reuses an answer for another purpose or another site: each gets its own request (and query-log entry)", async () => {
    const query = [{ code: "91500113408203338U", name: "重庆恒盛建材有限公司" }];
    await check(settings(), site, "开标核查 CQZB-2026-0418", query);
    await check(settings(), site, "开标核查 CQZB-2026-0419", query);
    await check(settings(), site, "开标核查 CQZB-2026-0418", query, "https://ggzy.example.gov.cn");
    expect(worker.checkRequests.map((r) => r.purpose)).toEqual(["开标核查 CQZB-2026-0418", "开标核查 CQZB-2026-0419", "开标核查 CQZB-2026-0418"]);
    // The same purpose on the same site again is answered from the cache.
    const again = await check(settings(), site, "开标核查 CQZB-2026-0419", query);
    expect(again.ok && again.requests).toBe(0);
    expect(worker.checkRequests).toHaveLength(3);
  });

  it("keeps at most MAX_REQUESTS_IN_FLIGHT requests in flight, and sends no more batches after a failure", async () => {
    const waiting: (() => void)[] = [];
    worker.delay = () => new Promise<void>((resolve) => waiting.push(resolve));
    const answer = check(settings(), site, "开标核查", unknownCodes(1000));
    await vi.waitUntil(() => waiting.length === MAX_REQUESTS_IN_FLIGHT);
    await new Promise((r) => setTimeout(r, 20));
    expect(worker.checkRequests).toHaveLength(MAX_REQUESTS_IN_FLIGHT);
    worker.delay = undefined;
    worker.failures = [403];
    for (const release of waiting.splice(0)) release();
    expect(await answer).toMatchObject({ ok: false, problem: { kind: "forbidden" } });
    // Four answered, the fifth refused; only batches already on the wire alongside it (at most three)
    // went out too, and none after the refusal was known.
    const sent = worker.checkRequests.length;
    expect(sent).toBeGreaterThanOrEqual(5);
    expect(sent).toBeLessThanOrEqual(4 + MAX_REQUESTS_IN_FLIGHT - 1);
    await new Promise((r) => setTimeout(r, 20));
    expect(worker.checkRequests).toHaveLength(sent);
    expect(worker.maxInFlight).toBe(MAX_REQUESTS_IN_FLIGHT);
  });

  it("drops cached answers when the worker's data version changes", async () => {
    await check(settings(), site, "开标核查", [{ code: "91500113408203338U" }]);
    worker.dataVersion = { batchId: 8, receivedAt: "2026-11-27T02:00:00.000Z" };
    await check(settings(), site, "开标核查", [{ code: "91500112484746545R" }]);
    const third = await check(settings(), site, "开标核查", [{ code: "91500113408203338U" }]);
    expect(third.ok && third.requests).toBe(1);
  });

  it("shows a receipt that fails verification as 凭证验证失败, without its results, and never caches it", async () => {
    worker.failures = ["tamper"];
    const answer = await check(settings(), site, "开标核查", [{ code: "91500113408203338U" }]);
    expect(answer.ok && answer.results[0]!.item).toBeNull();
    expect(answer.ok && answer.receipts[0]!.verified).toBe(false);
    expect(answer.ok && answer.receipts[0]!.verification).toMatch(/^凭证验证失败：签名验证失败/);
    const again = await check(settings(), site, "开标核查", [{ code: "91500113408203338U" }]);
    expect(again.ok && again.results[0]!.item?.decision).toBe("block");
    expect(worker.checkRequests).toHaveLength(2);
  });

  it("refuses an answer without its receipt as off-contract, and takes items only from the signed receipt", async () => {
    worker.failures = ["no-receipt"];
    const refused = await check(settings(), site, "开标核查", [{ code: "91500113408203338U" }]);
    expect(refused).toMatchObject({ ok: false, problem: { kind: "bad_response", message: "服务的答复不符合接口约定（receipt）" } });
    // The unsigned copy of the items is neither trusted nor validated: the badge shows what was signed.
    worker.failures = ["unsigned-items-rewritten"];
    const answer = await check(settings(), site, "开标核查", [{ code: "91500113408203338U" }]);
    expect(answer.ok && answer.results[0]!.item?.decision).toBe("block");
    expect(answer.ok && answer.receipts[0]!.verified).toBe(true);
  });

  it("asks for the answer without the unsigned items (Prefer: return=minimal) and decides from the receipt alone", async () => {
    const answer = await check(settings(), site, "开标核查", [{ code: "91500113408203338U" }, { code: "91500112484746545R" }]);
    expect(worker.checkPreferences).toEqual(["return=minimal"]);
    expect(answer.ok && answer.results.map((r) => r.item?.decision)).toEqual(["block", "benefit"]);
    expect(answer.ok && answer.receipts[0]!.verified).toBe(true);
  });

  it("keeps the JWKS in extension storage, and fetches it again once when a receipt names a new key", async () => {
    await check(settings(), site, "开标核查", [{ code: "91500113408203338U" }]);
    await check(settings(), site, "开标核查", [{ code: "91500112484746545R" }]);
    expect(worker.jwksRequests).toBe(1);
    expect(await fakeBrowser.storage.local.get("jwks")).toMatchObject({ jwks: { workerUrl: "http://localhost:8787", jwks: { keys: [{ kid: "receipt-1" }] } } });
    await worker.rotate(true);
    const rotated = await check(settings(), site, "开标核查", [{ code: "91500112178573703U" }]);
    expect(worker.jwksRequests).toBe(2);
    expect(rotated.ok && rotated.receipts[0]!.verified).toBe(true);
    await worker.rotate(false); // a key the worker does not publish: refetched once, still unknown
    const unknown = await check(settings(), site, "开标核查", [{ code: "91500112MA3WL3XT1P" }]);
    expect(worker.jwksRequests).toBe(3);
    expect(unknown.ok && unknown.receipts[0]!.verification).toMatch(/凭证验证失败：签名密钥编号（kid）不在公钥集中/);
  });
});

describe("the result cache", () => {
  it("writes a burst of answers to storage once, and a restarted service worker still answers from it", async () => {
    const area = fakeBrowser.storage.session;
    const set = vi.spyOn(area, "set");
    const clock = () => now;
    const cache = new ResultCache(clock, area, 20);
    const cached = new Checker({ fetch: worker.fetch, keys: new ReceiptKeys(worker.fetch, clock, noWait), cache, now: clock, retry: noWait });
    const codes = unknownCodes(250);
    const first = await cached.check(settings(), site, "开标核查", codes, PAGE);
    expect(first.ok && first.requests).toBe(3);
    // Answered from memory at once, before anything is written.
    const again = await cached.check(settings(), site, "开标核查", codes, PAGE);
    expect(again.ok && again.requests).toBe(0);
    expect(set).not.toHaveBeenCalled();
    await new Promise((r) => setTimeout(r, 60));
    expect(set).toHaveBeenCalledTimes(1); // three receipts and the index, together
    const restarted = new Checker({ fetch: worker.fetch, keys: new ReceiptKeys(worker.fetch, clock, noWait), cache: new ResultCache(clock, area, 20), now: clock, retry: noWait });
    const afterRestart = await restarted.check(settings(), site, "开标核查", codes, PAGE);
    expect(afterRestart.ok && afterRestart.requests).toBe(0);
    expect(afterRestart.ok && afterRestart.results.every((r) => r.fromCache && r.item?.status === "not_found")).toBe(true);
    expect(worker.checkRequests).toHaveLength(3);
  });
});

describe("when the worker cannot answer", () => {
  it("retries with backoff on 503 and on a dropped connection, then succeeds", async () => {
    worker.failures = [503, "offline"];
    const answer = await check(settings(), site, "开标核查", [{ code: "91500113408203338U" }]);
    expect(answer.ok).toBe(true);
    expect(worker.checkRequests).toHaveLength(2); // the offline attempt never reached it
  });

  it("tells the page it is offline after three attempts", async () => {
    worker.failures = ["offline", "offline", "offline"];
    const answer = await check(settings(), site, "开标核查", [{ code: "91500113408203338U" }]);
    expect(answer).toMatchObject({ ok: false, problem: { kind: "offline" } });
    expect(!answer.ok && answer.problem.message).toMatch(/无法连接查一查服务（http:\/\/localhost:8787），已尝试 3 次/);
  });

  it("tells the page the token is refused (401), without retrying", async () => {
    worker.failures = [401];
    const answer = await check(settings(), site, "开标核查", [{ code: "91500113408203338U" }]);
    expect(answer).toMatchObject({ ok: false, problem: { kind: "unauthorised", message: "令牌无效或已过期（令牌已过期）：请在「查一查」设置中更新令牌" } });
    expect(worker.checkRequests).toHaveLength(1);
  });

  it("says a scene is not allowed (403) and a long Retry-After is not waited for (429)", async () => {
    worker.failures = [403];
    expect(await check(settings(), site, "开标核查", [{ code: "91500113408203338U" }])).toMatchObject({ ok: false, problem: { kind: "forbidden", message: "无权在场景“招标投标”核查：令牌未授权此场景" } });
    worker.failures = [429];
    expect(await check(settings(), site, "开标核查", [{ code: "91500113408203338U" }])).toMatchObject({ ok: false, problem: { kind: "rate_limited" } });
    expect(worker.checkRequests).toHaveLength(2);
  });

  it("asks for a token before sending anything", async () => {
    expect(await check(settings(""), site, "开标核查", [{ code: "91500113408203338U" }])).toMatchObject({ ok: false, requests: 0, problem: { kind: "not_configured" } });
    expect(worker.checkRequests).toHaveLength(0);
  });
});
