/**
 * 行政审批申请表: a form about an applicant (申请人、申请单位). The applicant's code is usually inside an
 * <input value>; its name is the field labelled 申请人名称 / 申请单位 / 单位名称 of the same form. The applicant
 * is checked as the page loads, and key-supervision, serious-dishonesty and red-list hits raise the banner.
 * When the form is handled under 告知承诺制 (办理方式 / 申请方式), the banner offers 「登记告知承诺」 prefilled
 * from the page (commitmentDraft).
 *
 * Tested on: public/demo/approval.html (served at /demo/approval.html), tests/extension/fixtures/approval-form.html.
 */
import { organisationName } from "../content/detect";
import { anchorElement, fieldLabel, valueOf } from "../content/mentions";
import { localDate } from "../core/dates";
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

const MODE_FIELD = /办理方式|申请方式|审批方式|受理方式/;
const MATTER_FIELD = /申请事项|许可事项|审批事项|事项名称|承诺事项/;
const PROJECT_FIELD = /工程名称|项目名称/;
const REF_LABEL = /受理编号|申请编号|审批文号|受理号|办件编号/;
/** 告知承诺 is verified within 30 days by default (the officer may change it before registering). */
export const VERIFY_AFTER_DAYS = 30;

/** The value of the first form field whose label matches. */
function fieldValue(document: Document, label: RegExp): string | undefined {
  for (const field of Array.from(document.querySelectorAll("input, textarea, select"))) {
    if (label.test(fieldLabel(field))) {
      const value = valueOf(field);
      if (value) return value;
    }
  }
  return undefined;
}

/** 「受理编号：SP-2026-11-0087」 written in the page's text, or a field so labelled. */
function refOf(document: Document): string | undefined {
  const fromField = fieldValue(document, REF_LABEL);
  if (fromField) return fromField;
  const m = new RegExp(`(?:${REF_LABEL.source})[：:]\\s*([^\\s\u3000，,；;。]+)`).exec(document.body?.textContent ?? "");
  return m?.[1];
}

export interface CommitmentPrefill {
  type: "证明事项告知承诺" | "涉企经营许可事项告知承诺" | "其他告知承诺";
  matter: string;
  ref: string;
  madeOn: string;
  verifyBy: string;
}

/**
 * What 「登记告知承诺」 is prefilled with, or null when the page is not handled under 告知承诺制: matter =
 * 申请事项 (with the 工程/项目名称), ref = 受理编号 / 申请编号, made today, to be verified in VERIFY_AFTER_DAYS.
 */
export function commitmentDraft(document: Document, now = Date.now()): CommitmentPrefill | null {
  const mode = fieldValue(document, MODE_FIELD) ?? new RegExp(`(?:${MODE_FIELD.source})[：:]\\s*(\\S+)`).exec(document.body?.textContent ?? "")?.[1];
  if (!mode || !/告知承诺/.test(mode)) return null;
  const matter = fieldValue(document, MATTER_FIELD) ?? document.querySelector("h2, h1")?.textContent?.trim() ?? "";
  const project = fieldValue(document, PROJECT_FIELD);
  return {
    // 施工、经营等许可 are 涉企经营许可事项; proving facts (证明事项) is the other common kind.
    type: /许可/.test(matter) ? "涉企经营许可事项告知承诺" : "证明事项告知承诺",
    matter: project && !matter.includes(project) ? `${matter}（${project}）` : matter,
    ref: refOf(document) ?? "",
    madeOn: localDate(now),
    verifyBy: localDate(now, VERIFY_AFTER_DAYS),
  };
}
