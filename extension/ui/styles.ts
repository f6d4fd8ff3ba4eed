/**
 * Styles of everything we put into a page, applied inside our shadow roots only: the page's CSS cannot
 * reach them and they cannot reach the page. Decision colours come from shared/domain/decisions.ts.
 */
import { DECISION_COLOURS } from "../../shared/domain/decisions";

const decisionRules = Object.entries(DECISION_COLOURS)
  .map(([decision, c]) => `.badge[data-decision="${decision}"]{color:${c.text};background:${c.background};border-color:${c.background}}`)
  .join("\n");

export const FONT = `"PingFang SC","Microsoft YaHei","Noto Sans CJK SC","WenQuanYi Micro Hei",system-ui,sans-serif`;

/**
 * The badge host's own style, a `:host` rule in the badge stylesheet every badge root shares (an !important
 * rule inside a shadow root outranks the page's !important rules on its host, and one shared sheet is parsed
 * once where 5,000 style attributes were parsed one by one — ~10 % of the style and layout badges cost). A 5,000-row
 * table holds thousands of badges, so the host is a box of fixed size that the page's layout never looks
 * into: drawing a decision into it cannot change the width of the cell (no relayout of the whole table per
 * answer), and `content-visibility: auto` skips the style and layout of the badges scrolled out of view
 * (they stay in the accessibility tree, focusable and findable). The badge is drawn inside at its own width;
 * the 2–3 px of padding keep its focus ring inside the host's paint containment.
 * BADGE_HOST_WIDTH fits the longest badge (「A 守信激励 · 命中12 !」); anything longer ends in 「…」 and is
 * read in full from the tooltip and by screen readers.
 */
export const BADGE_HOST_WIDTH = 150;
export const BADGE_HOST_HEIGHT = 24;
const HOST_RULE = `:host{all:initial !important;display:inline-block !important;box-sizing:border-box !important;width:${BADGE_HOST_WIDTH}px !important;height:${BADGE_HOST_HEIGHT}px !important;padding:2px 3px !important;margin:0 0 0 3px !important;vertical-align:middle !important;contain:strict !important;content-visibility:auto !important;contain-intrinsic-size:${BADGE_HOST_WIDTH}px ${BADGE_HOST_HEIGHT}px !important}`;

/**
 * The toolbar host's own style, a `:host` rule in its shadow root (WXT's `:host{all:initial !important}`
 * reset sits in the same root and outranks any !important style attribute from outside, so it goes here,
 * after the reset; the page's CSS cannot override it either). The toolbar and the panel are
 * `position: fixed`; in a host that is an ordinary block at the end of <body>, every change of the toolbar
 * (已核查 1,200 / 5,000, a new receipt) dirtied the page's root and Chrome laid out the whole document again —
 * 20–80 ms on a 5,000-row table for a line of text in the corner (DevTools traces: `partialLayout: false`).
 * This host covers the viewport with a size that does not depend on its content and contains its own
 * layout, so changes inside it are laid out inside it. It is the containing block of the fixed toolbar and
 * panel with the viewport's box, so they sit where they did. It lets every click through
 * (`pointer-events: none`); the toolbar, pill and panel take clicks again (PAGE_UI_CSS).
 */
export const TOOLBAR_HOST_CSS = ":host{display:block !important;position:fixed !important;inset:0 !important;margin:0 !important;padding:0 !important;pointer-events:none !important;contain:size layout style !important;z-index:2147483646 !important}";

export const BADGE_CSS = `
${HOST_RULE}
.badge{all:initial;box-sizing:border-box;display:block;width:max-content;max-width:100%;height:20px;overflow:hidden;text-overflow:ellipsis;font:500 12px/18px ${FONT};
  padding:0 8px;border:1px solid #9aa5b1;border-radius:10px;background:#fff;color:#1f2933;cursor:pointer;white-space:nowrap;}
.grade{margin-right:4px}.hits,.warn{margin-left:4px}
.badge:focus-visible{outline:2px solid #1d4ed8;outline-offset:0}
.badge[data-state="checking"]{color:#52606d;border-style:dashed;cursor:progress}
.badge[data-state="error"],.badge[data-state="unverified"]{color:#b4232a;border-color:#b4232a;background:#fff5f5}
.badge[data-state="unresolved"]{color:#52606d;background:#f5f7fa}
.grade{font-weight:700}
.hits{font-weight:400;opacity:.9}
.warn{font-weight:700}
${decisionRules}
`;

export const PAGE_UI_CSS = `
:host{all:initial}
*{box-sizing:border-box}
.ui{font:14px/1.6 ${FONT};color:#1f2933}
.toolbar{position:fixed;right:16px;bottom:16px;z-index:2147483646;width:340px;max-width:calc(100vw - 32px);background:#fff;
  border:1px solid #cbd2d9;border-radius:10px;box-shadow:0 6px 24px rgba(15,23,42,.18);padding:12px 14px}
.toolbar,.toolbar-pill,.panel{pointer-events:auto}
.toolbar[hidden]{display:none}
.toolbar-head{display:flex;justify-content:space-between;align-items:center}
.toolbar-pill{position:fixed;right:16px;bottom:16px;z-index:2147483646;border-radius:16px}
.toolbar h2,.panel h2,.banner h2{font:600 15px/1.4 ${FONT};margin:0 0 6px}
.meta{color:#52606d;font-size:12px;margin:0 0 8px}
button,.link{font:500 13px/1.4 ${FONT};border-radius:6px;border:1px solid #1d4ed8;background:#1d4ed8;color:#fff;padding:6px 12px;cursor:pointer;text-decoration:none;display:inline-block}
button.secondary,.link.secondary{background:#fff;color:#1d4ed8}
button:disabled{opacity:.6;cursor:progress}
button:focus-visible,.link:focus-visible{outline:2px solid #f59e0b;outline-offset:2px}
.summary{display:flex;flex-wrap:wrap;gap:6px;margin:8px 0;padding:0;list-style:none}
.summary li{font-size:12px;padding:2px 8px;border-radius:9px;background:#f0f4f8}
.summary li[data-kind="block"]{background:#b4232a;color:#fff}
.summary li[data-kind="review"]{background:#a15c00;color:#fff}
.summary li[data-kind="benefit"]{background:#1d7a3e;color:#fff}
.problem{color:#b4232a;background:#fff5f5;border:1px solid #f5c2c2;border-radius:6px;padding:6px 8px;margin:8px 0;font-size:13px}
.problem .actions,.ask .actions{margin-top:6px;display:flex;gap:6px}
.ask{color:#7c4a03;background:#fffbea;border:1px solid #f0d58c;border-radius:6px;padding:6px 8px;margin:8px 0;font-size:13px}
.purpose{margin:0 0 8px;font-size:12px;color:#1f2933;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.progress{margin:6px 0;font-size:12px;color:#52606d;display:flex;align-items:center;gap:8px}
.progress progress{flex:1;height:6px}
.receipts{margin:8px 0 0;padding:0;list-style:none;font-size:12px}
.receipts li{display:flex;flex-wrap:wrap;align-items:center;gap:6px;margin-top:6px}
.receipts .number{font-family:ui-monospace,monospace}
.ok{color:#1d7a3e}.bad{color:#b4232a;font-weight:600}
.panel{position:fixed;top:16px;right:16px;bottom:16px;z-index:2147483647;width:420px;max-width:calc(100vw - 32px);overflow:auto;background:#fff;
  border:1px solid #cbd2d9;border-radius:10px;box-shadow:0 8px 32px rgba(15,23,42,.25);padding:14px 16px}
.panel header{display:flex;justify-content:space-between;align-items:flex-start;gap:8px}
.panel dl{display:grid;grid-template-columns:6em 1fr;gap:2px 8px;margin:8px 0;font-size:13px}
.panel dt{color:#52606d}.panel dd{margin:0;word-break:break-all}
.panel h3{font:600 14px/1.4 ${FONT};margin:12px 0 4px}
.panel ul{margin:0;padding-left:18px;font-size:13px}
.panel li{margin-bottom:6px}
.decision{display:inline-block;padding:0 8px;border-radius:9px;font-weight:600}
.muted{color:#52606d;font-size:12px}
.banner{margin:0;padding:12px 16px;border-bottom:3px solid #b4232a;background:#fff5f5;color:#1f2933}
.banner[data-tone="benefit"]{border-color:#1d7a3e;background:#f0fff4}
.banner p{margin:4px 0;font-size:14px}
.banner ul{margin:4px 0;padding-left:20px;font-size:13px}
.banner[data-tone="info"]{border-color:#1f5fa8;background:#f3f8ff}
.commitment h3{font:600 14px/1.4 ${FONT};margin:8px 0 4px}
.commitment form{display:flex;flex-wrap:wrap;align-items:flex-end;gap:6px 12px;font-size:13px}
.commitment label{display:flex;flex-direction:column;gap:2px}
.commitment input[name=matter]{min-width:20em}
.watch{display:flex;flex-wrap:wrap;align-items:center;gap:6px;margin-top:8px}
.watch-status{flex-basis:100%;margin:2px 0;font-size:12px}
.watch-failures{margin:0;padding-left:18px;font-size:12px}
`;
