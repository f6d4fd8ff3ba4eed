/**
 * Mentions: a code found in the page, where it stands (a text node or a form field) and the name next to
 * it. The DOM walk is shared by every site adapter; adapters differ in where they look for the name.
 */
import type { Anchor, FieldElement, Found } from "../core/page-kinds";
import { OWN_TAGS } from "../core/own-elements";
import { findCodes, mayContainCode, nameBefore, organisationName } from "./detect";

const SKIPPED = new Set(["SCRIPT", "STYLE", "NOSCRIPT", "TEMPLATE", "TEXTAREA", "SELECT", "OPTION", "HEAD", "svg", "SVG", "CODE", "PRE"]);
const TEXT_FIELD_TYPES = new Set(["", "text", "search", "hidden"]);

function isField(el: Element): el is FieldElement {
  if (el instanceof HTMLTextAreaElement) return true;
  return el instanceof HTMLInputElement && TEXT_FIELD_TYPES.has(el.type.toLowerCase()) && el.type.toLowerCase() !== "hidden";
}

function skipElement(el: Element): boolean {
  return SKIPPED.has(el.tagName) || OWN_TAGS.has(el.tagName) || (el as HTMLElement).isContentEditable === true;
}

/**
 * Every valid code under `root`: in text, table cells and the values of text fields.
 * One pass over the text nodes with no filter callback (a 5,000-row table has tens of thousands of nodes,
 * and a call into script per node cost more than the scan itself); only the few texts that can hold a code
 * are then checked for a skipped ancestor (script, style, code, our own elements, editable content).
 * `unchanged` (the scanner's memory of texts it has taken every code from) skips a text that still reads
 * as it did then: its codes are taken already.
 */
export function findInTree(root: Node, unchanged?: (node: Node, text: string) => boolean): Found[] {
  const found: Found[] = [];
  const doc = root.ownerDocument ?? (root as Document);
  if (root.nodeType === Node.TEXT_NODE) return root.parentElement && skippedAncestor(root.parentElement) ? found : findInText(root as Text);
  if (root instanceof Element && isField(root)) return root.parentElement && skippedAncestor(root.parentElement) ? found : findInField(root);
  if (root instanceof Element && skippedAncestor(root)) return found;
  const walker = doc.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.nodeValue ?? "";
    if (!mayContainCode(text) || unchanged?.(node, text)) continue;
    const parent = node.parentElement;
    if (parent && skippedAncestor(parent)) continue;
    found.push(...findInText(node as Text));
  }
  const fields: Found[] = [];
  if ("querySelectorAll" in root) {
    for (const field of (root as ParentNode).querySelectorAll("input, textarea")) {
      if (isField(field) && !(field.parentElement && skippedAncestor(field.parentElement))) fields.push(...findInField(field));
    }
  }
  if (fields.length === 0) return found;
  // In page order, as a reader meets them (a form's name field before its code, say).
  return [...found, ...fields].sort((a, b) => (a.anchor === b.anchor ? a.index - b.index : a.anchor.compareDocumentPosition(b.anchor) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1));
}

/** Every valid code in these text nodes (page order), skipping the ones under an element we never look into. */
export function findInTexts(texts: readonly Text[]): Found[] {
  const found: Found[] = [];
  for (const node of texts) {
    if (!mayContainCode(node.nodeValue ?? "")) continue;
    const parent = node.parentElement;
    if (parent && skippedAncestor(parent)) continue;
    found.push(...findInText(node));
  }
  return found;
}

/** Whether `el` or any ancestor is one we never look into (also above `root`: a row added inside a <pre>). */
function skippedAncestor(el: Element): boolean {
  for (let at: Element | null = el; at; at = at.parentElement) if (skipElement(at)) return true;
  return false;
}

function findInText(node: Text): Found[] {
  const text = node.nodeValue ?? "";
  return findCodes(text).map((m) => ({ code: m.code, anchor: node, text, index: m.index }));
}

function findInField(field: FieldElement): Found[] {
  const text = field.value;
  return findCodes(text).map((m) => ({ code: m.code, anchor: field, text, index: m.index }));
}

/** The element a mention sits in (the text's parent, or the field itself). */
export function anchorElement(anchor: Anchor): Element | null {
  return anchor.nodeType === Node.TEXT_NODE ? anchor.parentElement : (anchor as Element);
}

/** Visible text of an element or the value of a field, trimmed. */
export function valueOf(el: Element | null | undefined): string {
  if (!el) return "";
  if (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement) return el.value.trim();
  const field = el.querySelector("input, textarea");
  if (field && isField(field)) return field.value.trim();
  return (el.textContent ?? "").trim();
}

const cellsOf = (row: Element) => Array.from(row.children).filter((c) => c.tagName === "TD" || c.tagName === "TH");

/** The header text of each column of a table (its first row holding <th>, usually in <thead>). */
export function columnHeaders(table: Element): string[] {
  const headerRow = table.querySelector("thead tr") ?? table.querySelector("th")?.closest("tr");
  if (!headerRow || headerRow.closest("table") !== table) return [];
  return cellsOf(headerRow).map((cell) => (cell.textContent ?? "").trim());
}

/** The value in the same row, in the column whose header matches. */
export function sameRowValue(anchor: Anchor, header: RegExp, headersOf: (table: Element) => string[] = columnHeaders): string | undefined {
  const cell = anchorElement(anchor)?.closest("td, th");
  const row = cell?.parentElement;
  const table = row?.closest("table");
  if (!row || row.tagName !== "TR" || !table) return undefined;
  const column = headersOf(table).findIndex((text) => header.test(text));
  if (column < 0) return undefined;
  const target = cellsOf(row)[column];
  return target && target !== cell ? valueOf(target) : undefined;
}

/** An organisation name in an earlier cell of the same row (tables whose headers we do not know). */
function earlierCellName(anchor: Anchor): string | undefined {
  const cell = anchorElement(anchor)?.closest("td, th");
  for (let prev = cell?.previousElementSibling; prev; prev = prev.previousElementSibling) {
    const name = organisationName(valueOf(prev));
    if (name) return name;
  }
  return undefined;
}

/** The label of a form field: <label for>, a wrapping label, aria-label, or the cell/term before it. */
export function fieldLabel(field: Element): string {
  const doc = field.ownerDocument;
  if (field.id) {
    const label = doc.querySelector(`label[for="${field.id.replace(/["\\]/g, "\\$&")}"]`);
    if (label) return (label.textContent ?? "").trim();
  }
  const wrapping = field.closest("label");
  if (wrapping) return (wrapping.textContent ?? "").trim();
  const aria = field.getAttribute("aria-label");
  if (aria) return aria.trim();
  const container = field.closest("td, dd, .field, .form-item, div");
  const before = container?.previousElementSibling;
  return (before?.textContent ?? "").trim();
}

/** The name a generic page gives a code: written just before it, or in an earlier cell of its row. */
export function nearbyName(found: Found): string | undefined {
  return nameBefore(found.text, found.index) ?? earlierCellName(found.anchor);
}
