/**
 * 名单移出 (list removals): a stored entry found by list + subject + 决定文书号 is marked removed with its date and
 * reason; an entry that does not exist is reported, a repaired one needs no removal.
 */
import type { ListType } from "../../../shared/domain/lists";
import { type FieldSpec, SOURCE_FIELDS } from "../columns";
import { parseEnum } from "../fields";
import { LIST_KEY, LIST_SNAPSHOT, LIST_SUBJECT_FIELDS, LIST_TYPE_TABLE, listMatch, listProbe } from "../lists";
import { NOW, type WritePlan, binder, foreign, foreignOutcome, probed, saveVersions, v } from "../sql";
import { defineKind } from "../spec";
import { type Provenance, type RowReader, type Validated, docNo, readProvenance, readSubject, result } from "../validate";

export interface ListRemovalRow extends Provenance {
  subjectCode: string;
  listType: ListType;
  docNo: string;
  removedOn: string;
  removalReason: string;
}

const LIST_REMOVAL_FIELDS: FieldSpec[] = [
  ...LIST_SUBJECT_FIELDS,
  { name: "docNo", label: "决定文书号", aliases: ["列入决定书文号", "认定文书号", "文书号"], maxLength: 100 },
  { name: "removedOn", label: "移出日期", aliases: ["移出决定日期"], maxLength: 40 },
  { name: "removalReason", label: "移出原因", aliases: ["移出事由"], maxLength: 2000 },
  ...SOURCE_FIELDS(null),
];

function validate(r: RowReader): Validated<ListRemovalRow> {
  const listType = r.parsed("listType", true, (t, l) => parseEnum(t, l, LIST_TYPE_TABLE));
  const subject = readSubject(r, "subjectCategory", false);
  const doc = docNo(r);
  const removedOn = r.date("removedOn", true, { notFuture: true });
  const removalReason = r.text("removalReason", true);
  const provenance = readProvenance(r);
  return result(r, () => {
    if (!listType || !subject || !doc || !removedOn || !removalReason || !provenance) return null;
    return { listType, subjectCode: subject.code, docNo: doc, removedOn, removalReason, ...provenance };
  });
}

/* Tuple: 0 subject code · 1 list_type · 2 doc_no · 3 removed_on · 4 removal_reason · 5 source_unit_name · 6 source_unit_code
 * 7 source_row */
const MATCH = listMatch(1, 0, 2);
const CHANGES = `(l.status = 'listed' OR (l.status = 'removed' AND (l.removed_on IS NOT ${v(3)} OR l.removal_reason IS NOT ${v(4)})))`;

const plan: WritePlan<ListRemovalRow> = {
  probesSubjects: false,
  tuple: (r, sourceRow) => [r.subjectCode, r.listType, r.docNo, r.removedOn, r.removalReason, r.sourceUnitName, r.sourceUnitCode, sourceRow],
  statements: (db, json, p) => {
    const bind = binder(db, json, p);
    return [
      bind(listProbe(1, 0, 2)),
      bind(saveVersions({ entity: "list_entry", table: "list_entries", alias: "l", match: MATCH, snapshot: LIST_SNAPSHOT, where: `NOT ${foreign("l")} AND ${CHANGES}` })),
      bind(`
        UPDATE list_entries AS l SET status = 'removed', removed_on = ${v(3)}, removal_reason = ${v(4)},
               batch_id = ?3, source_row = ${v(7)}, received_at = ?4, updated_at = ${NOW}
          FROM json_each(?1) AS j
         WHERE ${MATCH} AND NOT ${foreign("l")} AND ${CHANGES}
        RETURNING ${LIST_KEY} AS k`),
    ];
  },
  classify: (results, rows, p) => {
    const { existing, written } = probed(results, 0, 2);
    return rows.map((row) => {
      const k = `${row.listType}|${row.subjectCode}|${row.docNo}`;
      const before = existing.get(k);
      if (!before) {
        return { outcome: "rejected", field: "决定文书号", rule: "not_found", message: `名单中没有这条记录（${row.listType}，决定文书号“${row.docNo}”）：请核对名单类型、主体代码和决定文书号` };
      }
      const foreignRow = foreignOutcome(p, before);
      if (foreignRow) return foreignRow;
      if (before.st === "repaired") return { outcome: "rejected", field: "决定文书号", rule: "status_regression", message: "这条名单记录已信用修复，不再需要移出" };
      return { outcome: written.has(k) ? "updated" : "unchanged" };
    });
  },
};

export const listRemovals = defineKind<ListRemovalRow>({
  kind: "list-removals",
  batchKind: "list_removals",
  category: "list_removal",
  fields: LIST_REMOVAL_FIELDS,
  required: [["listType"], ["subjectCode", "idNumber"], ["docNo"], ["removedOn"], ["removalReason"], ["sourceUnitName"], ["sourceUnitCode"]],
  validate,
  naturalKey: (row) => `${row.listType}|${row.subjectCode}|${row.docNo}`,
  shardKey: (row) => row.subjectCode,
  subjectOf: () => null,
  plan,
});
