/**
 * An admin's review of a penalty's class (轻微 / 一般 / 严重): the answer to records flagged `needs_review` at ingest
 * (处罚类别 暂扣或者吊销, legacy code 4), and to any class an admin finds wrong. The publication window is recomputed
 * from the decision date for the new class (DOMAIN.md §5), the earlier version is kept in record_versions, and who and
 * why go into the status history; the update itself adds the change-feed row (trigger), so copies downstream follow.
 * A later upload of the same ambiguous row keeps the reviewed class (worker/ingest/plans.ts, keepReviewed).
 */
import { normalizeCode } from "../../shared/identifiers";
import type { Queryable } from "../shards";
import { type ClassificationInput, type ClassificationResult, SEVERITY_LABELS, type SeverityLabel } from "../../shared/contract/ingest";
import type { Severity } from "../../shared/domain/penalties";
import { ApiError } from "../http/errors";
import { penaltyWindow } from "./kinds/penalties";
import { RECORD_SNAPSHOT } from "./record-plan";

const LABEL_OF = Object.fromEntries(Object.entries(SEVERITY_LABELS).map(([label, code]) => [code, label])) as Record<Severity, SeverityLabel>;

interface StoredRecord {
  id: number;
  category: string;
  doc_no: string;
  severity: Severity | null;
  decided_on: string;
  status: string;
  version: number;
}

/**
 * @example reclassify(db, 1024, { severity: "严重", note: "决定书载明吊销食品经营许可证" }, "admin-1", new Date())
 * // → { id: 1024, severity: "serious", publishUntil: "2029-01-14", needsReview: false, version: 2, … }
 */
export async function reclassify(db: Queryable, id: number, input: ClassificationInput, actor: string, now: Date, subjectCode?: string): Promise<ClassificationResult> {
  // With a subject code the id must be that subject's record (the id alone is only unique within a shard).
  const record = await db
    .prepare("SELECT id, category, doc_no, severity, decided_on, status, version FROM records WHERE id = ?1 AND (?2 IS NULL OR subject_id = (SELECT id FROM subjects WHERE code = ?2))")
    .bind(id, subjectCode ? normalizeCode(subjectCode) : null)
    .first<StoredRecord>();
  if (!record) throw new ApiError(404, "not_found", `没有编号为 ${id} 的记录`, { id });
  if (record.category !== "penalty") {
    throw new ApiError(400, "invalid_request", "只有行政处罚分轻微、一般、严重：这条记录不是行政处罚", { field: "id", category: record.category });
  }
  const severity = SEVERITY_LABELS[input.severity];
  const window = penaltyWindow(record.decided_on, severity, null);
  const at = now.toISOString();
  const reason = `处罚类别复核：${record.severity ? LABEL_OF[record.severity] : "未分类"} → ${input.severity}（${input.note}）`;
  await db.batch([
    db
      .prepare(`INSERT INTO record_versions (record_id, version, snapshot, replaced_at) SELECT r.id, r.version, ${RECORD_SNAPSHOT}, ?2 FROM records r WHERE r.id = ?1`)
      .bind(id, at),
    db
      .prepare(
        `UPDATE records SET severity = ?2, publish_until = ?3, repairable_from = ?4, needs_review = 0, severity_reviewed_by = ?5, severity_reviewed_at = ?6,
                version = version + 1, updated_at = ?6,
                publication_ended_on = CASE WHEN publish_until IS ?3 THEN publication_ended_on END
          WHERE id = ?1`,
      )
      .bind(id, severity, window.publishUntil, window.repairableFrom, actor, at),
    db
      .prepare("INSERT INTO status_history (entity, entity_id, from_status, to_status, changed_at, actor, reason) VALUES ('record', ?1, ?2, ?2, ?3, ?4, ?5)")
      .bind(id, record.status, at, actor, reason),
  ]);
  return {
    id,
    docNo: record.doc_no,
    severity,
    severityLabel: input.severity,
    previousSeverity: record.severity,
    publishUntil: window.publishUntil,
    repairableFrom: window.repairableFrom,
    needsReview: false,
    reviewedBy: actor,
    reviewedAt: at,
    version: record.version + 1,
  };
}
