import { AUDIT_EXPORT_LIMIT, AUDIT_PAGE_SIZE, type AuditEntry, type AuditPage, type AuditQuery } from "../../shared/contract";
import { addDays } from "../../shared/domain/dates";
import { parseScene } from "../../shared/domain/scenes";
import { normalizeCode } from "../../shared/identifiers";
import { type CsvColumn, spreadsheetCsv } from "../http/csv";
import { chinaDayStartUtc } from "../../shared/domain/query-counts";

interface Row {
  id: number;
  at: string;
  actor: string;
  actor_name: string | null;
  role: string;
  department_code: string | null;
  scene: string | null;
  purpose: string | null;
  route: string;
  receipt_number: string | null;
  answer_digest: string | null;
  subjects: string;
  hash: string;
}

/** A China calendar date's midnight as a UTC instant, the form `query_log.at` is stored in. */

/** Searches the query log; `all` returns up to the export limit instead of one page. */
export async function searchAudit(db: D1DatabaseSession, q: AuditQuery, all = false): Promise<AuditPage> {
  const where = `(?1 IS NULL OR q.actor = ?1)
    AND (?2 IS NULL OR q.id IN (SELECT log_id FROM query_log_subjects WHERE subject_code = ?2))
    AND (?3 IS NULL OR q.at >= ?3) AND (?4 IS NULL OR q.at < ?4) AND (?5 IS NULL OR q.scene = ?5)`;
  const params = [
    q.actor ?? null,
    q.subject ? normalizeCode(q.subject) : null,
    q.from ? chinaDayStartUtc(q.from) : null,
    q.to ? chinaDayStartUtc(addDays(q.to, 1)) : null,
    q.scene ? (parseScene(q.scene) ?? q.scene) : null,
  ];
  const limit = all ? AUDIT_EXPORT_LIMIT : AUDIT_PAGE_SIZE;
  const offset = all ? 0 : (q.page - 1) * AUDIT_PAGE_SIZE;
  const [rows, count] = await db.batch([
    db
      .prepare(
        `SELECT q.*, (SELECT json_group_array(subject_code) FROM query_log_subjects WHERE log_id = q.id) AS subjects
           FROM query_log q WHERE ${where} ORDER BY q.id DESC LIMIT ?6 OFFSET ?7`,
      )
      .bind(...params, limit, offset),
    db.prepare(`SELECT count(*) AS n FROM query_log q WHERE ${where}`).bind(...params),
  ]);
  return {
    page: all ? 1 : q.page,
    pageSize: limit,
    total: (count?.results[0] as { n: number } | undefined)?.n ?? 0,
    items: ((rows?.results ?? []) as Row[]).map(toEntry),
  };
}

function toEntry(r: Row): AuditEntry {
  return {
    id: r.id,
    at: r.at,
    actor: r.actor,
    actorName: r.actor_name,
    role: r.role,
    departmentCode: r.department_code,
    scene: r.scene,
    purpose: r.purpose,
    route: r.route,
    receiptNumber: r.receipt_number,
    answerDigest: r.answer_digest,
    subjects: JSON.parse(r.subjects) as string[],
    hash: r.hash,
  };
}

const CSV_FIELDS: [keyof AuditEntry, string][] = [
  ["id", "序号"], ["at", "查询时间(UTC)"], ["actor", "查询人"], ["actorName", "姓名"], ["role", "角色"], ["departmentCode", "部门代码"],
  ["scene", "场景"], ["purpose", "事由"], ["route", "接口"], ["subjects", "被查询主体"], ["receiptNumber", "凭证编号"],
  ["answerDigest", "应答摘要(SHA-256)"], ["hash", "登记哈希"],
];
/** Subject lists as space-separated codes, missing values empty. */
const CSV_COLUMNS: CsvColumn<AuditEntry>[] = CSV_FIELDS.map(([key, label]) => [
  label,
  (e) => {
    const v: unknown = e[key];
    return Array.isArray(v) ? v.join(" ") : v === null || v === undefined ? null : String(v);
  },
]);

/** The log as a spreadsheet download (worker/http/csv.ts: BOM, RFC 4180, formula-looking cells neutralised). */
export function auditCsv(items: readonly AuditEntry[]): string {
  return spreadsheetCsv(CSV_COLUMNS, items);
}
