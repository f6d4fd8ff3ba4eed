/**
 * What a badge says for a mention's state: the words and colour a user sees, and the words a screen
 * reader reads. Pure, so the tests read it without a page.
 */
import type { Decision } from "../../shared/domain/decisions";
import type { Problem, SubjectResult, WatchAnswer } from "../messages";

export type MentionState =
  | { kind: "pending" }
  | { kind: "checking" }
  | { kind: "error"; problem: Problem }
  | { kind: "done"; result: SubjectResult };

export interface BadgeView {
  state: "pending" | "checking" | "error" | "unverified" | "unresolved" | "decided";
  decision?: Decision;
  grade?: string;
  /** The main words on the badge. */
  text: string;
  /** Number of list hits, shown when there are any. */
  hits?: number;
  /** The name on the page differs from the registered one. */
  nameMismatch?: boolean;
  /** Read by screen readers and shown as the tooltip. */
  label: string;
}

const UNRESOLVED: Record<string, string> = { invalid_code: "代码有误", not_found: "未找到", ambiguous: "需确认主体" };

export function badgeView(state: MentionState, subject: string): BadgeView {
  switch (state.kind) {
    case "pending":
      return { state: "pending", text: "查一查", label: `查一查：核查 ${subject}` };
    case "checking":
      return { state: "checking", text: "核查中…", label: `正在核查 ${subject}` };
    case "error":
      return { state: "error", text: "核查失败", label: `${subject} 核查失败：${state.problem.message}` };
    case "done": {
      const { item, receipt } = state.result;
      if (!item) return { state: "unverified", text: "凭证验证失败", label: `${subject}：${receipt.verification}，结果不可采信` };
      if (item.status !== "ok" || !item.decision) {
        const text = UNRESOLVED[item.status] ?? "未核查";
        return { state: "unresolved", text, label: `${subject}：${item.message}` };
      }
      const hits = item.hits.length;
      const nameMismatch = item.nameMatches === false;
      const parts = [`${subject}：${item.decisionLabel ?? item.decision}`];
      if (item.grade) parts.push(`评价等级 ${item.grade.grade}（${item.grade.label}）`);
      if (hits > 0) parts.push(`命中名单 ${hits} 项`);
      if (nameMismatch) parts.push("页面上的名称与登记名称不一致");
      return {
        state: "decided",
        decision: item.decision,
        text: item.decisionLabel ?? item.decision,
        ...(item.grade ? { grade: item.grade.grade } : {}),
        ...(hits > 0 ? { hits } : {}),
        ...(nameMismatch ? { nameMismatch } : {}),
        label: `${parts.join("，")}。按回车查看详情`,
      };
    }
  }
}

/** Lists whose hit raises the approval banner without a click. */
export const BANNER_LISTS = new Set(["key_supervision", "serious_dishonesty", "red_list"]);

/** 「监控」/「监控全部」 while it runs and what came of it. */
export type WatchStatus = { kind: "busy"; what: string } | { kind: "done"; text: string; failures: string[] } | { kind: "error"; text: string };

/**
 * The answer of a watch request in words: 已监控 n，失败 m, until when and for what reason.
 * @example watchStatus({ ok: true, added: 4, extended: 1, failed: 1, failures: [...], until: "2027-12-02", ... }) // 已监控 5（新增 4，延长 1），失败 1；监控至 2027-12-02
 */
export function watchStatus(answer: WatchAnswer): WatchStatus {
  if (!answer.ok) return { kind: "error", text: `监控失败：${answer.problem.message}` };
  const watched = answer.added + answer.extended;
  const parts = [answer.extended > 0 ? `已监控 ${watched}（新增 ${answer.added}，延长 ${answer.extended}）` : `已监控 ${watched}`];
  if (answer.failed > 0) parts.push(`失败 ${answer.failed}`);
  return { kind: "done", text: `${parts.join("，")}；监控至 ${answer.until}（您共监控 ${answer.active} / ${answer.limit}）`, failures: answer.failures.map((f) => `${f.code}：${f.message}`) };
}
