/**
 * Reading one row of an upload: the values of a CSV record or JSON object by field (free text masked on the way in),
 * and the readers every kind's validation is made of (RowReader; the subject, the authority, the source unit).
 * A kind's own rules are in its spec (worker/ingest/kinds/). Pure: no I/O; the date of "today", the severity rules
 * and the uploader's source unit come in with the context.
 */
import type { IngestProblem, IngestRule } from "../../shared/contract/ingest";
import type { SUBJECT_KINDS } from "../../shared/contract/subjects";
import type { SeverityRules } from "../../shared/domain/penalties";
import type { SourceRow } from "../../shared/ingest/rows";
import { type ColumnMap, type FieldDefault, type FieldSet, type FieldSpec, fieldForHeader, fieldLabel } from "./columns";
import { ID_TYPES, type Parsed, SUBJECT_CATEGORIES, type UsccValue, enumTable, parseDate, parseEnum, parseIdNumber, parseRegNo, parseUscc } from "./fields";
import { maskFreeText } from "./quality";
import { validateIdNumber } from "../../shared/identifiers";

export type SubjectKind = (typeof SUBJECT_KINDS)[number];

export interface SubjectRef {
  code: string;
  codeType: "uscc" | "id_number";
  kind: SubjectKind;
  name: string;
  legalRepresentative: string | null;
  regionCode: string | null;
  checksumLegacy: boolean;
  /** 工商注册号, when the row gives one. */
  regNo: string | null;
}

export interface Provenance {
  sourceUnitCode: string;
  sourceUnitName: string;
}

export type Validated<T> = { ok: T; row: number } | { errors: IngestProblem[]; row: number };

export interface ValidationContext {
  /** Today in China (YYYY-MM-DD): decisions cannot be later. */
  today: string;
  rules: SeverityRules;
  /** A provider's source unit: rows must carry it. Undefined for admins. */
  providerUnit?: string;
  /** Values for columns the file does not have (`?sourceUnit=` …). */
  defaults: Partial<Record<FieldDefault, string>>;
}

/** The values of one row by field name: trimmed, empty cells and NULL exports left out. */
export interface RowValues {
  row: number;
  values: Map<string, string>;
  /** The column name each value came from, as the file spells it (used in problems). */
  columns: Map<string, string>;
  /** Problems found while reading the row (extra CSV fields, nested JSON). */
  problems: IngestProblem[];
  /** Labels of the free-text fields in which a resident ID number was masked (one per value). */
  masked: string[];
}

const EMPTY_MARKERS = new Set(["NULL", "null", "\\N"]);

/**
 * The values of a CSV record or JSON object, keyed by field. `unknownKeys` collects JSON keys that feed no field.
 * @example rowValues(KINDS.penalties, { row: 3, fields: ["渝市监罚〔2026〕1号"], raw: "" }, mapColumns(KINDS.penalties, ["CF_WSH"]), new Set())
 * // → { row: 3, values: Map { "docNo" => "渝市监罚〔2026〕1号" }, … }
 */
export function rowValues(set: FieldSet, source: SourceRow, columns: ColumnMap | undefined, unknownKeys: Set<string>): RowValues {
  const out: RowValues = { row: source.row, values: new Map(), columns: new Map(), problems: [], masked: [] };
  const put = (spec: FieldSpec, column: string, text: string) => {
    let value = text.trim();
    // ID numbers in free text are masked before anything else sees the value: validation, messages, storage.
    if (set.freeText.has(spec.name)) {
      const masked = maskFreeText(value);
      if (masked !== value) out.masked.push(spec.label);
      value = masked;
    }
    // An empty cell is still reported under the file's own column name.
    if (!out.columns.has(spec.name)) out.columns.set(spec.name, column);
    if (value === "" || EMPTY_MARKERS.has(value)) return;
    const earlier = out.values.get(spec.name);
    if (earlier !== undefined && earlier !== value) {
      out.problems.push({ row: source.row, field: column, rule: "format", message: `${fieldLabel(spec)}出现了两次且取值不同（“${out.columns.get(spec.name)}”与“${column}”）` });
      return;
    }
    out.values.set(spec.name, value);
    out.columns.set(spec.name, column);
  };
  if (source.fields && columns) {
    const n = columns.fields.length;
    // More cells than the header has columns: a comma without quotes shifted every later value, so none can be trusted.
    if (source.fields.length > n) {
      out.problems.push({ row: source.row, field: `第${n + 1}列`, rule: "format", message: `此行有 ${source.fields.length} 列，表头只有 ${n} 列：可能有未加引号的逗号` });
      return out;
    }
    source.fields.forEach((text, i) => {
      const spec = columns.fields[i];
      if (spec) put(spec, columnName(columns, i, spec), text);
    });
  } else if (source.object) {
    for (const [key, value] of Object.entries(source.object)) {
      const spec = fieldForHeader(set, key);
      if (!spec) {
        if (unknownKeys.size < 100) unknownKeys.add(maskFreeText(key.slice(0, 100)));
        continue;
      }
      if (value === null || value === undefined) {
        if (!out.columns.has(spec.name)) out.columns.set(spec.name, key.slice(0, 100));
        continue;
      }
      if (typeof value === "object") {
        out.problems.push({ row: source.row, field: key.slice(0, 100), rule: "format", message: `${fieldLabel(spec)}应为文字或数字，不能是对象或数组` });
        continue;
      }
      put(spec, key.slice(0, 100), String(value));
    }
  }
  return out;
}

function columnName(columns: ColumnMap, i: number, spec: FieldSpec): string {
  return columns.header[i]?.trim() || fieldLabel(spec);
}

/**
 * Collects the problems of one row while a kind's validation reads its fields.
 * @example const r = new RowReader(KINDS.penalties, values, ctx); r.date("decidedOn", true, { notFuture: true })
 */
export class RowReader {
  readonly problems: IngestProblem[];
  readonly row: number;

  constructor(
    private readonly set: FieldSet,
    private readonly input: RowValues,
    readonly ctx: ValidationContext,
  ) {
    this.problems = [...input.problems];
    this.row = input.row;
  }

  /** The column a field is reported under: the file's own name for it, or the standard's. */
  column(name: string): string {
    return this.input.columns.get(name) ?? fieldLabel(this.spec(name)!);
  }

  label(name: string): string {
    return this.spec(name)!.label;
  }

  has(name: string): boolean {
    return this.raw(name) !== undefined;
  }

  problem(name: string, rule: IngestRule, message: string): null {
    this.problems.push({ row: this.input.row, field: this.column(name), rule, message });
    return null;
  }

  /** The text of a field (or its default), undefined when empty or when this kind has no such field. */
  raw(name: string): string | undefined {
    const spec = this.spec(name);
    if (!spec) return undefined;
    const value = this.input.values.get(name) ?? (spec.default ? this.ctx.defaults[spec.default] : undefined);
    return value === undefined || value === "" ? undefined : value;
  }

  text(name: string, required: boolean | string = false): string | null {
    const value = this.raw(name);
    if (value === undefined) {
      if (required) this.problem(name, "required", typeof required === "string" ? required : `${fieldLabel(this.spec(name)!)}必填`);
      return null;
    }
    const spec = this.spec(name)!;
    if (value.includes("\uFFFD")) {
      return this.problem(name, "encoding", `${spec.label}含有无法识别的字符（�）：文件可能是 GBK 编码，请在请求中注明 charset=gbk 或 ?encoding=gbk`);
    }
    if (value.length > spec.maxLength) return this.problem(name, "length", `${spec.label}过长：${value.length} 个字符，最多 ${spec.maxLength} 个`);
    return value;
  }

  parsed<T>(name: string, required: boolean | string, parse: (text: string, label: string) => Parsed<T>): T | null {
    const text = this.text(name, required);
    if (text === null) return null;
    const result = parse(text, this.spec(name)!.label);
    if ("value" in result) return result.value;
    return this.problem(name, result.rule, result.message);
  }

  date(name: string, required: boolean | string, options: { notFuture?: boolean; longTerm?: boolean } = {}): string | null {
    return this.parsed(name, required, (t, label) => parseDate(t, label, { ...options, today: this.ctx.today }));
  }

  uscc(name: string, required: boolean | string = true): UsccValue | null {
    return this.parsed(name, required, parseUscc);
  }

  private spec(name: string): FieldSpec | undefined {
    return this.set.byName.get(name);
  }
}

/** The kind of organisation a USCC registers (positions 1–2, GB 32100). */
export function kindFromUscc(code: string): SubjectKind {
  const [dept, category] = [code[0], code[1]];
  if (dept === "9") return category === "1" ? "enterprise" : category === "2" ? "individual_business" : category === "3" ? "cooperative" : "other";
  if (dept === "5") return "social_org";
  if (dept === "1") return "public_institution";
  return "other";
}

const SUBJECT_KIND_TABLE = enumTable<SubjectKind>({
  enterprise: ["企业", "公司", "企业法人"],
  individual_business: ["个体工商户", "个体"],
  cooperative: ["农民专业合作社", "合作社"],
  social_org: ["社会组织", "社会团体", "民办非企业单位", "基金会"],
  public_institution: ["机关事业单位", "机关", "事业单位"],
  natural_person: ["自然人"],
  other: ["其他组织", "其他"],
});

/**
 * The subject a row is about: an organisation by its USCC, or a natural person (自然人) by the 公民身份号码.
 * `kindField`: the subjects register names the kind directly; other kinds give 行政相对人类别.
 */
export function readSubject(r: RowReader, kindField: "subjectCategory" | "subjectKind", nameRequired = true): SubjectRef | null {
  const name = r.text("subjectName", nameRequired);
  let explicitKind: SubjectKind | null = null;
  let person = false;
  let organisation = false;
  if (kindField === "subjectCategory") {
    const category = r.parsed("subjectCategory", false, (t, l) => parseEnum(t, l, SUBJECT_CATEGORIES));
    organisation = category === "organisation";
    person = category === "natural_person";
    if (category === "individual_business") explicitKind = "individual_business";
    if (category === "natural_person") explicitKind = "natural_person";
  } else {
    explicitKind = r.parsed("subjectKind", false, (t, l) => parseEnum(t, l, SUBJECT_KIND_TABLE));
    person = explicitKind === "natural_person";
  }
  const codeGiven = r.has("subjectCode");
  const regNo = r.parsed("regNo", false, parseRegNo);
  const legalRepresentative = r.has("legalRepresentative") ? r.text("legalRepresentative") : null;
  // A valid ID number in the code column is a person's key, never a USCC (issue 11, review C1): a 个体工商户 or a row
  // without a category is stored as keyed by the ID number; an organisation row is refused by the USCC rule.
  const codeText = r.raw("subjectCode");
  const idInCodeColumn = codeText !== undefined && (explicitKind === null || explicitKind === "individual_business") && !organisation
    ? validateIdNumber(codeText, { today: r.ctx.today })
    : null;
  if (idInCodeColumn?.valid) {
    if (name === null && nameRequired) return null;
    const id = idInCodeColumn.number;
    return { code: id, codeType: "id_number", kind: explicitKind ?? "natural_person", name: name ?? "", legalRepresentative, regionCode: id.slice(0, 6), checksumLegacy: false, regNo };
  }
  if (person || (!codeGiven && r.has("idNumber"))) {
    if (r.has("idType")) r.parsed("idType", false, (t, l) => parseEnum(t, l, ID_TYPES));
    const id = r.parsed("idNumber", `${r.label("idNumber")}必填：自然人以公民身份号码作为主体代码`, (t, l) => parseIdNumber(t, l, r.ctx.today));
    if (!id || (name === null && nameRequired)) return null;
    return { code: id, codeType: "id_number", kind: explicitKind ?? "natural_person", name: name ?? "", legalRepresentative: null, regionCode: id.slice(0, 6), checksumLegacy: false, regNo };
  }
  const uscc = r.uscc("subjectCode", `${r.label("subjectCode")}必填（自然人请填写证件号码）`);
  if (!uscc || (name === null && nameRequired)) return null;
  return {
    code: uscc.code,
    codeType: "uscc",
    kind: explicitKind ?? kindFromUscc(uscc.code),
    name: name ?? "",
    legalRepresentative,
    regionCode: /^\d{6}$/.test(uscc.code.slice(2, 8)) ? uscc.code.slice(2, 8) : null,
    checksumLegacy: uscc.checksumLegacy,
    regNo,
  };
}

/** 数据来源单位 and its code; a provider may only send its own unit's data. */
export function readProvenance(r: RowReader): Provenance | null {
  const name = r.text("sourceUnitName", true);
  const unit = r.uscc("sourceUnitCode");
  if (unit && r.ctx.providerUnit && unit.code !== r.ctx.providerUnit) {
    return r.problem("sourceUnitCode", "source_unit", `数据来源单位“${unit.code}”不是本令牌所属单位（${r.ctx.providerUnit}）：数据提供单位只能报送本单位的数据`);
  }
  return name && unit ? { sourceUnitCode: unit.code, sourceUnitName: name } : null;
}

export function readAuthority(r: RowReader): { authorityName: string; authorityCode: string } | null {
  const authorityName = r.text("authorityName", true);
  const authority = r.uscc("authorityCode");
  return authorityName && authority ? { authorityName, authorityCode: authority.code } : null;
}

/** Document numbers are keys: whitespace inside them (a frequent copy-paste artefact) is removed. */
export function docNo(r: RowReader): string | null {
  const text = r.text("docNo", true);
  return text === null ? null : text.replace(/\s+/g, "");
}

/** The row's outcome: its problems, or the value `build` makes of it. */
export function result<T>(r: RowReader, build: () => T | null): Validated<T> {
  if (r.problems.length > 0) return { errors: r.problems, row: r.row };
  const ok = build();
  if (ok !== null) return { ok, row: r.row };
  return { errors: [{ row: r.row, field: "", rule: "format", message: "此行无法读取" }], row: r.row };
}

