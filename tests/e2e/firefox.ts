/**
 * Debian's Firefox ESR driven over WebDriver BiDi (the W3C protocol Firefox speaks natively on
 * --remote-debugging-port), with Node's own WebSocket: no geckodriver, no patched browser. Enough of the
 * protocol for the extension suite: a session, installing the unsigned MV3 build as a temporary add-on
 * (webExtension.install), navigating, evaluating scripts and taking screenshots.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { freePort } from "./server";
import type { Hook } from "./test-hook";

export const FIREFOX_PATH = process.env.FIREFOX_PATH ?? "/usr/bin/firefox-esr";
/** The add-on id of the Firefox build (browser_specific_settings.gecko.id). */
export const EXTENSION_ID = "chayicha@chayicha.extension";

type Json = Record<string, unknown>;

export interface Firefox {
  /** Sends one BiDi command and resolves with its result (rejects with the error and message). */
  send<T = Json>(method: string, params: Json): Promise<T>;
  /** The top-level browsing context of the first tab. */
  context: string;
  /** Evaluates an expression in a browsing context and returns its value (awaiting promises). */
  evaluate<T = unknown>(context: string, expression: string): Promise<T>;
  navigate(context: string, url: string): Promise<void>;
  screenshot(context: string, path: string): Promise<void>;
  close(): Promise<void>;
}

/** Profile preferences: quiet on a closed network, and a fixed add-on UUID so moz-extension:// URLs are known. */
function userJs(extensionId: string, uuid: string): string {
  const prefs: Record<string, unknown> = {
    "browser.shell.checkDefaultBrowser": false,
    "browser.startup.homepage_override.mstone": "ignore",
    "browser.aboutwelcome.enabled": false,
    "datareporting.policy.dataSubmissionEnabled": false,
    "datareporting.healthreport.uploadEnabled": false,
    "toolkit.telemetry.reportingpolicy.firstRun": false,
    "app.update.disabledForTesting": true,
    "extensions.update.enabled": false,
    "extensions.getAddons.cache.enabled": false,
    "browser.safebrowsing.malware.enabled": false,
    "browser.safebrowsing.phishing.enabled": false,
    "network.connectivity-service.enabled": false,
    "network.captive-portal-service.enabled": false,
    "browser.newtabpage.enabled": false,
    "browser.download.dir": tmpdir(),
    "browser.download.folderList": 2,
    "extensions.webextensions.uuids": JSON.stringify({ [extensionId]: uuid }),
  };
  return Object.entries(prefs).map(([k, v]) => `user_pref(${JSON.stringify(k)}, ${JSON.stringify(v)});`).join("\n");
}

/** Starts headless Firefox ESR with a fresh profile and opens a BiDi session. */
export async function launchFirefox(options: { extensionId: string; uuid: string; managed?: Record<string, unknown> }): Promise<Firefox> {
  const profile = mkdtempSync(join(tmpdir(), "chayicha-firefox-"));
  writeFileSync(join(profile, "user.js"), userJs(options.extensionId, options.uuid));
  // An administrator's values for storage.managed: Firefox reads a managed-storage manifest named after the
  // add-on from ~/.mozilla/managed-storage/ (the per-user place; /usr/lib/mozilla/managed-storage/ is the
  // machine-wide one). HOME points at a folder of this run, so nothing outside it is touched.
  let home: string | undefined;
  if (options.managed) {
    home = mkdtempSync(join(tmpdir(), "chayicha-firefox-home-"));
    mkdirSync(join(home, ".mozilla", "managed-storage"), { recursive: true });
    writeFileSync(join(home, ".mozilla", "managed-storage", `${options.extensionId}.json`), JSON.stringify({ name: options.extensionId, description: "查一查 e2e policy", type: "storage", data: options.managed }));
  }
  const port = await freePort();
  const child: ChildProcess = spawn(FIREFOX_PATH, ["--headless", "--no-remote", "--profile", profile, `--remote-debugging-port=${port}`, "--remote-allow-hosts", "127.0.0.1,localhost",
    // Lets BiDi open moz-extension:// pages (the options page); without it navigation there is refused.
    "--remote-allow-system-access", "about:blank"], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, ...(home ? { HOME: home } : {}), MOZ_REMOTE_SETTINGS_DEVTOOLS: "1", MOZ_CRASHREPORTER_DISABLE: "1" },
  });
  let log = "";
  child.stdout?.on("data", (d) => (log += d));
  child.stderr?.on("data", (d) => (log += d));

  let socket: WebSocket | undefined;
  for (let i = 0; i < 150 && !socket; i++) {
    if (child.exitCode !== null) throw new Error(`firefox-esr exited early (${child.exitCode}):\n${log}`);
    socket = await new Promise<WebSocket | undefined>((resolve) => {
      const ws = new WebSocket(`ws://127.0.0.1:${port}/session`);
      ws.onopen = () => resolve(ws);
      ws.onerror = () => resolve(undefined);
    });
    if (!socket) await sleep(200);
  }
  if (!socket) throw new Error(`firefox-esr did not open WebDriver BiDi on port ${port} within 30 s:\n${log}`);

  let nextId = 1;
  const pending = new Map<number, { resolve: (v: Json) => void; reject: (e: Error) => void }>();
  socket.onmessage = (event) => {
    const message = JSON.parse(String(event.data)) as { id?: number; type: string; result?: Json; error?: string; message?: string };
    if (message.id === undefined) return;
    const waiter = pending.get(message.id);
    pending.delete(message.id);
    if (message.type === "error") waiter?.reject(new Error(`BiDi ${message.error}: ${message.message}`));
    else waiter?.resolve(message.result ?? {});
  };
  const ws = socket;
  const send = <T = Json>(method: string, params: Json) =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve: resolve as (v: Json) => void, reject });
      ws.send(JSON.stringify({ id, method, params }));
    });

  await send("session.new", { capabilities: { alwaysMatch: { acceptInsecureCerts: true, unhandledPromptBehavior: { default: "ignore" } } } });
  const tree = await send<{ contexts: { context: string }[] }>("browsingContext.getTree", { maxDepth: 0 });
  const context = tree.contexts[0]!.context;

  const evaluate = async <T>(ctx: string, expression: string): Promise<T> => {
    const result = await send<{ type: string; result?: { type: string; value?: unknown }; exceptionDetails?: { text: string } }>("script.evaluate", {
      expression,
      target: { context: ctx },
      awaitPromise: true,
      resultOwnership: "none",
    });
    if (result.type === "exception") throw new Error(`页面脚本出错：${result.exceptionDetails?.text}`);
    return deserialize(result.result) as T;
  };

  return {
    send,
    context,
    evaluate,
    async navigate(ctx, url) {
      await send("browsingContext.navigate", { context: ctx, url, wait: "complete" });
    },
    async screenshot(ctx, path) {
      const { data } = await send<{ data: string }>("browsingContext.captureScreenshot", { context: ctx, origin: "document" });
      writeFileSync(path, Buffer.from(data, "base64"));
    },
    async close() {
      await send("browser.close", {}).catch(() => undefined);
      ws.close();
      for (let i = 0; i < 50 && child.exitCode === null; i++) await sleep(100);
      if (child.exitCode === null) child.kill("SIGKILL");
      rmSync(profile, { recursive: true, force: true });
      if (home) rmSync(home, { recursive: true, force: true });
    },
  };
}

/**
 * Loads `url` in `context` and counts the badges the content script put in (0 while it is not there yet). The
 * background registers content scripts some time after the settings or policy change, so suites poll this.
 */
export async function loadAndCountBadges(firefox: Firefox, context: string, url: string, hook: Hook): Promise<number> {
  await firefox.navigate(context, url);
  return hook.badges().then((b) => b.length, () => 0);
}

/** BiDi's serialised remote values, for the shapes the suite uses (primitives, arrays, objects). */
function deserialize(value: { type: string; value?: unknown } | undefined): unknown {
  if (!value) return undefined;
  switch (value.type) {
    case "undefined":
    case "null":
      return null;
    case "string":
    case "number":
    case "boolean":
      return value.value;
    case "array":
      return (value.value as { type: string; value?: unknown }[]).map(deserialize);
    case "object":
      return Object.fromEntries((value.value as [string | { type: string; value?: unknown }, { type: string; value?: unknown }][]).map(([k, v]) => [typeof k === "string" ? k : String(deserialize(k)), deserialize(v)]));
    default:
      return value.value;
  }
}
