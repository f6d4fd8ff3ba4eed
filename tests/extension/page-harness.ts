/**
 * A whole page in happy-dom for the page tests: the content side (adapters, badges, toolbar, banner)
 * talking through WXT's fake browser to the real background code, which calls the worker stand-in over
 * `fetch`. Our shadow roots are closed; the tests reach them through the test-build registry (ui/roots.ts).
 */
import { afterEach, beforeEach } from "vitest";
import { fakeBrowser } from "wxt/testing/fake-browser";
import { Checker } from "../../extension/background/checker";
import { Monitoring } from "../../extension/background/monitoring";
import { ReceiptKeys } from "../../extension/background/receipt-keys";
import { ResultCache } from "../../extension/background/result-cache";
import { listen } from "../../extension/background/router";
import { PageController, type PageOptions } from "../../extension/content/page";
import { ask } from "../../extension/messages";
import { defaultSettings, loadSettings, saveCredentials, saveSettings } from "../../extension/settings/store";
import { adaptersFor } from "../../extension/sites";
import { createPageHost } from "../../extension/ui/host";
import { testRootOf } from "../../extension/ui/roots";
import { PAGE_UI_CSS } from "../../extension/ui/styles";
import { loadDemoPage, loadHtml } from "./helpers";
import { WorkerStandIn } from "./worker-stand-in";

export const harness = { worker: undefined as unknown as WorkerStandIn, controller: new AbortController() };

/** Registers the per-test setup: a fresh fake browser, worker stand-in, background and settings. */
export function usePageHarness(): void {
  beforeEach(async () => {
    fakeBrowser.reset();
    harness.controller = new AbortController();
    harness.worker = await WorkerStandIn.start();
    const cache = new ResultCache();
    const monitoring = new Monitoring({ fetch: harness.worker.fetch, settings: loadSettings });
    listen({ checker: new Checker({ fetch: harness.worker.fetch, keys: new ReceiptKeys(harness.worker.fetch), cache }), cache, monitoring });
    await saveSettings(defaultSettings());
    await saveCredentials({ kind: "pasted", accessToken: "officer-token" });
  });
  afterEach(() => harness.controller.abort());
}

export const rootOf = (host: Element | null) => (host ? testRootOf(host) : undefined);
export const badges = () => Array.from(document.querySelectorAll("chayicha-badge")).map((host) => rootOf(host)!.querySelector("button")!);
export const badgeTexts = () => badges().map((b) => b.textContent);
export const toolbar = () => rootOf(document.querySelector("chayicha-toolbar"))!;
export const button = (root: ParentNode, text: string) => Array.from(root.querySelectorAll("button")).find((b) => b.textContent?.includes(text))!;

/** Opens a page at `path` of the demo worker: a demo page by file name, or `{ html }` written by the test. */
export async function openPage(page: string | { html: string }, path: string, options: Pick<PageOptions, "drawIntervalMs"> = {}): Promise<PageController> {
  (window as unknown as { happyDOM: { setURL(url: string): void } }).happyDOM.setURL(`http://localhost:8787${path}`);
  if (typeof page === "string") loadDemoPage(page);
  else loadHtml(page.html);
  const { site } = await ask({ type: "page", url: location.href });
  const mountAt = (tag: string, first: boolean) => async () => {
    const { host, container } = createPageHost(document, tag, PAGE_UI_CSS);
    if (first) document.body.prepend(host);
    else document.body.append(host);
    return container;
  };
  const controller = new PageController({ site: site!, adapters: adaptersFor(document), document, signal: harness.controller.signal, ...options, mount: { toolbar: mountAt("chayicha-toolbar", false), banner: mountAt("chayicha-banner", true) } });
  await controller.start();
  return controller;
}
