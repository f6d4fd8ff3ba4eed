/**
 * What list entries (名单列入) and their removals (名单移出) share: the subject columns, the 名单类型 spellings, and the
 * SQL that finds a stored entry (natural key: list + subject + 决定文书号).
 */
import { LIST_TYPES, LIST_TYPE_INFO, type ListType } from "../../shared/domain/lists";
import { type FieldSpec, ID, REG_NO } from "./columns";
import { enumTable } from "./fields";
import { snapshot, subjectId, v } from "./sql";

/** The subject columns of list entries and removals. */
export const LIST_SUBJECT_FIELDS: FieldSpec[] = [
  { name: "listType", label: "名单类型", aliases: ["名单类别", "名单名称"], maxLength: 40, default: "listType" },
  { name: "subjectName", label: "主体名称", aliases: ["行政相对人名称", "当事人名称", "被执行人姓名/名称", "名称"], maxLength: 200 },
  { name: "subjectCategory", label: "主体类别", aliases: ["行政相对人类别"], maxLength: 20 },
  { name: "subjectCode", label: "统一社会信用代码", maxLength: 40, ...ID },
  { name: "idNumber", label: "证件号码", aliases: ["身份证号码", "居民身份证号"], maxLength: 40, ...ID },
  REG_NO,
];

/** 名单类型: the list keys, their names and the short names departments use. */
export const LIST_TYPE_TABLE = enumTable<ListType>(
  Object.fromEntries(
    LIST_TYPES.map((t) => [
      t,
      [
        LIST_TYPE_INFO[t].name,
        ...({
          serious_dishonesty: ["严重失信名单", "严重违法失信名单", "严重失信主体"],
          dishonest_judgment_debtor: ["失信被执行人名单"],
          abnormal_operation: ["经营异常名录名单", "经营异常"],
          key_supervision: ["重点关注名单", "重点监管对象", "重点关注对象名单"],
          major_tax_violation: ["重大税收违法案件", "重大税收违法失信主体名单"],
          procurement_violation: ["政府采购严重违法失信名单", "政府采购严重违法失信行为记录名单"],
          red_list: ["红名单", "守信激励对象", "守信红名单"],
        }[t] ?? []),
      ],
    ]),
  ) as Record<ListType, string[]>,
);

export const LIST_SNAPSHOT = snapshot("l", [
  "list_type", "subject_id", "reason", "legal_basis", "authority_name", "authority_code", "doc_no", "listed_on", "planned_removal_on", "removed_on",
  "removal_reason", "status", "source_unit_name", "source_unit_code", "batch_id", "source_row", "received_at", "updated_at",
]);

/** A stored entry (alias `l`) matching the chunk row's list type, subject code and document number (tuple positions). */
export const listMatch = (typeIndex: number, codeIndex: number, docIndex: number) =>
  `l.list_type = ${v(typeIndex)} AND l.subject_id = ${subjectId(codeIndex)} AND l.doc_no = ${v(docIndex)}`;

/** The stored entries the chunk names: key `list_type|code|doc_no`, unit and status. */
export const listProbe = (typeIndex: number, codeIndex: number, docIndex: number) => `
  SELECT l.list_type || '|' || s.code || '|' || l.doc_no AS k, l.source_unit_code AS u, l.status AS st
    FROM json_each(?1) j CROSS JOIN subjects s ON s.code = ${v(codeIndex)}
    CROSS JOIN list_entries l ON l.list_type = ${v(typeIndex)} AND l.subject_id = s.id AND l.doc_no = ${v(docIndex)}
`;

/** What an UPDATE or upsert of list_entries returns as the key. */
export const LIST_KEY = "list_type || '|' || (SELECT s.code FROM subjects s WHERE s.id = subject_id) || '|' || doc_no";
