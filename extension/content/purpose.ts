/**
 * 查询事由 from the site's template, read from the page: `{页面标题}`, `{页面地址}` and the site's own fields
 * (a CSS selector, or a regular expression over the page text). The API allows 200 characters.
 */
import type { PurposeField } from "../settings/sites";
import { valueOf } from "./mentions";

export const MAX_PURPOSE_LENGTH = 200;

function fieldValue(field: PurposeField, document: Document): string {
  if (field.selector) {
    try {
      const value = valueOf(document.querySelector(field.selector));
      if (value) return value;
    } catch {
      // An invalid selector in the settings reads as no value.
    }
  }
  if (field.pattern) {
    try {
      const m = new RegExp(field.pattern).exec(document.body?.textContent ?? "");
      if (m) return (m[1] ?? m[0]).trim();
    } catch {
      // An invalid pattern reads as no value.
    }
  }
  return "";
}

/**
 * @example renderPurpose("开标核查 {项目编号}", [{ name: "项目编号", selector: "[data-project-no]" }], document) // "开标核查 CQZC-2026-0381"
 */
export function renderPurpose(template: string, fields: readonly PurposeField[], document: Document): string {
  const values = new Map<string, string>([
    ["页面标题", document.title.trim()],
    ["页面地址", `${document.location?.origin ?? ""}${document.location?.pathname ?? ""}`],
  ]);
  for (const field of fields) values.set(field.name, fieldValue(field, document));
  const text = template.replace(/\{([^{}]+)\}/g, (_, name: string) => values.get(name.trim()) ?? "").replace(/\s+/g, " ").trim();
  return (text || document.title.trim() || "页面核查").slice(0, MAX_PURPOSE_LENGTH);
}
