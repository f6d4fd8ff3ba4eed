import { beforeEach, describe, expect, it } from "vitest";
import { Scanner, SCAN_DEBOUNCE_MS } from "../../extension/content/scanner";
import type { Mention } from "../../extension/core/page-kinds";
import { adaptersFor } from "../../extension/sites";
import { loadFixture, settle } from "./helpers";

const brief = (mentions: Mention[]) => mentions.map((m) => ({ code: m.code, name: m.name, role: m.role, in: m.anchor.nodeType === Node.TEXT_NODE ? "text" : "field" }));

function scanPage(): { scanner: Scanner; first: Mention[]; later: Mention[][] } {
  const later: Mention[][] = [];
  const scanner = new Scanner(adaptersFor(document), (m) => later.push(m));
  const first = scanner.scan(document.body);
  return { scanner, first, later };
}

/** A row added by the page's script, as a bid-opening system would. */
function addRow(texts: string[]): void {
  const row = document.createElement("tr");
  for (const text of texts) row.append(Object.assign(document.createElement("td"), { textContent: text }));
  document.querySelector("#list tbody")!.append(row);
}

describe("site adapters on fixture pages", () => {
  beforeEach(() => {
    document.body.innerHTML = "";
  });

  it("bidder list: names from the 供应商名称 column, codes in cells and inputs, invalid and pilot codes left alone", () => {
    loadFixture("bidders-paged.html");
    expect(adaptersFor(document).map((a) => a.kind)).toEqual(["bidders", "generic"]);
    expect(brief(scanPage().first)).toEqual([
      { code: "91500113408203338U", name: "重庆恒盛建材有限公司", role: undefined, in: "text" },
      { code: "91500112484746545R", name: "重庆瑞丰物流有限公司", role: undefined, in: "text" },
      { code: "91500112178573703U", name: "重庆渝信建筑工程有限公司", role: undefined, in: "field" },
    ]);
  });

  it("approval form: the applicant's code inside an <input value> (full-width), named by the 申请单位名称 field", () => {
    loadFixture("approval-form.html");
    expect(adaptersFor(document).map((a) => a.kind)).toEqual(["approval", "generic"]);
    expect(adaptersFor(document)[0]!.checkOnLoad).toBe(true);
    expect(brief(scanPage().first)).toEqual([{ code: "91500112484746545R", name: "重庆瑞丰物流有限公司", role: "applicant", in: "field" }]);
  });

  it("qualification review: label–value records give the supplier's name; prose falls to the generic adapter", () => {
    loadFixture("generic-notice.html");
    expect(adaptersFor(document).map((a) => a.kind)).toEqual(["generic"]);
    document.body.insertAdjacentHTML(
      "afterbegin",
      "<h1>资格审查</h1><dl><dt>供应商名称</dt><dd>重庆华通商贸有限公司</dd><dt>统一社会信用代码</dt><dd>91500112MA3WL3XT1P</dd></dl>",
    );
    document.title = "资格审查结果";
    expect(adaptersFor(document).map((a) => a.kind)).toEqual(["qualification", "generic"]);
    expect(brief(scanPage().first)).toEqual([
      { code: "91500112MA3WL3XT1P", name: "重庆华通商贸有限公司", role: undefined, in: "text" },
      { code: "91500112484746545R", name: "重庆瑞丰物流有限公司", role: undefined, in: "text" },
      { code: "91500113408203338U", name: "重庆恒盛建材有限公司", role: undefined, in: "text" },
      // A table without known headers: the organisation in an earlier cell of the row.
      { code: "91500112MA3WL3XT1P", name: "重庆华通商贸有限公司", role: undefined, in: "text" },
    ]);
  });

  it("picks up a row added later (debounced), and never takes the same mention twice", async () => {
    loadFixture("bidders-paged.html");
    const { scanner, first, later } = scanPage();
    const controller = new AbortController();
    scanner.start(document.body, controller.signal);
    expect(later).toEqual([]); // everything already taken by the first scan
    addRow(["16", "重庆华通商贸有限公司", "91500112MA3WL3XT1P", "95 万元"]);
    addRow(["17", "某某公司", "91500113408203338V", "—"]);
    await settle(SCAN_DEBOUNCE_MS / 2);
    expect(later).toEqual([]); // still within the debounce
    await settle(SCAN_DEBOUNCE_MS + 50);
    expect(later.map(brief)).toEqual([[{ code: "91500112MA3WL3XT1P", name: "重庆华通商贸有限公司", role: undefined, in: "text" }]]);
    expect(scanner.scan(document.body)).toEqual([]);
    expect(first).toHaveLength(3);
    controller.abort();
  });
});
