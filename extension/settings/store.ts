/**
 * 设置 (settings): the worker URL and the sites in `browser.storage.local`; the officer's token in
 * `browser.storage.session`, which content scripts cannot read (Chrome: access level TRUSTED_CONTEXTS, set
 * by closeSecretsToContentScripts; Firefox: never exposed to them). storage.local is readable by any
 * content script, so the token is never written there. Read by the background and written by the options
 * page; content scripts ask the background for what their page needs, which never includes the token.
 * The cost: the token lasts until the browser closes, then the officer signs in (or pastes it) again.
 */
import { browser } from "wxt/browser";
import { DEFAULT_WORKER_URL, type SiteRule, demoSites } from "./sites";

export interface Settings {
  workerUrl: string;
  token: string;
  sites: SiteRule[];
}

export const SETTINGS_KEY = "settings";
/** The token's key in storage.session. */
export const TOKEN_KEY = "secret:token";

/** Keeps storage.session to the extension's own pages and the background (Chrome's default, made explicit). */
export async function closeSecretsToContentScripts(): Promise<void> {
  const session = browser.storage.session as typeof browser.storage.session & { setAccessLevel?: (options: { accessLevel: string }) => Promise<void> };
  // Firefox has no setAccessLevel: its storage.session is closed to content scripts already.
  await session.setAccessLevel?.({ accessLevel: "TRUSTED_CONTEXTS" }).catch(() => undefined);
}

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
  let token = (await browser.storage.session.get(TOKEN_KEY))[TOKEN_KEY];
  if (stored && typeof stored.token === "string") {
    // Written by an older version (or by hand): move it out of content scripts' reach.
    if (stored.token) token = stored.token;
    await saveSettings({ ...stored, token: typeof token === "string" ? token : "" } as Settings);
  }
  const defaults = defaultSettings();
  if (!stored || typeof stored !== "object") return { ...defaults, token: typeof token === "string" ? token : "" };
  return {
    workerUrl: typeof stored.workerUrl === "string" && stored.workerUrl ? stored.workerUrl : defaults.workerUrl,
    token: typeof token === "string" ? token : "",
    sites: Array.isArray(stored.sites) ? stored.sites.filter(isSite).map((s) => ({ ...s, label: typeof s.label === "string" ? s.label : s.pattern })) : defaults.sites,
  };
}

export async function saveSettings(settings: Settings): Promise<void> {
  const { token, ...rest } = settings;
  await browser.storage.session.set({ [TOKEN_KEY]: token });
  await browser.storage.local.set({ [SETTINGS_KEY]: rest });
}
