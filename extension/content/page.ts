/**
 * One page under 查一查: the mentions found on it, their badges, the toolbar and the approval banner.
 * Each scan that needs answers sends ONE message to the background (which sends ONE request per 100
 * new subjects). Before the first check a page only shows 「查一查」 badges, because every check is an
 * audited query with a purpose; approval forms are checked on load. After a check, mentions that appear
 * later are checked as they come.
 */
import { h, render } from "preact";
import type { CheckItem } from "../../shared/contract/checks";
import { type PageSite, type Problem, type ReceiptSummary, type SubjectQuery, type SubjectResult, ask, subjectKey, subjectQuery } from "../messages";
import { Badge } from "../ui/Badge";
import { Banner, bannerItems } from "../ui/Banner";
import { type MentionState, badgeView } from "../ui/describe";
import { createBadgeHost } from "../ui/host";
import { type Summary, Toolbar } from "../ui/Toolbar";
import type { Anchor, FieldElement, Mention, SiteAdapter } from "../core/page-kinds";
import { renderPurpose } from "./purpose";
import { Scanner } from "./scanner";

export interface PageUiMount {
  /** A container in a shadow root for the toolbar and panel (fixed, bottom right). */
  toolbar(): Promise<HTMLElement>;
  /** A container in a shadow root at the top of the page for the banner. */
  banner(): Promise<HTMLElement>;
}

interface Placed {
  mention: Mention;
  key: string;
  host: HTMLElement;
  root: ShadowRoot;
}

export interface PageOptions {
  site: PageSite;
  adapters: readonly SiteAdapter[];
  document: Document;
  mount: PageUiMount;
  signal: AbortSignal;
}

export class PageController {
  private readonly placed: Placed[] = [];
  private readonly byKey = new Map<string, Placed[]>();
  private readonly lastHost = new WeakMap<Anchor, HTMLElement>();
  private readonly states = new Map<string, MentionState>();
  private readonly queries = new Map<string, SubjectQuery>();
  private readonly applicants = new Set<string>();
  private readonly receipts = new Map<string, ReceiptSummary>();
  private readonly scanner: Scanner;
  private readonly checkOnLoad: boolean;
  /** After the first check (or on approval forms), later mentions are checked as they appear. */
  private checking = false;
  private autoCheck: boolean;
  private problem: Problem | null = null;
  private selected: string | null = null;
  private toolbarContainer: HTMLElement | undefined;
  private bannerContainer: HTMLElement | undefined;
  private renderQueued = false;
  /** Messages sent to the background (one per scan that needed answers). */
  scans = 0;
  /** API requests the background made for this page. */
  requests = 0;

  constructor(private readonly options: PageOptions) {
    this.checkOnLoad = options.adapters.some((a) => a.checkOnLoad);
    this.autoCheck = this.checkOnLoad;
    this.scanner = new Scanner(options.adapters, (mentions) => this.add(mentions));
  }

  async start(): Promise<void> {
    const { document, signal } = this.options;
    this.toolbarContainer = await this.options.mount.toolbar();
    this.renderToolbar();
    this.scanner.start(document.body, signal);
    const onField = (event: Event) => {
      const field = event.target;
      if (field instanceof HTMLInputElement || field instanceof HTMLTextAreaElement) this.fieldChanged(field);
    };
    document.addEventListener("input", onField, { capture: true, signal });
    document.addEventListener("change", onField, { capture: true, signal });
    signal.addEventListener("abort", () => {
      for (const p of this.placed) p.host.remove();
    });
  }

  /** Mentions found by a scan: badges now, and a check when the page is in checking mode. */
  add(mentions: Mention[]): void {
    const fresh: string[] = [];
    for (const mention of mentions) {
      const query = subjectQuery(mention.code, mention.name);
      const key = subjectKey(query);
      if (!this.queries.has(key)) this.queries.set(key, query);
      if (mention.role === "applicant") this.applicants.add(key);
      if (!this.states.has(key)) {
        this.states.set(key, { kind: "pending" });
        fresh.push(key);
      }
      this.place(mention, key);
    }
    this.scheduleRender();
    if (this.autoCheck && fresh.length > 0) void this.check(fresh);
  }

  private place(mention: Mention, key: string): void {
    const { host, root } = createBadgeHost(this.options.document);
    const after = this.lastHost.get(mention.anchor) ?? mention.anchor;
    after.parentNode?.insertBefore(host, after.nextSibling);
    this.lastHost.set(mention.anchor, host);
    const placed: Placed = { mention, key, host, root };
    this.placed.push(placed);
    const list = this.byKey.get(key) ?? [];
    list.push(placed);
    this.byKey.set(key, list);
    this.renderBadge(placed);
  }

  private fieldChanged(field: FieldElement): void {
    const stale = this.placed.filter((p) => p.mention.anchor === field);
    for (const p of stale) {
      p.host.remove();
      this.placed.splice(this.placed.indexOf(p), 1);
      const list = this.byKey.get(p.key)?.filter((other) => other !== p) ?? [];
      this.byKey.set(p.key, list);
    }
    this.lastHost.delete(field);
    this.scanner.release(field);
    this.scanner.rescan(field);
    this.scheduleRender();
  }

  private renderBadge(placed: Placed): void {
    const state = this.states.get(placed.key) ?? { kind: "pending" };
    const subject = placed.mention.name ? `${placed.mention.name}（${placed.mention.code}）` : placed.mention.code;
    render(h(Badge, { view: badgeView(state, subject), onActivate: () => this.open(placed.key) }), placed.root);
  }

  private open(key: string): void {
    this.selected = key;
    if (this.states.get(key)?.kind === "pending") void this.check([key]);
    this.scheduleRender();
  }

  /** 「全部查一查」: every subject not yet answered, in one message. */
  checkAll(): Promise<void> {
    this.autoCheck = true;
    const keys = [...this.states].filter(([, s]) => s.kind === "pending" || s.kind === "error").map(([k]) => k);
    return this.check(keys);
  }

  /** Subjects still without an answer. */
  get pendingCount(): number {
    return [...this.states.values()].filter((s) => s.kind === "pending" || s.kind === "error").length;
  }

  async check(keys: string[]): Promise<void> {
    const wanted = keys.filter((k) => this.states.get(k)?.kind !== "checking" && this.states.get(k)?.kind !== "done");
    if (wanted.length === 0) return;
    for (const key of wanted) this.setState(key, { kind: "checking" });
    this.checking = true;
    this.problem = null;
    this.scheduleRender();
    const { site, document } = this.options;
    this.scans++;
    const answer = await ask({
      type: "check",
      url: document.location.href,
      purpose: renderPurpose(site.purposeTemplate, site.fields, document),
      subjects: wanted.map((k) => this.queries.get(k)!),
    }).catch((err: unknown) => ({ ok: false as const, requests: 0, problem: { kind: "server" as const, message: `扩展后台无响应：${err instanceof Error ? err.message : String(err)}` } }));
    this.requests += answer.requests;
    if (!answer.ok) {
      this.problem = answer.problem;
      for (const key of wanted) this.setState(key, { kind: "error", problem: answer.problem });
    } else {
      const byKey = new Map<string, SubjectResult>(answer.results.map((r) => [subjectKey(r.query), r]));
      for (const receipt of answer.receipts) this.receipts.set(receipt.number, receipt);
      for (const key of wanted) {
        const result = byKey.get(key);
        this.setState(key, result ? { kind: "done", result } : { kind: "error", problem: { kind: "bad_response", message: "服务的答复缺少此主体" } });
      }
      this.showBanner();
    }
    this.checking = [...this.states.values()].some((s) => s.kind === "checking");
    this.scheduleRender();
  }

  private setState(key: string, state: MentionState): void {
    this.states.set(key, state);
    for (const placed of this.byKey.get(key) ?? []) this.renderBadge(placed);
  }

  summary(): Summary {
    const summary: Summary = { found: this.states.size, checked: 0, block: 0, review: 0, benefit: 0, unverified: 0 };
    for (const state of this.states.values()) {
      if (state.kind !== "done") continue;
      const item = state.result.item;
      if (!item) {
        summary.unverified++;
        continue;
      }
      summary.checked++;
      if (item.decision === "block") summary.block++;
      if (item.decision === "review") summary.review++;
      if (item.decision === "benefit") summary.benefit++;
    }
    return summary;
  }

  private showBanner(): void {
    if (!this.checkOnLoad) return;
    const items: CheckItem[] = [];
    for (const key of this.applicants) {
      const state = this.states.get(key);
      if (state?.kind === "done" && state.result.item) items.push(state.result.item);
    }
    const flagged = bannerItems(items);
    if (flagged.length === 0) return;
    void (async () => {
      this.bannerContainer ??= await this.options.mount.banner();
      render(h(Banner, { items: flagged, scene: this.options.site.scene }), this.bannerContainer);
    })();
  }

  private scheduleRender(): void {
    if (this.renderQueued) return;
    this.renderQueued = true;
    queueMicrotask(() => {
      this.renderQueued = false;
      this.renderToolbar();
    });
  }

  private renderToolbar(): void {
    if (!this.toolbarContainer) return;
    const selected = this.selected;
    const query = selected ? this.queries.get(selected) : undefined;
    const state = selected ? this.states.get(selected) : undefined;
    render(
      h(Toolbar, {
        site: this.options.site,
        kinds: this.options.adapters.map((a) => a.label),
        summary: this.summary(),
        pending: this.pendingCount,
        checking: this.checking,
        problem: this.problem,
        receipts: [...this.receipts.values()],
        panel: query && state ? { query, state } : null,
        onCheckAll: () => void this.checkAll(),
        onCheckOne: () => selected && void this.check([selected]),
        onClosePanel: () => this.closePanel(),
        onOpenOptions: () => void ask({ type: "open-options" }),
      }),
      this.toolbarContainer,
    );
  }

  private closePanel(): void {
    const key = this.selected;
    this.selected = null;
    this.renderToolbar();
    // Focus goes back to the badge that opened the panel.
    const placed = key ? this.byKey.get(key)?.find((p) => p.host.isConnected) : undefined;
    (placed?.root.querySelector("button") as HTMLButtonElement | null)?.focus();
  }

  /** Scans what changed now instead of after the debounce (tests, benchmarks). */
  flush(): void {
    this.scanner.flush();
  }
}
