/**
 * The background's answers to the content script and the options page. Knows which site rule a page
 * falls under (the scene is the rule's, never the page's say) and never hands out the token.
 */
import { browser } from "wxt/browser";
import type { ExtensionRequest, ExtensionResponses, PageSite } from "../messages";
import { siteForUrl } from "../settings/sites";
import { currentSettings } from "../settings/store";
import type { Account } from "./account";
import type { Checker } from "./checker";
import { HandedReceipts } from "./handed";
import type { Monitoring } from "./monitoring";
import type { ResultCache } from "./result-cache";

export interface RouterDeps {
  checker: Checker;
  cache: ResultCache;
  /** Sign-in, 「测试连接」 and the popup's lookups; also supplies checks with a fresh token. */
  account?: Account;
  /** Watchlist, 告知承诺 and alerts (issue 14). */
  monitoring?: Monitoring;
  /** Which receipt went to which page origin; one per service worker unless a test brings its own. */
  handed?: HandedReceipts;
}

let sharedHanded: HandedReceipts | undefined;
const handed = (deps: RouterDeps) => deps.handed ?? (sharedHanded ??= new HandedReceipts());

const noMonitoring = { ok: false as const, problem: { kind: "not_configured" as const, message: "此构建没有监控功能" } };

/** The URL the request came from: the sender's frame when the browser says, else what the page sent. */
function pageUrl(request: { url: string }, sender: { url?: string } | undefined): string {
  return sender?.url ?? request.url;
}

export async function answer(request: ExtensionRequest, sender: { url?: string; tab?: unknown } | undefined, deps: RouterDeps): Promise<ExtensionResponses[ExtensionRequest["type"]]> {
  switch (request.type) {
    case "page": {
      const settings = await currentSettings();
      const site = siteForUrl(settings.sites, settings.workerUrl, pageUrl(request, sender));
      const page: PageSite | null = site
        ? { id: site.id, label: site.label, scene: site.scene, purposeTemplate: site.purposeTemplate, fields: site.fields, workerOrigin: new URL(settings.workerUrl).origin }
        : null;
      return { site: page };
    }
    case "check": {
      const settings = deps.account ? await deps.account.settings() : await currentSettings();
      const url = pageUrl(request, sender);
      const site = siteForUrl(settings.sites, settings.workerUrl, url);
      if (!site) return { ok: false, requests: 0, problem: { kind: "rejected", message: "此页面不在已启用的站点中" } };
      const checked = await deps.checker.check(settings, site, request.purpose, request.subjects, new URL(url).origin);
      if (checked.ok) await handed(deps).add(new URL(url).origin, checked.receipts.map((r) => r.number));
      return checked;
    }
    case "receipt": {
      // A receipt (JWS and its secret page address) goes only to the origin it was handed to, or our own pages.
      if (!ownPage(sender) && !(sender?.url && (await handed(deps).has(new URL(sender.url).origin, request.number)))) return null;
      const receipt = await deps.cache.receipt(request.number);
      return receipt ? { number: receipt.number, jws: receipt.jws, url: receipt.url } : null;
    }
    case "watch": {
      // The scene is the site rule's and the reason the page's purpose, as for a check.
      const settings = await currentSettings();
      const site = siteForUrl(settings.sites, settings.workerUrl, pageUrl(request, sender));
      if (!site) return { ok: false, requests: 0, problem: { kind: "rejected", message: "此页面不在已启用的站点中" } };
      return deps.monitoring ? deps.monitoring.watch(site, request.purpose, request.subjects) : { ...noMonitoring, requests: 0 };
    }
    case "commitment": {
      const settings = await currentSettings();
      if (!siteForUrl(settings.sites, settings.workerUrl, pageUrl(request, sender))) return { ok: false, problem: { kind: "rejected", message: "此页面不在已启用的站点中" } };
      return deps.monitoring ? deps.monitoring.registerCommitment(request.draft) : noMonitoring;
    }
    case "alerts":
    case "alerts-read":
    case "watchlist":
    case "unwatch":
    case "verify-commitment":
      return answerAlerts(request, sender, deps);
    case "open-options":
      await browser.runtime.openOptionsPage();
      return { opened: true };
    case "account":
    case "sign-in":
    case "sign-out":
    case "test-connection":
    case "lookup":
    case "recent":
      return answerAccount(request, sender, deps);
  }
}

/** Whether the sender is one of the extension's own pages (options, popup), not a web page. */
function ownPage(sender: { url?: string; tab?: unknown } | undefined): boolean {
  const base = (browser.runtime as unknown as { getURL(path: string): string }).getURL("/");
  return sender?.url ? sender.url.startsWith(base) : !sender?.tab;
}

/**
 * Alerts and the watchlist name subjects and reasons, and a verification writes a credit record: only the
 * extension's own pages (the popup) may read, remove or record them, never a web page's content script.
 */
async function answerAlerts(
  request: Extract<ExtensionRequest, { type: "alerts" | "alerts-read" | "watchlist" | "unwatch" | "verify-commitment" }>,
  sender: { url?: string; tab?: unknown } | undefined,
  deps: RouterDeps,
) {
  if (!ownPage(sender)) return { ok: false as const, problem: { kind: "rejected" as const, message: "此请求只接受扩展自己的页面" } };
  const monitoring = deps.monitoring;
  if (!monitoring) return noMonitoring;
  switch (request.type) {
    case "alerts":
      return monitoring.pollAlerts();
    case "alerts-read":
      return monitoring.markRead(request.ids);
    case "watchlist":
      return monitoring.watchlist(request.cursor);
    case "unwatch":
      return monitoring.unwatch(request.id);
    case "verify-commitment":
      return monitoring.verifyCommitment(request.commitmentId, request.result, request.note);
  }
}

type AccountRequest = Extract<ExtensionRequest, { type: "account" | "sign-in" | "sign-out" | "test-connection" | "lookup" | "recent" }>;

/** Only the extension's own pages (options, popup) may ask; a content script's sender is a web page. */
async function answerAccount(request: AccountRequest, sender: { url?: string; tab?: unknown } | undefined, deps: RouterDeps) {
  const account = deps.account;
  if (!account || !ownPage(sender)) return { ok: false as const, problem: { kind: "rejected" as const, message: "此请求只接受扩展自己的页面" } };
  switch (request.type) {
    case "account":
      return account.state();
    case "sign-in":
      return account.signIn();
    case "sign-out":
      return account.signOut();
    case "test-connection":
      return account.testConnection();
    case "lookup":
      return account.lookup(request.query, request.scene, request.purpose);
    case "recent":
      return account.recent();
  }
}

/** Wires `answer` to runtime messages (callback style: works in Chrome and Firefox alike). */
export function listen(deps: RouterDeps): void {
  browser.runtime.onMessage.addListener((message: unknown, sender, sendResponse: (response: unknown) => void) => {
    const request = message as ExtensionRequest;
    if (!request || typeof request !== "object" || typeof request.type !== "string") return false;
    answer(request, sender, deps).then(sendResponse, (err: unknown) =>
      sendResponse({ ok: false, requests: 0, problem: { kind: "server", message: `扩展后台出错：${err instanceof Error ? err.message : String(err)}` } }),
    );
    return true;
  });
}
