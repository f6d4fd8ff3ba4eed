/**
 * The quality report of an upload batch: the counts on the batch row, the figures kept at the end of the
 * upload, rejected rows per rule and a page of the rejections, read in one round trip. The uploading unit's
 * providers and admins may read it.
 */
import type { IngestKind, IngestRule, QualityReport } from "../../shared/contract/ingest";
import { REJECTIONS_PAGE_SIZE } from "../../shared/contract/ingest";
import type { Principal } from "../../shared/auth/principal";
import { ApiError } from "../http/errors";
import { maskIdNumbersIn, rate } from "./quality";
import { KINDS } from "./kinds";
import type { StoredReport } from "./service";

interface BatchRow {
  id: number;
  kind: string;
  source_unit_name: string;
  source_unit_code: string;
  file_name: string | null;
  received_at: string;
  finished_at: string | null;
  status: "receiving" | "done" | "failed";
  total_rows: number;
  accepted_rows: number;
  rejected_rows: number;
  report: string | null;
}

const KIND_OF_BATCH = new Map<string, IngestKind>(Object.values(KINDS).map((spec) => [spec.batchKind, spec.kind]));

export async function loadBatchReport(db: D1DatabaseSession, principal: Principal, batchId: number, page: number): Promise<QualityReport> {
  const [batchResult, ruleResult, countResult, pageResult] = await db.batch([
    db.prepare("SELECT * FROM ingest_batches WHERE id = ?1").bind(batchId),
    db.prepare("SELECT rule, count(DISTINCT row_number) AS n FROM ingest_rejections WHERE batch_id = ?1 GROUP BY rule").bind(batchId),
    db.prepare("SELECT count(*) AS n FROM ingest_rejections WHERE batch_id = ?1").bind(batchId),
    db
      .prepare("SELECT row_number, field, rule, message FROM ingest_rejections WHERE batch_id = ?1 ORDER BY row_number, id LIMIT ?2 OFFSET ?3")
      .bind(batchId, REJECTIONS_PAGE_SIZE, (page - 1) * REJECTIONS_PAGE_SIZE),
  ]);
  const batch = batchResult!.results[0] as BatchRow | undefined;
  const kind = batch ? KIND_OF_BATCH.get(batch.kind) : undefined;
  // Seed batches and others not made by an upload have no quality report.
  if (!batch || !kind) throw new ApiError(404, "not_found", `没有编号为 ${batchId} 的上传批次`, { batchId });
  if (principal.role === "provider" && batch.source_unit_code !== principal.sourceUnit) {
    throw new ApiError(403, "forbidden", "只能查看本单位上传的批次", { batchId, sourceUnit: batch.source_unit_code });
  }
  const stored = parseReport(batch.report);
  const rejectedByRule: Record<string, number> = {};
  for (const r of ruleResult!.results as { rule: IngestRule; n: number }[]) rejectedByRule[r.rule] = r.n;
  const total = (countResult!.results[0] as { n: number }).n;
  return {
    batchId: batch.id,
    kind,
    status: batch.status,
    sourceUnit: { code: batch.source_unit_code, name: batch.source_unit_name },
    fileName: batch.file_name,
    format: stored?.format ?? null,
    encoding: stored?.encoding ?? null,
    schema: stored?.schema ?? null,
    receivedAt: batch.received_at,
    finishedAt: batch.finished_at,
    total: batch.total_rows,
    accepted: batch.accepted_rows,
    rejected: batch.rejected_rows,
    unchanged: stored?.unchanged ?? 0,
    inserted: stored?.inserted ?? 0,
    updated: stored?.updated ?? 0,
    passRate: rate(batch.accepted_rows, batch.total_rows),
    timeliness: stored?.timeliness ?? null,
    codeQuality: stored?.codeQuality ?? { wrongCodes: 0, duplicateCodes: 0, perMille: null, duplicates: [] },
    publicationAdjusted: stored?.publicationAdjusted ?? 0,
    rejectedByRule,
    maskedIdNumbers: stored?.maskedIdNumbers ?? 0,
    maskedIdNumbersByField: stored?.maskedIdNumbersByField ?? {},
    needsReview: stored?.needsReview ?? {},
    ignoredColumns: stored?.ignoredColumns ?? [],
    severityRules: stored?.severityRules ?? null,
    rejections: {
      page,
      pageSize: REJECTIONS_PAGE_SIZE,
      total,
      items: (pageResult!.results as { row_number: number; field: string; rule: IngestRule; message: string }[]).map((r) => ({
        row: r.row_number,
        field: maskIdNumbersIn(r.field),
        rule: r.rule,
        message: maskIdNumbersIn(r.message),
      })),
    },
  };
}

function parseReport(text: string | null): StoredReport | null {
  if (!text) return null;
  try {
    return JSON.parse(text) as StoredReport;
  } catch {
    return null;
  }
}
