/**
 * One page under 查一查: the mentions found on it, their badges, the toolbar and the approval banner.
 *
 * When a check runs: outside approval forms, only after the officer's action on this page (「全部查一查」, a
 * badge, 「继续核查」), because every check is an audited query with a purpose; before that the page shows
 * 「查一查」 badges and sends nothing. Approval forms are checked on load, and after the first action the
 * mentions that appear later (rows added by script, pagination) are checked as they come. Those automatic
 * checks have a budget per page load (AUTO_CHECK_BUDGET subjects); past it the toolbar asks first.
 *
 * How: the subjects of a check go to the background in messages of at most MAX_CHECK_ITEMS (one request
 * each), all at once; the background keeps a few requests in flight. Badges change as the answers come
 * back and the toolbar counts 已核查 n / total. While answers stream in, they are drawn together at most
 * every DRAW_INTERVAL_MS: on a 5,000-row page every frame costs tens of milliseconds whatever it changes,
 * so drawing each answer in its own frame took the main thread (and the CPU the requests need) for
 * nothing an officer could see. The last answer of a check is drawn at once.
 *
 * Monitoring (issue 14): 「监控」 in a subject's panel, 「监控中标人」/「监控全部」 on the toolbar (the reason is
 * the purpose read from the page, the scene the site rule's), and on approval forms handled under 告知承诺制
 * 「登记告知承诺」 in the banner. All go through the background, like the checks.
 */
import { h, render } from "preact";
import type { CheckItem } from "../../shared/contract/checks";
import { MAX_CHECK_ITEMS } from "../../shared/contract/limits";
import type { Anchor, FieldElement, Mention, SiteAdapter } from "../core/page-kinds";
import { type CheckAnswer, type CommitmentDraft, type PageSite, type Problem, type ReceiptSummary, type SubjectQuery, type SubjectResult, ask, subjectKey, subjectQuery, subjectResults } from "../messages";
import { commitmentDraft } from "./commitment";
import { createBadge, drawBadge } from "../ui/badge";
import { Banner, type CommitmentOffer, type CommitmentStatus, bannerItems } from "../ui/Banner";
import { type MentionState, type WatchStatus, badgeView, watchStatus } from "../ui/describe";
import { createBadgeHost } from "../ui/host";
import { type Progress, type Summary, Toolbar } from "../ui/Toolbar";
import { renderPurpose } from "./purpose";
import { Scanner } from "./scanner";

/** Subjects checked without the officer's action per page load (approval forms, late rows); then ask. */
export const AUTO_CHECK_BUDGET = 500;

/** While a check's answers stream in, badges and toolbar are redrawn at most this often. */
export const DRAW_INTERVAL_MS = 250;

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
  button: HTMLButtonElement;
  /** The words on the badge, e.g. 「重庆恒盛建材有限公司（9150…）」. */
  subject: string;
}

export interface PageOptions {
  site: PageSite;
  adapters: readonly SiteAdapter[];
  document: Document;
  mount: PageUiMount;
  signal: AbortSignal;
  /** DRAW_INTERVAL_MS unless a test says otherwise. */
  drawIntervalMs?: number;
}

const unanswered = (state: MentionState | undefined) => state?.kind === "pending" || state?.kind === "error";

export class PageController {
  private readonly placed: Placed[] = [];
  private readonly byKey = new Map<string, Placed[]>();
  private readonly lastHost = new WeakMap<Anchor, HTMLElement>();
  private readonly states = new Map<string, MentionState>();
  private readonly queries = new Map<string, SubjectQuery>();
  /** Rows the bidder table marks as 中标. */
  private readonly winners = new Set<string>();
  /** The toolbar's last 「监控中标人」/「监控全部」, and each subject's 「监控」 in its panel. */
  private toolbarWatch: WatchStatus | null = null;
  private readonly subjectWatch = new Map<string, WatchStatus>();
  private commitmentStatus: CommitmentStatus = { kind: "idle" };
  private readonly receipts = new Map<string, ReceiptSummary>();
  private readonly scanner: Scanner;
  private readonly checkOnLoad: boolean;
  /** After the officer's first action (or on approval forms), later mentions are checked as they appear. */
  private autoCheck: boolean;
  /** Subjects checked automatically since the page loaded (or since the officer last said 继续). */
  private autoChecked = 0;
  /** Subjects found in automatic mode past the budget, waiting for the officer. */
  private readonly held = new Set<string>();
  private inFlight = 0;
  private progress: Progress | null = null;
  private purpose = "";
  private problem: Problem | null = null;
  private selected: string | null = null;
  private toolbarContainer: HTMLElement | undefined;
  private bannerContainer: HTMLElement | undefined;
  private renderQueued = false;
  /** Subjects whose state changed since their badges were last drawn, and the timer that draws them. */
  private readonly toDraw = new Set<string>();
  private drawTimer: ReturnType<typeof setTimeout> | undefined;
  /** What each subject's badges show now, and how many subjects show each state. */
  private readonly drawn = new Map<string, MentionState["kind"]>();
  private readonly drawnCounts: Record<string, number> = {};
  /** Messages sent to the background (one per batch of at most MAX_CHECK_ITEMS subjects). */
  messages = 0;
  /** API requests the background made for this page. */
  requests = 0;

  constructor(private readonly options: PageOptions) {
    this.checkOnLoad = options.adapters.some((a) => a.checkOnLoad);
    this.autoCheck = this.checkOnLoad;
    this.scanner = new Scanner(options.adapters, (mentions) => this.add(mentions));
  }

  async start(): Promise<void> {
    const { document, signal } = this.options;
    this.purpose = this.readPurpose();
    this.toolbarContainer = await this.options.mount.toolbar();
    this.renderToolbar();
    this.scanner.start(document.body, signal);
    // Started during parsing: the fields the purpose is read from may come later in the page.
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", () => {
        this.purpose = this.readPurpose();
        this.renderToolbar();
        // An answer that came before the form was parsed had no 办理方式 to offer 告知承诺 on.
        this.renderBanner();
      }, { once: true, signal });
    }
    const onField = (event: Event) => {
      const field = event.target;
      if (field instanceof HTMLInputElement || field instanceof HTMLTextAreaElement) this.fieldChanged(field);
    };
    document.addEventListener("input", onField, { capture: true, signal });
    document.addEventListener("change", onField, { capture: true, signal });
    // 办理方式 switched between 告知承诺制 and 一般程序: the banner's offer follows.
    document.addEventListener("change", () => this.renderBanner(), { capture: true, signal });
    signal.addEventListener("abort", () => {
      clearTimeout(this.drawTimer);
      for (const p of this.placed) p.host.remove();
    });
  }

  private readPurpose(): string {
    const { site, document } = this.options;
    return renderPurpose(site.purposeTemplate, site.fields, document);
  }

  /** Mentions found by a scan: badges now, and a check when the page is in automatic mode (within budget). */
  add(mentions: Mention[]): void {
    const fresh: string[] = [];
    for (const mention of mentions) {
      const query = subjectQuery(mention.code, mention.name);
      const key = subjectKey(query);
      if (!this.queries.has(key)) this.queries.set(key, query);
      if (mention.role === "winner") this.winners.add(key);
      if (!this.states.has(key)) {
        this.states.set(key, { kind: "pending" });
        fresh.push(key);
      }
      this.place(mention, key);
    }
    this.scheduleRender();
    if (!this.autoCheck || fresh.length === 0) return;
    const room = Math.max(0, AUTO_CHECK_BUDGET - this.autoChecked);
    const now = fresh.slice(0, room);
    for (const key of fresh.slice(room)) this.held.add(key);
    this.autoChecked += now.length;
    if (now.length > 0) void this.check(now);
  }

  private place(mention: Mention, key: string): void {
    const { host, root } = createBadgeHost(this.options.document);
    const subject = mention.name ? `${mention.name}（${mention.code}）` : mention.code;
    const button = createBadge(root, () => this.open(key));
    const placed: Placed = { mention, key, host, button, subject };
    const state = this.states.get(key) ?? { kind: "pending" };
    drawBadge(button, badgeView(state, subject));
    this.markDrawn(key, state);
    const after = this.lastHost.get(mention.anchor) ?? mention.anchor;
    after.parentNode?.insertBefore(host, after.nextSibling);
    this.lastHost.set(mention.anchor, host);
    this.placed.push(placed);
    const list = this.byKey.get(key);
    if (list) list.push(placed);
    else this.byKey.set(key, [placed]);
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

  private open(key: string): void {
    this.selected = key;
    if (this.states.get(key)?.kind === "pending") void this.check([key]);
    this.scheduleRender();
  }

  /** 「全部查一查」: every subject not yet answered; later mentions are then checked as they appear. */
  checkAll(): Promise<void> {
    this.autoCheck = true;
    const keys = [...this.states].filter(([, s]) => unanswered(s)).map(([k]) => k);
    return this.check(keys);
  }

  /** 「继续核查」: the officer lets the held subjects through, and another budget of automatic checks. */
  continueChecks(): Promise<void> {
    this.autoChecked = 0;
    return this.check([...this.held]);
  }

  /** Subjects still without an answer. */
  get pendingCount(): number {
    let n = 0;
    for (const state of this.states.values()) if (unanswered(state)) n++;
    return n;
  }

  /** Checks these subjects: one message per batch, all sent at once, each answer shown as it arrives. */
  async check(keys: string[]): Promise<void> {
    const wanted = keys.filter((k) => unanswered(this.states.get(k)));
    if (wanted.length === 0) return;
    const checking: MentionState = { kind: "checking" };
    for (const key of wanted) {
      this.held.delete(key);
      this.states.set(key, checking);
    }
    if (this.inFlight === 0 || !this.progress) this.progress = { done: 0, total: 0 };
    this.progress.total += wanted.length;
    this.problem = null;
    this.purpose = this.readPurpose();
    const purpose = this.purpose;
    const batches: string[][] = [];
    for (let i = 0; i < wanted.length; i += MAX_CHECK_ITEMS) batches.push(wanted.slice(i, i + MAX_CHECK_ITEMS));
    this.inFlight += batches.length;
    // The messages go first (each is sent before checkBatch's first await), the 「核查中…」 badges after:
    // on a 5,000-row page drawing them takes longer than the first request needs to leave.
    const answered = Promise.all(batches.map((batch) => this.checkBatch(batch, purpose)));
    for (const key of wanted) if (this.states.get(key) === checking) this.draw(key, checking);
    this.scheduleRender();
    await answered;
  }

  private async checkBatch(keys: string[], purpose: string): Promise<void> {
    this.messages++;
    const answer: CheckAnswer = await ask({ type: "check", url: this.options.document.location.href, purpose, subjects: keys.map((k) => this.queries.get(k)!) }).catch(
      (err: unknown) => ({ ok: false as const, requests: 0, problem: { kind: "server" as const, message: `扩展后台无响应：${err instanceof Error ? err.message : String(err)}` } }),
    );
    this.inFlight--;
    this.requests += answer.requests;
    if (!answer.ok) {
      this.problem = answer.problem;
      for (const key of keys) this.setState(key, { kind: "error", problem: answer.problem });
    } else {
      const byKey = new Map<string, SubjectResult>(subjectResults(answer).map((r) => [subjectKey(r.query), r]));
      for (const receipt of answer.receipts) this.receipts.set(receipt.number, receipt);
      for (const key of keys) {
        const result = byKey.get(key);
        this.setState(key, result ? { kind: "done", result } : { kind: "error", problem: { kind: "bad_response", message: "服务的答复缺少此主体" } });
      }
      if (this.progress) this.progress.done += keys.length;
      this.renderBanner();
    }
    this.scheduleDraw();
  }

  /** A new state for a subject; its badges show it at the next draw (scheduleDraw). */
  private setState(key: string, state: MentionState): void {
    this.states.set(key, state);
    this.toDraw.add(key);
  }

  /** Draws the changed badges and the toolbar: now when no answer is still coming, else within DRAW_INTERVAL_MS. */
  private scheduleDraw(): void {
    if (this.inFlight === 0) {
      clearTimeout(this.drawTimer);
      this.drawTimer = undefined;
      this.flushDraws();
      return;
    }
    this.drawTimer ??= setTimeout(() => {
      this.drawTimer = undefined;
      this.flushDraws();
    }, this.options.drawIntervalMs ?? DRAW_INTERVAL_MS);
  }

  private flushDraws(): void {
    if (this.options.signal.aborted) return;
    for (const key of this.toDraw) {
      const state = this.states.get(key);
      if (state) this.draw(key, state);
    }
    this.toDraw.clear();
    this.scheduleRender();
  }

  private draw(key: string, state: MentionState): void {
    for (const placed of this.byKey.get(key) ?? []) drawBadge(placed.button, badgeView(state, placed.subject));
    this.markDrawn(key, state);
  }

  private markDrawn(key: string, state: MentionState): void {
    const before = this.drawn.get(key);
    if (before === state.kind) return;
    if (before) this.drawnCounts[before] = (this.drawnCounts[before] ?? 1) - 1;
    this.drawnCounts[state.kind] = (this.drawnCounts[state.kind] ?? 0) + 1;
    this.drawn.set(key, state.kind);
  }

  /** Subjects per state their badges show now: pending, checking, done, error. */
  stateCounts(): Record<string, number> {
    return Object.fromEntries(Object.entries(this.drawnCounts).filter(([, n]) => n > 0));
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

  /** The applicant keys of the form as it stands now (a code typed over replaces its mention). */
  private currentApplicants(): string[] {
    return [...new Set(this.placed.filter((p) => p.mention.role === "applicant").map((p) => p.key))];
  }

  /** The banner: flagged applicants, and 「登记告知承诺」 when the form is handled under 告知承诺制. */
  private renderBanner(): void {
    if (!this.checkOnLoad) return;
    const checked: CheckItem[] = [];
    for (const key of this.currentApplicants()) {
      const state = this.states.get(key);
      if (state?.kind === "done" && state.result.item) checked.push(state.result.item);
    }
    const flagged = bannerItems(checked);
    const commitment = this.commitmentOffer(checked.at(-1));
    if (flagged.length === 0 && !commitment && !this.bannerContainer) return;
    void (async () => {
      this.bannerContainer ??= await this.options.mount.banner();
      render(flagged.length === 0 && !commitment ? null : h(Banner, { items: flagged, scene: this.options.site.scene, commitment }), this.bannerContainer);
    })();
  }

  private commitmentOffer(item: CheckItem | undefined): CommitmentOffer | null {
    const prefill = commitmentDraft(this.options.document);
    const code = item?.subject?.code;
    if (!prefill || !item || !code) return null;
    const blocking = item.hits.filter((h) => h.polarity === "negative").map((h) => h.listName);
    return {
      applicant: { code, name: item.subject?.name ?? code },
      draft: { code, ...prefill },
      refused: item.decision === "block" ? `申请人${blocking.length > 0 ? `列入${blocking.join("、")}` : "核查结论为不得参与"}` : null,
      status: this.commitmentStatus,
      onRegister: (draft) => void this.registerCommitment(draft),
    };
  }

  /** 「登记告知承诺」: POST /api/v1/commitments through the background; the result or the worker's words. */
  async registerCommitment(draft: CommitmentDraft): Promise<void> {
    this.commitmentStatus = { kind: "busy" };
    this.renderBanner();
    const answer = await ask({ type: "commitment", url: this.options.document.location.href, draft }).catch((err: unknown) => ({
      ok: false as const,
      problem: { kind: "server" as const, message: `扩展后台无响应：${err instanceof Error ? err.message : String(err)}` },
    }));
    this.commitmentStatus = answer.ok
      ? { kind: "done", text: `已登记告知承诺（编号 ${answer.commitment.id}，${answer.commitment.statusLabel}）：${answer.commitment.name}，受理编号 ${answer.commitment.ref}，核查日期 ${answer.commitment.verifyBy ?? "—"}。到期将提醒您登记核查结果，期间该主体的信用变化也会提醒您。` }
      : { kind: "error", text: `登记失败：${answer.problem.message}` };
    this.renderBanner();
  }

  /** 「监控」/「监控中标人」/「监控全部」: the subjects, for the page's purpose; the answer shown where it was asked. */
  async watch(keys: string[], where: "toolbar" | string): Promise<void> {
    const subjects = keys.map((k) => this.queries.get(k)).filter((q): q is SubjectQuery => !!q);
    const set = (status: WatchStatus) => {
      if (where === "toolbar") this.toolbarWatch = status;
      else this.subjectWatch.set(where, status);
      this.scheduleRender();
    };
    set({ kind: "busy", what: where === "toolbar" ? ` ${subjects.length} 个主体` : "" });
    this.purpose = this.readPurpose();
    const answer = await ask({ type: "watch", url: this.options.document.location.href, purpose: this.purpose, subjects }).catch((err: unknown) => ({
      ok: false as const,
      requests: 0,
      problem: { kind: "server" as const, message: `扩展后台无响应：${err instanceof Error ? err.message : String(err)}` },
    }));
    set(watchStatus(answer));
  }

  private scheduleRender(): void {
    // While the page parses, rows come in many small scans: the toolbar is drawn once at DOMContentLoaded.
    if (this.renderQueued || this.options.document.readyState === "loading") return;
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
        purpose: this.purpose,
        summary: this.summary(),
        pending: this.pendingCount,
        checking: this.inFlight > 0,
        progress: this.progress,
        held: this.held.size,
        budget: AUTO_CHECK_BUDGET,
        problem: this.problem,
        receipts: [...this.receipts.values()],
        panel: query && state ? { query, state, watch: selected ? (this.subjectWatch.get(selected) ?? null) : null } : null,
        winners: this.onPage([...this.winners]).length,
        onPage: this.onPage([...this.states.keys()]).length,
        watch: this.toolbarWatch,
        onWatchWinners: () => void this.watch(this.onPage([...this.winners]), "toolbar"),
        onWatchAll: () => void this.watch(this.onPage([...this.states.keys()]), "toolbar"),
        onWatchOne: () => selected && void this.watch([selected], selected),
        onCheckAll: () => void this.checkAll(),
        onContinue: () => void this.continueChecks(),
        onCheckOne: () => selected && void this.check([selected]),
        onClosePanel: () => this.closePanel(),
        onOpenOptions: () => void ask({ type: "open-options" }),
      }),
      this.toolbarContainer,
    );
  }

  /** The subjects still shown on the page (a code typed over, or a row removed, is not watched). */
  private onPage(keys: string[]): string[] {
    return keys.filter((k) => this.byKey.get(k)?.some((p) => p.host.isConnected));
  }

  private closePanel(): void {
    const key = this.selected;
    this.selected = null;
    this.renderToolbar();
    // Focus goes back to the badge that opened the panel.
    const placed = key ? this.byKey.get(key)?.find((p) => p.host.isConnected) : undefined;
    placed?.button.focus();
  }

  /** Scans what changed now instead of after the debounce (tests, benchmarks). */
  flush(): void {
    this.scanner.flush();
  }
}
