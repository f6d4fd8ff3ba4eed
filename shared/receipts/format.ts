/**
 * Plain-text renderings of verified receipts and reports (Chinese), for the command line and anywhere
 * without HTML. Pure.
 */
import type { ReceiptPayload, ReportPayload } from "../contract/receipts";
import { chinaDateTime } from "../domain/dates";

/**
 * The lines that summarise a receipt: who checked what, when, against which data, and each item's decision.
 * @example receiptLines(payload)[0] // "凭证编号：CX-20261127-7F3K9Q"
 */
export function receiptLines(p: ReceiptPayload): string[] {
  const s = p.summary;
  return [
    `凭证编号：${p.number}`,
    `签发方：${p.iss}`,
    `签发时间：${chinaDateTime(p.issuedAt)}`,
    `查询场景：${p.sceneLabel}；查询事由：${p.purpose ?? "—"}`,
    `查询人：${p.actor.name}（${p.actor.id}${p.actor.department ? `，单位 ${p.actor.department}` : ""}）`,
    `名单效力日期：${p.asOf}；数据版本：${p.dataVersion ? `批次 ${p.dataVersion.batchId}，${chinaDateTime(p.dataVersion.receivedAt)}` : "—"}`,
    `结论：不得参与 ${s.block}，需复核 ${s.review}，提示 ${s.flag}，守信激励 ${s.benefit}，通过 ${s.pass}；代码有误 ${s.invalid_code}，未找到 ${s.not_found}，名称不唯一 ${s.ambiguous}`,
    `核查结果（${p.items.length} 项）：`,
    ...p.items.map((item) => {
      const who = item.subject ? `${item.subject.name} ${item.subject.code}` : [item.input.name, item.input.code].filter(Boolean).join(" ");
      const lists = item.hits.map((h) => h.listName).join("、");
      return `  ${item.ref}  ${who}  ${item.decisionLabel ?? item.message}${lists ? `  [${lists}]` : ""}`;
    }),
  ];
}

/**
 * The lines that summarise a signed public credit report.
 * @example reportLines(payload)[0] // "报告对象：重庆渝信商贸有限公司（91500103MA5U3K9L2B）"
 */
export function reportLines(p: ReportPayload): string[] {
  const r = p.report;
  return [
    `报告对象：${r.name}（${r.code}）`,
    `签发方：${p.iss}`,
    `签发时间：${chinaDateTime(p.issuedAt)}`,
    `信息截至：${r.asOf}`,
    `失信类名单 ${r.summary.negativeLists} 项；公示期内行政处罚 ${r.summary.publicPenalties} 条；${r.summary.redList ? "列入" : "未列入"}守信激励对象名单`,
    ...r.lists.map((l) => `  ${l.listName}：${l.reason}（${l.authority.name} ${l.docNo}，${l.listedOn} 列入）`),
  ];
}
