/**
 * 开标一览表 / 投标人名单: tables with a bidder column (投标人、供应商、投标单位、中标人) and a code column.
 * The bidder's name is the cell in the same row under the bidder column. A row is a winner (中标) when a
 * result column (评标结果、定标结果、是否中标) says 中标 / 是 / 成交, or when the name column itself is
 * 中标人 / 中标单位 / 成交供应商 (a table of winners); 「监控中标人」 on the toolbar watches those rows.
 *
 * Tested on: public/demo/bidders.html (served at /demo/bidders.html, rows added later by demo.js),
 * tests/extension/fixtures/bidders-paged.html.
 */
import { organisationName } from "../content/detect";
import { anchorElement, columnHeaders, sameRowValue } from "../content/mentions";
import type { Mention, SiteAdapter } from "../core/page-kinds";

export const BIDDER_COLUMN = /投标人|供应商|投标单位|中标人|竞买人|响应人/;
export const CODE_COLUMN = /统一社会信用代码|信用代码|组织机构代码/;
export const RESULT_COLUMN = /评标结果|定标结果|是否中标|中标结果|成交结果/;
/** What a result cell says for a winner (未中标 and 中标候选人 are not). */
export const WINNER_CELL = /^(?:中标|中标人|拟中标|确定中标|是|√|✓|成交)$/;
const WINNERS_TABLE = /中标人|中标单位|中标供应商|成交供应商|成交人/;

/** Whether the row of `anchor` is marked as a winner. */
function isWinner(anchor: Mention["anchor"], headersOf: (table: Element) => string[]): boolean {
  const result = sameRowValue(anchor, RESULT_COLUMN, headersOf);
  if (result !== undefined) return WINNER_CELL.test(result.replace(/\s+/g, ""));
  const table = anchorElement(anchor)?.closest("table");
  const nameHeader = table ? headersOf(table).find((h) => BIDDER_COLUMN.test(h)) : undefined;
  return !!nameHeader && WINNERS_TABLE.test(nameHeader);
}

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
      const winner = isWinner(f.anchor, headersOf);
      out.push({ code: f.code, anchor: f.anchor, ...(name ? { name } : {}), ...(winner ? { role: "winner" as const } : {}) });
    }
    return out;
  },
};
