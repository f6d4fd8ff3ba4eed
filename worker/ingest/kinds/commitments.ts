/**
 * 信用承诺及履约 (commitments): 告知承诺 and the other kinds, and later their fulfilment or breach (the same 承诺书编号 sent
 * again with a new 履约状态). A fulfilled or breached commitment is not set back to pending by an older file sent again.
 */
import { type FieldSpec, ID, REG_NO, SOURCE_FIELDS } from "../columns";
import { LONG_TERM, enumTable, parseEnum } from "../fields";
import { type Assignment, SUBJECT_PROBE, type WritePlan, binder, differs, foreign, foreignOutcome, fromExcluded, insertProvisionalSubjects, saveVersions, snapshot, subjectId, subjectTuple, upsertOutcomes, upsertSql, v } from "../sql";
import { defineKind } from "../spec";
import { type Provenance, type RowReader, type SubjectRef, type Validated, docNo, readAuthority, readProvenance, readSubject, result } from "../validate";

export interface CommitmentRow extends Provenance {
  subject: SubjectRef;
  commitmentKind: string;
  matter: string;
  authorityName: string;
  authorityCode: string;
  docNo: string;
  committedOn: string;
  dueOn: string | null;
  status: "pending" | "fulfilled" | "breached";
  resolvedOn: string | null;
}

const COMMITMENT_FIELDS: FieldSpec[] = [
  { name: "subjectName", label: "主体名称", aliases: ["承诺主体名称", "行政相对人名称", "名称"], maxLength: 200 },
  { name: "subjectCategory", label: "主体类别", aliases: ["行政相对人类别"], maxLength: 20 },
  { name: "subjectCode", label: "统一社会信用代码", maxLength: 40, ...ID },
  { name: "idNumber", label: "证件号码", aliases: ["身份证号码"], maxLength: 40, ...ID },
  REG_NO,
  { name: "legalRepresentative", label: "法定代表人", aliases: ["负责人"], maxLength: 100 },
  { name: "commitmentKind", label: "承诺类型", aliases: ["承诺类别"], maxLength: 40 },
  { name: "matter", label: "承诺事项", aliases: ["承诺内容"], maxLength: 2000 },
  { name: "authorityName", label: "承诺受理单位", aliases: ["受理单位", "承诺受理部门"], maxLength: 200, default: "authorityName" },
  { name: "authorityCode", label: "承诺受理单位统一社会信用代码", aliases: ["受理单位统一社会信用代码"], maxLength: 40, default: "authorityCode", ...ID },
  { name: "docNo", label: "承诺书编号", aliases: ["承诺书文号", "承诺编号"], maxLength: 100 },
  { name: "committedOn", label: "承诺日期", aliases: ["承诺作出日期"], maxLength: 40 },
  { name: "dueOn", label: "履约期限", aliases: ["承诺履行期限"], maxLength: 40 },
  { name: "commitmentStatus", label: "履约状态", aliases: ["履行状态", "承诺状态"], maxLength: 20 },
  { name: "resolvedOn", label: "履约认定日期", aliases: ["办结日期", "核查日期"], maxLength: 40 },
  ...SOURCE_FIELDS(null),
];

const COMMITMENT_KINDS = enumTable({
  审批替代型: ["审批替代型", "告知承诺", "证明事项告知承诺", "涉企经营许可事项告知承诺"],
  主动型: ["主动型", "主动公示型"],
  行业自律型: ["行业自律型"],
  信用修复型: ["信用修复型"],
});
const COMMITMENT_STATUS = enumTable({
  pending: ["待履行", "履约中", "未到期"],
  fulfilled: ["已履行", "履约", "守诺", "已履约"],
  breached: ["未履行", "违诺", "违约", "失信", "未履约"],
});

function validate(r: RowReader): Validated<CommitmentRow> {
  const subject = readSubject(r, "subjectCategory");
  const commitmentKind = r.parsed("commitmentKind", true, (t, l) => parseEnum(t, l, COMMITMENT_KINDS));
  const matter = r.text("matter", true);
  const authority = readAuthority(r);
  const doc = docNo(r);
  const committedOn = r.date("committedOn", true, { notFuture: true });
  const dueOn = r.date("dueOn", false, { longTerm: true });
  const status = r.parsed("commitmentStatus", false, (t, l) => parseEnum(t, l, COMMITMENT_STATUS)) ?? "pending";
  const resolvedOn = r.date("resolvedOn", status !== "pending" && "履约状态为已履行或未履行时，履约认定日期必填", { notFuture: true });
  const provenance = readProvenance(r);
  if (status === "pending" && resolvedOn) r.problem("resolvedOn", "consistency", "履约状态为待履行，却填写了履约认定日期");
  if (committedOn && dueOn && dueOn < committedOn) r.problem("dueOn", "date_order", `履约期限（${dueOn}）早于承诺日期（${committedOn}）`);
  if (committedOn && resolvedOn && resolvedOn < committedOn) r.problem("resolvedOn", "date_order", `履约认定日期（${resolvedOn}）早于承诺日期（${committedOn}）`);
  return result(r, () => {
    if (!subject || !commitmentKind || !matter || !authority || !doc || !committedOn || !provenance) return null;
    return { subject, commitmentKind, matter, ...authority, docNo: doc, committedOn, dueOn: dueOn === LONG_TERM ? null : dueOn, status, resolvedOn, ...provenance };
  });
}

/* Tuple: 0–6 subject · 7 kind · 8 matter · 9 authority_name · 10 authority_code · 11 doc_no · 12 committed_on · 13 due_on
 * 14 status · 15 resolved_on · 16 source_unit_code · 17 source_row · 18 reg_no */
const COLUMNS = [["kind", 7], ["matter", 8], ["authority_name", 9], ["committed_on", 12], ["due_on", 13], ["status", 14], ["resolved_on", 15]] as const;
const VALUES: Assignment[] = [["subject_id", subjectId(0)], ...COLUMNS.map(([c, i]): Assignment => [c, v(i)])];
const SNAPSHOT = snapshot("c", [
  "subject_id", "kind", "matter", "authority_name", "authority_code", "doc_no", "committed_on", "due_on", "status", "resolved_on",
  "source_unit_code", "batch_id", "source_row", "received_at",
]);
const MATCH = `c.authority_code = ${v(10)} AND c.doc_no = ${v(11)}`;
/** Another unit's commitment, or a resolved one sent back as pending: left alone. */
const LEFT_ALONE = `(${foreign("c")} OR (c.status <> 'pending' AND ${v(14)} = 'pending'))`;

const plan: WritePlan<CommitmentRow> = {
  probesSubjects: true,
  tuple: (r, sourceRow) => [
    ...subjectTuple(r.subject), r.commitmentKind, r.matter, r.authorityName, r.authorityCode, r.docNo, r.committedOn, r.dueOn, r.status, r.resolvedOn,
    r.sourceUnitCode, sourceRow, r.subject.regNo,
  ],
  statements: (db, json, p) => {
    const bind = binder(db, json, p);
    const skip = `EXISTS (SELECT 1 FROM commitments c WHERE ${MATCH} AND ${LEFT_ALONE})`;
    return [
      db.prepare(SUBJECT_PROBE).bind(json),
      bind(`SELECT c.authority_code || '|' || c.doc_no AS k, c.source_unit_code AS u, c.status AS st FROM json_each(?1) j CROSS JOIN commitments c ON ${MATCH}`),
      bind(insertProvisionalSubjects(skip, 16, 17, 18)),
      bind(
        saveVersions({
          entity: "commitment",
          table: "commitments",
          alias: "c",
          match: MATCH,
          snapshot: SNAPSHOT,
          where: `NOT ${LEFT_ALONE} AND (${differs(VALUES.map(([x, e]) => [`c.${x}`, e]))})`,
        }),
      ),
      bind(
        upsertSql({
          table: "commitments",
          insert: [...VALUES, ["authority_code", v(10)], ["doc_no", v(11)], ["source_unit_code", v(16)], ["batch_id", "?3"], ["source_row", v(17)], ["received_at", "?4"]],
          skip,
          conflict: "authority_code, doc_no",
          values: fromExcluded(VALUES.map(([x]) => x)),
          also: fromExcluded(["source_unit_code", "batch_id", "source_row", "received_at"]),
          returning: "authority_code || '|' || doc_no",
        }),
      ),
    ];
  },
  classify: (results, rows, p) =>
    upsertOutcomes(results, { probe: 1, write: 4 }, rows, (r) => `${r.authorityCode}|${r.docNo}`, (row, before) => {
      const foreignRow = foreignOutcome(p, before);
      if (foreignRow) return foreignRow;
      if (before.st !== "pending" && row.status === "pending") {
        const state = before.st === "fulfilled" ? "已履行" : "未履行";
        return { outcome: "rejected", field: "履约状态", rule: "status_regression", message: `这项承诺已认定为${state}，不能改回待履行（可能是重复报送了较早的文件）` };
      }
      return null;
    }),
};

export const commitments = defineKind<CommitmentRow>({
  kind: "commitments",
  batchKind: "commitments",
  category: "commitment",
  fields: COMMITMENT_FIELDS,
  required: [
    ["subjectName"], ["subjectCode", "idNumber"], ["commitmentKind"], ["matter"], ["authorityName"], ["authorityCode"], ["docNo"], ["committedOn"],
    ["sourceUnitName"], ["sourceUnitCode"],
  ],
  validate,
  naturalKey: (row) => `${row.authorityCode}|${row.docNo}`,
  shardKey: (row) => row.subject.code,
  subjectOf: (row) => (row.subject.name ? row.subject : null),
  plan,
});
