/**
 * Results per subject (code + name) within a scope (the page's origin, the scene and the purpose), kept
 * for a TTL and only while the worker's data version is the one they were checked against: a newer ingest
 * batch drops them all. Each receipt is stored once (its JWS is the only copy of the answers); the index
 * points a subject at its receipt and item ref.
 * The purpose is part of the key because every check is a query-log entry with its purpose: an answer
 * given for 「开标核查 A」 is never shown for 「开标核查 B」 without B's own entry.
 * Held in memory and copied to `storage.session` (cleared when the browser closes, survives the service
 * worker's restarts) once answers stop coming for a second — while a 5,000-row page's answers stream in,
 * copying megabytes of receipts would take the CPU its requests need — and at the latest
 * CACHE_WRITE_MAX_DELAY_MS after the first answer not yet written (well within the 30 s an idle service
 * worker is kept).
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

/** A write to storage.session waits until no store came for this long (one write per burst, not per answer) … */
export const CACHE_WRITE_DELAY_MS = 1000;
/** … but no longer than this after the first store it holds. */
export const CACHE_WRITE_MAX_DELAY_MS = 10_000;

export class ResultCache {
  /** Decoded payload items per receipt (already verified before they were stored). */
  private readonly items = new Map<string, Map<string, CheckItem>>();
  /**
   * The index and the receipts as they stand. This cache is their only writer, so while the service
   * worker lives memory is the truth and storage.session a copy for its next start: a 5,000-row page's
   * 50 answers are looked up and stored without a storage round trip each, and written a few times in all.
   */
  private memo: CacheIndex | undefined;
  private readonly receipts = new Map<string, StoredReceipt>();
  /** Receipts stored or dropped since the last write. */
  private readonly added = new Set<string>();
  private readonly removed = new Set<string>();
  private writing: Promise<void> | null = null;

  constructor(
    private readonly now: () => number = Date.now,
    private readonly area: Area = browser.storage.session ?? browser.storage.local,
    private readonly writeDelayMs = CACHE_WRITE_DELAY_MS,
    private readonly writeMaxDelayMs = CACHE_WRITE_MAX_DELAY_MS,
  ) {}

  /** The memo's keys per receipt number, so dropping a receipt does not walk every entry; set with the memo. */
  private readonly keysByNumber = new Map<string, string[]>();

  private addKey(number: string, key: string): void {
    const keys = this.keysByNumber.get(number);
    if (keys) keys.push(key);
    else this.keysByNumber.set(number, [key]);
  }

  /** Makes `index` the memo, with its keys per receipt. */
  private remember(index: CacheIndex): CacheIndex {
    this.memo = index;
    this.keysByNumber.clear();
    for (const [key, entry] of Object.entries(index.entries)) this.addKey(entry.number, key);
    return index;
  }

  private async index(): Promise<CacheIndex> {
    if (this.memo) return this.memo;
    const stored = ((await this.area.get(INDEX_KEY))[INDEX_KEY] as CacheIndex | undefined) ?? emptyIndex();
    return this.memo ?? this.remember(stored);
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
    const held = this.receipts.get(number);
    if (held) return held;
    if (this.removed.has(number)) return undefined;
    return (await this.area.get(receiptKey(number)))[receiptKey(number)] as StoredReceipt | undefined;
  }

  /** Fresh cached answers for these subjects, by cache key. */
  async lookup(scope: CacheScope, queries: readonly SubjectQuery[]): Promise<Map<string, { item: CheckItem; receipt: StoredReceipt }>> {
    const index = await this.index();
    const found = new Map<string, { item: CheckItem; receipt: StoredReceipt }>();
    const wanted = new Map<string, { number: string; ref: string }>();
    for (const query of queries) {
      const key = cacheKey(scope, query);
      const entry = index.entries[key];
      if (entry && this.now() - entry.storedAt < RESULT_TTL_MS) wanted.set(key, entry);
    }
    // Receipts stored before the service worker last started are read from storage once.
    const unread = [...new Set([...wanted.values()].map((e) => e.number))].filter((n) => !this.receipts.has(n));
    if (unread.length > 0) {
      const stored = await this.area.get(unread.map(receiptKey));
      for (const number of unread) {
        const receipt = stored[receiptKey(number)] as StoredReceipt | undefined;
        if (receipt && !this.removed.has(number)) this.receipts.set(number, receipt);
      }
    }
    for (const [key, entry] of wanted) {
      const receipt = this.receipts.get(entry.number);
      const item = receipt && this.itemsOf(receipt).get(entry.ref);
      if (receipt && item) found.set(key, { item, receipt });
    }
    return found;
  }

  /**
   * Stores a verified receipt and points each subject at its item: at once in memory (the next lookup
   * sees it), and in storage within CACHE_WRITE_DELAY_MS together with the stores that came meanwhile.
   * Resolves when it is written (a failed write loses only the copy for the next start).
   */
  async store(scope: CacheScope, receipt: StoredReceipt, dataVersion: DataVersion | null, refs: ReadonlyMap<string, SubjectQuery>): Promise<void> {
    await this.index();
    // The index as it is now, not as it was when this store began waiting: another store may have
    // replaced it meanwhile (a first burst of answers all waiting for the index to load).
    let index = this.memo!;
    if (!sameVersion(index.dataVersion, dataVersion)) {
      for (const number of index.receipts) this.drop(number);
      index = this.remember(emptyIndex(dataVersion));
    }
    const evicted = index.receipts.length >= MAX_CACHED_RECEIPTS ? index.receipts.splice(0, index.receipts.length - MAX_CACHED_RECEIPTS + 1) : [];
    for (const number of evicted) {
      // A key answered again since points at its newer receipt: it stays.
      for (const key of this.keysByNumber.get(number) ?? []) if (index.entries[key]?.number === number) delete index.entries[key];
      this.keysByNumber.delete(number);
      this.drop(number);
    }
    index.receipts.push(receipt.number);
    this.receipts.set(receipt.number, receipt);
    this.removed.delete(receipt.number);
    this.added.add(receipt.number);
    for (const [ref, query] of refs) {
      const key = cacheKey(scope, query);
      index.entries[key] = { number: receipt.number, ref, storedAt: receipt.storedAt };
      this.addKey(receipt.number, key);
    }
    return this.scheduleWrite();
  }

  private drop(number: string): void {
    this.receipts.delete(number);
    this.items.delete(number);
    this.added.delete(number);
    this.removed.add(number);
  }

  /** The write waiting for the stores to stop: its promise, timer and the latest time it may start. */
  private pendingWrite: { done: Promise<void>; start: () => void; timer: ReturnType<typeof setTimeout> | undefined; deadline: number } | undefined;

  private scheduleWrite(): Promise<void> {
    let pending = this.pendingWrite;
    if (!pending) {
      let start!: () => void;
      const done = new Promise<void>((resolve, reject) => {
        start = () => {
          this.pendingWrite = undefined;
          this.write().then(resolve, reject);
        };
      });
      pending = this.pendingWrite = { done, start, timer: undefined, deadline: Date.now() + this.writeMaxDelayMs };
    }
    clearTimeout(pending.timer);
    pending.timer = setTimeout(pending.start, Math.max(0, Math.min(this.writeDelayMs, pending.deadline - Date.now())));
    return pending.done;
  }

  /** Writes what changed since the last write (one write at a time: each rewrites the index). */
  private async write(): Promise<void> {
    await this.writing?.catch(() => undefined);
    const index = this.memo;
    if (!index) return;
    const receipts: Record<string, StoredReceipt> = {};
    for (const number of this.added) {
      const receipt = this.receipts.get(number);
      if (receipt) receipts[receiptKey(number)] = receipt;
    }
    const removed = [...this.removed].map(receiptKey);
    this.added.clear();
    this.removed.clear();
    this.writing = (async () => {
      if (removed.length > 0) await this.area.remove(removed);
      await this.area.set({ ...receipts, [INDEX_KEY]: index });
    })();
    await this.writing.catch((err: unknown) => {
      // Tried again with the next write.
      for (const key of Object.keys(receipts)) this.added.add(key.slice(receiptKey("").length));
      for (const key of removed) this.removed.add(key.slice(receiptKey("").length));
      throw err;
    });
  }
}
