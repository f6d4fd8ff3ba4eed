/**
 * Monitoring (issue 14) as the background does it, the only part holding the token: 「监控」/「监控全部」
 * (POST /api/v1/watchlist, at most MAX_WATCH_ITEMS per request), 「我的监控」 (GET /api/v1/watchlist, paged) and
 * 「取消监控」 (DELETE /api/v1/watchlist/{id}), 「登记告知承诺」 (POST /api/v1/commitments) and its result
 * (「核查属实」/「核查不属实」, POST /api/v1/commitments/{id}/verification),
 * and the unread alerts — polled every minute (GET /api/v1/alerts?since=&unread=true), counted on the
 * toolbar icon, announced by a system notification, listed in the popup and marked read there. Every
 * answer is parsed with the contract (shared/contract/monitoring.ts).
 */
import { browser } from "wxt/browser";
import { AlertPage, AlertsReadResult, Commitment, CommitmentInput, MAX_WATCH_ITEMS, VerificationInput, WatchlistPage, WatchlistResult } from "../../shared/contract/monitoring";
import { localDate } from "../core/dates";
import type {
  AlertSummary,
  AlertsAnswer,
  CommitmentAnswer,
  CommitmentDraft,
  Problem,
  SubjectQuery,
  UnwatchAnswer,
  VerificationResult,
  VerifyAnswer,
  WatchAnswer,
  WatchlistAnswer,
} from "../messages";
import type { SiteRule } from "../settings/sites";
import type { Settings } from "../settings/store";
import { type Fetch, problemFor } from "./api";
import { chunk } from "./checker";

/** The alarm that polls for alerts; Chrome runs MV3 alarms at most every 30 s, a minute is the issue's bound. */
export const ALERT_ALARM = "chayicha-alerts";
export const ALERT_POLL_MINUTES = 1;
/** storage.session: the id of the newest alert already announced (the `next` the worker gave). */
export const ALERT_CURSOR_KEY = "alertCursor";
/** A watch lasts a year unless the officer removes it (the worker allows up to three). */
export const WATCH_DAYS = 365;
/** At most this many notifications per poll; the rest are summed up in one. */
export const MAX_NOTIFICATIONS = 3;
/** The popup lists this many unread alerts (the icon shows the full count). */
export const POPUP_ALERTS = 50;
/** 「我的监控」 shows this many watches a page (「加载更多」 for the next). */
export const WATCHLIST_PAGE = 50;

export interface MonitoringDeps {
  fetch: Fetch;
  /** The settings with a fresh token (Account.settings). */
  settings: () => Promise<Settings>;
  now?: () => number;
}

const notSignedIn: Problem = { kind: "not_configured", message: "尚未登录：请在「查一查」设置中登录或填写令牌" };

export class Monitoring {
  private readonly now: () => number;
  /** One poll at a time: the alarm and the popup can ask together. */
  private polling: Promise<AlertsAnswer> | undefined;

  constructor(private readonly deps: MonitoringDeps) {
    this.now = deps.now ?? Date.now;
  }

  private async send(settings: Settings, method: string, path: string, body?: unknown): Promise<{ ok: true; json: unknown } | { ok: false; problem: Problem }> {
    let response: Response;
    try {
      response = await this.deps.fetch(`${settings.workerUrl}${path}`, {
        method,
        headers: { authorization: `Bearer ${settings.token}`, accept: "application/json", ...(body === undefined ? {} : { "content-type": "application/json" }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(20_000),
      });
    } catch {
      return { ok: false, problem: { kind: "offline", message: `无法连接查一查服务（${settings.workerUrl}）：请检查网络或在设置中核对服务地址` } };
    }
    if (!response.ok) {
      if (response.status === 401 || response.status === 429 || response.status >= 500) return { ok: false, problem: await problemFor(response, "") };
      // 403, 404, 409 (watchlist_full, commitment_conflict), 400: the worker's own Chinese words.
      const body: unknown = await response.json().catch(() => undefined);
      const said = (body as { error?: { message?: unknown } } | undefined)?.error?.message;
      return { ok: false, problem: { kind: response.status === 403 ? "forbidden" : "rejected", message: typeof said === "string" ? said : `服务拒绝了请求（HTTP ${response.status}）` } };
    }
    return { ok: true, json: await response.json().catch(() => null) };
  }

  /**
   * Watches the subjects for the page's purpose (the reason) in the site's scene, for WATCH_DAYS; more
   * than MAX_WATCH_ITEMS go in several requests. A bad or unknown code fails only itself.
   */
  async watch(site: SiteRule, purpose: string, subjects: readonly SubjectQuery[]): Promise<WatchAnswer> {
    const settings = await this.deps.settings();
    if (!settings.token) return { ok: false, problem: notSignedIn, requests: 0 };
    const reason = purpose.trim().slice(0, 100);
    if (Array.from(reason).length < 2) return { ok: false, problem: { kind: "rejected", message: "页面上没有读到项目编号或审批文号：请在设置中为此站点配置查询事由" }, requests: 0 };
    const until = localDate(this.now(), WATCH_DAYS);
    const codes = [...new Set(subjects.map((s) => s.code))];
    const total: Extract<WatchAnswer, { ok: true }> = { ok: true, added: 0, extended: 0, failed: 0, failures: [], until, limit: 0, active: 0, requests: 0 };
    for (const batch of chunk(codes, MAX_WATCH_ITEMS)) {
      total.requests++;
      const answer = await this.send(settings, "POST", "/api/v1/watchlist", { items: batch.map((code) => ({ code, reason, until, scene: site.scene })) });
      // A refused batch (e.g. the watchlist is full) stops here: what went through is said with the problem.
      if (!answer.ok) {
        const done = total.added + total.extended;
        return { ok: false, requests: total.requests, problem: done > 0 ? { ...answer.problem, message: `已监控 ${done} 个；其余未能加入：${answer.problem.message}` } : answer.problem };
      }
      const parsed = WatchlistResult.safeParse(answer.json);
      if (!parsed.success) return { ok: false, requests: total.requests, problem: { kind: "bad_response", message: "服务的答复不符合接口约定（/api/v1/watchlist）" } };
      const result = parsed.data;
      total.added += result.added;
      total.extended += result.extended;
      total.failed += result.failed;
      total.limit = result.limit;
      total.active = result.active;
      for (const item of result.items) if (item.message) total.failures.push({ code: item.code, message: item.message });
    }
    return total;
  }

  /** 「登记告知承诺」: the draft as the officer left it, checked against the contract before it is sent. */
  async registerCommitment(draft: CommitmentDraft): Promise<CommitmentAnswer> {
    const settings = await this.deps.settings();
    if (!settings.token) return { ok: false, problem: notSignedIn };
    const input = CommitmentInput.safeParse(draft);
    if (!input.success) return { ok: false, problem: { kind: "rejected", message: input.error.issues.map((i) => i.message).join("；") } };
    const answer = await this.send(settings, "POST", "/api/v1/commitments", input.data);
    if (!answer.ok) return answer;
    const parsed = Commitment.safeParse(answer.json);
    if (!parsed.success) return { ok: false, problem: { kind: "bad_response", message: "服务的答复不符合接口约定（/api/v1/commitments）" } };
    const c = parsed.data;
    return { ok: true, commitment: { id: c.id, name: c.name, ref: c.ref, statusLabel: c.statusLabel, verifyBy: c.verifyBy, watchId: c.watchId } };
  }

  /**
   * The unread alerts: the icon's count, a notification for each alert newer than the stored cursor, and
   * the list for the popup. Signed out, the icon is cleared.
   */
  pollAlerts(): Promise<AlertsAnswer> {
    this.polling ??= this.poll().finally(() => (this.polling = undefined));
    return this.polling;
  }

  private async poll(): Promise<AlertsAnswer> {
    const settings = await this.deps.settings().catch(() => undefined);
    if (!settings?.token) {
      await setBadge(0);
      return { ok: false, problem: notSignedIn };
    }
    // Every unread alert, newest last; the cursor tells which of them were announced already.
    const answer = await this.send(settings, "GET", `/api/v1/alerts?${new URLSearchParams({ since: "0", unread: "true", limit: String(POPUP_ALERTS) })}`);
    if (!answer.ok) return answer;
    const page = AlertPage.safeParse(answer.json);
    if (!page.success) return { ok: false, problem: { kind: "bad_response", message: "服务的答复不符合接口约定（/api/v1/alerts）" } };
    const items: AlertSummary[] = page.data.items.map((a) => ({
      id: a.id,
      kind: a.kind,
      kindLabel: a.kindLabel,
      summary: a.summary,
      subjectCode: a.subject.code,
      subjectName: a.subject.name,
      reason: a.watch.reason,
      changedAt: a.changedAt,
      commitmentId: a.kind === "commitment_due" ? (a.detail?.commitmentId ?? null) : null,
      verifyBy: a.detail?.verifyBy ?? null,
    }));
    await setBadge(page.data.unread);
    const stored = (await browser.storage.session.get(ALERT_CURSOR_KEY))[ALERT_CURSOR_KEY];
    // A number with one database, an opaque string over shard databases: stored and sent back as it came.
    const cursor = typeof stored === "number" || typeof stored === "string" ? stored : 0;
    const fresh = await this.newSince(settings, cursor);
    if (fresh) {
      await notify(fresh.items);
      await browser.storage.session.set({ [ALERT_CURSOR_KEY]: fresh.next });
    }
    return { ok: true, items, unread: page.data.unread };
  }

  /** Unread alerts after the cursor (GET /api/v1/alerts?since=&unread=true), following `hasMore` a few pages. */
  private async newSince(settings: Settings, since: number | string): Promise<{ items: AlertPage["items"]; next: number | string } | undefined> {
    const items: AlertPage["items"] = [];
    let next = since;
    for (let page = 0; page < 5; page++) {
      const answer = await this.send(settings, "GET", `/api/v1/alerts?${new URLSearchParams({ since: String(next), unread: "true", limit: "200" })}`);
      if (!answer.ok) return items.length > 0 ? { items, next } : undefined;
      const parsed = AlertPage.safeParse(answer.json);
      if (!parsed.success) return undefined;
      items.push(...parsed.data.items);
      next = parsed.data.next;
      if (!parsed.data.hasMore) break;
    }
    return { items, next };
  }

  /** 「标为已读」 (POST /api/v1/alerts/read), then the fresh list and count. */
  async markRead(ids: number[]): Promise<AlertsAnswer> {
    const settings = await this.deps.settings();
    if (!settings.token) return { ok: false, problem: notSignedIn };
    const answer = await this.send(settings, "POST", "/api/v1/alerts/read", { ids });
    if (!answer.ok) return answer;
    const result = AlertsReadResult.safeParse(answer.json);
    if (!result.success) return { ok: false, problem: { kind: "bad_response", message: "服务的答复不符合接口约定（/api/v1/alerts/read）" } };
    await setBadge(result.data.unread);
    return this.pollAlerts();
  }

  /** 「我的监控」: one page of the officer's watchlist, from `cursor` (0 for the first). */
  async watchlist(cursor: number): Promise<WatchlistAnswer> {
    const settings = await this.deps.settings();
    if (!settings.token) return { ok: false, problem: notSignedIn };
    const answer = await this.send(settings, "GET", `/api/v1/watchlist?${new URLSearchParams({ cursor: String(cursor), limit: String(WATCHLIST_PAGE) })}`);
    if (!answer.ok) return answer;
    const page = WatchlistPage.safeParse(answer.json);
    if (!page.success) return { ok: false, problem: { kind: "bad_response", message: "服务的答复不符合接口约定（/api/v1/watchlist）" } };
    const items = page.data.items.map((w) => ({ id: w.id, code: w.code, name: w.name, reason: w.reason, sceneLabel: w.sceneLabel, until: w.until, source: w.source, active: w.active, createdAt: w.createdAt }));
    return { ok: true, items, next: page.data.next, limit: page.data.limit, active: page.data.active };
  }

  /** 「取消监控」 (DELETE /api/v1/watchlist/{id}, 204); alerts it already produced stay. */
  async unwatch(id: number): Promise<UnwatchAnswer> {
    const settings = await this.deps.settings();
    if (!settings.token) return { ok: false, problem: notSignedIn };
    if (!Number.isSafeInteger(id) || id < 1) return { ok: false, problem: { kind: "rejected", message: "监控项编号不正确" } };
    const answer = await this.send(settings, "DELETE", `/api/v1/watchlist/${id}`);
    return answer.ok ? { ok: true, id } : answer;
  }

  /**
   * 「核查属实」/「核查不属实」 for a due 告知承诺 (POST /api/v1/commitments/{id}/verification). The worker
   * decides who may (the accepting department) and answers 409 once a result is recorded.
   */
  async verifyCommitment(commitmentId: number, result: VerificationResult, note: string): Promise<VerifyAnswer> {
    const settings = await this.deps.settings();
    if (!settings.token) return { ok: false, problem: notSignedIn };
    if (!Number.isSafeInteger(commitmentId) || commitmentId < 1) return { ok: false, problem: { kind: "rejected", message: "告知承诺编号不正确" } };
    const input = VerificationInput.safeParse({ result, note });
    if (!input.success) return { ok: false, problem: { kind: "rejected", message: input.error.issues.map((i) => i.message).join("；") } };
    const answer = await this.send(settings, "POST", `/api/v1/commitments/${commitmentId}/verification`, input.data);
    if (!answer.ok) return answer;
    const parsed = Commitment.safeParse(answer.json);
    if (!parsed.success) return { ok: false, problem: { kind: "bad_response", message: "服务的答复不符合接口约定（/api/v1/commitments/{id}/verification）" } };
    const c = parsed.data;
    const entry = c.falseCommitmentEntry;
    return {
      ok: true,
      commitment: { id: c.id, name: c.name, ref: c.ref, status: c.status, statusLabel: c.statusLabel, falseCommitmentEntry: entry ? { listName: entry.listName, reason: entry.reason, plannedRemovalOn: entry.plannedRemovalOn } : null },
    };
  }
}

async function setBadge(unread: number): Promise<void> {
  const action = (browser as unknown as { action?: typeof browser.action }).action;
  if (!action) return;
  await action.setBadgeText({ text: unread === 0 ? "" : unread > 99 ? "99+" : String(unread) });
  await action.setBadgeBackgroundColor({ color: "#b4232a" }).catch(() => undefined);
}

async function notify(items: AlertPage["items"]): Promise<void> {
  const notifications = (browser as unknown as { notifications?: typeof browser.notifications }).notifications;
  if (!notifications || items.length === 0) return;
  const iconUrl = (browser.runtime as unknown as { getURL(path: string): string }).getURL("/icon/128.png");
  const shown = items.slice(-MAX_NOTIFICATIONS);
  for (const alert of shown) {
    await notifications
      .create(`chayicha-alert-${alert.id}`, { type: "basic", iconUrl, title: `查一查 · ${alert.kindLabel}`, message: alert.summary, contextMessage: `监控事由：${alert.watch.reason}` })
      .catch(() => undefined);
  }
  if (items.length > shown.length) {
    await notifications
      .create("chayicha-alerts-more", { type: "basic", iconUrl, title: "查一查 · 监控提醒", message: `另有 ${items.length - shown.length} 条新提醒，请在工具栏的「查一查」中查看` })
      .catch(() => undefined);
  }
}
