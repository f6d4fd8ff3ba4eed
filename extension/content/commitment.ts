/**
 * 「登记告知承诺」 (issue 14): whether an approval form is handled under 告知承诺制 (its 办理方式 / 申请方式 field
 * or text), and the draft read from it for the banner — 申请事项, 受理编号, today, and a verification date.
 *
 * Tested on: public/demo/approval.html, and pages written by tests/extension/monitoring.test.ts.
 */
import { localDate } from "../core/dates";
import { fieldLabel, valueOf } from "./mentions";

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
