/**
 * The content script runs only on enabled sites whose host permission was granted: one dynamic
 * registration (scripting.registerContentScripts) that follows the settings. Host permissions are asked
 * for by the options page (it needs the click); the background drops the ones no site needs any more.
 */
import { browser } from "wxt/browser";
import { buildPreset, presetManifest } from "../settings/preset";
import { permissionOrigin, registrationMatch } from "../settings/sites";
import type { Settings } from "../settings/store";

export const CONTENT_SCRIPT_ID = "chayicha-sites";
export const CONTENT_SCRIPT_FILE = "content-scripts/content.js";
/** Granted at install (manifest host_permissions, the build preset's included): never removed. */
export const INSTALL_TIME_ORIGINS = ["http://localhost/*", "http://127.0.0.1/*", ...presetManifest(buildPreset()).hostPermissions];

/** Host permissions the settings need: the worker and every enabled site. */
export function neededOrigins(settings: Settings): string[] {
  const worker = new URL(settings.workerUrl);
  const origins = new Set([`${worker.protocol}//${worker.hostname}/*`]);
  for (const site of settings.sites) {
    const origin = site.enabled ? permissionOrigin(site.pattern, settings.workerUrl) : undefined;
    if (origin) origins.add(origin);
  }
  return [...origins];
}

/** Registers the content script for exactly the enabled, permitted sites. Returns the match patterns. */
export async function syncContentScripts(settings: Settings): Promise<string[]> {
  const matches = new Set<string>();
  for (const site of settings.sites) {
    // Build-preset sites run from the manifest's content_scripts; registering them too would inject twice.
    if (!site.enabled || site.source === "build") continue;
    const match = registrationMatch(site.pattern, settings.workerUrl);
    const origin = permissionOrigin(site.pattern, settings.workerUrl);
    if (match && origin && (await browser.permissions.contains({ origins: [origin] }))) matches.add(match);
  }
  const existing = await browser.scripting.getRegisteredContentScripts({ ids: [CONTENT_SCRIPT_ID] });
  if (existing.length > 0) await browser.scripting.unregisterContentScripts({ ids: [CONTENT_SCRIPT_ID] });
  if (matches.size > 0) {
    await browser.scripting.registerContentScripts([{ id: CONTENT_SCRIPT_ID, matches: [...matches], js: [CONTENT_SCRIPT_FILE], runAt: "document_start" }]);
  }
  return [...matches];
}

/** Gives back optional host permissions that no enabled site (nor the worker) needs. */
export async function releaseUnusedOrigins(settings: Settings): Promise<string[]> {
  const granted = (await browser.permissions.getAll()).origins ?? [];
  const needed = new Set([...neededOrigins(settings), ...INSTALL_TIME_ORIGINS]);
  const unused = granted.filter((origin) => !needed.has(origin) && origin !== "<all_urls>");
  if (unused.length > 0) await browser.permissions.remove({ origins: unused });
  return unused;
}
