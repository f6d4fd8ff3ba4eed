/**
 * Row validation, one function per kind: the values of one row in, either a clean row ready to store or every
 * problem found in it (row, field, rule, message). Pure: no I/O; the date of "today", the severity rules and
 * the uploader's source unit come in with the context.
 */
import type { IngestKind, IngestProblem, IngestRule } from "../../shared/contract/ingest";
import { addDays } from "../../shared/domain/dates";
import { LIST_TYPES, LIST_TYPE_INFO, type ListType } from "../../shared/domain/lists";
import { type SeverityRules, type Severity, classifyPenalty, publicationWindow } from "../../shared/domain/penalties";
import type { SourceRow } from "../../shared/ingest/rows";
import { maskFreeText } from "./quality";
import { type ColumnMap, FIELDS, type FieldDefault, type FieldSpec, fieldForHeader, fieldLabel } from "./columns";
import {
  AMBIGUOUS_LICENCE_KIND,
  ID_TYPES,
  LICENCE_KINDS,
  LONG_TERM,
  MAX_PENALTY_WAN,
  type Parsed,
  type PenaltyKindRead,
  SUBJECT_CATEGORIES,
  type UsccValue,
  enumTable,
  parseDate,
  parseEnum,
  parseIdNumber,
  parsePenaltyKinds,
  parseRegNo,
  parseUscc,
  parseWan,
  parseYesNo,
} from "./fields";

export type SubjectKind = "enterprise" | "individual_business" | "cooperative" | "social_org" | "public_institution" | "natural_person" | "other";

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

export interface RecordRow extends Provenance {
  category: "penalty" | "licence";
  subject: SubjectRef;
  docNo: string;
  title: string | null;
  facts: string | null;
  basis: string | null;
  kinds: string | null;
  content: string | null;
  fineWan: number | null;
  confiscatedWan: number | null;
  licenceRef: string | null;
  authorityName: string;
  authorityCode: string;
  decidedOn: string;
  validFrom: string | null;
  validUntil: string | null;
  severity: Severity | null;
  publishUntil: string | null;
  repairableFrom: string | null;
  status: "active" | "revoked";
  remark: string | null;
  /** The 公示截止期 sent was outside the class's window and was moved into it. */
  publicationAdjusted: boolean;
  legacy: boolean;
  /** A 轻微 penalty the deciding authority marked for publication (是否公示). */
  publishMinor: boolean;
  /** The class rests on an ambiguous 处罚类别 (暂扣或者吊销): an admin should confirm it. */
  needsReview: boolean;
}

export interface SubjectRow extends Provenance {
  subject: SubjectRef;
  industryCode: string | null;
  industry: string | null;
  registeredOn: string | null;
  registrationStatus: string;
  registeredCapitalWan: number | null;
  address: string | null;
}

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

export interface ListRemovalRow extends Provenance {
  subjectCode: string;
  listType: ListType;
  docNo: string;
  removedOn: string;
  removalReason: string;
}

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

export interface ValidRowByKind {
  subjects: SubjectRow;
  penalties: RecordRow;
  licences: RecordRow;
  "list-entries": ListEntryRow;
  "list-removals": ListRemovalRow;
  commitments: CommitmentRow;
}
export type ValidRow = ValidRowByKind[IngestKind];

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
 * @example rowValues("penalties", { row: 3, fields: ["渝市监罚〔2026〕1号"], raw: "" }, mapColumns("penalties", ["CF_WSH"]), new Set())
 * // → { row: 3, values: Map { "docNo" => "渝市监罚〔2026〕1号" }, … }
 */
export function rowValues(kind: IngestKind, source: SourceRow, columns: ColumnMap | undefined, unknownKeys: Set<string>): RowValues {
  const out: RowValues = { row: source.row, values: new Map(), columns: new Map(), problems: [], masked: [] };
  const put = (spec: FieldSpec, column: string, text: string) => {
    let value = text.trim();
    // ID numbers in free text are masked before anything else sees the value: validation, messages, storage.
    if (!spec.identifier) {
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
      const spec = fieldForHeader(kind, key);
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

/** Collects the problems of one row while its fields are read. */
class RowReader {
  readonly problems: IngestProblem[];
  private readonly specs: Map<string, FieldSpec>;

  constructor(
    kind: IngestKind,
    private readonly input: RowValues,
    readonly ctx: ValidationContext,
  ) {
    this.problems = [...input.problems];
    this.specs = new Map(FIELDS[kind].map((f) => [f.name, f]));
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
    return this.specs.get(name);
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

const SUBJECT_KINDS_TABLE = enumTable<SubjectKind>({
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
function readSubject(r: RowReader, kindField: "subjectCategory" | "subjectKind", nameRequired = true): SubjectRef | null {
  const name = r.text("subjectName", nameRequired);
  let explicitKind: SubjectKind | null = null;
  let person = false;
  if (kindField === "subjectCategory") {
    const category = r.parsed("subjectCategory", false, (t, l) => parseEnum(t, l, SUBJECT_CATEGORIES));
    person = category === "natural_person";
    if (category === "individual_business") explicitKind = "individual_business";
    if (category === "natural_person") explicitKind = "natural_person";
  } else {
    explicitKind = r.parsed("subjectKind", false, (t, l) => parseEnum(t, l, SUBJECT_KINDS_TABLE));
    person = explicitKind === "natural_person";
  }
  const codeGiven = r.has("subjectCode");
  const regNo = r.parsed("regNo", false, parseRegNo);
  const legalRepresentative = r.has("legalRepresentative") ? r.text("legalRepresentative") : null;
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
function readProvenance(r: RowReader): Provenance | null {
  const name = r.text("sourceUnitName", true);
  const unit = r.uscc("sourceUnitCode");
  if (unit && r.ctx.providerUnit && unit.code !== r.ctx.providerUnit) {
    return r.problem("sourceUnitCode", "source_unit", `数据来源单位“${unit.code}”不是本令牌所属单位（${r.ctx.providerUnit}）：数据提供单位只能报送本单位的数据`);
  }
  return name && unit ? { sourceUnitCode: unit.code, sourceUnitName: name } : null;
}

function readAuthority(r: RowReader): { authorityName: string; authorityCode: string } | null {
  const authorityName = r.text("authorityName", true);
  const authority = r.uscc("authorityCode");
  return authorityName && authority ? { authorityName, authorityCode: authority.code } : null;
}

/** Document numbers are keys: whitespace inside them (a frequent copy-paste artefact) is removed. */
function docNo(r: RowReader): string | null {
  const text = r.text("docNo", true);
  return text === null ? null : text.replace(/\s+/g, "");
}

const result = <T>(r: RowReader, row: number, build: () => T | null): Validated<T> => {
  if (r.problems.length > 0) return { errors: r.problems, row };
  const ok = build();
  if (ok !== null) return { ok, row };
  return { errors: [{ row, field: "", rule: "format", message: "此行无法读取" }], row };
};

/**
 * The class of a penalty. An unknown fine (legacy files have no amount column) never makes a penalty 轻微:
 * a shorter window than the law allows for a possibly larger fine is the worse error.
 */
export function penaltySeverity(kinds: readonly string[], fineWan: number | null, rules: SeverityRules): Severity {
  const severity = classifyPenalty({ kinds, fineWan }, rules);
  if (severity === "minor" && kinds.includes("罚款") && fineWan === null) return "general";
  return severity;
}

/**
 * The publication window of a penalty: the class's window from the decision date; a 公示截止期 sent with the row
 * is kept when it lies inside the window (at least the minimum period, at most the maximum) and moved into it
 * otherwise.
 * @example penaltyWindow("2026-01-15", "general", null) // { publishUntil: "2027-01-14", repairableFrom: "2026-04-15", adjusted: false }
 */
export function penaltyWindow(decidedOn: string, severity: Severity, given: string | null): { publishUntil: string; repairableFrom: string; adjusted: boolean } {
  const window = publicationWindow(decidedOn, severity);
  if (given === null) return { ...window, adjusted: false };
  const minimumEnd = addDays(window.repairableFrom, -1) < decidedOn ? decidedOn : addDays(window.repairableFrom, -1);
  const publishUntil = given < minimumEnd ? minimumEnd : given > window.publishUntil ? window.publishUntil : given;
  return { publishUntil, repairableFrom: window.repairableFrom, adjusted: publishUntil !== given };
}

const NEEDS_LICENCE_REF: readonly PenaltyKindRead[] = ["暂扣许可证件", "吊销许可证件", AMBIGUOUS_LICENCE_KIND];
const NEEDS_CONFISCATED: readonly PenaltyKindRead[] = ["没收违法所得", "没收非法财物"];
const LEGACY_STATUS = enumTable({ active: ["正常", "0", "有效", "异议", "2", "其他", "3"], revoked: ["撤销", "1", "已撤销"] });

function validatePenalty(input: RowValues, ctx: ValidationContext): Validated<RecordRow> {
  const r = new RowReader("penalties", input, ctx);
  const legacy = input.values.has("legacyKinds") || input.values.has("legacyKinds2") || input.values.has("legacyStatus");
  const subject = readSubject(r, "subjectCategory");
  const doc = docNo(r);
  const violation = r.text("violation", true);
  const facts = r.text("facts", true);
  const basis = r.text("basis", true);
  const content = r.text("content", true);
  const kinds: PenaltyKindRead[] = [];
  for (const name of ["kinds", "legacyKinds", "legacyKinds2"]) {
    for (const k of r.parsed(name, false, parsePenaltyKinds) ?? []) if (!kinds.includes(k)) kinds.push(k);
  }
  if (!["kinds", "legacyKinds", "legacyKinds2"].some((n) => r.has(n))) r.problem("kinds", "required", "处罚类别（CF_CFLB）必填");
  const confirmed = /金额已核实/.test(r.raw("remark") ?? "");
  const wan = (name: string, required: boolean | string) =>
    r.parsed(name, required, (t, label) => parseWan(t, label, { max: MAX_PENALTY_WAN, yuanCheck: true, confirmed }));
  // Legacy files have no amount columns: the amounts are required from the current standard only.
  const fineWan = wan("fineWan", !legacy && kinds.includes("罚款") && "处罚类别含罚款时，罚款金额（万元）必填");
  const confiscatedWan = wan("confiscatedWan", !legacy && kinds.some((k) => NEEDS_CONFISCATED.includes(k)) && "处罚类别含没收时，没收金额（万元）必填");
  const licenceRef = r.text("licenceRef", !legacy && kinds.some((k) => NEEDS_LICENCE_REF.includes(k)) && "处罚类别含暂扣或吊销许可证件时，证照名称及编号必填");
  const decidedOn = r.date("decidedOn", true, { notFuture: true });
  const validUntil = r.date("validUntil", false, { longTerm: true });
  const publishUntilGiven = r.date("publishUntil", false);
  const authority = readAuthority(r);
  const provenance = readProvenance(r);
  const status = r.parsed("legacyStatus", false, (t, l) => parseEnum(t, l, LEGACY_STATUS)) ?? "active";
  const remark = r.text("remark");
  const publishMinor = r.parsed("publishMinor", false, parseYesNo) ?? false;
  if (decidedOn && validUntil && validUntil < decidedOn) r.problem("validUntil", "date_order", `处罚有效期（${validUntil}）早于处罚决定日期（${decidedOn}）`);
  if (decidedOn && publishUntilGiven && publishUntilGiven < decidedOn) {
    r.problem("publishUntil", "date_order", `公示截止期（${publishUntilGiven}）早于处罚决定日期（${decidedOn}）`);
  }
  return result(r, input.row, () => {
    if (!subject || !doc || !decidedOn || !authority || !provenance) return null;
    const severity = penaltySeverity(kinds, fineWan, ctx.rules);
    const window = penaltyWindow(decidedOn, severity, publishUntilGiven);
    return {
      category: "penalty",
      subject,
      docNo: doc,
      title: violation,
      facts,
      basis,
      kinds: kinds.join("；"),
      content,
      fineWan,
      confiscatedWan,
      licenceRef,
      ...authority,
      decidedOn,
      validFrom: null,
      validUntil,
      severity,
      publishUntil: window.publishUntil,
      repairableFrom: window.repairableFrom,
      status,
      remark,
      publicationAdjusted: window.adjusted,
      legacy,
      publishMinor,
      needsReview: kinds.includes(AMBIGUOUS_LICENCE_KIND),
      ...provenance,
    };
  });
}

const LICENCE_STATUS = enumTable({ active: ["有效", "1", "正常"], revoked: ["无效", "2", "撤销", "注销", "已撤销", "已注销"] });

function validateLicence(input: RowValues, ctx: ValidationContext): Validated<RecordRow> {
  const r = new RowReader("licences", input, ctx);
  const subject = readSubject(r, "subjectCategory");
  const doc = docNo(r);
  const docName = r.text("docName");
  const licenceKind = r.parsed("licenceKind", true, (t, l) => parseEnum(t, l, LICENCE_KINDS));
  const certName = r.text("certName");
  const licenceNo = r.text("licenceNo");
  const content = r.text("content", true);
  const decidedOn = r.date("decidedOn", true, { notFuture: true });
  const validFrom = r.date("validFrom", true);
  const validUntil = r.date("validUntil", "有效期至必填：长期有效请填写 2099/12/31", { longTerm: true });
  const authority = readAuthority(r);
  const status = r.parsed("licenceStatus", false, (t, l) => parseEnum(t, l, LICENCE_STATUS)) ?? "active";
  const provenance = readProvenance(r);
  const remark = r.text("remark");
  if (validFrom && validUntil && validUntil < validFrom) r.problem("validUntil", "date_order", `有效期至（${validUntil}）早于有效期自（${validFrom}）`);
  return result(r, input.row, () => {
    if (!subject || !doc || !decidedOn || !authority || !provenance || !licenceKind || !validUntil) return null;
    return {
      category: "licence",
      subject,
      docNo: doc,
      title: certName ?? docName,
      facts: null,
      basis: null,
      kinds: licenceKind,
      content,
      fineWan: null,
      confiscatedWan: null,
      licenceRef: licenceNo,
      ...authority,
      decidedOn,
      validFrom,
      validUntil,
      severity: null,
      publishUntil: null,
      repairableFrom: null,
      status,
      remark,
      publicationAdjusted: false,
      legacy: false,
      publishMinor: false,
      needsReview: false,
      ...provenance,
    };
  });
}

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

function validateSubject(input: RowValues, ctx: ValidationContext): Validated<SubjectRow> {
  const r = new RowReader("subjects", input, ctx);
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
  return result(r, input.row, () => {
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

function validateListEntry(input: RowValues, ctx: ValidationContext): Validated<ListEntryRow> {
  const r = new RowReader("list-entries", input, ctx);
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
  return result(r, input.row, () => {
    if (!listType || !subject || !reason || !authority || !doc || !listedOn || !provenance) return null;
    // 2099-12-31 / 长期: listed until removed.
    return { listType, subject, reason, legalBasis, ...authority, docNo: doc, listedOn, plannedRemovalOn: planned === LONG_TERM ? null : planned, ...provenance };
  });
}

function validateListRemoval(input: RowValues, ctx: ValidationContext): Validated<ListRemovalRow> {
  const r = new RowReader("list-removals", input, ctx);
  const listType = r.parsed("listType", true, (t, l) => parseEnum(t, l, LIST_TYPE_TABLE));
  const subject = readSubject(r, "subjectCategory", false);
  const doc = docNo(r);
  const removedOn = r.date("removedOn", true, { notFuture: true });
  const removalReason = r.text("removalReason", true);
  const provenance = readProvenance(r);
  return result(r, input.row, () => {
    if (!listType || !subject || !doc || !removedOn || !removalReason || !provenance) return null;
    return { listType, subjectCode: subject.code, docNo: doc, removedOn, removalReason, ...provenance };
  });
}

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

function validateCommitment(input: RowValues, ctx: ValidationContext): Validated<CommitmentRow> {
  const r = new RowReader("commitments", input, ctx);
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
  return result(r, input.row, () => {
    if (!subject || !commitmentKind || !matter || !authority || !doc || !committedOn || !provenance) return null;
    return { subject, commitmentKind, matter, ...authority, docNo: doc, committedOn, dueOn: dueOn === LONG_TERM ? null : dueOn, status, resolvedOn, ...provenance };
  });
}

const VALIDATORS: { [K in IngestKind]: (input: RowValues, ctx: ValidationContext) => Validated<ValidRowByKind[K]> } = {
  subjects: validateSubject,
  penalties: validatePenalty,
  licences: validateLicence,
  "list-entries": validateListEntry,
  "list-removals": validateListRemoval,
  commitments: validateCommitment,
};

/**
 * Validates one row of an upload.
 * @example
 * validateRow("penalties", values, { today: "2026-11-27", rules: DEFAULT_SEVERITY_RULES, defaults: {} })
 * // → { ok: { category: "penalty", docNo: "渝中市监处罚〔2026〕11号", severity: "general", publishUntil: "2027-03-04", … }, row: 1 }
 * // or { errors: [{ row: 1, field: "CF_XDR_SHXYM", rule: "uscc", message: "统一社会信用代码“…”不正确：第18位校验码应为“B”…" }], row: 1 }
 */
export function validateRow<K extends IngestKind>(kind: K, input: RowValues, ctx: ValidationContext): Validated<ValidRowByKind[K]> {
  // A row that could not be read into its columns (one column too many shifts every later value) is refused
  // for that alone: the shifted values' own problems would only hide the real one.
  if (input.problems.length > 0) return { errors: input.problems, row: input.row };
  return VALIDATORS[kind](input, ctx) as Validated<ValidRowByKind[K]>;
}

/** The natural key of a valid row: two rows with one key are the same record (the later one corrects it). */
export function naturalKey(kind: IngestKind, row: ValidRow): string {
  switch (kind) {
    case "subjects":
      return (row as SubjectRow).subject.code;
    case "penalties":
    case "licences":
      return `${(row as RecordRow).authorityCode}|${(row as RecordRow).docNo}`;
    case "list-entries": {
      const e = row as ListEntryRow;
      return `${e.listType}|${e.subject.code}|${e.docNo}`;
    }
    case "list-removals": {
      const e = row as ListRemovalRow;
      return `${e.listType}|${e.subjectCode}|${e.docNo}`;
    }
    case "commitments":
      return `${(row as CommitmentRow).authorityCode}|${(row as CommitmentRow).docNo}`;
  }
}

/** The subject code and name a valid row names (for 重码: one code, two names). */
export function subjectOf(kind: IngestKind, row: ValidRow): { code: string; name: string } | null {
  if (kind === "list-removals") return null;
  const subject = (row as { subject: SubjectRef }).subject;
  return subject.name ? { code: subject.code, name: subject.name } : null;
}
