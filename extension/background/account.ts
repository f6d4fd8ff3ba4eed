/**
 * The officer's account and the popup's quick lookups, answered by the background (the only part that
 * holds the token): who the token is (GET /api/v1/me, for 「测试连接」), 「登录」/「退出登录」, a lookup by code
 * or name — public (POST /api/v1/subjects/lookup, GET /api/v1/search) without a sign-in, an officer's
 * check (POST /api/v1/checks, scene and purpose, signed receipt verified) with one — and the recent lookups.
 */
import { browser } from "wxt/browser";
import { Me } from "../../shared/contract/me";
import { SearchResult } from "../../shared/contract/search";
import { SubjectProfile } from "../../shared/contract/subjects";
import { normalizeCode } from "../../shared/identifiers/normalize";
import { isValidUscc } from "../../shared/identifiers/uscc";
import { type AccountState, type ConnectionAnswer, type LookupAnswer, type Problem, type RecentLookup, subjectResults } from "../messages";
import type { SiteRule } from "../settings/sites";
import { type Settings, currentSettings, loadCredentials } from "../settings/store";
import { type Fetch, problemFor } from "./api";
import { type Auth, AuthProblem } from "./auth";
import type { Checker } from "./checker";

/** The cache origin of the popup's own checks (pages use their own origin). */
const POPUP_ORIGIN = "chayicha:popup";

export const RECENT_KEY = "recent";
/** The popup keeps this many recent lookups (storage.session: an officer's lookups are not left on disk). */
export const RECENT_LIMIT = 10;

export interface AccountDeps {
  fetch: Fetch;
  auth: Auth;
  checker: Checker;
  now?: () => number;
}

const offline = (workerUrl: string): Problem => ({ kind: "offline", message: `无法连接查一查服务（${workerUrl}）：请检查网络或在设置中核对服务地址` });

export class Account {
  constructor(private readonly deps: AccountDeps) {}

  /** The settings with a token fresh enough to send (refreshed first when it is about to expire). */
  /** The settings being read now: calls that come while it is under way share it (50 batches of one page). */
  private reading: Promise<Settings> | undefined;

  settings(): Promise<Settings> {
    this.reading ??= (async () => {
      try {
        const settings = await currentSettings();
        return { ...settings, token: await this.deps.auth.freshToken(settings.oidc) };
      } finally {
        this.reading = undefined;
      }
    })();
    return this.reading;
  }

  async state(): Promise<AccountState> {
    const [settings, credentials] = await Promise.all([currentSettings(), loadCredentials()]);
    return {
      workerUrl: settings.workerUrl,
      signInAvailable: !!settings.oidc,
      ...(settings.oidc ? { issuer: settings.oidc.issuer } : {}),
      credentials: credentials ? { kind: credentials.kind, ...(credentials.expiresAt ? { expiresAt: credentials.expiresAt } : {}) } : null,
    };
  }

  async signIn(): Promise<{ ok: true; state: AccountState } | { ok: false; problem: Problem }> {
    const settings = await currentSettings();
    if (!settings.oidc) return { ok: false, problem: { kind: "not_configured", message: "未配置身份提供方：请粘贴令牌，或请单位在策略中配置 oidcIssuer 和 oidcClientId" } };
    try {
      await this.deps.auth.signIn(settings.oidc, true);
      return { ok: true, state: await this.state() };
    } catch (err) {
      return { ok: false, problem: err instanceof AuthProblem ? err.problem : { kind: "server", message: `登录失败：${String(err)}` } };
    }
  }

  async signOut(): Promise<AccountState> {
    await this.deps.auth.signOut();
    return this.state();
  }

  /** 「测试连接」: who the token is, or — without a token — whether the service answers at all. */
  async testConnection(): Promise<ConnectionAnswer> {
    const settings = await this.settings();
    const url = settings.token ? `${settings.workerUrl}/api/v1/me` : `${settings.workerUrl}/api/v1/health`;
    let response: Response;
    try {
      response = await this.deps.fetch(url, { headers: { accept: "application/json", ...(settings.token ? { authorization: `Bearer ${settings.token}` } : {}) }, signal: AbortSignal.timeout(10_000) });
    } catch {
      return { ok: false, problem: offline(settings.workerUrl) };
    }
    if (!response.ok) return { ok: false, problem: await problemFor(response, "") };
    if (!settings.token) return { ok: true, me: null, workerUrl: settings.workerUrl };
    const me = Me.safeParse(await response.json().catch(() => null));
    if (!me.success) return { ok: false, problem: { kind: "bad_response", message: "服务的答复不符合接口约定（/api/v1/me）" } };
    return { ok: true, me: me.data, workerUrl: settings.workerUrl };
  }

  /**
   * A code (any width, any case) is looked up; anything else is searched by name. Signed in, a code is
   * checked as the officer with scene and purpose (查询使用登记); the public view needs neither.
   */
  async lookup(query: string, scene?: string, purpose?: string): Promise<LookupAnswer> {
    const settings = await this.settings();
    const origin = new URL(settings.workerUrl).origin;
    const code = normalizeCode(query);
    const isCode = /^[0-9A-Z]{18}$/.test(code);
    if (!query.trim()) return { ok: false, problem: { kind: "rejected", message: "请输入统一社会信用代码或名称" } };
    if (!isCode) return this.search(settings, query.trim());
    if (settings.token) {
      if (!scene || !purpose?.trim()) return { ok: false, problem: { kind: "rejected", message: "工作人员查询须填写场景和查询事由（查询使用登记）" } };
      const site: SiteRule = { id: "popup", label: "快速查询", pattern: "", scene, purposeTemplate: "", fields: [], enabled: true };
      // The popup is its own place of query: its answers are cached apart from any page's (key: origin, scene, purpose).
      const answer = await this.deps.checker.check(settings, site, purpose.trim(), [{ code }], POPUP_ORIGIN);
      if (!answer.ok) return { ok: false, problem: answer.problem };
      const result = subjectResults(answer)[0]!;
      await this.remember({ code, name: result.item?.subject?.name ?? null, label: result.item?.decisionLabel ?? result.item?.message ?? "凭证验证失败", mode: "officer", scene });
      return { ok: true, mode: "officer", result, link: isValidUscc(code) ? `${origin}/s/${encodeURIComponent(code)}` : `${origin}/` };
    }
    // Public: POST /api/v1/subjects/lookup keeps the code (perhaps a person's ID number) out of URLs and logs.
    let response: Response;
    try {
      response = await this.deps.fetch(`${settings.workerUrl}/api/v1/subjects/lookup`, {
        method: "POST",
        headers: { accept: "application/json", "content-type": "application/json" },
        body: JSON.stringify({ code }),
        signal: AbortSignal.timeout(15_000),
      });
    } catch {
      return { ok: false, problem: offline(settings.workerUrl) };
    }
    if (response.status === 404) return { ok: false, problem: { kind: "rejected", message: `未找到代码为 ${code} 的主体` } };
    if (!response.ok) return { ok: false, problem: await problemFor(response, "") };
    const profile = SubjectProfile.safeParse(await response.json().catch(() => null));
    if (!profile.success) return { ok: false, problem: { kind: "bad_response", message: "服务的答复不符合接口约定" } };
    const p = profile.data;
    const label = p.summary.negativeLists > 0 ? `失信类名单 ${p.summary.negativeLists}` : p.summary.redList ? "守信激励" : "无失信类名单";
    await this.remember({ code: p.code, name: p.name, label, mode: "public" });
    return {
      ok: true,
      mode: "public",
      profile: { code: p.code, name: p.name, kindLabel: p.kindLabel, registrationStatus: p.registrationStatus, negativeLists: p.summary.negativeLists, redList: p.summary.redList, publicPenalties: p.summary.publicPenalties, lists: p.lists.map((l) => ({ listName: l.listName, polarity: l.polarity, listedOn: l.listedOn })) },
      // A person's page address would carry their ID number into history: link USCC-keyed subjects only.
      link: isValidUscc(p.code) ? `${origin}/s/${encodeURIComponent(p.code)}` : `${origin}/`,
    };
  }

  private async search(settings: Settings, q: string): Promise<LookupAnswer> {
    let response: Response;
    try {
      response = await this.deps.fetch(`${settings.workerUrl}/api/v1/search?${new URLSearchParams({ q })}`, { headers: { accept: "application/json" }, signal: AbortSignal.timeout(15_000) });
    } catch {
      return { ok: false, problem: offline(settings.workerUrl) };
    }
    if (!response.ok) return { ok: false, problem: await problemFor(response, "") };
    const result = SearchResult.safeParse(await response.json().catch(() => null));
    if (!result.success) return { ok: false, problem: { kind: "bad_response", message: "服务的答复不符合接口约定" } };
    return { ok: true, mode: "search", total: result.data.total, candidates: result.data.items.slice(0, 8).map((c) => ({ code: c.code, name: c.name, linkable: c.linkable })) };
  }

  async recent(): Promise<RecentLookup[]> {
    const stored = (await browser.storage.session.get(RECENT_KEY))[RECENT_KEY];
    return Array.isArray(stored) ? (stored as RecentLookup[]) : [];
  }

  private async remember(entry: Omit<RecentLookup, "at">): Promise<void> {
    const at = new Date((this.deps.now ?? Date.now)()).toISOString();
    const list = [{ ...entry, at }, ...(await this.recent()).filter((r) => r.code !== entry.code)].slice(0, RECENT_LIMIT);
    await browser.storage.session.set({ [RECENT_KEY]: list });
  }
}
