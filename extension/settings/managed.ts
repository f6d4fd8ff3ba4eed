/**
 * Managed deployment, the second way: what an IT department sets by policy (Chrome/Edge 3rdparty policy,
 * Firefox policies.json "3rdparty"), read from `browser.storage.managed` against public/managed_schema.json.
 * Pure parsing here; store.ts merges it over the officer's own settings.
 */
import { browser } from "wxt/browser";
import { DEFAULT_OIDC_SCOPE, type OidcConfig } from "./preset";
import { DEFAULT_PURPOSE_TEMPLATE, type PurposeField, type SiteRule, isKnownScene, parsePattern } from "./sites";

export interface ManagedConfig {
  workerUrl?: string;
  sites: SiteRule[];
  /** false (the default): managed values win and are locked; true: they are defaults the officer may change. */
  officersMayChange: boolean;
  oidc?: OidcConfig;
}

const str = (v: unknown): string | undefined => (typeof v === "string" && v.trim() ? v.trim() : undefined);

function fields(value: unknown): PurposeField[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((f: Record<string, unknown>) => {
    const name = str(f?.name);
    if (!name) return [];
    const selector = str(f.selector);
    const pattern = str(f.pattern);
    return [{ name, ...(selector ? { selector } : {}), ...(pattern ? { pattern } : {}) }];
  });
}

/**
 * Reads a policy object. Entries that cannot be used (a site without a valid pattern or with an unknown
 * scene) are dropped, not guessed at: the policy is the administrator's, and 设置 shows what took effect.
 */
export function parseManaged(raw: Record<string, unknown> | undefined): ManagedConfig {
  const value = raw ?? {};
  const officersMayChange = value.officersMayChange === true;
  const sites: SiteRule[] = [];
  const list = Array.isArray(value.sites) ? value.sites : [];
  list.forEach((entry: Record<string, unknown>, i) => {
    const pattern = str(entry?.pattern);
    const scene = str(entry?.scene);
    if (!pattern || !scene || !isKnownScene(scene) || !(pattern.startsWith("/") || parsePattern(pattern))) return;
    sites.push({
      id: `policy-${i + 1}`,
      label: str(entry.label) ?? pattern,
      pattern,
      scene,
      purposeTemplate: str(entry.purposeTemplate) ?? DEFAULT_PURPOSE_TEMPLATE,
      fields: fields(entry.fields),
      enabled: true,
      source: "policy",
      locked: !officersMayChange,
    });
  });
  const workerUrl = str(value.workerUrl);
  const issuer = str(value.oidcIssuer);
  const clientId = str(value.oidcClientId);
  return {
    ...(workerUrl ? { workerUrl } : {}),
    sites,
    officersMayChange,
    ...(issuer && clientId ? { oidc: { issuer: issuer.replace(/\/+$/, ""), clientId, scope: str(value.oidcScope) ?? DEFAULT_OIDC_SCOPE } } : {}),
  };
}

/** The policy in force; none (an empty config) where the browser has no managed storage or no policy. */
export async function loadManaged(): Promise<ManagedConfig> {
  try {
    // Firefox rejects when no policy names this extension; Chrome answers {}.
    return parseManaged((await browser.storage.managed.get()) as Record<string, unknown>);
  } catch {
    return parseManaged(undefined);
  }
}
