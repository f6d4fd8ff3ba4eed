/**
 * 资格审查 / 符合性审查: one record per supplier, written as label–value pairs (<dl>, two-column tables,
 * 「标签：值」 rows). The supplier's name is the value labelled 供应商名称 / 投标人名称 / 单位名称 in the same record.
 *
 * Tested on: public/demo/qualification.html (served at /demo/qualification.html).
 */
import { organisationName } from "../content/detect";
import { anchorElement, valueOf } from "../content/mentions";
import type { Anchor, Mention, SiteAdapter } from "../core/page-kinds";

export const REVIEW_TITLE = /资格审查|资格性审查|符合性审查|资格预审|资格后审/;
const NAME_LABEL = /^(?:供应商|投标人|申请人|单位|企业)?名称[：:]?$|^(?:供应商|投标人)[：:]?$/;
const RECORD = "dl, table, section, article, fieldset, li, .record";

/** The label of the value that holds the anchor (<dt> before a <dd>, <th> before a <td>, or a label element before it). */
function labelOf(value: Element): Element | null {
  const prev = value.previousElementSibling;
  return prev && /^(DT|TH|LABEL|SPAN|B|STRONG)$/.test(prev.tagName) ? prev : null;
}

function supplierName(anchor: Anchor): string | undefined {
  const record = anchorElement(anchor)?.closest(RECORD);
  if (!record) return undefined;
  for (const label of Array.from(record.querySelectorAll("dt, th, label, .label"))) {
    if (!NAME_LABEL.test((label.textContent ?? "").trim())) continue;
    const value = label.nextElementSibling;
    const name = organisationName(valueOf(value));
    if (name) return name;
  }
  return undefined;
}

export const qualification: SiteAdapter = {
  kind: "qualification",
  label: "资格审查",
  checkOnLoad: false,
  appliesTo: (document) => REVIEW_TITLE.test(document.title) || REVIEW_TITLE.test(document.querySelector("h1, h2")?.textContent ?? ""),
  mentions(found) {
    const out: Mention[] = [];
    for (const f of found) {
      const value = anchorElement(f.anchor)?.closest("dd, td, .value");
      const label = value && labelOf(value);
      if (!label || !/统一社会信用代码|信用代码/.test(label.textContent ?? "")) continue;
      const name = supplierName(f.anchor);
      out.push(name ? { code: f.code, name, anchor: f.anchor } : { code: f.code, anchor: f.anchor });
    }
    return out;
  },
};
