/**
 * The badge button (ui/badge.ts): each redraw writes only what changed, and what it shows is always exactly
 * the last view — no attribute or part of an earlier state left behind.
 */
import { describe, expect, it } from "vitest";
import { createBadge, drawBadge } from "../../extension/ui/badge";
import type { BadgeView } from "../../extension/ui/describe";

function badge() {
  const host = document.createElement("div");
  const root = host.attachShadow({ mode: "open" });
  return createBadge(root, () => undefined);
}

const shows = (button: HTMLButtonElement) => ({
  attributes: Object.fromEntries(Array.from(button.attributes, (a) => [a.name, a.value]).filter(([name]) => name !== "type" && name !== "class")),
  parts: Array.from(button.childNodes, (n) => (n.nodeType === Node.TEXT_NODE ? n.textContent : `${(n as Element).className}:${n.textContent}`)),
});

const pending: BadgeView = { state: "pending", text: "查一查", label: "查一查：点击核查" };
const checking: BadgeView = { state: "checking", text: "核查中…", label: "正在核查" };
const blocked: BadgeView = { state: "decided", decision: "block", grade: "D", text: "不得参与", hits: 2, nameMismatch: true, label: "不得参与：命中2个名单" };
const passed: BadgeView = { state: "decided", decision: "pass", text: "通过", label: "通过" };

describe("drawBadge", () => {
  it("shows exactly the last view through every change of state", () => {
    const button = badge();
    drawBadge(button, pending);
    expect(shows(button)).toEqual({ attributes: { "data-state": "pending", "aria-label": "查一查：点击核查", title: "查一查：点击核查" }, parts: ["查一查"] });
    drawBadge(button, checking);
    expect(shows(button)).toEqual({ attributes: { "data-state": "checking", "aria-label": "正在核查", title: "正在核查", "aria-busy": "true" }, parts: ["核查中…"] });
    drawBadge(button, blocked);
    expect(shows(button)).toEqual({
      attributes: { "data-state": "decided", "data-decision": "block", "aria-label": "不得参与：命中2个名单", title: "不得参与：命中2个名单" },
      parts: ["grade:D", "不得参与", "hits:· 命中2", "warn:!"],
    });
    drawBadge(button, passed);
    expect(shows(button)).toEqual({ attributes: { "data-state": "decided", "data-decision": "pass", "aria-label": "通过", title: "通过" }, parts: ["通过"] });
    drawBadge(button, pending);
    expect(shows(button)).toEqual({ attributes: { "data-state": "pending", "aria-label": "查一查：点击核查", title: "查一查：点击核查" }, parts: ["查一查"] });
  });

  it("writes nothing when the view is the same, and only the text when only the text changed", () => {
    const button = badge();
    drawBadge(button, blocked);
    const parts = Array.from(button.childNodes);
    const observer = new MutationObserver(() => undefined);
    observer.observe(button, { attributes: true, childList: true, characterData: true, subtree: true });
    drawBadge(button, { ...blocked });
    expect(observer.takeRecords()).toEqual([]);
    expect(Array.from(button.childNodes)).toEqual(parts);
    drawBadge(button, { ...blocked, text: "需复核" });
    const records = observer.takeRecords();
    expect(records.length).toBeGreaterThan(0);
    expect(new Set(records.map((r) => r.type))).toEqual(new Set(["childList"])); // no attribute written
    observer.disconnect();
  });
});
