/**
 * The background service worker: the only part that talks to the worker. It answers the pages
 * (router.ts), checks and verifies (checker.ts), and keeps the content script registered on the enabled
 * sites as the settings change.
 */
import { browser } from "wxt/browser";
import { defineBackground } from "wxt/utils/define-background";
import { Checker } from "../background/checker";
import { ReceiptKeys } from "../background/receipt-keys";
import { releaseUnusedOrigins, syncContentScripts } from "../background/registration";
import { ResultCache } from "../background/result-cache";
import { listen } from "../background/router";
import { SETTINGS_KEY, closeSecretsToContentScripts, loadSettings, saveSettings } from "../settings/store";

export default defineBackground({
  type: "module",
  main() {
    // The token lives in storage.session: keep that area closed to content scripts.
    void closeSecretsToContentScripts();
    const fetchFn = (input: string, init?: RequestInit) => fetch(input, init);
    const cache = new ResultCache();
    listen({ checker: new Checker({ fetch: fetchFn, keys: new ReceiptKeys(fetchFn), cache }), cache });

    // One sync at a time: two overlapping ones would register the same script id twice.
    let syncing: Promise<void> = Promise.resolve();
    const sync = () => {
      syncing = syncing
        .then(async () => {
          const settings = await loadSettings();
          await syncContentScripts(settings);
          await releaseUnusedOrigins(settings);
        })
        .catch((err: unknown) => console.error("查一查：无法按设置注册内容脚本", err));
      return syncing;
    };
    browser.runtime.onInstalled.addListener(async () => {
      // A fresh install starts with the demo sites enabled on the default worker.
      const stored = await browser.storage.local.get(SETTINGS_KEY);
      if (!stored[SETTINGS_KEY]) await saveSettings(await loadSettings());
      await sync();
    });
    browser.runtime.onStartup.addListener(() => void sync());
    browser.storage.onChanged.addListener((changes, area) => {
      if (area === "local" && changes[SETTINGS_KEY]) void sync();
    });
  },
});
