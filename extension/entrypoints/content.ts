/**
 * The content script, registered at run time on the enabled sites only (background/registration.ts).
 * It asks the background which site rule this page falls under, runs the site adapters that apply and
 * mounts the toolbar and banner in shadow roots (WXT's createShadowRootUi).
 */
import { createShadowRootUi } from "wxt/utils/content-script-ui/shadow-root";
import { defineContentScript } from "wxt/utils/define-content-script";
import { PageController } from "../content/page";
import { ask } from "../messages";
import { adaptersFor } from "../sites";
import { PAGE_UI_CSS } from "../ui/styles";

export default defineContentScript({
  registration: "runtime",
  // Only the install-time hosts; other sites are registered when enabled in 设置.
  matches: ["http://localhost/*", "http://127.0.0.1/*"],
  async main(ctx) {
    const { site } = await ask({ type: "page", url: location.href });
    if (!site || ctx.isInvalid) return;
    const ui = async (name: string, append: "last" | "first") => {
      let container!: HTMLElement;
      const mounted = await createShadowRootUi(ctx, {
        name,
        position: "inline",
        anchor: "body",
        append,
        css: PAGE_UI_CSS,
        onMount: (uiContainer) => {
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
      mount: { toolbar: () => ui("chayicha-toolbar", "last"), banner: () => ui("chayicha-banner", "first") },
    });
    await page.start();
  },
});
