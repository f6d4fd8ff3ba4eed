/** Bid-opening tables of any size for the tests: valid, distinct codes no one is registered under. */
import { usccFromParts } from "../../shared/identifiers/uscc";

export const unknownCode = (i: number) => usccFromParts("9", "1", "500112", `MA${String(i).padStart(6, "0")}`);

export function bidderRow(i: number): string {
  return `<tr><td>${i + 1}</td><td>重庆第${i + 1}建筑工程有限公司</td><td>${unknownCode(i)}</td><td>1,000,000.00</td></tr>`;
}

/** A 开标一览表 with `rows` bidders; `projectNo` goes where the demo site's purpose template reads it. */
export function bidderTable(rows: number, projectNo = "BIG-1"): string {
  const body = Array.from({ length: rows }, (_, i) => bidderRow(i)).join("");
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>开标一览表</title></head><body><h1>开标一览表</h1><p>项目编号：<span data-project-no>${projectNo}</span></p><table id="bidders"><thead><tr><th>序号</th><th>投标人</th><th>统一社会信用代码</th><th>投标报价（元）</th></tr></thead><tbody>${body}</tbody></table></body></html>`;
}
