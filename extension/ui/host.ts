/**
 * Closed shadow-root hosts: one small element after each mention for its badge, one for the toolbar and
 * one for the banner. Badges share one stylesheet (a constructed sheet where the browser lets content
 * scripts adopt it, else a <style>). The page's CSS reaches none of them, nor do its scripts (ui/roots.ts).
 */
import { BADGE_TAG } from "../core/own-elements";
import { attachClosedRoot } from "./roots";
import { BADGE_CSS } from "./styles";

let sharedSheet: CSSStyleSheet | null | undefined;

function badgeSheet(): CSSStyleSheet | null {
  if (sharedSheet !== undefined) return sharedSheet;
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(BADGE_CSS);
    sharedSheet = sheet;
  } catch {
    sharedSheet = null;
  }
  return sharedSheet;
}

function style(root: ShadowRoot, css: string, sheet: CSSStyleSheet | null): void {
  if (sheet) {
    try {
      root.adoptedStyleSheets = [sheet];
      return;
    } catch {
      // Firefox content scripts cannot adopt a sheet made in their sandbox: fall back to <style>.
      sharedSheet = null;
    }
  }
  const el = root.ownerDocument.createElement("style");
  el.textContent = css;
  root.append(el);
}

/** A badge host with its closed shadow root; the caller places it. */
export function createBadgeHost(document: Document): { host: HTMLElement; root: ShadowRoot } {
  const host = document.createElement(BADGE_TAG);
  const root = attachClosedRoot(host);
  style(root, BADGE_CSS, badgeSheet());
  return { host, root };
}

/** A closed shadow host for page-wide UI (toolbar, banner) where WXT's content-script context is not at hand. */
export function createPageHost(document: Document, tag: string, css: string): { host: HTMLElement; root: ShadowRoot; container: HTMLElement } {
  const host = document.createElement(tag);
  host.setAttribute("style", "all:initial !important;display:block !important;");
  const root = attachClosedRoot(host);
  const el = document.createElement("style");
  el.textContent = css;
  const container = document.createElement("div");
  root.append(el, container);
  return { host, root, container };
}
