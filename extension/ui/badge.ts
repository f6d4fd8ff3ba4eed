/**
 * The badge after a mention: grade, decision colour and number of hits; a button that opens the panel.
 * Written with plain DOM rather than Preact: a bid-opening table can hold thousands of badges and each is
 * drawn on scan and again on its answer, so a badge is one button and a few spans, rebuilt in place.
 * Server text only ever lands in textContent and attributes.
 */
import type { BadgeView } from "./describe";

function span(document: Document, className: string, text: string, hidden = false): HTMLSpanElement {
  const el = document.createElement("span");
  el.className = className;
  el.textContent = text;
  if (hidden) el.setAttribute("aria-hidden", "true");
  return el;
}

/** Creates the badge button in `root`; `onActivate` runs on click, Enter and Space (it is a <button>). */
export function createBadge(root: ShadowRoot, onActivate: () => void): HTMLButtonElement {
  const button = root.ownerDocument.createElement("button");
  button.type = "button";
  button.className = "badge";
  button.addEventListener("click", (e) => {
    e.preventDefault();
    e.stopPropagation();
    onActivate();
  });
  root.append(button);
  return button;
}

/** What each badge shows now: a redraw writes only what changed (a 5,000-row page draws every badge twice per check). */
const shown = new WeakMap<HTMLButtonElement, BadgeView>();

/** Shows `view` on the badge button, writing only the attributes and text that differ from what it shows. */
export function drawBadge(button: HTMLButtonElement, view: BadgeView): void {
  const before = shown.get(button);
  shown.set(button, view);
  // setAttribute rather than dataset: the same attributes, without the dataset proxy's cost per call.
  if (before?.state !== view.state) button.setAttribute("data-state", view.state);
  if (before?.decision !== view.decision) {
    if (view.decision) button.setAttribute("data-decision", view.decision);
    else button.removeAttribute("data-decision");
  }
  if (before?.label !== view.label) {
    button.setAttribute("aria-label", view.label);
    button.title = view.label;
  }
  if ((before?.state === "checking") !== (view.state === "checking")) {
    if (view.state === "checking") button.setAttribute("aria-busy", "true");
    else button.removeAttribute("aria-busy");
  }
  if (before && before.text === view.text && before.grade === view.grade && before.hits === view.hits && before.nameMismatch === view.nameMismatch) return;
  if (!view.grade && !view.hits && !view.nameMismatch) {
    button.textContent = view.text;
    return;
  }
  const document = button.ownerDocument;
  const parts: Node[] = [];
  if (view.grade) parts.push(span(document, "grade", view.grade));
  parts.push(document.createTextNode(view.text));
  if (view.hits) parts.push(span(document, "hits", `· 命中${view.hits}`));
  if (view.nameMismatch) parts.push(span(document, "warn", "!", true));
  button.replaceChildren(...parts);
}
