/**
 * Which receipt went to which page origin (security review L1): a cached receipt — its JWS and its secret
 * /r/…?k= address — is handed only to a page of the origin whose check made it, or to the extension's own pages.
 *
 * The list (newest last, at most MAX_HANDED) is kept in memory and copied to `storage.session` (so it outlives
 * the service worker being stopped, for the browser session) behind the answers, not before them: a 5,000-row
 * 「全部查一查」 hands out 50 receipts within a second, and a storage read and rewrite of the list before each
 * answer went to the page took ~40 ms of the service worker and 100 storage round trips through the browser
 * process, one after another, while the page waited. Writes are coalesced: while one is under way, the next
 * holds everything added meanwhile. If the worker is stopped before a write lands, a page is refused a receipt
 * it was given (it asks again with 「打印凭证」 after a new check) — never given one it was not.
 */
import { browser } from "wxt/browser";

const HANDED_KEY = "router:receipt-origins";
export const MAX_HANDED = 200;

type Area = { get(key: string): Promise<Record<string, unknown>>; set(items: Record<string, unknown>): Promise<void> };
const sessionArea = (): Area => (browser.storage.session ?? browser.storage.local) as Area;

export class HandedReceipts {
  private list: string[] | undefined;
  private loading: Promise<string[]> | undefined;
  private writing: Promise<void> | undefined;
  private dirty = false;

  constructor(private readonly area: () => Area = sessionArea) {}

  /** Records that these receipts went to pages of `origin`; resolves once recorded in memory (the copy follows). */
  async add(origin: string, numbers: readonly string[]): Promise<void> {
    if (numbers.length === 0) return;
    const list = await this.load();
    for (const key of numbers.map((n) => entry(origin, n))) if (!list.includes(key)) list.push(key);
    if (list.length > MAX_HANDED) list.splice(0, list.length - MAX_HANDED);
    this.persist();
  }

  /** Whether the receipt went to a page of `origin`. */
  async has(origin: string, number: string): Promise<boolean> {
    return (await this.load()).includes(entry(origin, number));
  }

  /** Resolves when everything added so far is in storage. */
  async flushed(): Promise<void> {
    while (this.writing) await this.writing;
  }

  private load(): Promise<string[]> {
    if (this.list) return Promise.resolve(this.list);
    this.loading ??= this.area()
      .get(HANDED_KEY)
      .then(
        (stored) => (this.list ??= Array.isArray(stored[HANDED_KEY]) ? [...(stored[HANDED_KEY] as string[])] : []),
        // Unreadable: start empty. Receipts handed before are then refused to their pages (safe), and checks go on.
        () => (this.list ??= []),
      )
      .finally(() => (this.loading = undefined));
    return this.loading;
  }

  private persist(): void {
    this.dirty = true;
    if (this.writing) return;
    this.writing = (async () => {
      while (this.dirty) {
        this.dirty = false;
        await this.area().set({ [HANDED_KEY]: [...(this.list ?? [])] }).catch(() => undefined);
      }
    })().finally(() => {
      this.writing = undefined;
      // Added between the last write and here: write again.
      if (this.dirty) this.persist();
    });
  }
}

const entry = (origin: string, number: string) => JSON.stringify([origin, number]);
