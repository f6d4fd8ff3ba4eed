/**
 * The quality report of a whole file sent in parts: each part is a batch with its own report; the CLI merges
 * them into one and prints it in Chinese. Pure, so the merge and the wording are tested directly.
 */
import { INGEST_KIND_LABEL, INGEST_RULE_LABEL, type IngestKind, type IngestProblem, type IngestRule, type QualityReport } from "../contract/ingest";

export interface FailedPart {
  index: number;
  rowOffset: number;
  rows: number;
  error: string;
  /** Sending it again may succeed (network, 429, 5xx); otherwise the file itself must change. */
  retryable: boolean;
}

export interface MergedReport {
  kind: IngestKind;
  fileName: string;
  batchIds: number[];
  parts: number;
  format: string | null;
  encoding: string | null;
  schema: string | null;
  total: number;
  accepted: number;
  rejected: number;
  unchanged: number;
  inserted: number;
  updated: number;
  passRate: number | null;
  timeliness: { counted: number; timely: number; rate: number | null; provisional?: number } | null;
  codeQuality: { wrongCodes: number; duplicateCodes: number; perMille: number | null; duplicates: { code: string; names: string[] }[] };
  publicationAdjusted: number;
  rejectedByRule: Record<string, number>;
  /** Free-text values in which ID numbers were masked before storage. */
  maskedIdNumbers: number;
  /** Stored records flagged for an admin's review, by rule. */
  needsReview: Record<string, number>;
  ignoredColumns: string[];
  /** The first problems, numbered as rows of the original file. */
  problems: IngestProblem[];
  failedParts: FailedPart[];
}

/** Counts by key, added up. */
function addUp(counts: readonly Record<string, number>[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const c of counts) for (const [key, n] of Object.entries(c)) out[key] = (out[key] ?? 0) + n;
  return out;
}

const ratio = (part: number, whole: number) => (whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000);

/**
 * @example mergeReports("penalties", "2026年11月.csv", [{ report, problems }], []) // → { total: …, passRate: 0.998, … }
 */
export function mergeReports(
  kind: IngestKind,
  fileName: string,
  parts: readonly { report: QualityReport; problems: readonly IngestProblem[] }[],
  failedParts: readonly FailedPart[],
  maxProblems = 50,
): MergedReport {
  const sum = (pick: (r: QualityReport) => number) => parts.reduce((n, p) => n + pick(p.report), 0);
  const rejectedByRule = addUp(parts.map((p) => p.report.rejectedByRule));
  const withTimeliness = parts.filter((p) => p.report.timeliness);
  const counted = withTimeliness.reduce((n, p) => n + p.report.timeliness!.counted, 0);
  const timely = withTimeliness.reduce((n, p) => n + p.report.timeliness!.timely, 0);
  const provisional = withTimeliness.reduce((n, p) => n + (p.report.timeliness!.provisional ?? 0), 0);
  const total = sum((r) => r.total);
  const wrongCodes = sum((r) => r.codeQuality.wrongCodes);
  const duplicateCodes = sum((r) => r.codeQuality.duplicateCodes);
  const first = parts[0]?.report;
  return {
    kind,
    fileName,
    batchIds: parts.map((p) => p.report.batchId),
    parts: parts.length + failedParts.length,
    format: first?.format ?? null,
    encoding: first?.encoding ?? null,
    schema: first?.schema ?? null,
    total,
    accepted: sum((r) => r.accepted),
    rejected: sum((r) => r.rejected),
    unchanged: sum((r) => r.unchanged),
    inserted: sum((r) => r.inserted),
    updated: sum((r) => r.updated),
    passRate: ratio(sum((r) => r.accepted), total),
    timeliness: withTimeliness.length > 0 ? { counted, timely, rate: ratio(timely, counted), provisional } : null,
    codeQuality: {
      wrongCodes,
      duplicateCodes,
      perMille: total === 0 ? null : Math.round(((wrongCodes + duplicateCodes) / total) * 1000 * 100) / 100,
      duplicates: parts.flatMap((p) => p.report.codeQuality.duplicates).slice(0, 20),
    },
    publicationAdjusted: sum((r) => r.publicationAdjusted),
    rejectedByRule,
    maskedIdNumbers: sum((r) => r.maskedIdNumbers ?? 0),
    needsReview: addUp(parts.map((p) => p.report.needsReview ?? {})),
    ignoredColumns: [...new Set(parts.flatMap((p) => p.report.ignoredColumns))],
    problems: parts.flatMap((p) => p.problems).slice(0, maxProblems),
    failedParts: [...failedParts],
  };
}

const n = (x: number) => x.toLocaleString("en-US");
const percent = (x: number | null) => (x === null ? "—" : `${(x * 100).toFixed(2)}%`);

/**
 * The merged report as people read it.
 * @example formatReport(merged) // "查一查数据报送结果：行政处罚 · 2026年11月.csv\n  总行数 3 · 通过 2 · 拒绝 1 · 合格率 66.67%\n…"
 */
export function formatReport(m: MergedReport): string {
  const lines = [`查一查数据报送结果：${INGEST_KIND_LABEL[m.kind]} · ${m.fileName}`];
  const ids = m.batchIds.length === 0 ? "无" : m.batchIds.length === 1 ? `${m.batchIds[0]}` : `${m.batchIds[0]}–${m.batchIds.at(-1)}`;
  lines.push(`  批次 ${ids}（共 ${m.parts} 段）${[m.format, m.encoding, m.schema === "legacy" ? "旧版格式" : null].filter(Boolean).map((x) => ` · ${x}`).join("")}`);
  lines.push(`  总行数 ${n(m.total)} · 通过 ${n(m.accepted)} · 拒绝 ${n(m.rejected)} · 合格率 ${percent(m.passRate)}`);
  lines.push(`  其中新增 ${n(m.inserted)} · 更正 ${n(m.updated)} · 内容未变 ${n(m.unchanged)}`);
  if (m.timeliness) {
    lines.push(
      m.timeliness.counted === 0
        ? "  及时率 —（没有新增记录）"
        : `  及时率 ${percent(m.timeliness.rate)}（${n(m.timeliness.timely)} / ${n(m.timeliness.counted)} 条新增记录在决定之日起 7 个工作日内报送）`,
    );
    if (m.timeliness.provisional) {
      lines.push(`  注意：其中 ${n(m.timeliness.provisional)} 条的及时与否为暂定——计算涉及尚未录入节假日安排的年份（按周一至周五计），录入后以复核为准`);
    }
  }
  const cq = m.codeQuality;
  lines.push(`  重错码率 ${cq.perMille === null ? "—" : `${cq.perMille}‰`}（错码 ${n(cq.wrongCodes)} 行，重码 ${n(cq.duplicateCodes)} 个）`);
  for (const d of cq.duplicates.slice(0, 5)) lines.push(`    重码 ${d.code}：${d.names.join(" / ")}`);
  if (m.maskedIdNumbers > 0) lines.push(`  自由文本中含有身份证号码、已脱敏后保存：${n(m.maskedIdNumbers)} 处（请在源数据中删除这些号码）`);
  for (const [rule, count] of Object.entries(m.needsReview)) {
    lines.push(`  已保存、待管理员复核的记录：${n(count)} 条（${rule}${rule === "kind_ambiguous" ? "：处罚类别为“暂扣或者吊销”，暂按一般处理" : ""}）`);
  }
  if (m.publicationAdjusted > 0) lines.push(`  公示截止期超出法定期限、已调整：${n(m.publicationAdjusted)} 条`);
  const rules = Object.entries(m.rejectedByRule).sort((a, b) => b[1] - a[1]);
  if (rules.length > 0) {
    lines.push("  被拒绝的行（按规则；一行可违反多条）：");
    for (const [rule, count] of rules) lines.push(`    ${INGEST_RULE_LABEL[rule as IngestRule] ?? rule}（${rule}）${n(count)} 行`);
  }
  if (m.problems.length > 0) {
    lines.push(`  前 ${m.problems.length} 个问题（行号为原文件的数据行号）：`);
    for (const p of m.problems) lines.push(`    第 ${p.row} 行 · ${p.field || "整行"} · ${p.rule} · ${p.message}`);
  }
  if (m.ignoredColumns.length > 0) lines.push(`  未入库的列：${m.ignoredColumns.join("、")}`);
  for (const f of m.failedParts) lines.push(`  ✗ 第 ${f.index} 段（第 ${f.rowOffset + 1}–${f.rowOffset + f.rows} 行）上传失败：${f.error}`);
  if (m.failedParts.some((f) => f.retryable)) lines.push("  请重新运行同一命令：已保存的行不会重复保存。");
  else if (m.failedParts.length > 0) lines.push("  请按上面的说明修改文件（或命令参数）后重新上传。");
  return lines.join("\n");
}
