import { beforeEach, describe, expect, it } from "vitest";
import { findInTree } from "../../extension/content/mentions";
import { BADGE_TAG } from "../../extension/core/own-elements";

describe("findInTree", () => {
  beforeEach(() => {
    document.body.innerHTML = "";
  });

  it("finds codes in text and text fields in page order, and none in scripts, styles, code, editable content or our own elements", () => {
    document.body.innerHTML = `
      <p>甲 91500113408203338U</p>
      <label>乙 <input value="91500112484746545R"></label>
      <table><tr><td>丙</td><td>91500112178573703U</td></tr></table>
      <script>var x = "91500112MA3WL3XT1P";</script>
      <style>/* 91500112MA3WL3XT1P */</style>
      <pre><code>91500112MA3WL3XT1P</code></pre>
      <div contenteditable="true"><span>91500112MA3WL3XT1P</span></div>
      <textarea>91500112MA3WL3XT1P</textarea>
      <${BADGE_TAG}><span>91500112MA3WL3XT1P</span></${BADGE_TAG}>
      <input type="password" value="91500112MA3WL3XT1P">
    `;
    const found = findInTree(document.body).map((f) => [f.code, f.anchor.nodeType === Node.TEXT_NODE ? "text" : "field"]);
    expect(found).toEqual([
      ["91500113408203338U", "text"],
      ["91500112484746545R", "field"],
      ["91500112178573703U", "text"],
      // A <textarea> holds its text as its value: a field the officer may type a code into.
      ["91500112MA3WL3XT1P", "field"],
    ]);
  });

  it("skips the texts the caller says it has scanned as they read now", () => {
    document.body.innerHTML = `<p id="a">甲 91500113408203338U</p><p id="b">乙 91500112484746545R</p>`;
    const a = document.getElementById("a")!.firstChild!;
    const seen = new Map<Node, string>([[a, a.nodeValue!]]);
    expect(findInTree(document.body, (node, text) => seen.get(node) === text).map((f) => f.code)).toEqual(["91500112484746545R"]);
    a.nodeValue = "甲 91500112178573703U";
    expect(findInTree(document.body, (node, text) => seen.get(node) === text).map((f) => f.code)).toEqual(["91500112178573703U", "91500112484746545R"]);
  });

  it("scans a subtree that was added later, and nothing when that subtree is one we skip", () => {
    document.body.innerHTML = `<div id="late"><span>91500113408203338U</span></div><pre id="skip"><b>91500112484746545R</b></pre>`;
    expect(findInTree(document.getElementById("late")!).map((f) => f.code)).toEqual(["91500113408203338U"]);
    expect(findInTree(document.getElementById("skip")!)).toEqual([]);
    expect(findInTree(document.querySelector("#skip b")!)).toEqual([]);
  });
});

/**
 * A Scanner started on `html` while the document still reads as loading; `during` runs with the batches of
 * codes reported so far and `loaded()`, which ends the parse (readyState interactive, DOMContentLoaded).
 */
async function whileParsing(html: string, during: (batches: string[][], loaded: () => void) => void): Promise<void> {
  const { Scanner } = await import("../../extension/content/scanner");
  const { generic } = await import("../../extension/sites/generic");
  document.body.innerHTML = html;
  let state: DocumentReadyState = "loading";
  Object.defineProperty(document, "readyState", { configurable: true, get: () => state });
  const batches: string[][] = [];
  const scanner = new Scanner([generic], (mentions) => batches.push(mentions.map((m) => m.code)));
  const abort = new AbortController();
  try {
    scanner.start(document.body, abort.signal);
    during(batches, () => {
      state = "interactive";
      document.dispatchEvent(new Event("DOMContentLoaded"));
    });
  } finally {
    abort.abort();
    delete (document as unknown as { readyState?: unknown }).readyState;
  }
}

describe("Scanner while the page parses", () => {
  it("badges the rows the parser is done with before load, holds the row it may still fill, and takes each once", async () => {
    // The last row is on the parser's insertion path (nothing after it yet): a result cell may still come.
    await whileParsing(
      `<table><tbody>
      <tr><td>甲公司</td><td>91500113408203338U</td></tr>
      <tr><td>乙公司</td><td>91500112484746545R</td></tr></tbody></table>`,
      (batches, loaded) => {
        expect(batches).toEqual([["91500113408203338U"]]);
        loaded();
        expect(batches).toEqual([["91500113408203338U"], ["91500112484746545R"]]);
      },
    );
  });

  it("at DOMContentLoaded looks again at a text a script changed after it was scanned", async () => {
    await whileParsing(
      `<table><tbody>
      <tr><td>甲公司</td><td id="first">91500113408203338U</td></tr>
      <tr><td>乙公司</td><td>91500112484746545R</td></tr></tbody></table>`,
      (batches, loaded) => {
        expect(batches).toEqual([["91500113408203338U"]]);
        // The page's own script rewrites the first code before the parser is done (no observer runs yet).
        document.getElementById("first")!.firstChild!.nodeValue = "91500112178573703U";
        loaded();
        expect(batches).toEqual([["91500113408203338U"], ["91500112178573703U", "91500112484746545R"]]);
      },
    );
  });
});
