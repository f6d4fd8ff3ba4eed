/**
 * 行政审批申请表: a form about an applicant (申请人、申请单位). The applicant's code is usually inside an
 * <input value>; its name is the field labelled 申请人名称 / 申请单位 / 单位名称 of the same form. The applicant
 * is checked as the page loads, and key-supervision, serious-dishonesty and red-list hits raise the banner.
 * When the form is handled under 告知承诺制 (办理方式 / 申请方式), the banner offers 「登记告知承诺」 prefilled
 * from the page (content/commitment.ts).
 *
 * Tested on: public/demo/approval.html (served at /demo/approval.html), tests/extension/fixtures/approval-form.html.
 */
import { organisationName } from "../content/detect";
import { anchorElement, fieldLabel, valueOf } from "../content/mentions";
import type { Mention, SiteAdapter } from "../core/page-kinds";

const APPLICANT = /申请人|申请单位|申报单位|申请企业/;
const NAME_FIELD = /(?:申请人|申请单位|申报单位|申请企业|单位|企业)(?:名称)?[：:*＊\s]*$/;
const CODE_FIELD = /统一社会信用代码|信用代码/;

function applicantForm(element: Element | null): Element | null {
  const form = element?.closest("form, fieldset, [role=form]");
  return form && APPLICANT.test(form.textContent ?? "") ? form : null;
}

function applicantName(form: Element): string | undefined {
  for (const field of Array.from(form.querySelectorAll("input, textarea"))) {
    const label = fieldLabel(field).replace(/\s+/g, "");
    if (NAME_FIELD.test(label) && !CODE_FIELD.test(label)) {
      const name = organisationName(valueOf(field));
      if (name) return name;
    }
  }
  return undefined;
}

export const approval: SiteAdapter = {
  kind: "approval",
  label: "审批申请表",
  checkOnLoad: true,
  appliesTo: (document) => Array.from(document.querySelectorAll("form, fieldset")).some((form) => applicantForm(form) !== null),
  mentions(found) {
    const out: Mention[] = [];
    for (const f of found) {
      const form = applicantForm(anchorElement(f.anchor));
      if (!form) continue;
      const name = applicantName(form);
      out.push({ code: f.code, anchor: f.anchor, role: "applicant", ...(name ? { name } : {}) });
    }
    return out;
  },
};
