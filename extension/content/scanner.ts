/**
 * Scans the page for mentions and keeps scanning what appears later (tables filled by script,
 * pagination, single-page navigation) with a debounced MutationObserver. A code in a place already taken
 * is never taken again; our own elements are never looked at.
 */
import { OWN_SELECTOR, OWN_TAGS } from "../core/own-elements";
import type { Anchor, Found, Mention, SiteAdapter } from "../core/page-kinds";
import { findInTexts, findInTree } from "./mentions";

export const SCAN_DEBOUNCE_MS = 250;

export class Scanner {
  private readonly taken = new WeakMap<Anchor, Set<string>>();
  /**
   * Texts scanned while the page parsed whose every code was taken, as they read then: the full pass at
   * DOMContentLoaded looks again only at texts that changed since (a 5,000-row table: 5,000 texts it
   * would otherwise parse and validate again only to find every code taken).
   */
  private readonly settled = new WeakMap<Node, string>();
  private pending = new Set<Node>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private observer: MutationObserver | undefined;

  constructor(
    private readonly adapters: readonly SiteAdapter[],
    private readonly onMentions: (mentions: Mention[]) => void,
  ) {}

  /** Mentions under `root` not taken before, named by the first adapter that recognises each. */
  scan(root: Node): Mention[] {
    return this.name(findInTree(root));
  }

  /** The found codes not taken before, named by the first adapter that recognises each. */
  private name(found: Found[]): Mention[] {
    const fresh = found.filter((f) => !this.taken.get(f.anchor)?.has(f.code));
    const left = new Map<string, Found>();
    const keyOf = (anchor: Anchor, code: string) => `${code}@${this.anchorId(anchor)}`;
    for (const f of fresh) left.set(keyOf(f.anchor, f.code), f);
    const mentions: Mention[] = [];
    for (const adapter of this.adapters) {
      if (left.size === 0) break;
      for (const mention of adapter.mentions([...left.values()])) {
        const key = keyOf(mention.anchor, mention.code);
        if (!left.delete(key)) continue;
        this.take(mention.anchor, mention.code);
        mentions.push(mention);
      }
    }
    return mentions;
  }

  private ids = new WeakMap<Anchor, number>();
  private nextId = 1;
  private anchorId(anchor: Anchor): number {
    let id = this.ids.get(anchor);
    if (id === undefined) this.ids.set(anchor, (id = this.nextId++));
    return id;
  }

  private take(anchor: Anchor, code: string): void {
    let codes = this.taken.get(anchor);
    if (!codes) this.taken.set(anchor, (codes = new Set()));
    codes.add(code);
  }

  /** Forgets what was taken at an anchor (a field whose value changed, a text node rewritten). */
  release(anchor: Anchor): void {
    this.taken.delete(anchor);
    this.settled.delete(anchor);
  }

  /** Scans `root` now, then watches it; stops when `signal` aborts. */
  start(root: Element, signal: AbortSignal): void {
    signal.addEventListener("abort", () => this.stop(), { once: true });
    const document = root.ownerDocument;
    if (document.readyState === "loading") {
      // Started while the page is still parsing (document_start): before each frame, the rows the parser
      // has finished get their badges, so the page is laid out with them rather than laid out again with
      // thousands of boxes added after load. Then one full pass at DOMContentLoaded (fields, anything a
      // script changed meanwhile; taken places are skipped), and the observer from there on.
      const view = document.defaultView;
      const frame = () => {
        if (document.readyState !== "loading" || signal.aborted) return;
        this.scanParsed(root);
        view?.requestAnimationFrame(frame);
      };
      frame();
      document.addEventListener("DOMContentLoaded", () => this.begin(root), { once: true, signal });
      return;
    }
    this.begin(root);
  }

  private begin(root: Element): void {
    const first = this.name(findInTree(root, (node, text) => this.settled.get(node) === text));
    if (first.length > 0) this.onMentions(first);
    this.observer = new MutationObserver((records) => this.queue(records));
    this.observer.observe(root, { childList: true, subtree: true, characterData: true });
  }

  /** The last text node scanned while parsing: the next pass starts after it. */
  private parsedUpTo: Node | undefined;

  /** While parsing: the texts after the last pass whose row (or element) the parser is done with. */
  private scanParsed(root: Element): void {
    const walker = root.ownerDocument.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    if (this.parsedUpTo?.isConnected) walker.currentNode = this.parsedUpTo;
    const texts: Text[] = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      // A code's row may still be missing later cells (中标 in the result column): wait for the row.
      if (onParserPath(parent?.closest("tr") ?? node)) break;
      texts.push(node as Text);
      this.parsedUpTo = node;
    }
    if (texts.length === 0) return;
    const found = findInTexts(texts);
    const mentions = this.name(found);
    const settled = new Set(found.map((f) => f.anchor));
    for (const f of found) if (!this.taken.get(f.anchor)?.has(f.code)) settled.delete(f.anchor);
    for (const node of settled) this.settled.set(node, node.nodeValue ?? "");
    if (mentions.length > 0) this.onMentions(mentions);
  }

  stop(): void {
    this.observer?.disconnect();
    clearTimeout(this.timer);
    this.pending.clear();
  }

  /** Schedules a rescan of one node (e.g. a field the user typed into). */
  rescan(node: Node): void {
    this.pending.add(node);
    this.schedule();
  }

  private queue(records: MutationRecord[]): void {
    for (const record of records) {
      if (record.type === "characterData") {
        if (!isOwn(record.target)) this.pending.add(record.target);
        continue;
      }
      for (const node of Array.from(record.addedNodes)) if (!isOwn(node)) this.pending.add(node);
    }
    if (this.pending.size > 0) this.schedule();
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.flush(), SCAN_DEBOUNCE_MS);
  }

  /** Scans what changed since the last flush (each subtree once). */
  flush(): void {
    clearTimeout(this.timer);
    const roots = [...this.pending].filter((node) => node.isConnected);
    this.pending = new Set();
    const outermost = roots.filter((node) => !roots.some((other) => other !== node && other.contains(node)));
    const mentions = outermost.flatMap((node) => this.scan(node));
    if (mentions.length > 0) this.onMentions(mentions);
  }
}

/** Whether the parser may still add to `node`: it and its ancestors have no later sibling but ours. */
function onParserPath(node: Node): boolean {
  for (let n: Node | null = node; n; n = n.parentNode) {
    let next = n.nextSibling;
    while (next && next.nodeType === Node.ELEMENT_NODE && OWN_TAGS.has((next as Element).tagName)) next = next.nextSibling;
    if (next) return false;
  }
  return true;
}

function isOwn(node: Node): boolean {
  if (node.nodeType === Node.ELEMENT_NODE && OWN_TAGS.has((node as Element).tagName)) return true;
  const parent = node.nodeType === Node.ELEMENT_NODE ? (node as Element) : node.parentElement;
  return !!parent?.closest(OWN_SELECTOR);
}
