/**
 * 信用主体 (subjects): the register of organisations (by USCC) and natural persons (by ID number), with the
 * registration facts the evaluation reads. A registered subject belongs to the unit that registered it; a provisional
 * one (created from a record row) may be corrected by any unit's register.
 */
import { type FieldSpec, ID, REG_NO, SOURCE_FIELDS } from "../columns";
import { enumTable, parseEnum, parseWan } from "../fields";
import { type Assignment, NOW, SUBJECT_PROBE, type WritePlan, binder, differs, foreign, foreignOutcome, fromExcluded, saveVersions, snapshot, upsertOutcomes, upsertSql, v } from "../sql";
import { defineKind } from "../spec";
import { type Provenance, type RowReader, type SubjectRef, type Validated, readProvenance, readSubject, result } from "../validate";

export interface SubjectRow extends Provenance {
  subject: SubjectRef;
  industryCode: string | null;
  industry: string | null;
  registeredOn: string | null;
  registrationStatus: string;
  registeredCapitalWan: number | null;
  address: string | null;
}

const SUBJECT_REGISTER_FIELDS: FieldSpec[] = [
  { name: "subjectName", label: "主体名称", aliases: ["名称", "企业名称", "市场主体名称", "单位名称", "姓名"], maxLength: 200 },
  { name: "subjectCode", label: "统一社会信用代码", aliases: ["社会信用代码"], maxLength: 40, ...ID },
  { name: "idNumber", label: "证件号码", aliases: ["身份证号码", "居民身份证号"], maxLength: 40, ...ID },
  REG_NO,
  { name: "subjectKind", label: "主体类型", aliases: ["市场主体类型", "主体类别"], maxLength: 40 },
  { name: "legalRepresentative", label: "法定代表人", aliases: ["法定代表人（负责人）", "负责人", "经营者"], maxLength: 100 },
  { name: "industryCode", label: "行业门类", aliases: ["行业门类代码"], maxLength: 10 },
  { name: "industry", label: "所属行业", aliases: ["行业"], maxLength: 100 },
  { name: "regionCode", label: "行政区划代码", aliases: ["登记机关行政区划代码", "区划代码"], maxLength: 12 },
  { name: "registeredOn", label: "成立日期", aliases: ["注册日期", "登记日期"], maxLength: 40 },
  { name: "registrationStatus", label: "登记状态", aliases: ["经营状态"], maxLength: 20 },
  { name: "registeredCapitalWan", label: "注册资本（万元）", aliases: ["注册资本"], maxLength: 40 },
  { name: "address", label: "住所", aliases: ["地址", "注册地址", "经营场所"], maxLength: 300 },
  ...SOURCE_FIELDS(null),
];

const REGISTRATION_STATUS = enumTable({
  存续: ["存续", "存续（在营、开业、在册）", "在册"],
  在业: ["在业", "在营", "开业"],
  吊销: ["吊销", "吊销，未注销", "吊销未注销"],
  注销: ["注销", "吊销，已注销"],
  迁出: ["迁出"],
  撤销: ["撤销"],
});

/** Registered capital: 万元, up to 1 万亿元 (large state enterprises exceed the penalty range). */
const MAX_CAPITAL_WAN = 100_000_000;

function validate(r: RowReader): Validated<SubjectRow> {
  const subject = readSubject(r, "subjectKind");
  const industryCode = r.text("industryCode")?.toUpperCase() ?? null;
  if (industryCode !== null && !/^[A-T]$/.test(industryCode)) r.problem("industryCode", "enum", `行业门类“${industryCode}”应为 GB/T 4754 的门类字母 A–T`);
  const industry = r.text("industry");
  const regionCode = r.text("regionCode");
  if (regionCode !== null && !/^\d{6}$/.test(regionCode)) r.problem("regionCode", "enum", `行政区划代码“${regionCode}”应为 6 位数字（GB/T 2260）`);
  const registeredOn = r.date("registeredOn", false, { notFuture: true });
  const registrationStatus = r.parsed("registrationStatus", false, (t, l) => parseEnum(t, l, REGISTRATION_STATUS)) ?? "存续";
  const capital = r.parsed("registeredCapitalWan", false, (t, l) => parseWan(t, l, { max: MAX_CAPITAL_WAN, yuanCheck: false }));
  const address = r.text("address");
  const provenance = readProvenance(r);
  return result(r, () => {
    if (!subject || !provenance) return null;
    return {
      subject: { ...subject, regionCode: regionCode ?? subject.regionCode },
      industryCode,
      industry,
      registeredOn,
      registrationStatus,
      registeredCapitalWan: capital,
      address,
      ...provenance,
    };
  });
}

/* Tuple: 0 code · 1 code_type · 2 kind · 3 name · 4 legal_representative · 5 industry_code · 6 industry · 7 region_code
 * 8 registered_on · 9 registration_status · 10 registered_capital_wan · 11 address · 12 checksum_legacy · 13 source_unit_code
 * 14 source_row · 15 reg_no */
const COLUMNS = [
  ["kind", 2], ["name", 3], ["legal_representative", 4], ["industry_code", 5], ["industry", 6], ["region_code", 7], ["registered_on", 8],
  ["registration_status", 9], ["registered_capital_wan", 10], ["address", 11], ["checksum_legacy", 12],
] as const;
/** A file without the 工商注册号 column leaves the number on file alone (alias `x`, the incoming value). */
const keepRegNo = (x: string, incoming: string) => `coalesce(${incoming}, ${x}.reg_no)`;
/** Each compared column with its new value (the stored row's alias, how the incoming values are named). */
const subjectValues = (x: string, incoming: (column: string, index: number) => string): Assignment[] => [
  ...COLUMNS.map(([c, i]): Assignment => [c, incoming(c, i)]),
  // A provisional subject becomes a registered one.
  ["provisional", "0"],
  ["reg_no", keepRegNo(x, incoming("reg_no", 15))],
];
const SNAPSHOT = snapshot("s", [
  "code", "code_type", "kind", "name", "legal_representative", "industry_code", "industry", "region_code", "registered_on", "registration_status",
  "registered_capital_wan", "address", "checksum_legacy", "provisional", "source_unit_code", "batch_id", "source_row", "received_at", "updated_at",
  "reg_no",
]);
/** A registered subject belongs to the unit that registered it; a provisional one (from a record row) to anyone. */
const FOREIGN = `(s.provisional = 0 AND ${foreign("s")})`;

const plan: WritePlan<SubjectRow> = {
  probesSubjects: true,
  tuple: (r, sourceRow) => [
    r.subject.code, r.subject.codeType, r.subject.kind, r.subject.name, r.subject.legalRepresentative, r.industryCode, r.industry, r.subject.regionCode,
    r.registeredOn, r.registrationStatus, r.registeredCapitalWan, r.address, r.subject.checksumLegacy ? 1 : 0, r.sourceUnitCode, sourceRow, r.subject.regNo,
  ],
  statements: (db, json, p) => {
    const bind = binder(db, json, p);
    return [
      db.prepare(SUBJECT_PROBE).bind(json),
      bind(`SELECT s.code AS k, s.source_unit_code AS u, s.provisional AS provisional FROM json_each(?1) j CROSS JOIN subjects s ON s.code = ${v(0)}`),
      bind(
        saveVersions({
          entity: "subject",
          table: "subjects",
          alias: "s",
          match: `s.code = ${v(0)}`,
          snapshot: SNAPSHOT,
          where: `NOT ${FOREIGN} AND (${differs(subjectValues("s", (_c, i) => v(i)).map(([c, e]) => [`s.${c}`, e]))})`,
        }),
      ),
      bind(
        upsertSql({
          table: "subjects",
          insert: [
            ...(["code", "code_type"] as const).map((c, i): Assignment => [c, v(i)]),
            ...COLUMNS.map(([c, i]): Assignment => [c, v(i)]),
            ["provisional", "0"], ["source_unit_code", v(13)], ["batch_id", "?3"], ["source_row", v(14)], ["received_at", "?4"], ["reg_no", v(15)],
          ],
          skip: `EXISTS (SELECT 1 FROM subjects s WHERE s.code = ${v(0)} AND ${FOREIGN})`,
          conflict: "code",
          values: subjectValues("subjects", (c) => `excluded.${c}`),
          also: [...fromExcluded(["source_unit_code", "batch_id", "source_row", "received_at"]), ["updated_at", NOW]],
          returning: "code",
        }),
      ),
    ];
  },
  classify: (results, rows, p) =>
    upsertOutcomes(results, { probe: 1, write: 3 }, rows, (r) => r.subject.code, (_row, before) => (before.provisional === 0 ? foreignOutcome(p, before) : null)),
};

export const subjects = defineKind<SubjectRow>({
  kind: "subjects",
  batchKind: "subjects",
  category: "subject",
  registersSubjects: true,
  fields: SUBJECT_REGISTER_FIELDS,
  required: [["subjectName"], ["subjectCode", "idNumber"], ["sourceUnitCode"], ["sourceUnitName"]],
  validate,
  naturalKey: (row) => row.subject.code,
  shardKey: (row) => row.subject.code,
  subjectOf: (row) => (row.subject.name ? row.subject : null),
  plan,
});
