/**
 * 设置 (settings): what the officer set (`browser.storage.local`: the worker URL and the sites), merged with
 * the build's presets (preset.ts) and the administrator's policy (managed.ts), and the credentials
 * (`browser.storage.session`, trusted contexts only). Read by the background and written by the options
 * page; content scripts never read it (they ask the background for what their page needs, which never
 * includes the token). Precedence, highest first: a locked policy value, the officer's own value, an
 * unlocked policy value, the build preset, the default.
 */
import { browser } from "wxt/browser";
import { type ManagedConfig, loadManaged } from "./managed";
import { type OidcConfig, type Preset, buildPreset } from "./preset";
import { DEFAULT_WORKER_URL, type SiteRule, demoSites } from "./sites";

export interface Settings {
  workerUrl: string;
  /** The access token in use (pasted or from sign-in); "" when none. Never written to storage.local. */
  token: string;
  sites: SiteRule[];
  /** Values the administrator fixed by policy: shown disabled with 由单位统一配置. */
  locks?: { workerUrl: boolean };
  /** The identity provider for 「登录」 (policy, else build); absent: only pasted tokens. */
  oidc?: OidcConfig;
}

/** What is kept in storage.local: the officer's own values only. */
interface LocalSettings {
  workerUrl?: string;
  sites?: SiteRule[];
}

export const SETTINGS_KEY = "settings";
export const CREDENTIALS_KEY = "credentials";

/** The officer's token: pasted (kept as is) or from 「登录」 (refreshed by the background before it expires). */
export interface Credentials {
  kind: "pasted" | "oidc";
  accessToken: string;
  /** When the access token expires (ms since the epoch), when known. */
  expiresAt?: number;
  refreshToken?: string;
  /** The issuer it came from: a token from another issuer is not refreshed there. */
  issuer?: string;
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

/**
 * The settings in force, from the officer's values, the build preset and the policy (pure: tested with
 * every combination). Build-preset sites are always locked (they are in the manifest).
 */
export function mergeSettings(local: LocalSettings | undefined, preset: Preset, managed: ManagedConfig, token = ""): Settings {
  const lockedWorker = !!managed.workerUrl && !managed.officersMayChange;
  const workerUrl = (lockedWorker ? managed.workerUrl : (local?.workerUrl ?? managed.workerUrl ?? preset.workerUrl)) ?? DEFAULT_WORKER_URL;
  const own = (local?.sites ?? demoSites()).filter(isSite).map((s) => ({ ...s, label: typeof s.label === "string" ? s.label : s.pattern }));
  const ownById = new Map(own.map((s) => [s.id, s]));
  const fixedIds = new Set<string>();
  const sites: SiteRule[] = [];
  for (const site of preset.sites) {
    sites.push({ ...site, source: "build", locked: true, enabled: true });
    fixedIds.add(site.id);
  }
  for (const site of managed.sites) {
    // With officersMayChange the officer's saved copy (same id) wins; without, the policy's.
    const mine = managed.officersMayChange ? ownById.get(site.id) : undefined;
    sites.push(mine ? { ...mine, source: "policy", locked: false } : site);
    fixedIds.add(site.id);
  }
  for (const site of own) if (!fixedIds.has(site.id) && site.source !== "build" && !site.id.startsWith("policy-")) sites.push({ ...site, locked: false });
  const oidc = managed.oidc ?? preset.oidc;
  return { workerUrl, token, sites, locks: { workerUrl: lockedWorker }, ...(oidc ? { oidc } : {}) };
}

async function readLocal(): Promise<LocalSettings | undefined> {
  const stored = (await browser.storage.local.get(SETTINGS_KEY))[SETTINGS_KEY] as (LocalSettings & { token?: unknown }) | undefined;
  if (!stored || typeof stored !== "object") return undefined;
  // Before 2026-12 the pasted token sat in storage.local, which content scripts can read: move it.
  if (typeof stored.token === "string") {
    const { token, ...rest } = stored;
    if (token && !(await loadCredentials())) await saveCredentials({ kind: "pasted", accessToken: token });
    await browser.storage.local.set({ [SETTINGS_KEY]: rest });
    return rest;
  }
  return stored;
}

export async function loadSettings(): Promise<Settings> {
  // The local read first: it may move an old token into the credentials.
  const local = await readLocal();
  const [managed, credentials] = await Promise.all([loadManaged(), loadCredentials()]);
  const parsed: LocalSettings | undefined = local
    ? { ...(typeof local.workerUrl === "string" && local.workerUrl ? { workerUrl: local.workerUrl } : {}), ...(Array.isArray(local.sites) ? { sites: local.sites } : {}) }
    : undefined;
  return mergeSettings(parsed, buildPreset(), managed, credentials?.accessToken ?? "");
}

let kept: { settings: Promise<Settings>; onChanged: (changes: Record<string, unknown>, area: string) => void } | undefined;

/**
 * loadSettings, kept in memory until the settings, the credentials or the policy change. The background
 * answers every page load from it: three storage reads per page took a round trip through the browser
 * process each, just when it is busiest (loading that page) — up to ~180 ms before a page's first badge.
 * The memo lives as long as its storage listener (a restarted service worker, or a test's reset browser,
 * starts over).
 */
export function currentSettings(): Promise<Settings> {
  if (kept && browser.storage.onChanged.hasListener(kept.onChanged)) return kept.settings;
  const onChanged = (changes: Record<string, unknown>, area: string) => {
    if (area !== "managed" && !(area === "local" && SETTINGS_KEY in changes) && !(area === "session" && CREDENTIALS_KEY in changes)) return;
    browser.storage.onChanged.removeListener(onChanged);
    if (kept?.onChanged === onChanged) kept = undefined;
  };
  browser.storage.onChanged.addListener(onChanged);
  const settings = loadSettings();
  kept = { settings, onChanged };
  settings.catch(() => {
    browser.storage.onChanged.removeListener(onChanged);
    if (kept?.onChanged === onChanged) kept = undefined;
  });
  return settings;
}

/** Keeps the officer's own values: a locked worker URL and the preset and locked policy sites are not stored. */
export async function saveSettings(settings: Settings): Promise<void> {
  const previous = (await browser.storage.local.get(SETTINGS_KEY))[SETTINGS_KEY] as LocalSettings | undefined;
  const local: LocalSettings = {
    ...(settings.locks?.workerUrl ? (previous?.workerUrl ? { workerUrl: previous.workerUrl } : {}) : { workerUrl: settings.workerUrl }),
    sites: settings.sites.filter((s) => !s.locked && s.source !== "build").map(({ locked: _locked, source: _source, ...site }) => site),
  };
  await browser.storage.local.set({ [SETTINGS_KEY]: local });
}

/** Session storage for trusted contexts only (the background, the options page, the popup): never content scripts. */
export async function protectCredentials(): Promise<void> {
  // Chrome's default already, said explicitly; Firefox has no setAccessLevel and never exposes it to content scripts.
  const session = browser.storage.session as { setAccessLevel?: (o: { accessLevel: string }) => Promise<void> };
  await session.setAccessLevel?.({ accessLevel: "TRUSTED_CONTEXTS" });
}

export async function loadCredentials(): Promise<Credentials | null> {
  const stored = (await browser.storage.session.get(CREDENTIALS_KEY))[CREDENTIALS_KEY] as Credentials | undefined;
  return stored && typeof stored.accessToken === "string" && stored.accessToken ? stored : null;
}

/** Saves (or with null, forgets) the credentials. They live for the browser session only. */
export async function saveCredentials(credentials: Credentials | null): Promise<void> {
  if (credentials) await browser.storage.session.set({ [CREDENTIALS_KEY]: credentials });
  else await browser.storage.session.remove(CREDENTIALS_KEY);
}
