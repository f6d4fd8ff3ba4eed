/**
 * Build-time presets (managed deployment, the first way): `CHAYICHA_WORKER_URL`, `CHAYICHA_SITES` and the
 * identity provider (`CHAYICHA_OIDC_ISSUER`, `CHAYICHA_OIDC_CLIENT_ID`, `CHAYICHA_OIDC_SCOPE`) read by
 * wxt.config.ts when `npm run ext:build` / `ext:zip` runs. Preset sites go into the manifest's
 * host_permissions and content_scripts, so they run with no prompt and no visit to 设置. Pure: the build
 * (Node) and the extension share it.
 */
import { DEFAULT_PURPOSE_TEMPLATE, SITE_SCENES, type SiteRule, isKnownScene, parsePattern, permissionOrigin, registrationMatch } from "./sites";

export interface OidcConfig {
  /** The issuer; its /.well-known/openid-configuration names the endpoints (OpenID Connect Discovery 1.0). */
  issuer: string;
  clientId: string;
  /** Space-separated scopes; `openid offline_access` unless configured. */
  scope: string;
}

export interface Preset {
  workerUrl?: string;
  /** Sites in the manifest: always enabled, not removable in 设置. */
  sites: SiteRule[];
  oidc?: OidcConfig;
}

export const DEFAULT_OIDC_SCOPE = "openid offline_access";

/**
 * `pattern=scene` entries, comma-separated; the scene defaults to the first one (政府采购).
 * @example parsePresetSites("https://ggzy.example.cn/bid/*=招标投标") // one rule, scene 招标投标
 */
export function parsePresetSites(value: string): SiteRule[] {
  const entries = value.split(",").map((s) => s.trim()).filter(Boolean);
  return entries.map((entry, i) => {
    const eq = entry.lastIndexOf("=");
    const pattern = (eq > 0 ? entry.slice(0, eq) : entry).trim();
    const scene = (eq > 0 ? entry.slice(eq + 1) : "").trim() || SITE_SCENES[0]!;
    if (!parsePattern(pattern)) throw new Error(`CHAYICHA_SITES: “${pattern}” is not a match pattern like https://ggzy.example.cn/bid/*`);
    if (!isKnownScene(scene)) throw new Error(`CHAYICHA_SITES: unknown scene “${scene}” (one of ${SITE_SCENES.join(", ")})`);
    return { id: `preset-${i + 1}`, label: `单位预置：${pattern}`, pattern, scene, purposeTemplate: DEFAULT_PURPOSE_TEMPLATE, fields: [], enabled: true, source: "build" as const };
  });
}

/** Reads the build environment; throws (failing the build) on a malformed value. */
export function presetFromEnv(env: Record<string, string | undefined>): Preset {
  const preset: Preset = { sites: parsePresetSites(env.CHAYICHA_SITES ?? "") };
  if (env.CHAYICHA_WORKER_URL) {
    const url = new URL(env.CHAYICHA_WORKER_URL);
    if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error("CHAYICHA_WORKER_URL must be an http(s) URL");
    preset.workerUrl = `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
  }
  if (env.CHAYICHA_OIDC_ISSUER || env.CHAYICHA_OIDC_CLIENT_ID) {
    if (!env.CHAYICHA_OIDC_ISSUER || !env.CHAYICHA_OIDC_CLIENT_ID) throw new Error("CHAYICHA_OIDC_ISSUER and CHAYICHA_OIDC_CLIENT_ID go together");
    preset.oidc = { issuer: env.CHAYICHA_OIDC_ISSUER.replace(/\/+$/, ""), clientId: env.CHAYICHA_OIDC_CLIENT_ID, scope: env.CHAYICHA_OIDC_SCOPE || DEFAULT_OIDC_SCOPE };
  }
  return preset;
}

/** The manifest's additions for a preset: host permissions (sites, worker, IdP) and the static content-script matches. */
export function presetManifest(preset: Preset): { hostPermissions: string[]; matches: string[] } {
  const base = preset.workerUrl ?? "http://localhost:8787";
  const hosts = new Set<string>();
  const matches = new Set<string>();
  for (const site of preset.sites) {
    const origin = permissionOrigin(site.pattern, base);
    const match = registrationMatch(site.pattern, base);
    if (origin) hosts.add(origin);
    if (match) matches.add(match);
  }
  for (const url of [preset.workerUrl, preset.oidc?.issuer]) {
    if (!url) continue;
    const u = new URL(url);
    hosts.add(`${u.protocol}//${u.hostname}/*`);
  }
  return { hostPermissions: [...hosts], matches: [...matches] };
}

declare const __CHAYICHA_PRESET__: string | undefined;

/** The preset this build was made with (Vite `define`, see wxt.config.ts); empty in tests and plain builds. */
export function buildPreset(): Preset {
  const raw = typeof __CHAYICHA_PRESET__ === "string" ? __CHAYICHA_PRESET__ : "";
  if (!raw) return { sites: [] };
  return JSON.parse(raw) as Preset;
}
