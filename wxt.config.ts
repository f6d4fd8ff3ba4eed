/**
 * The 查一查 browser extension (WXT + Preact), built from extension/ into dist/extension/<browser>-mv3.
 * `npm run ext:build` (Chrome/Edge and Firefox), `npm run ext:zip` (store packages). See docs/extension.md.
 */
import preact from "@preact/preset-vite";
import { defineConfig } from "wxt";

export default defineConfig({
  srcDir: "extension",
  outDir: "dist/extension",
  // The root public/ is the worker's (Workers Assets); the extension has its own.
  publicDir: "extension/public",
  modulesDir: "extension/modules",
  manifestVersion: 3,
  // Everything is imported explicitly: the code reads the same in the editor, the tests and the build.
  imports: false,
  vite: () => ({ plugins: [preact()] }),
  // Firefox's review asks for the sources that build the extension: extension/, shared/ and the build files.
  zip: {
    artifactTemplate: "chayicha-{{version}}-{{browser}}.zip",
    excludeSources: ["worker/**", "migrations/**", "public/**", "scripts/**", "tests/**", "bench/**", "test-results/**", "docs/**", "wrangler.toml", "vitest*.ts", ".scratch/**"],
  },
  manifest: ({ browser }) => ({
    name: "查一查",
    description: "在招标投标、政府采购和行政审批页面中就地核查主体信用：名单、措施、结论和签名凭证。",
    default_locale: undefined,
    permissions: ["storage", "scripting"],
    // The default worker and its demo pages; every other site is asked for when it is enabled in 设置.
    host_permissions: ["http://localhost/*", "http://127.0.0.1/*"],
    optional_host_permissions: ["<all_urls>"],
    ...(browser === "firefox" ? { browser_specific_settings: { gecko: { id: "chayicha@chayicha.extension", strict_min_version: "128.0" } } } : {}),
  }),
});
