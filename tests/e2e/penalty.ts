/**
 * A penalty uploaded through the ingest API with a provider's token (what a department's data clerk does),
 * for the monitoring suites: it lands in the change feed and, through the local queue, becomes an alert for
 * everyone watching the subject.
 */
import { spawnSync } from "node:child_process";
import { csvLine } from "../../shared/ingest/csv";
import { usccFromParts } from "../../shared/identifiers/uscc";

const HEADER = ["行政相对人名称", "行政相对人类别", "统一社会信用代码", "法定代表人", "行政处罚决定书文号", "违法行为类型", "违法事实", "处罚依据", "处罚类别", "处罚内容",
  "罚款金额（万元）", "处罚决定日期", "处罚机关", "处罚机关统一社会信用代码", "数据来源单位", "数据来源单位统一社会信用代码"];

/** Uploads one penalty dated yesterday for `code`; returns the HTTP status and body of the upload. */
export async function uploadPenalty(origin: string, subject: { code: string; name: string }, docNo: string): Promise<{ status: number; text: string }> {
  const token = spawnSync("tsx", ["scripts/token.ts", "--role", "provider", "--name", "市场监管局数据员", "--source-unit", "11500000MB1541618P", "--hours", "1", "--issuer", origin], { encoding: "utf8" });
  if (token.status !== 0) throw new Error(`scripts/token.ts: ${token.stderr}`);
  const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
  const csv = `\uFEFF${csvLine(HEADER)}${csvLine([subject.name, "法人及非法人组织", subject.code, "陈立", docNo, "未取得施工许可证擅自施工", "经查，当事人未取得施工许可证擅自施工。",
    "《建筑工程施工许可管理办法》第十二条", "罚款", "罚款人民币壹万元整", "1", yesterday, "重庆市渝北区住房和城乡建设委员会", usccFromParts("1", "1", "500112", "MB1K0420"), "重庆市市场监督管理局", "11500000MB1541618P"])}`;
  const upload = await fetch(`${origin}/api/v1/ingest/penalties?fileName=e2e.csv`, { method: "POST", body: csv, headers: { authorization: `Bearer ${token.stdout.trim()}`, "content-type": "text/csv" } });
  return { status: upload.status, text: await upload.text() };
}
