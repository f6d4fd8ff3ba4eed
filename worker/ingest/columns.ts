/**
 * Column maps, one per kind: which header (Chinese name, 双公示 column code, legacy-schema name or the JSON
 * field name) feeds which field. Headers are compared after removing spaces, required-markers (“*”, “（必填）”)
 * and full-width forms, so “罚款金额（万元）”, “罚款金额(万元)” and “*罚款金额（万元）” are the same column.
 * docs/ingest.md lists every column.
 */
import type { IngestKind } from "../../shared/contract/ingest";
import { toHalfWidth } from "../../shared/identifiers";

/** Where a field's value may come from when the file has no column for it (`?sourceUnit=` …). */
export type FieldDefault = "sourceUnit" | "sourceUnitName" | "authorityCode" | "authorityName" | "listType";

export interface FieldSpec {
  /** The field's name in code and in JSON uploads. */
  name: string;
  /** The Chinese header of the current standard. */
  label: string;
  /** The 双公示 column code (CF_… / XK_…). */
  code?: string;
  /** Other headers met in practice: the legacy schema, spreadsheet variants. */
  aliases?: readonly string[];
  /** Longest value accepted (characters). */
  maxLength: number;
  /** A query parameter that stands in when the column is missing. */
  default?: FieldDefault;
  /** Only the legacy schema has this column. */
  legacy?: boolean;
  /**
   * A code column (统一社会信用代码, 证件号码, 注册号): kept as sent. Every other field is free text in which resident ID
   * numbers are masked before anything is stored (issue 11), so a field added later is masked unless it says otherwise.
   */
  identifier?: true;
}

/** Marks a code column (not masked). */
const ID = { identifier: true } as const;

/** 工商注册号: the 15-digit number before the USCC, kept so lookups by an old number find the subject. */
const REG_NO: FieldSpec = {
  name: "regNo",
  label: "工商注册号",
  maxLength: 40,
  ...ID,
  aliases: ["注册号", "营业执照注册号", "工商登记码", "行政相对人代码_3(工商登记码)", "行政相对人代码_3"],
};

const SUBJECT_FIELDS: FieldSpec[] = [
  { name: "subjectName", label: "行政相对人名称", maxLength: 200, aliases: ["相对人名称", "当事人名称", "主体名称", "被执行人姓名/名称", "市场主体名称", "企业名称"] },
  { name: "subjectCategory", label: "行政相对人类别", maxLength: 20, aliases: ["相对人类别", "主体类别", "当事人类别"] },
  { name: "subjectCode", label: "统一社会信用代码", maxLength: 40, ...ID, aliases: ["行政相对人代码_1(统一社会信用代码)", "行政相对人代码_1", "相对人统一社会信用代码", "社会信用代码"] },
  { name: "legalRepresentative", label: "法定代表人", maxLength: 100, aliases: ["法定代表人姓名", "法定代表人（负责人）", "负责人", "经营者"] },
  REG_NO,
  { name: "idType", label: "证件类型", maxLength: 40, aliases: ["相对人证件类型"] },
  { name: "idNumber", label: "证件号码", maxLength: 40, ...ID, aliases: ["行政相对人代码_5(居民身份证号)", "行政相对人代码_5", "居民身份证号", "身份证号码", "身份证号", "相对人证件号码"] },
];

const SOURCE_FIELDS = (prefix: "CF" | "XK" | null): FieldSpec[] => [
  {
    name: "sourceUnitName",
    label: "数据来源单位",
    code: prefix ? `${prefix}_SJLY` : undefined,
    aliases: prefix === "XK" ? ["XK_LYDW", "数据来源单位名称"] : ["数据来源单位名称"],
    maxLength: 200,
    default: "sourceUnitName",
  },
  {
    name: "sourceUnitCode",
    label: "数据来源单位统一社会信用代码",
    code: prefix ? `${prefix}_SJLYDM` : undefined,
    aliases: prefix === "XK" ? ["XK_LYDWDM", "数据来源单位代码"] : ["数据来源单位代码"],
    maxLength: 40,
    default: "sourceUnit",
    ...ID,
  },
];

const withCodes = (prefix: "CF" | "XK", codes: Record<string, string>): FieldSpec[] =>
  SUBJECT_FIELDS.map((f) => (codes[f.name] ? { ...f, code: `${prefix}_${codes[f.name]}` } : f));

const SUBJECT_CODES = { subjectName: "XDR_MC", subjectCategory: "XDR_LB", subjectCode: "XDR_SHXYM", legalRepresentative: "FRDB", idType: "ZJLX", idNumber: "ZJHM", regNo: "XDR_GSZC" };

/** 行政处罚: the current 双公示 standard's CF_ columns, and the legacy schema's names as aliases. */
const PENALTY_FIELDS: FieldSpec[] = [
  ...withCodes("CF", SUBJECT_CODES),
  { name: "docNo", label: "行政处罚决定书文号", code: "CF_WSH", aliases: ["处罚决定书文号", "决定书文号"], maxLength: 100 },
  { name: "violation", label: "违法行为类型", code: "CF_WFXW", aliases: ["处罚名称"], maxLength: 500 },
  { name: "facts", label: "违法事实", code: "CF_SY", aliases: ["处罚事由", "主要违法事实"], maxLength: 5000 },
  { name: "basis", label: "处罚依据", code: "CF_YJ", maxLength: 2000 },
  { name: "kinds", label: "处罚类别", code: "CF_CFLB", maxLength: 200 },
  { name: "legacyKinds", label: "处罚类别1", legacy: true, maxLength: 200 },
  { name: "legacyKinds2", label: "处罚类别2", legacy: true, maxLength: 200 },
  { name: "content", label: "处罚内容", code: "CF_NR", aliases: ["处罚结果"], maxLength: 5000 },
  { name: "fineWan", label: "罚款金额（万元）", code: "CF_NR_FK", aliases: ["罚款金额"], maxLength: 40 },
  {
    name: "confiscatedWan",
    label: "没收违法所得、没收非法财物的金额（万元）",
    code: "CF_NR_WFFF",
    aliases: ["没收金额（万元）", "没收金额", "没收违法所得没收非法财物的金额（万元）"],
    maxLength: 40,
  },
  { name: "licenceRef", label: "暂扣或吊销证照名称及编号", code: "CF_NR_ZKDX", maxLength: 500 },
  { name: "decidedOn", label: "处罚决定日期", code: "CF_JDRQ", aliases: ["决定日期"], maxLength: 40 },
  { name: "validUntil", label: "处罚有效期", code: "CF_YXQ", maxLength: 40 },
  { name: "publishUntil", label: "公示截止期", code: "CF_GSJZQ", aliases: ["公示截止日期"], maxLength: 40 },
  { name: "authorityName", label: "处罚机关", code: "CF_CFJG", aliases: ["处罚机关名称"], maxLength: 200, default: "authorityName" },
  { name: "authorityCode", label: "处罚机关统一社会信用代码", code: "CF_CFJGDM", aliases: ["处罚机关代码"], maxLength: 40, default: "authorityCode", ...ID },
  ...SOURCE_FIELDS("CF"),
  { name: "remark", label: "备注", code: "BZ", maxLength: 2000 },
  { name: "legacyStatus", label: "当前状态", legacy: true, maxLength: 20 },
  // Not in the 双公示 standard: the deciding authority's mark that a 轻微 penalty is published all the same.
  { name: "publishMinor", label: "是否公示", aliases: ["公示标记", "轻微处罚是否公示"], maxLength: 10 },
];

/** 行政许可: the XK_ mirrors; 许可类别 普通/特许/认可/核准/登记/其他; 有效期至 2099/12/31 = 长期. */
const LICENCE_FIELDS: FieldSpec[] = [
  ...withCodes("XK", SUBJECT_CODES),
  { name: "docName", label: "行政许可决定文书名称", code: "XK_XKWS", aliases: ["许可决定文书名称", "审批类别", "项目名称"], maxLength: 200 },
  { name: "docNo", label: "行政许可决定文书号", code: "XK_WSH", aliases: ["许可决定书文号", "许可文书号"], maxLength: 100 },
  { name: "licenceKind", label: "许可类别", code: "XK_XKLB", maxLength: 40 },
  { name: "certName", label: "许可证书名称", code: "XK_XKZS", maxLength: 200 },
  { name: "licenceNo", label: "许可编号", code: "XK_XKBH", aliases: ["许可证书编号"], maxLength: 200 },
  { name: "content", label: "许可内容", code: "XK_NR", maxLength: 5000 },
  { name: "decidedOn", label: "许可决定日期", code: "XK_JDRQ", aliases: ["决定日期"], maxLength: 40 },
  { name: "validFrom", label: "有效期自", code: "XK_YXQZ", maxLength: 40 },
  { name: "validUntil", label: "有效期至", code: "XK_YXQZI", maxLength: 40 },
  { name: "authorityName", label: "许可机关", code: "XK_XKJG", aliases: ["许可机关名称"], maxLength: 200, default: "authorityName" },
  { name: "authorityCode", label: "许可机关统一社会信用代码", code: "XK_XKJGDM", aliases: ["许可机关代码"], maxLength: 40, default: "authorityCode", ...ID },
  { name: "licenceStatus", label: "当前状态", code: "XK_ZT", maxLength: 20 },
  ...SOURCE_FIELDS("XK"),
  { name: "remark", label: "备注", code: "BZ", maxLength: 2000 },
];

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

const LIST_SUBJECT_FIELDS: FieldSpec[] = [
  { name: "listType", label: "名单类型", aliases: ["名单类别", "名单名称"], maxLength: 40, default: "listType" },
  { name: "subjectName", label: "主体名称", aliases: ["行政相对人名称", "当事人名称", "被执行人姓名/名称", "名称"], maxLength: 200 },
  { name: "subjectCategory", label: "主体类别", aliases: ["行政相对人类别"], maxLength: 20 },
  { name: "subjectCode", label: "统一社会信用代码", maxLength: 40, ...ID },
  { name: "idNumber", label: "证件号码", aliases: ["身份证号码", "居民身份证号"], maxLength: 40, ...ID },
  REG_NO,
];

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

const LIST_REMOVAL_FIELDS: FieldSpec[] = [
  ...LIST_SUBJECT_FIELDS,
  { name: "docNo", label: "决定文书号", aliases: ["列入决定书文号", "认定文书号", "文书号"], maxLength: 100 },
  { name: "removedOn", label: "移出日期", aliases: ["移出决定日期"], maxLength: 40 },
  { name: "removalReason", label: "移出原因", aliases: ["移出事由"], maxLength: 2000 },
  ...SOURCE_FIELDS(null),
];

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

export const FIELDS: Record<IngestKind, readonly FieldSpec[]> = {
  subjects: SUBJECT_REGISTER_FIELDS,
  penalties: PENALTY_FIELDS,
  licences: LICENCE_FIELDS,
  "list-entries": LIST_ENTRY_FIELDS,
  "list-removals": LIST_REMOVAL_FIELDS,
  commitments: COMMITMENT_FIELDS,
};

/**
 * Columns the standard has that we deliberately do not store: the older code fields (组织机构代码, 税务登记号 …,
 * superseded by the USCC; the 工商注册号 is kept, issue 11) and the legal representative's ID number (not needed for a
 * credit record).
 */
const NOT_STORED = [
  "CF_XDR_ZZJG", "CF_XDR_SWDJ", "CF_XDR_SYDW", "CF_XDR_SHZZ", "CF_FRDB_ZJLX", "CF_FRDB_ZJHM",
  "XK_XDR_ZZJG", "XK_XDR_SWDJ", "XK_XDR_SYDW", "XK_XDR_SHZZ", "XK_FR_ZJLX", "XK_FR_ZJHM",
  "组织机构代码", "税务登记号", "事业单位证书号", "社会组织登记证号", "法定代表人证件类型", "法定代表人证件号码",
  "行政相对人代码_2(组织机构代码)", "行政相对人代码_4(税务登记号)",
  "行政相对人代码_2", "行政相对人代码_4", "地方编码", "数据更新时间戳",
];

/**
 * A header as compared: no spaces, required-markers or “(必填)” notes, half-width, upper case.
 * @example normalizeHeader(" *罚款金额（万元）(必填)") // "罚款金额(万元)"
 */
export function normalizeHeader(header: string): string {
  return toHalfWidth(header)
    .replace(/[\s\u200b\ufeff]+/g, "")
    .replace(/^\*+|\*+$/g, "")
    .replace(/\((必填|选填|可选|必填项|选填项)\)$/g, "")
    .toUpperCase();
}

type Lookup = Map<string, FieldSpec>;
const lookups = new Map<IngestKind, Lookup>();

function lookupFor(kind: IngestKind): Lookup {
  let lookup = lookups.get(kind);
  if (!lookup) {
    lookup = new Map();
    for (const spec of FIELDS[kind]) {
      for (const name of [spec.name, spec.label, spec.code, ...(spec.aliases ?? [])]) {
        if (name && !lookup.has(normalizeHeader(name))) lookup.set(normalizeHeader(name), spec);
      }
    }
    lookups.set(kind, lookup);
  }
  return lookup;
}

const NOT_STORED_SET = new Set(NOT_STORED.map(normalizeHeader));

/**
 * The field a header feeds, or undefined. A header that carries a column code next to its name
 * (“CF_WSH 行政处罚决定书文号”) is found by its code.
 * @example fieldForHeader("penalties", "CF_WSH")?.name // "docNo"
 * @example fieldForHeader("penalties", "处罚类别1")?.name // "legacyKinds"
 */
export function fieldForHeader(kind: IngestKind, header: string): FieldSpec | undefined {
  const lookup = lookupFor(kind);
  const normalized = normalizeHeader(header);
  const direct = lookup.get(normalized);
  if (direct) return direct;
  const code = /\b((?:CF|XK)_[A-Z0-9_]+)\b/.exec(normalized)?.[1];
  return code ? lookup.get(code) : undefined;
}

export interface ColumnMap {
  /** The header as the file spells it. */
  header: readonly string[];
  /** The field of each column (undefined: not stored). */
  fields: (FieldSpec | undefined)[];
  /** Column names that are not stored (unknown, or deliberately not kept). */
  ignored: string[];
  /** Two columns feed one field: the upload is ambiguous. */
  duplicates: { field: string; columns: string[] }[];
  /** Any legacy-only column is present. */
  legacy: boolean;
}

/**
 * Maps a CSV header to fields.
 * @example mapColumns("penalties", ["CF_WSH", "处罚类别1", "不认识的列"]) // fields: [docNo, legacyKinds, undefined], ignored: ["不认识的列"], legacy: true
 */
export function mapColumns(kind: IngestKind, header: readonly string[]): ColumnMap {
  const fields = header.map((h) => (h.trim() ? fieldForHeader(kind, h) : undefined));
  const ignored = header.filter((h, i) => h.trim() && !fields[i]);
  const byField = new Map<string, string[]>();
  fields.forEach((f, i) => f && byField.set(f.name, [...(byField.get(f.name) ?? []), header[i]!]));
  const duplicates = [...byField.entries()].filter(([, cols]) => cols.length > 1).map(([field, columns]) => ({ field, columns }));
  return { header, fields, ignored, duplicates, legacy: fields.some((f) => f?.legacy) };
}

/** Whether the standard names this column and we chose not to keep it (said so in the report, not treated as unknown). */
export function isNotStoredColumn(header: string): boolean {
  return NOT_STORED_SET.has(normalizeHeader(header));
}

/**
 * Columns a file of this kind must have (alternatives in one group: one of them is enough). A missing column
 * whose field has a default given in the query does not count as missing.
 */
export const REQUIRED_COLUMNS: Record<IngestKind, readonly (readonly string[])[]> = {
  subjects: [["subjectName"], ["subjectCode", "idNumber"], ["sourceUnitCode"], ["sourceUnitName"]],
  penalties: [
    ["subjectName"], ["subjectCode", "idNumber"], ["docNo"], ["violation"], ["facts"], ["basis"], ["kinds", "legacyKinds"], ["content"],
    ["decidedOn"], ["authorityName"], ["authorityCode"], ["sourceUnitName"], ["sourceUnitCode"],
  ],
  licences: [
    ["subjectName"], ["subjectCode", "idNumber"], ["docNo"], ["licenceKind"], ["content"], ["decidedOn"], ["validFrom"], ["validUntil"],
    ["authorityName"], ["authorityCode"], ["sourceUnitName"], ["sourceUnitCode"],
  ],
  "list-entries": [
    ["listType"], ["subjectName"], ["subjectCode", "idNumber"], ["reason"], ["authorityName"], ["authorityCode"], ["docNo"], ["listedOn"],
    ["sourceUnitName"], ["sourceUnitCode"],
  ],
  "list-removals": [["listType"], ["subjectCode", "idNumber"], ["docNo"], ["removedOn"], ["removalReason"], ["sourceUnitName"], ["sourceUnitCode"]],
  commitments: [
    ["subjectName"], ["subjectCode", "idNumber"], ["commitmentKind"], ["matter"], ["authorityName"], ["authorityCode"], ["docNo"], ["committedOn"],
    ["sourceUnitName"], ["sourceUnitCode"],
  ],
};

/**
 * The required column groups a header misses, given the defaults the upload supplies.
 * @example missingColumns("penalties", present, new Set(["sourceUnit", "sourceUnitName"]))
 */
export function missingColumns(kind: IngestKind, present: ReadonlySet<string>, defaults: ReadonlySet<FieldDefault>): FieldSpec[][] {
  const specs = new Map(FIELDS[kind].map((f) => [f.name, f]));
  return REQUIRED_COLUMNS[kind]
    .filter((group) => !group.some((name) => present.has(name) || (specs.get(name)?.default && defaults.has(specs.get(name)!.default!))))
    .map((group) => group.map((name) => specs.get(name)!));
}

/** How a field is named to people: “处罚类别（CF_CFLB）”. */
export function fieldLabel(spec: FieldSpec): string {
  return spec.code ? `${spec.label}（${spec.code}）` : spec.label;
}
