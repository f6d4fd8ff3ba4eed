/**
 * Any page: every valid 统一社会信用代码 in text, table cells and text fields, with the organisation named
 * just before it (same text, or an earlier cell of its row). Runs last and takes what the specific
 * adapters left.
 *
 * Tested on: tests/extension/fixtures/generic-notice.html (a 中标公告 in prose), and every demo page.
 */
import { nearbyName } from "../content/mentions";
import type { Mention, SiteAdapter } from "../core/page-kinds";

export const generic: SiteAdapter = {
  kind: "generic",
  label: "通用页面",
  checkOnLoad: false,
  appliesTo: () => true,
  mentions(found) {
    return found.map((f): Mention => {
      const name = nearbyName(f);
      return name ? { code: f.code, name, anchor: f.anchor } : { code: f.code, anchor: f.anchor };
    });
  },
};
