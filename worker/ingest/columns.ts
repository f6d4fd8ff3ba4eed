/**
 * Columns: which header (Chinese name, 双公示 column code, legacy-schema name or the JSON field name) feeds which
 * field of a kind. Each kind lists its fields in its spec (worker/ingest/kinds/); the column groups several kinds
 * share are here, with the lookups built from a kind's fields (`fieldSet`). Headers are compared after removing
 * spaces, required-markers (“*”, “（必填）”) and full-width forms, so “罚款金额（万元）”, “罚款金额(万元)” and
 * “*罚款金额（万元）” are the same column. docs/ingest.md lists every column.
 */
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
export const ID = { identifier: true } as const;

/** 工商注册号: the 15-digit number before the USCC, kept so lookups by an old number find the subject. */
export const REG_NO: FieldSpec = {
  name: "regNo",
  label: "工商注册号",
  maxLength: 40,
  ...ID,
  aliases: ["注册号", "营业执照注册号", "工商登记码", "行政相对人代码_3(工商登记码)", "行政相对人代码_3"],
};

/** The subject columns of the 双公示 records (penalties, licences). */
export const SUBJECT_FIELDS: FieldSpec[] = [
  { name: "subjectName", label: "行政相对人名称", maxLength: 200, aliases: ["相对人名称", "当事人名称", "主体名称", "被执行人姓名/名称", "市场主体名称", "企业名称"] },
  { name: "subjectCategory", label: "行政相对人类别", maxLength: 20, aliases: ["相对人类别", "主体类别", "当事人类别"] },
  { name: "subjectCode", label: "统一社会信用代码", maxLength: 40, ...ID, aliases: ["行政相对人代码_1(统一社会信用代码)", "行政相对人代码_1", "相对人统一社会信用代码", "社会信用代码"] },
  { name: "legalRepresentative", label: "法定代表人", maxLength: 100, aliases: ["法定代表人姓名", "法定代表人（负责人）", "负责人", "经营者"] },
  REG_NO,
  { name: "idType", label: "证件类型", maxLength: 40, aliases: ["相对人证件类型"] },
  { name: "idNumber", label: "证件号码", maxLength: 40, ...ID, aliases: ["行政相对人代码_5(居民身份证号)", "行政相对人代码_5", "居民身份证号", "身份证号码", "身份证号", "相对人证件号码"] },
];

/** 数据来源单位 and its code, with the CF_/XK_ codes of a 双公示 kind. */
export const SOURCE_FIELDS = (prefix: "CF" | "XK" | null): FieldSpec[] => [
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

/** The subject columns with their CF_/XK_ codes. */
export const withCodes = (prefix: "CF" | "XK", codes: Record<string, string>): FieldSpec[] =>
  SUBJECT_FIELDS.map((f) => (codes[f.name] ? { ...f, code: `${prefix}_${codes[f.name]}` } : f));

export const SUBJECT_CODES = { subjectName: "XDR_MC", subjectCategory: "XDR_LB", subjectCode: "XDR_SHXYM", legalRepresentative: "FRDB", idType: "ZJLX", idNumber: "ZJHM", regNo: "XDR_GSZC" };

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

/** A kind's fields with the lookups built from them once. */
export interface FieldSet {
  readonly fields: readonly FieldSpec[];
  /** Columns a file must have (alternatives in one group: one of them is enough). */
  readonly required: readonly (readonly string[])[];
  readonly byName: ReadonlyMap<string, FieldSpec>;
  /** Normalised header (name, label, code, alias) → field; the first field to claim a header keeps it. */
  readonly headers: ReadonlyMap<string, FieldSpec>;
  /** The free-text fields, in which ID numbers are masked: every field not marked `identifier`. */
  readonly freeText: ReadonlySet<string>;
}

/**
 * @example fieldSet(PENALTY_FIELDS, [["docNo"], ["subjectCode", "idNumber"]]).byName.get("docNo")?.code // "CF_WSH"
 */
export function fieldSet(fields: readonly FieldSpec[], required: readonly (readonly string[])[]): FieldSet {
  const headers = new Map<string, FieldSpec>();
  for (const spec of fields) {
    for (const name of [spec.name, spec.label, spec.code, ...(spec.aliases ?? [])]) {
      if (name && !headers.has(normalizeHeader(name))) headers.set(normalizeHeader(name), spec);
    }
  }
  const byName = new Map(fields.map((f) => [f.name, f]));
  for (const group of required) for (const name of group) if (!byName.has(name)) throw new Error(`required column ${name} is not a field`);
  return { fields, required, byName, headers, freeText: new Set(fields.filter((f) => !f.identifier).map((f) => f.name)) };
}

const NOT_STORED_SET = new Set(NOT_STORED.map(normalizeHeader));

/**
 * The field a header feeds, or undefined. A header that carries a column code next to its name
 * (“CF_WSH 行政处罚决定书文号”) is found by its code.
 * @example fieldForHeader(KINDS.penalties, "CF_WSH")?.name // "docNo"
 * @example fieldForHeader(KINDS.penalties, "处罚类别1")?.name // "legacyKinds"
 */
export function fieldForHeader(set: FieldSet, header: string): FieldSpec | undefined {
  const normalized = normalizeHeader(header);
  const direct = set.headers.get(normalized);
  if (direct) return direct;
  const code = /\b((?:CF|XK)_[A-Z0-9_]+)\b/.exec(normalized)?.[1];
  return code ? set.headers.get(code) : undefined;
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
 * Maps a CSV header to a kind's fields.
 * @example mapColumns(KINDS.penalties, ["CF_WSH", "处罚类别1", "不认识的列"]) // fields: [docNo, legacyKinds, undefined], ignored: ["不认识的列"], legacy: true
 */
export function mapColumns(set: FieldSet, header: readonly string[]): ColumnMap {
  const fields = header.map((h) => (h.trim() ? fieldForHeader(set, h) : undefined));
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
 * The required column groups a header misses, given the defaults the upload supplies. A missing column whose field
 * has a default given in the query does not count as missing.
 * @example missingColumns(KINDS.penalties, present, new Set(["sourceUnit", "sourceUnitName"]))
 */
export function missingColumns(set: FieldSet, present: ReadonlySet<string>, defaults: ReadonlySet<FieldDefault>): FieldSpec[][] {
  return set.required
    .filter((group) => !group.some((name) => present.has(name) || (set.byName.get(name)?.default && defaults.has(set.byName.get(name)!.default!))))
    .map((group) => group.map((name) => set.byName.get(name)!));
}

/** How a field is named to people: “处罚类别（CF_CFLB）”. */
export function fieldLabel(spec: FieldSpec): string {
  return spec.code ? `${spec.label}（${spec.code}）` : spec.label;
}
