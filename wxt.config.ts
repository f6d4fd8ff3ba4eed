/**
 * The 查一查 browser extension (WXT + Preact), built from extension/ into dist/extension/<browser>-mv3.
 * `npm run ext:build` (Chrome/Edge and Firefox), `npm run ext:zip` (store packages). See docs/extension.md.
 * A managed build reads CHAYICHA_WORKER_URL, CHAYICHA_SITES (`pattern[=scene]`, comma-separated) and
 * CHAYICHA_OIDC_ISSUER / CHAYICHA_OIDC_CLIENT_ID / CHAYICHA_OIDC_SCOPE; CHAYICHA_OUT_DIR builds elsewhere.
 */
import preact from "@preact/preset-vite";
import { defineConfig } from "wxt";
import { presetFromEnv, presetManifest } from "./extension/settings/preset";

const preset = presetFromEnv(process.env);
const presetPermissions = presetManifest(preset);

export default defineConfig({
  srcDir: "extension",
  outDir: process.env.CHAYICHA_OUT_DIR || "dist/extension",
  // The root public/ is the worker's (Workers Assets); the extension has its own.
  publicDir: "extension/public",
  modulesDir: "extension/modules",
  manifestVersion: 3,
  // Everything is imported explicitly: the code reads the same in the editor, the tests and the build.
  imports: false,
  // The preset is compiled in (settings/preset.ts reads it); an empty preset is the plain build.
  vite: () => ({ plugins: [preact()], define: { __CHAYICHA_PRESET__: JSON.stringify(JSON.stringify(preset)) } }),
  // Firefox's review asks for the sources that build the extension: extension/, shared/ and the build files.
  zip: {
    artifactTemplate: "chayicha-{{version}}-{{browser}}.zip",
    excludeSources: ["worker/**", "migrations/**", "public/**", "scripts/**", "tests/**", "bench/**", "test-results/**", "docs/**", "wrangler.toml", "vitest*.ts", ".scratch/**"],
  },
  manifest: ({ browser }) => ({
    name: "查一查",
    description: "在招标投标、政府采购和行政审批页面中就地核查主体信用：名单、措施、结论和签名凭证。",
    default_locale: undefined,
    // identity: 「登录」 through launchWebAuthFlow (OAuth 2.0 with PKCE); alarms and notifications: the
    // minute's poll for monitoring alerts and the system notification of new ones.
    permissions: ["storage", "scripting", "identity", "alarms", "notifications"],
    // The default worker and its demo pages, and the build preset's sites, worker and identity provider;
    // every other site is asked for when it is enabled in 设置.
    host_permissions: [...new Set(["http://localhost/*", "http://127.0.0.1/*", ...presetPermissions.hostPermissions])],
    optional_host_permissions: ["<all_urls>"],
    // Preset sites run with no prompt and no visit to 设置 (the background registers only the others).
    ...(presetPermissions.matches.length > 0 ? { content_scripts: [{ matches: presetPermissions.matches, js: ["content-scripts/content.js"], run_at: "document_start" as const }] } : {}),
    // Policy (Chrome/Edge 3rdparty): worker URL, sites, lock, identity provider. Firefox reads policies.json without a schema.
    ...(browser === "firefox" ? {} : { storage: { managed_schema: "managed_schema.json" } }),
    ...(browser === "firefox" ? { browser_specific_settings: { gecko: { id: "chayicha@chayicha.extension", strict_min_version: "128.0" } } } : {}),
  }),
});
