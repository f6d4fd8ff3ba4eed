/**
 * Results per subject (code + name) within a scope (the page's origin, the scene and the purpose), kept
 * for a TTL and only while the worker's data version is the one they were checked against: a newer ingest
 * batch drops them all. Each receipt is stored once (its JWS is the only copy of the answers); the index
 * points a subject at its receipt and item ref.
 * The purpose is part of the key because every check is a query-log entry with its purpose: an answer
 * given for 「开标核查 A」 is never shown for 「开标核查 B」 without B's own entry.
 * Lives in `storage.session` (cleared when the browser closes, survives the service worker's restarts).
 */
import { browser } from "wxt/browser";
import type { CheckItem, CheckResult } from "../../shared/contract/checks";
import { claimedPayload } from "../../shared/receipts/verify";
import { type ReceiptSummary, type SubjectQuery, subjectKey } from "../messages";

type DataVersion = CheckResult["dataVersion"];

export const RESULT_TTL_MS = 10 * 60 * 1000;
/** Receipts kept; the oldest go first, with the results that point at them. */
export const MAX_CACHED_RECEIPTS = 20;

const INDEX_KEY = "cache:index";
const receiptKey = (number: string) => `cache:receipt:${number}`;

export interface StoredReceipt extends ReceiptSummary {
  jws: string;
  storedAt: number;
}

interface CacheIndex {
  dataVersion: DataVersion | null;
  entries: Record<string, { number: string; ref: string; storedAt: number }>;
  /** Receipt numbers, oldest first. */
  receipts: string[];
}

type Area = typeof browser.storage.local;

const emptyIndex = (dataVersion: DataVersion | null = null): CacheIndex => ({ dataVersion, entries: {}, receipts: [] });
const sameVersion = (a: DataVersion | null, b: DataVersion | null) => (a?.batchId ?? null) === (b?.batchId ?? null) && (a?.receivedAt ?? null) === (b?.receivedAt ?? null);

/** What a cached answer was asked for: the page's origin, the scene and the purpose. */
export interface CacheScope {
  origin: string;
  scene: string;
  purpose: string;
}

export function cacheKey(scope: CacheScope, query: SubjectQuery): string {
  return JSON.stringify([scope.origin, scope.scene, scope.purpose, subjectKey(query)]);
}

export class ResultCache {
  /** Decoded payload items per receipt (already verified before they were stored). */
  private readonly items = new Map<string, Map<string, CheckItem>>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly area: Area = browser.storage.session ?? browser.storage.local,
  ) {}

  /**
   * The index as last read or written. This cache is its only writer, so while the service worker lives
   * the copy in memory is the stored one: 50 batches of one page look it up without 50 storage reads.
   */
  private memo: CacheIndex | undefined;

  private async index(): Promise<CacheIndex> {
    this.memo ??= ((await this.area.get(INDEX_KEY))[INDEX_KEY] as CacheIndex | undefined) ?? emptyIndex();
    return this.memo;
  }

  private itemsOf(receipt: StoredReceipt): Map<string, CheckItem> {
    let items = this.items.get(receipt.number);
    if (!items) {
      const payload = claimedPayload(receipt.jws) as { items?: CheckItem[] } | undefined;
      items = new Map((payload?.items ?? []).map((item) => [item.ref, item]));
      this.items.set(receipt.number, items);
    }
    return items;
  }

  async receipt(number: string): Promise<StoredReceipt | undefined> {
    await this.settled();
    return (await this.area.get(receiptKey(number)))[receiptKey(number)] as StoredReceipt | undefined;
  }

  /** Fresh cached answers for these subjects, by cache key. */
  async lookup(scope: CacheScope, queries: readonly SubjectQuery[]): Promise<Map<string, { item: CheckItem; receipt: StoredReceipt }>> {
    await this.settled();
    const index = await this.index();
    const found = new Map<string, { item: CheckItem; receipt: StoredReceipt }>();
    const wanted = new Map<string, { number: string; ref: string }>();
    for (const query of queries) {
      const key = cacheKey(scope, query);
      const entry = index.entries[key];
      if (entry && this.now() - entry.storedAt < RESULT_TTL_MS) wanted.set(key, entry);
    }
    const numbers = [...new Set([...wanted.values()].map((e) => e.number))];
    if (numbers.length === 0) return found;
    const stored = await this.area.get(numbers.map(receiptKey));
    for (const [key, entry] of wanted) {
      const receipt = stored[receiptKey(entry.number)] as StoredReceipt | undefined;
      const item = receipt && this.itemsOf(receipt).get(entry.ref);
      if (receipt && item) found.set(key, { item, receipt });
    }
    return found;
  }

  /** Stores waiting for the next write, and the write under way (one at a time: each rewrites the index). */
  private queued: Pending[] = [];
  private flushing: Promise<void> | null = null;

  /**
   * Stores a verified receipt and points each subject at its item. Stores that arrive while a write is
   * under way go into the next one together: a 5,000-row page answered in 50 batches rewrites the index
   * a few times, not 50. Lookups wait for the writes (see `settled`).
   */
  store(scope: CacheScope, receipt: StoredReceipt, dataVersion: DataVersion | null, refs: ReadonlyMap<string, SubjectQuery>): Promise<void> {
    this.queued.push({ scope, receipt, dataVersion, refs });
    this.flushing ??= (async () => {
      try {
        while (this.queued.length > 0) await this.write(this.queued.splice(0));
      } finally {
        this.flushing = null;
      }
    })();
    return this.flushing;
  }

  /** Resolves when every store so far is written (a failed write loses only the cache). */
  private async settled(): Promise<void> {
    await this.flushing?.catch(() => undefined);
  }

  private async write(stores: Pending[]): Promise<void> {
    let index = await this.index();
    const receipts: Record<string, StoredReceipt> = {};
    const removed = new Set<string>();
    for (const { scope, receipt, dataVersion, refs } of stores) {
      if (!sameVersion(index.dataVersion, dataVersion)) {
        for (const number of index.receipts) removed.add(number);
        this.items.clear();
        index = emptyIndex(dataVersion);
      }
      const evicted = index.receipts.length >= MAX_CACHED_RECEIPTS ? index.receipts.splice(0, index.receipts.length - MAX_CACHED_RECEIPTS + 1) : [];
      if (evicted.length > 0) {
        const gone = new Set(evicted);
        for (const [key, entry] of Object.entries(index.entries)) if (gone.has(entry.number)) delete index.entries[key];
        for (const number of evicted) {
          this.items.delete(number);
          removed.add(number);
        }
      }
      index.receipts.push(receipt.number);
      removed.delete(receipt.number);
      receipts[receiptKey(receipt.number)] = receipt;
      for (const [ref, query] of refs) index.entries[cacheKey(scope, query)] = { number: receipt.number, ref, storedAt: receipt.storedAt };
    }
    const kept = new Set(index.receipts);
    for (const key of Object.keys(receipts)) if (!kept.has(key.slice(receiptKey("").length))) delete receipts[key];
    if (removed.size > 0) await this.area.remove([...removed].map(receiptKey));
    this.memo = index;
    try {
      await this.area.set({ ...receipts, [INDEX_KEY]: index });
    } catch (err) {
      // Read back what the store holds: a failed write may have landed in part or not at all.
      this.memo = undefined;
      throw err;
    }
  }
}

interface Pending {
  scope: CacheScope;
  receipt: StoredReceipt;
  dataVersion: DataVersion | null;
  refs: ReadonlyMap<string, SubjectQuery>;
}
