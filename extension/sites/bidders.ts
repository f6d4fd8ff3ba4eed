/**
 * 开标一览表 / 投标人名单: tables with a bidder column (投标人、供应商、投标单位、中标人) and a code column.
 * The bidder's name is the cell in the same row under the bidder column.
 *
 * Tested on: public/demo/bidders.html (served at /demo/bidders.html, rows added later by demo.js),
 * tests/extension/fixtures/bidders-paged.html.
 */
import { organisationName } from "../content/detect";
import { anchorElement, columnHeaders, sameRowValue } from "../content/mentions";
import type { Mention, SiteAdapter } from "../core/page-kinds";

export const BIDDER_COLUMN = /投标人|供应商|投标单位|中标人|竞买人|响应人/;
export const CODE_COLUMN = /统一社会信用代码|信用代码|组织机构代码/;

function isBidderTable(table: Element, headersOf: (table: Element) => string[] = columnHeaders): boolean {
  const headers = headersOf(table);
  return headers.some((h) => BIDDER_COLUMN.test(h)) && headers.some((h) => CODE_COLUMN.test(h));
}

/** columnHeaders, read once per table for one scan (a 5,000-row table would read its headers 10,000 times). */
function headersOnce(): (table: Element) => string[] {
  const seen = new Map<Element, string[]>();
  return (table) => {
    let headers = seen.get(table);
    if (!headers) seen.set(table, (headers = columnHeaders(table)));
    return headers;
  };
}

export const bidders: SiteAdapter = {
  kind: "bidders",
  label: "投标人名单",
  checkOnLoad: false,
  appliesTo: (document) => Array.from(document.querySelectorAll("table")).some((table) => isBidderTable(table)),
  mentions(found) {
    const out: Mention[] = [];
    const headersOf = headersOnce();
    for (const f of found) {
      const table = anchorElement(f.anchor)?.closest("table");
      if (!table || !isBidderTable(table, headersOf)) continue;
      const name = organisationName(sameRowValue(f.anchor, BIDDER_COLUMN, headersOf));
      out.push(name ? { code: f.code, name, anchor: f.anchor } : { code: f.code, anchor: f.anchor });
    }
    return out;
  },
};
