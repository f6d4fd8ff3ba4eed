import type { Principal } from "../../shared/auth/principal";
import type { ShardRouter } from "../shards";
import { listEntryCondition, recordCondition, visibleListTypes } from "../visibility";
import type { ListEntryColumns } from "../lists/entry";
import { chinaDayStartUtc, countSql, countSince, countable } from "../../shared/domain/query-counts";
import { latestDataVersion } from "./data-version";

export interface SubjectRow {
  id: number;
  code: string;
  code_type: "uscc" | "id_number";
  kind: string;
  name: string;
  legal_representative: string | null;
  industry_code: string | null;
  industry: string | null;
  region_code: string | null;
  registered_on: string | null;
  registration_status: string;
  registered_capital_wan: number | null;
  address: string | null;
  checksum_legacy: number;
}

export interface RecordRow {
  category: "penalty" | "licence";
  doc_no: string;
  title: string | null;
  facts: string | null;
  basis: string | null;
  kinds: string | null;
  content: string | null;
  fine_wan: number | null;
  confiscated_wan: number | null;
  licence_ref: string | null;
  authority_name: string;
  authority_code: string;
  decided_on: string;
  valid_from: string | null;
  valid_until: string | null;
  severity: "minor" | "general" | "serious" | null;
  publish_until: string | null;
  objection_open: number;
  status: string;
}

export interface ListEntryRow extends ListEntryColumns {
  objection_open: number;
  status: string;
}

export type { DataVersionRow } from "./data-version";

/** The columns of a record, by name, as `json_object` arguments (alias `r`); `id` only orders them. */
const RECORD_JSON = `json_object('id', r.id, 'category', r.category, 'doc_no', r.doc_no, 'title', r.title, 'facts', r.facts, 'basis', r.basis,
  'kinds', r.kinds, 'content', r.content, 'fine_wan', r.fine_wan, 'confiscated_wan', r.confiscated_wan, 'licence_ref', r.licence_ref,
  'authority_name', r.authority_name, 'authority_code', r.authority_code, 'decided_on', r.decided_on, 'valid_from', r.valid_from,
  'valid_until', r.valid_until, 'severity', r.severity, 'publish_until', r.publish_until, 'objection_open', r.objection_open, 'status', r.status)`;

/** The columns of a list entry, by name, as `json_object` arguments (alias `l`); `id` only orders them. */
const LIST_ENTRY_JSON = `json_object('id', l.id, 'list_type', l.list_type, 'reason', l.reason, 'legal_basis', l.legal_basis,
  'authority_name', l.authority_name, 'authority_code', l.authority_code, 'doc_no', l.doc_no, 'listed_on', l.listed_on,
  'planned_removal_on', l.planned_removal_on, 'objection_open', l.objection_open, 'status', l.status)`;

/** One statement's row: the subject's columns, its visible records and list entries as JSON arrays, the query count. */
interface ProfileRow extends SubjectRow {
  records_json: string;
  lists_json: string;
  official_count: number;
}

/** Newest first, as the profile lists them: by date descending, then by row id descending. */
function newestFirst<T extends { id: number }>(rows: T[], date: (row: T) => string): T[] {
  return rows.sort((a, b) => (date(a) < date(b) ? 1 : date(a) > date(b) ? -1 : b.id - a.id));
}

/**
 * Everything a profile needs, in one statement on the subject's shard: the subject's row with the records and
 * list entries this principal may see aggregated into JSON arrays (json_group_array), and how many official
 * queries named it in the window (query_counts, migration 0014). One row instead of one per record and entry
 * across four statements: the D1 binding's per-statement and per-row work was a fifth of a lookup's cost in the
 * worker (issue 12; bench:scale measured about +0.07 on lookup ÷ health, near the spread between runs, see
 * docs/benchmarks.md); SQLite builds the JSON, the worker parses two strings. The arrays are sorted
 * here (newest first) rather than by an aggregate ORDER BY, which older SQLite builds do not have. No row means
 * no subject. The data version comes from the isolate's cache of the control database (./data-version). A
 * person's count is the exception: the log shows ID numbers masked, so their count is read from the log in the
 * control database, in parallel.
 */
export async function loadProfileRows(
  shards: ShardRouter,
  principal: Principal,
  lookup: { code: string; auditRef: string },
  today: string,
  options: { freshDataVersion?: boolean } = {},
) {
  const { code } = lookup;
  const listTypes = JSON.stringify(visibleListTypes(principal));
  const control = shards.control;
  const since = countSince(today);
  const counted = countable(lookup.auditRef);
  const { db } = await shards.shardFor(code);
  const [row, dataVersion, personCount] = await Promise.all([
    db
      .prepare(
        `SELECT s.id, s.code, s.code_type, s.kind, s.name, s.legal_representative, s.industry_code, s.industry, s.region_code,
                s.registered_on, s.registration_status, s.registered_capital_wan, s.address, s.checksum_legacy,
                (SELECT json_group_array(${RECORD_JSON}) FROM records r
                  WHERE r.subject_id = s.id AND r.category IN ('penalty', 'licence') AND ${recordCondition(principal)}) AS records_json,
                (SELECT json_group_array(${LIST_ENTRY_JSON}) FROM list_entries l
                  WHERE l.subject_id = s.id AND ${listEntryCondition(principal)} AND l.list_type IN (SELECT value FROM json_each(?3))) AS lists_json,
                ${counted ? countSql("?4", "?5") : "0"} AS official_count
           FROM subjects s WHERE s.code = ?2`,
      )
      .bind(today, code, listTypes, ...(counted ? [lookup.auditRef, since] : []))
      .first<ProfileRow>(),
    latestDataVersion(control, options.freshDataVersion ? { fresh: true } : {}),
    counted
      ? Promise.resolve(null)
      : control
          .prepare(
            "SELECT count(*) AS n FROM query_log_subjects s JOIN query_log q ON q.id = s.log_id WHERE s.subject_code = ?1 AND q.at >= ?2",
          )
          .bind(lookup.auditRef, chinaDayStartUtc(since))
          .first<{ n: number }>(),
  ]);
  if (!row) return { subject: null, records: [] as RecordRow[], lists: [] as ListEntryRow[], dataVersion, officialQueries90d: 0 };
  const { records_json, lists_json, official_count, ...subject } = row;
  return {
    subject: subject as SubjectRow,
    records: newestFirst(JSON.parse(records_json) as (RecordRow & { id: number })[], (r) => r.decided_on) as RecordRow[],
    lists: newestFirst(JSON.parse(lists_json) as (ListEntryRow & { id: number })[], (l) => l.listed_on) as ListEntryRow[],
    dataVersion,
    officialQueries90d: (counted ? official_count : personCount?.n) ?? 0,
  };
}

/**
 * The code of the subject registered under an old 15-digit 工商注册号 (subjects.reg_no, migration 0007), or null.
 * The number is not the shard key, so every shard is asked in parallel (an indexed read each); the first shard
 * in binding order that holds it answers.
 * @example await subjectCodeByRegistrationNumber(shards, "110108000000016") // { code: "91110108MA01…", code_type: "uscc" } or null
 */
export async function subjectCodeByRegistrationNumber(shards: ShardRouter, regNo: string): Promise<{ code: string; code_type: "uscc" | "id_number" } | null> {
  const found = await Promise.all(
    shards.all().map(({ db }) => db.prepare("SELECT code, code_type FROM subjects WHERE reg_no = ?1 ORDER BY id LIMIT 1").bind(regNo).first<{ code: string; code_type: "uscc" | "id_number" }>()),
  );
  return found.find((row) => row !== null) ?? null;
}
