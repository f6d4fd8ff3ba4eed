/**
 * The content script, registered at run time on the enabled sites only (background/registration.ts).
 * It asks the background which site rule this page falls under, runs the site adapters that apply and
 * mounts the toolbar and banner in closed shadow roots (WXT's createShadowRootUi, mode "closed").
 */
import { createShadowRootUi } from "wxt/utils/content-script-ui/shadow-root";
import { defineContentScript } from "wxt/utils/define-content-script";
import { TOOLBAR_TAG, BANNER_TAG } from "../core/own-elements";
import { PageController } from "../content/page";
import { installTestBridge } from "../content/test-bridge";
import { ask } from "../messages";
import { adaptersFor } from "../sites";
import { bidders } from "../sites/bidders";
import { registerClosedRoot } from "../ui/roots";
import { PAGE_UI_CSS, TOOLBAR_HOST_CSS } from "../ui/styles";

/** Resolves once the document has a <body> (at document_start it may not yet). */
function bodyReady(document: Document): Promise<void> {
  if (document.body) return Promise.resolve();
  return new Promise((resolve) => {
    const observer = new MutationObserver(() => {
      if (!document.body) return;
      observer.disconnect();
      resolve();
    });
    observer.observe(document, { childList: true, subtree: true });
  });
}

export default defineContentScript({
  registration: "runtime",
  // Only the install-time hosts; other sites are registered when enabled in 设置.
  matches: ["http://localhost/*", "http://127.0.0.1/*"],
  async main(ctx) {
    // Test builds only: constant-folded to false in production, and the bridge is left out of the bundle.
    const bridge = import.meta.env.MODE === "test" ? installTestBridge(document, ctx.signal) : undefined;
    if (import.meta.env.MODE === "test") performance.mark("chayicha-start");
    const { site } = await ask({ type: "page", url: location.href });
    // Test builds: when the site rule came back, against the page's parse (bench:extension reports it).
    if (import.meta.env.MODE === "test") performance.mark(`chayicha-site:${document.readyState}`);
    if (!site || ctx.isInvalid) return;
    // Injected at document_start: the answer can come before the parser has made <body>.
    await bodyReady(document);
    if (ctx.isInvalid) return;
    // Which adapters apply is read from the page. Badging while it parses pays off on big bidder tables
    // (the table is laid out once, with its badges) and is safe there once the table has begun; any other
    // page (an approval form not parsed yet, say) starts when it is parsed, as before.
    if (document.readyState === "loading" && !adaptersFor(document).includes(bidders)) {
      await new Promise((resolve) => document.addEventListener("DOMContentLoaded", resolve, { once: true }));
      if (ctx.isInvalid) return;
    }
    const ui = async (name: string, append: "last" | "first", css: string) => {
      let container!: HTMLElement;
      const mounted = await createShadowRootUi(ctx, {
        name,
        mode: "closed",
        position: "inline",
        anchor: "body",
        append,
        css,
        onMount: (uiContainer, shadow, shadowHost) => {
          registerClosedRoot(shadowHost, shadow);
          container = uiContainer;
        },
      });
      mounted.mount();
      return container;
    };
    const page = new PageController({
      site,
      adapters: adaptersFor(document),
      document,
      signal: ctx.signal,
      mount: { toolbar: () => ui(TOOLBAR_TAG, "last", `${PAGE_UI_CSS}\n${TOOLBAR_HOST_CSS}`), banner: () => ui(BANNER_TAG, "first", PAGE_UI_CSS) },
    });
    bridge?.expose(page);
    await page.start();
  },
});
