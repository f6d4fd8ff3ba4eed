/**
 * The background service worker: the only part that talks to the worker. It answers the pages
 * (router.ts), checks and verifies (checker.ts), and keeps the content script registered on the enabled
 * sites as the settings change.
 */
import { browser } from "wxt/browser";
import { defineBackground } from "wxt/utils/define-background";
import { Account } from "../background/account";
import { Auth } from "../background/auth";
import { Checker } from "../background/checker";
import { ALERT_ALARM, ALERT_POLL_MINUTES, Monitoring } from "../background/monitoring";
import { ReceiptKeys } from "../background/receipt-keys";
import { releaseUnusedOrigins, syncContentScripts } from "../background/registration";
import { ResultCache } from "../background/result-cache";
import { listen } from "../background/router";
import { CREDENTIALS_KEY, SETTINGS_KEY, loadSettings, protectCredentials, saveSettings } from "../settings/store";

export default defineBackground({
  type: "module",
  main() {
    const fetchFn = (input: string, init?: RequestInit) => fetch(input, init);
    const cache = new ResultCache();
    // Tokens live in storage.session: closed to content scripts before anything is stored there.
    void protectCredentials().catch((err: unknown) => console.error("查一查：无法限制会话存储的访问", err));
    const checker = new Checker({ fetch: fetchFn, keys: new ReceiptKeys(fetchFn), cache });
    const account = new Account({ fetch: fetchFn, auth: new Auth({ fetch: fetchFn }), checker });
    const monitoring = new Monitoring({ fetch: fetchFn, settings: () => account.settings() });
    listen({ checker, cache, account, monitoring });

    // Alerts: polled every minute while the browser runs (the count on the icon, a notification for new ones).
    const poll = () => void monitoring.pollAlerts().catch((err: unknown) => console.error("查一查：无法读取监控提醒", err));
    void browser.alarms.create(ALERT_ALARM, { periodInMinutes: ALERT_POLL_MINUTES, delayInMinutes: ALERT_POLL_MINUTES });
    browser.alarms.onAlarm.addListener((alarm) => {
      if (alarm.name === ALERT_ALARM) poll();
    });
    poll();

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
    // 「授予访问权限」 on a policy site in 设置: register it as soon as the host is granted.
    browser.permissions.onAdded.addListener(() => void sync());
    browser.storage.onChanged.addListener((changes, area) => {
      // The administrator's policy can change while the browser runs (storage.managed).
      if ((area === "local" && changes[SETTINGS_KEY]) || area === "managed") void sync();
      // Signed in or out: the icon's count follows at once.
      if (area === "session" && changes[CREDENTIALS_KEY]) poll();
    });
  },
});
