/**
 * 名单列入 (list entries): 严重失信主体名单, 经营异常名录 and the other lists of shared/domain/lists.ts, with the 认定
 * decision. A removed or repaired entry is not listed again by resending the listing (that would be a new decision).
 */
import type { ListType } from "../../../shared/domain/lists";
import { type FieldSpec, ID, SOURCE_FIELDS } from "../columns";
import { LONG_TERM, parseEnum } from "../fields";
import { LIST_KEY, LIST_SNAPSHOT, LIST_SUBJECT_FIELDS, LIST_TYPE_TABLE, listMatch, listProbe } from "../lists";
import { type Assignment, NOW, SUBJECT_PROBE, type WritePlan, binder, differs, foreign, foreignOutcome, fromExcluded, insertProvisionalSubjects, saveVersions, subjectId, subjectTuple, upsertOutcomes, upsertSql, v } from "../sql";
import { defineKind } from "../spec";
import { type Provenance, type RowReader, type SubjectRef, type Validated, docNo, readAuthority, readProvenance, readSubject, result } from "../validate";

export interface ListEntryRow extends Provenance {
  subject: SubjectRef;
  listType: ListType;
  reason: string;
  legalBasis: string | null;
  authorityName: string;
  authorityCode: string;
  docNo: string;
  listedOn: string;
  plannedRemovalOn: string | null;
}

const LIST_ENTRY_FIELDS: FieldSpec[] = [
  ...LIST_SUBJECT_FIELDS,
  { name: "legalRepresentative", label: "法定代表人", aliases: ["法定代表人（负责人）", "负责人"], maxLength: 100 },
  { name: "reason", label: "列入事由", aliases: ["列入原因", "失信行为", "失信行为情形", "主要失信事实"], maxLength: 2000 },
  { name: "legalBasis", label: "认定依据", aliases: ["列入依据"], maxLength: 2000 },
  { name: "authorityName", label: "认定部门", aliases: ["认定单位", "列入决定机关", "作出决定机关"], maxLength: 200, default: "authorityName" },
  { name: "authorityCode", label: "认定部门统一社会信用代码", aliases: ["认定单位统一社会信用代码", "列入决定机关统一社会信用代码"], maxLength: 40, default: "authorityCode", ...ID },
  { name: "docNo", label: "决定文书号", aliases: ["列入决定书文号", "认定文书号", "文书号"], maxLength: 100 },
  { name: "listedOn", label: "列入日期", aliases: ["认定日期", "列入决定日期"], maxLength: 40 },
  { name: "plannedRemovalOn", label: "计划移出日期", aliases: ["有效期至", "公示截止日期"], maxLength: 40 },
  ...SOURCE_FIELDS(null),
];

function validate(r: RowReader): Validated<ListEntryRow> {
  const listType = r.parsed("listType", true, (t, l) => parseEnum(t, l, LIST_TYPE_TABLE));
  const subject = readSubject(r, "subjectCategory");
  const reason = r.text("reason", true);
  const legalBasis = r.text("legalBasis");
  const authority = readAuthority(r);
  const doc = docNo(r);
  const listedOn = r.date("listedOn", true, { notFuture: true });
  const planned = r.date("plannedRemovalOn", false, { longTerm: true });
  const provenance = readProvenance(r);
  if (listedOn && planned && planned < listedOn) r.problem("plannedRemovalOn", "date_order", `计划移出日期（${planned}）早于列入日期（${listedOn}）`);
  return result(r, () => {
    if (!listType || !subject || !reason || !authority || !doc || !listedOn || !provenance) return null;
    // 2099-12-31 / 长期: listed until removed.
    return { listType, subject, reason, legalBasis, ...authority, docNo: doc, listedOn, plannedRemovalOn: planned === LONG_TERM ? null : planned, ...provenance };
  });
}

/* Tuple: 0–6 subject · 7 list_type · 8 reason · 9 legal_basis · 10 authority_name · 11 authority_code · 12 doc_no
 * 13 listed_on · 14 planned_removal_on · 15 source_unit_name · 16 source_unit_code · 17 source_row · 18 reg_no */
const COLUMNS = [["reason", 8], ["legal_basis", 9], ["authority_name", 10], ["authority_code", 11], ["listed_on", 13], ["planned_removal_on", 14]] as const;
const MATCH = listMatch(7, 0, 12);
const SKIP = `EXISTS (SELECT 1 FROM list_entries l WHERE ${MATCH} AND (l.status <> 'listed' OR ${foreign("l")}))`;

const plan: WritePlan<ListEntryRow> = {
  probesSubjects: true,
  tuple: (r, sourceRow) => [
    ...subjectTuple(r.subject), r.listType, r.reason, r.legalBasis, r.authorityName, r.authorityCode, r.docNo, r.listedOn, r.plannedRemovalOn,
    r.sourceUnitName, r.sourceUnitCode, sourceRow, r.subject.regNo,
  ],
  statements: (db, json, p) => {
    const bind = binder(db, json, p);
    return [
      db.prepare(SUBJECT_PROBE).bind(json),
      bind(listProbe(7, 0, 12)),
      bind(insertProvisionalSubjects(SKIP, 16, 17, 18)),
      bind(
        saveVersions({
          entity: "list_entry",
          table: "list_entries",
          alias: "l",
          match: MATCH,
          snapshot: LIST_SNAPSHOT,
          where: `l.status = 'listed' AND NOT ${foreign("l")} AND (${differs(COLUMNS.map(([c, i]) => [`l.${c}`, v(i)]))})`,
        }),
      ),
      bind(
        upsertSql({
          table: "list_entries",
          insert: [
            ["list_type", v(7)], ["subject_id", subjectId(0)], ...COLUMNS.map(([c, i]): Assignment => [c, v(i)]), ["doc_no", v(12)],
            ["source_unit_name", v(15)], ["source_unit_code", v(16)], ["batch_id", "?3"], ["source_row", v(17)], ["received_at", "?4"],
          ],
          skip: SKIP,
          conflict: "list_type, subject_id, doc_no",
          values: fromExcluded(COLUMNS.map(([c]) => c)),
          also: [...fromExcluded(["source_unit_name", "source_unit_code", "batch_id", "source_row", "received_at"]), ["updated_at", NOW]],
          returning: LIST_KEY,
        }),
      ),
    ];
  },
  classify: (results, rows, p) =>
    upsertOutcomes(results, { probe: 1, write: 4 }, rows, (r) => `${r.listType}|${r.subject.code}|${r.docNo}`, (_row, before) => {
      const foreignRow = foreignOutcome(p, before);
      if (foreignRow) return foreignRow;
      if (before.st !== "listed") {
        const state = before.st === "repaired" ? "已信用修复" : "已移出";
        return { outcome: "rejected", field: "决定文书号", rule: "status_regression", message: `这条名单记录${state}，不能通过重新报送列入信息恢复；重新列入请使用新的决定文书号` };
      }
      return null;
    }),
};

export const listEntries = defineKind<ListEntryRow>({
  kind: "list-entries",
  batchKind: "list_entries",
  category: "list_entry",
  fields: LIST_ENTRY_FIELDS,
  required: [
    ["listType"], ["subjectName"], ["subjectCode", "idNumber"], ["reason"], ["authorityName"], ["authorityCode"], ["docNo"], ["listedOn"],
    ["sourceUnitName"], ["sourceUnitCode"],
  ],
  validate,
  naturalKey: (row) => `${row.listType}|${row.subject.code}|${row.docNo}`,
  shardKey: (row) => row.subject.code,
  subjectOf: (row) => (row.subject.name ? row.subject : null),
  plan,
});
