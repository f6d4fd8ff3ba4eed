import type { Principal } from "../../shared/auth/principal";
import type { ShardRouter } from "../shards";
import { listEntryCondition, recordCondition, visibleListTypes } from "../visibility";
import type { ListEntryColumns } from "../lists/entry";
import { COUNT_SQL, chinaDayStartUtc, countSince, countable } from "../../shared/domain/query-counts";
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

const SUBJECT_BY_CODE = "(SELECT id FROM subjects WHERE code = ?2)";

/**
 * Everything a profile needs, in one round trip to the subject's shard (a D1 batch): the subject, the records and
 * list entries this principal may see, and how many official queries named it in the window (query_counts,
 * migration 0014). The data version comes from the isolate's cache of the control database (./data-version).
 * A person's count is the exception: the log shows ID numbers masked, so their count is read from the log in the
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
  const [[subject, records, lists, count], dataVersion, personCount] = await Promise.all([
    db.batch([
      db.prepare(
        `SELECT id, code, code_type, kind, name, legal_representative, industry_code, industry, region_code, registered_on,
                registration_status, registered_capital_wan, address, checksum_legacy
           FROM subjects WHERE code = ?1`,
      ).bind(code),
      db.prepare(
        `SELECT r.category, r.doc_no, r.title, r.facts, r.basis, r.kinds, r.content, r.fine_wan, r.confiscated_wan, r.licence_ref,
                r.authority_name, r.authority_code, r.decided_on, r.valid_from, r.valid_until, r.severity, r.publish_until, r.objection_open, r.status
           FROM records r
          WHERE r.subject_id = ${SUBJECT_BY_CODE} AND r.category IN ('penalty', 'licence') AND ${recordCondition(principal)}
          ORDER BY r.decided_on DESC, r.id DESC`,
      ).bind(today, code),
      db.prepare(
        `SELECT l.list_type, l.reason, l.legal_basis, l.authority_name, l.authority_code, l.doc_no, l.listed_on,
                l.planned_removal_on, l.objection_open, l.status
           FROM list_entries l
          WHERE l.subject_id = ${SUBJECT_BY_CODE} AND ${listEntryCondition(principal)}
            AND l.list_type IN (SELECT value FROM json_each(?3))
          ORDER BY l.listed_on DESC, l.id DESC`,
      ).bind(today, code, listTypes),
      db.prepare(COUNT_SQL).bind(lookup.auditRef, since),
    ]),
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
  const n = counted ? (count?.results[0] as { n: number } | undefined)?.n : personCount?.n;
  return {
    subject: (subject?.results[0] as SubjectRow | undefined) ?? null,
    records: (records?.results ?? []) as RecordRow[],
    lists: (lists?.results ?? []) as ListEntryRow[],
    dataVersion,
    officialQueries90d: n ?? 0,
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
