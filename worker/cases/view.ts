/** Cases as answered: the tracking view (personal data masked unless the reader decides or oversees) and queue rows. */
import type { CaseStats, CaseSummary, CaseView, FiledCase } from "../../shared/contract/cases";
import { OBJECTION_STATE_LABEL, REPAIR_STATE_LABEL, type ObjectionState, type RepairState } from "../../shared/domain/repair";
import { LIBRARY_CALENDAR, type WorkCalendar, countWorkingDays } from "../../shared/domain/workdays";
import { maskIdNumber } from "../../shared/identifiers";
import type { Principal } from "../../shared/auth/principal";
import { maskPersonalNumbers } from "../visibility";
import { applicantView } from "./mask";
import { type CaseEventRow, type CaseFileRow, type CaseRow, OPEN_STATES, targetTitle } from "./queries";

const ACTION_LABEL: Record<string, string> = {
  filed: "提交申请",
  accepted: "受理",
  repaired: "予以修复",
  refused: "不予修复",
  dismissed: "异议不成立，维持原信息",
  corrected: "异议成立，更正信息",
  deleted: "异议成立，删除信息",
  deadline_recomputed: "按节假日安排重新计算决定期限",
};

/**
 * The Chinese label of a case state.
 * @example stateLabel("objection", "submitted") // "异议处理中"
 */
export function stateLabel(kind: CaseRow["kind"], state: string): string {
  return kind === "repair" ? REPAIR_STATE_LABEL[state as RepairState] : OBJECTION_STATE_LABEL[state as ObjectionState];
}

/** Open and past its deadline. */
export function isOverdue(row: Pick<CaseRow, "state" | "deadline">, today: string): boolean {
  return (OPEN_STATES as readonly string[]).includes(row.state) && row.deadline < today;
}

/** Admins oversee every case; an officer of the deciding unit decides it: both see the applicant in full. */
export function seesPersonalData(principal: Principal, deciderCode: string): boolean {
  return principal.role === "admin" || (principal.role === "officer" && principal.department === deciderCode);
}

function subjectCode(row: Pick<CaseRow, "subject_code" | "code_type">): string {
  return row.code_type === "id_number" ? maskIdNumber(row.subject_code) : row.subject_code;
}

/** What every view of a case starts with: which case, where it stands, and its deadline. */
function caseHead(row: CaseRow, today: string) {
  return {
    kind: row.kind,
    tracking: row.tracking,
    state: row.state,
    stateLabel: stateLabel(row.kind, row.state),
    deadline: row.deadline,
    deadlineProvisional: row.deadline_provisional === 1,
    overdue: isOverdue(row, today),
    submittedAt: row.submitted_at,
  };
}

export function toCaseView(c: { row: CaseRow; events: CaseEventRow[]; files: CaseFileRow[] }, principal: Principal, today: string): CaseView {
  const { row } = c;
  return maskPersonalNumbers({
    ...caseHead(row, today),
    decidedAt: row.decided_at,
    decision: row.decision,
    target: {
      kind: row.target_kind,
      subjectName: row.subject_name,
      subjectCode: subjectCode(row),
      docNo: row.doc_no,
      title: targetTitle(row),
      authority: { name: row.decider_name, code: row.decider_code },
    },
    applicant: applicantView(row.applicant_name, row.applicant_contact, seesPersonalData(principal, row.decider_code)),
    files: c.files.map((f) => ({ name: f.name, type: f.type, size: f.size, sha256: f.sha256 })),
    history: c.events.map((e) => ({ at: e.at, action: e.action, label: ACTION_LABEL[e.action] ?? e.action, toState: e.to_state, note: e.note })),
  });
}

/**
 * The answer to a filing: the tracking number, its deadline and the tracking page's address with its secret.
 * @example toFiledCase({ tracking: "XF-20261127-7F3K9Q", deadline: "2026-12-11", deadlineProvisional: false, secret: "q3Zr…" }).trackingUrl // "/cases/XF-20261127-7F3K9Q?k=q3Zr…"
 */
export function toFiledCase(filed: { tracking: string; deadline: string; deadlineProvisional: boolean; secret: string }): FiledCase {
  return {
    tracking: filed.tracking,
    state: "submitted",
    deadline: filed.deadline,
    deadlineProvisional: filed.deadlineProvisional,
    accessKey: filed.secret,
    trackingUrl: caseTrackingPath(filed.tracking, filed.secret),
  };
}

/** The tracking page of a case: without its secret it answers like an unknown tracking number. */
export function caseTrackingPath(tracking: string, secret: string): string {
  return `/cases/${tracking}?k=${encodeURIComponent(secret)}`;
}

export function toCaseSummary(row: CaseRow, today: string): CaseSummary {
  return maskPersonalNumbers({
    ...caseHead(row, today),
    subjectName: row.subject_name,
    docNo: row.doc_no,
    deciderCode: row.decider_code,
  });
}

const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;

/**
 * 有效异议占比 (corrected or deleted / decided objections) and average handling time in working days
 * (filing date → decision date), open and overdue counts.
 * @example caseStats([{ kind: "objection", state: "corrected", deadline: "2026-12-04", submitted_on: "2026-11-27", decided_on: "2026-11-30" }], "2026-11-30").objections.validShare // 1
 */
export function caseStats(
  rows: readonly Pick<CaseRow, "kind" | "state" | "deadline" | "submitted_on" | "decided_on">[],
  today: string,
  calendar: WorkCalendar = LIBRARY_CALENDAR,
): CaseStats {
  const of = (kind: CaseRow["kind"]) => {
    const mine = rows.filter((r) => r.kind === kind);
    const decided = mine.filter((r) => r.decided_on !== null);
    const counts = decided.map((r) => countWorkingDays(r.submitted_on, r.decided_on!, calendar));
    return {
      total: mine.length,
      open: mine.filter((r) => (OPEN_STATES as readonly string[]).includes(r.state)).length,
      overdue: mine.filter((r) => isOverdue(r, today)).length,
      averageWorkingDays: counts.length ? round(counts.reduce((a, c) => a + c.days, 0) / counts.length, 2) : null,
      averageProvisional: counts.some((c) => c.provisional),
      decided,
    };
  };
  const { decided: _r, ...repairs } = of("repair");
  const { decided, ...objections } = of("objection");
  const valid = decided.filter((r) => r.state === "corrected" || r.state === "deleted").length;
  return { repairs, objections: { ...objections, validShare: decided.length ? round(valid / decided.length, 4) : null } };
}
