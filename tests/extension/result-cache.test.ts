/**
 * The result cache on its own: which answers survive when the oldest receipts go (MAX_CACHED_RECEIPTS), and
 * when the copy in storage.session is written (once the stores stop, or at the latest after the max delay).
 */
import { beforeEach, describe, expect, it, vi } from "vitest";
import { fakeBrowser } from "wxt/testing/fake-browser";
import { base64url } from "jose";
import { MAX_CACHED_RECEIPTS, ResultCache, type CacheScope, type StoredReceipt } from "../../extension/background/result-cache";
import type { SubjectQuery } from "../../extension/messages";
import { usccFromParts } from "../../shared/identifiers/uscc";

const scope: CacheScope = { origin: "https://bid.example", scene: "招标投标", purpose: "开标核查 X-1" };
const codeOf = (i: number): SubjectQuery => ({ code: usccFromParts("9", "1", "500112", `MA${String(i).padStart(6, "0")}`) });
const version = { batchId: 1, receivedAt: "2026-12-03T00:00:00Z" };

/** A receipt answering `codes` (only its payload's items matter to the cache; the checker verified it). */
function receipt(n: number, codes: SubjectQuery[]): { receipt: StoredReceipt; refs: Map<string, SubjectQuery> } {
  const refs = new Map(codes.map((q, i) => [`s${i + 1}`, q] as const));
  const items = [...refs].map(([ref, q]) => ({ ref, status: "not_found", input: { code: q.code } }));
  const jws = `e30.${base64url.encode(JSON.stringify({ number: `RC-${n}`, items }))}.c2ln`;
  return { receipt: { number: `RC-${n}`, url: `https://credit.example/r/RC-${n}`, kid: "k", verified: true, verification: "签名有效", issuedAt: "2026-12-03T00:00:00Z", jws, storedAt: 0 }, refs };
}

beforeEach(() => fakeBrowser.reset());

describe("the result cache", () => {
  it("drops the oldest receipts' answers past MAX_CACHED_RECEIPTS, but keeps a subject answered again by a newer one", async () => {
    const cache = new ResultCache(() => 0, fakeBrowser.storage.session, 5);
    const total = MAX_CACHED_RECEIPTS + 3;
    const stores: Promise<void>[] = [];
    for (let n = 0; n < total; n++) {
      // Receipt 0 answers subject 0 and subject 1000; receipt 5 answers subject 1000 again.
      const codes = n === 0 || n === 5 ? [codeOf(n), codeOf(1000)] : [codeOf(n)];
      const { receipt: r, refs } = receipt(n, codes);
      stores.push(cache.store(scope, r, version, refs));
    }
    await Promise.all(stores); // written, too
    const found = await cache.lookup(scope, [...Array.from({ length: total }, (_, n) => codeOf(n)), codeOf(1000)]);
    const numbers = [...found.values()].map((f) => f.receipt.number);
    // Receipts 0, 1, 2 went: their subjects are not answered from the cache any more.
    expect(numbers).toHaveLength(total - 3 + 1);
    expect(numbers).not.toContain("RC-0");
    expect(numbers).not.toContain("RC-2");
    expect(numbers).toContain("RC-3");
    // Subject 1000 was answered by receipt 0 and again by receipt 5: it points at 5 and stays.
    expect([...found].find(([key]) => key.includes(codeOf(1000).code))?.[1].receipt.number).toBe("RC-5");
  });

  it("writes to storage once the stores stop, and at the latest after the max delay while they keep coming", async () => {
    vi.useFakeTimers();
    try {
      const area = fakeBrowser.storage.session;
      const set = vi.spyOn(area, "set");
      const cache = new ResultCache(() => 0, area, 100, 1000);
      // A store every 50 ms for 1.5 s: never 100 ms apart, so only the max delay writes.
      for (let n = 0; n < 30; n++) {
        const { receipt: r, refs } = receipt(n, [codeOf(n)]);
        void cache.store(scope, r, version, refs);
        await vi.advanceTimersByTimeAsync(50);
        if (n === 10) expect(set).not.toHaveBeenCalled();
      }
      expect(set).toHaveBeenCalledTimes(1);
      // The stores stopped: the rest is written 100 ms later, in one write.
      await vi.advanceTimersByTimeAsync(100);
      expect(set).toHaveBeenCalledTimes(2);
      const index = (await area.get("cache:index"))["cache:index"] as { receipts: string[] };
      expect(index.receipts).toHaveLength(MAX_CACHED_RECEIPTS);
      expect(index.receipts.at(-1)).toBe("RC-29");
    } finally {
      vi.useRealTimers();
    }
  });
});
