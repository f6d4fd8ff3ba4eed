/**
 * 设置 (settings) in `browser.storage.local`: the worker URL, the officer's token and the sites. Read by the
 * background and written by the options page; content scripts never read it (they ask the background
 * for what their page needs, which never includes the token).
 */
import { browser } from "wxt/browser";
import { DEFAULT_WORKER_URL, type SiteRule, demoSites } from "./sites";

export interface Settings {
  workerUrl: string;
  token: string;
  sites: SiteRule[];
}

export const SETTINGS_KEY = "settings";

export function defaultSettings(): Settings {
  return { workerUrl: DEFAULT_WORKER_URL, token: "", sites: demoSites() };
}

/** The worker URL as an origin-relative base without a trailing slash. */
export function normalizeWorkerUrl(input: string): string {
  const url = new URL(input.trim());
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error("服务地址应以 http:// 或 https:// 开头");
  return `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
}

function isSite(value: unknown): value is SiteRule {
  const s = value as SiteRule | null;
  return !!s && typeof s.id === "string" && typeof s.pattern === "string" && typeof s.scene === "string" && typeof s.purposeTemplate === "string" && Array.isArray(s.fields) && typeof s.enabled === "boolean";
}

export async function loadSettings(): Promise<Settings> {
  const stored = (await browser.storage.local.get(SETTINGS_KEY))[SETTINGS_KEY] as Partial<Settings> | undefined;
  const defaults = defaultSettings();
  if (!stored || typeof stored !== "object") return defaults;
  return {
    workerUrl: typeof stored.workerUrl === "string" && stored.workerUrl ? stored.workerUrl : defaults.workerUrl,
    token: typeof stored.token === "string" ? stored.token : "",
    sites: Array.isArray(stored.sites) ? stored.sites.filter(isSite).map((s) => ({ ...s, label: typeof s.label === "string" ? s.label : s.pattern })) : defaults.sites,
  };
}

export async function saveSettings(settings: Settings): Promise<void> {
  await browser.storage.local.set({ [SETTINGS_KEY]: settings });
}
