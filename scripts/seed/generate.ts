/**
 * Deterministic seed data for 查一查 (Chongqing): subjects, 双公示 records, 名单 entries and 信用承诺.
 *
 * PURE: no Node APIs, no Math.random, no clock. The same options always give byte-identical rows, so
 * tests can run it inside workerd and the CLI can stream 1,000,000 subjects / 10,000,000 records
 * without holding them in memory (rows come out in batches of at most SEED_BATCH_ROWS).
 *
 * Row shape: column names exactly as in migrations/0001_foundation.sql, with explicit integer ids.
 * Order: the seed ingest batch (id 1), then per chunk of subjects: subjects, their records, their
 * list entries, their commitments — every referenced subject is emitted before the rows that use it.
 *
 * Subjects 1..SEED_FIXTURE_COUNT are fixed fixtures (SEED_FIXTURES) whose dates are relative to `today`.
 */
import { isIsoDate } from "../../shared/domain/dates";
import type { ListType } from "../../shared/domain/lists";
import {
  NEVER_REPAIRABLE_EARLY_KINDS,
  classifyPenalty,
  publicationWindow,
  type Severity,
} from "../../shared/domain/penalties";
import { CHONGQING_DISTRICTS, USCC_ALPHABET, idCheckChar, usccFromParts } from "../../shared/identifiers/index";
import {
  ABNORMAL_REASONS,
  AGENCIES,
  AGENCY_KEYS,
  ASSOCIATION_TOPICS,
  CITY_INSTITUTIONS,
  CN_NUMERALS,
  COMMITMENT_TEMPLATES,
  COOP_PRODUCTS,
  DISTRICT_INSTITUTIONS,
  DISTRICT_WEIGHTS,
  ENTERPRISE_INDUSTRIES,
  FOUNDATION_PURPOSES,
  GIVEN_FEMALE,
  GIVEN_MALE,
  GIVEN_NEUTRAL,
  INDUSTRY_SECTIONS,
  INTERMEDIATE_COURTS,
  JUDGMENT_REASONS,
  LICENCE_TEMPLATES,
  LIST_REASONS,
  PENALTY_TEMPLATES,
  PRIVATE_NONPROFIT_TYPES,
  PROVINCE_SHORT,
  REMOVAL_REASONS,
  REPAIR_REASONS,
  SHOP_WORDS,
  STREETS,
  SURNAMES,
  TOWN_INSTITUTIONS,
  TRADE_NAME_CHARS,
  URBAN_DISTRICTS,
  districtShort,
  type AgencyKey,
  type CommitmentTemplate,
  type LicenceTemplate,
  type ListReason,
  type PenaltyOption,
  type PenaltyTemplate,
  type SubjectKind,
} from "./data";
import { Rng, Weighted, fnv1a } from "./rng";

// ---------------------------------------------------------------------------------------------
// Public API

export type SeedTable = "ingest_batches" | "subjects" | "records" | "list_entries" | "commitments";
export type SeedRow = Record<string, unknown>;

export interface SeedBatch {
  table: SeedTable;
  rows: SeedRow[];
}

export interface SeedOptions {
  /** Number of subjects (ids 1..subjects; the first SEED_FIXTURE_COUNT are the fixtures). */
  subjects: number;
  /** Average 双公示 records per non-person subject (default 2). */
  recordsPerSubject?: number;
  /** PRNG seed (default 20261127). */
  seed?: number;
  /** The seed's "today", YYYY-MM-DD (default "2026-11-27"); nothing is dated after it. */
  today?: string;
}

export type SeedCounts = Record<SeedTable, number> & { total: number };

export const SEED_DEFAULT_TODAY = "2026-11-27";
export const SEED_DEFAULT_SEED = 20261127;
export const SEED_DEFAULT_RECORDS_PER_SUBJECT = 2;
/** Maximum rows per yielded batch. */
export const SEED_BATCH_ROWS = 500;
/** The seed's ingest batch: every row's batch_id. */
export const SEED_BATCH_ID = 1;
/** The seed's source unit (数据来源单位). */
export const SEED_SOURCE_UNIT = {
  name: "重庆市社会信用体系建设联席会议办公室",
  code: usccFromParts("1", "1", "500000", "MB199001"),
} as const;

/** Column order of each table's rows (every row carries all of them). */
export const SEED_COLUMNS: Readonly<Record<SeedTable, readonly string[]>> = {
  ingest_batches: ["id", "kind", "source_unit_name", "source_unit_code", "file_name", "received_at", "finished_at", "status", "total_rows", "accepted_rows", "rejected_rows", "report"],
  subjects: ["id", "code", "code_type", "kind", "name", "legal_representative", "industry_code", "industry", "region_code", "registered_on", "registration_status", "registered_capital_wan", "address", "checksum_legacy", "source_unit_code", "batch_id", "source_row", "received_at", "updated_at"],
  records: ["id", "subject_id", "category", "doc_no", "title", "facts", "basis", "kinds", "content", "fine_wan", "confiscated_wan", "licence_ref", "authority_name", "authority_code", "decided_on", "valid_from", "valid_until", "severity", "publish_until", "repairable_from", "status", "objection_open", "remark", "version", "source_unit_name", "source_unit_code", "batch_id", "source_row", "received_at", "updated_at"],
  list_entries: ["id", "list_type", "subject_id", "reason", "legal_basis", "authority_name", "authority_code", "doc_no", "listed_on", "planned_removal_on", "removed_on", "removal_reason", "status", "objection_open", "source_unit_name", "source_unit_code", "batch_id", "source_row", "received_at", "updated_at"],
  commitments: ["id", "subject_id", "kind", "matter", "authority_name", "authority_code", "doc_no", "committed_on", "due_on", "status", "resolved_on", "source_unit_code", "batch_id", "source_row", "received_at"],
};

// ---------------------------------------------------------------------------------------------
// Dates and small helpers

// Calendar arithmetic on day numbers (days since 1970-01-01) without Date objects: the generator
// does millions of these. Same semantics as shared/domain/dates.ts (addMonths clamps to month end).

function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

const DAY_BASE = daysFromCivil(1900, 1, 1);
const DAY_STRINGS: (string | undefined)[] = [];

/** Day number → 'YYYY-MM-DD' (memoised). */
function fromDay(n: number): string {
  const cached = DAY_STRINGS[n - DAY_BASE];
  if (cached !== undefined) return cached;
  const z = n + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  const s = `${String(y).padStart(4, "0")}-${m < 10 ? "0" : ""}${m}-${d < 10 ? "0" : ""}${d}`;
  if (n >= DAY_BASE && n - DAY_BASE < 80_000) DAY_STRINGS[n - DAY_BASE] = s;
  return s;
}

/** 'YYYY-MM-DD' → day number. */
function dayNum(date: string): number {
  return daysFromCivil(Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10)));
}

function daysInMonth(y: number, m: number): number {
  return m === 2 ? ((y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28) : m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** addMonths of shared/domain/dates.ts (clamping to the month's last day), without Date. */
function addMonths(date: string, months: number): string {
  const total = Number(date.slice(0, 4)) * 12 + (Number(date.slice(5, 7)) - 1) + months;
  const y = Math.floor(total / 12);
  const m = total - y * 12 + 1;
  return fromDay(daysFromCivil(y, m, Math.min(Number(date.slice(8, 10)), daysInMonth(y, m))));
}

function addDays(date: string, days: number): string {
  return fromDay(dayNum(date) + days);
}

const WINDOWS = new Map<string, { publishUntil: string; repairableFrom: string }>();
/** publicationWindow (shared/domain/penalties.ts), memoised per (date, severity). */
function windowFor(decided: string, severity: Severity): { publishUntil: string; repairableFrom: string } {
  const key = decided + severity;
  let w = WINDOWS.get(key);
  if (!w) {
    w = publicationWindow(decided, severity);
    WINDOWS.set(key, w);
  }
  return w;
}
const cnDate = (d: string): string => `${Number(d.slice(0, 4))}年${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`;
const LONG_TERM = "2099-12-31";
/** 2015-10-01: the USCC reform; codes issued later carry MA/MJ/MB bodies, earlier ones digits. */
const USCC_REFORM_DAY = dayNum("2015-10-01");

function pad(n: number, width: number): string {
  return String(n).padStart(width, "0");
}

function base31(n: number, width: number): string {
  let s = "";
  for (let i = 0; i < width; i++) {
    s = USCC_ALPHABET.charAt(n % 31) + s;
    n = Math.floor(n / 31);
  }
  return s;
}

/** Uniform day in [lo, hi] (day numbers); hi < lo collapses to hi. */
function dayBetween(rng: Rng, lo: number, hi: number): number {
  return hi <= lo ? hi : lo + Math.floor(rng.float() * (hi - lo + 1));
}

/** Yuan amount rounded the way decisions state it. */
function niceYuan(yuan: number): number {
  if (yuan < 1000) return Math.max(50, Math.round(yuan / 50) * 50);
  if (yuan < 100_000) return Math.round(yuan / 100) * 100;
  return Math.round(yuan / 1000) * 1000;
}

const toWan = (yuan: number): number => Math.round(yuan) / 10000;

// ---------------------------------------------------------------------------------------------
// Code construction (bijective scrambles guarantee uniqueness without lookups)

const DIGIT_SPACE = 100_000_000; // 8-digit organisation-code bodies
const BASE31_SPACE = 887_503_681; // 31^6: MA/MJ/MB + 6 characters
const ID_DAYS_FROM = dayNum("1955-01-01");
const ID_DAYS = dayNum("2000-12-31") - ID_DAYS_FROM + 1; // 16,802
const ID_SPACE = ID_DAYS * 1000;

function digitsBody(i: number): string {
  return pad((i * 7_654_321 + 10_203_049) % DIGIT_SPACE, 8);
}

function base31Body(prefix: string, i: number): string {
  return prefix + base31((i * 1_234_567 + 98_765_432) % BASE31_SPACE, 6);
}

/** A valid USCC for subject `i`: unique because the body is a bijection of the id. */
function subjectUscc(dept: string, cat: string, region: string, i: number, registeredOn: string): string {
  const modern = dayNum(registeredOn) >= USCC_REFORM_DAY;
  const prefix = dept === "5" ? "MJ" : dept === "1" ? "MB" : "MA";
  return usccFromParts(dept, cat, region, modern ? base31Body(prefix, i) : digitsBody(i));
}

/** A Fujian pilot code: valid parts, then position 18 deliberately changed. */
function legacyUscc(region: string, i: number, rng: Rng): string {
  const valid = usccFromParts("9", "1", region, base31Body("M1", i));
  const last = USCC_ALPHABET.indexOf(valid.charAt(17));
  return valid.slice(0, 17) + USCC_ALPHABET.charAt((last + 1 + rng.int(0, 29)) % 31);
}

/** A valid 18-digit ID number for subject `i`: (birth day, sequence) is a bijection of the id. */
function personIdNumber(region: string, i: number): { id: string; male: boolean; birth: string } {
  const j = (i * 1_000_003 + 4_242_421) % ID_SPACE;
  const birth = fromDay(ID_DAYS_FROM + Math.floor(j / 1000));
  const seq = pad(j % 1000, 3);
  const first17 = `${region}${birth.replace(/-/g, "")}${seq}`;
  return { id: first17 + idCheckChar(first17), male: Number(seq.charAt(2)) % 2 === 1, birth };
}

// ---------------------------------------------------------------------------------------------
// Weighted tables (built once)

const DISTRICT_NAME = new Map(CHONGQING_DISTRICTS.map((d) => [d.code, d.name] as const));
const DISTRICT_INDEX = new Map(CHONGQING_DISTRICTS.map((d, i) => [d.code, i] as const));
const DISTRICT_TABLE = new Weighted(CHONGQING_DISTRICTS.map((d) => [d.code, DISTRICT_WEIGHTS[d.code] ?? 1] as const));
const URBAN_TABLE = new Weighted(URBAN_DISTRICTS.map((c) => [c as string, DISTRICT_WEIGHTS[c] ?? 1] as const));
const SURNAME_TABLE = new Weighted(SURNAMES);
const ENTERPRISE_TABLE = new Weighted(ENTERPRISE_INDUSTRIES.map((w) => [w, w.weight] as const));
const SHOP_TABLE = new Weighted(SHOP_WORDS.map((w) => [w, w.weight] as const));

type EnterpriseForm = "plain" | "city" | "llc" | "district" | "brand" | "joint_stock" | "group";
const ENTERPRISE_FORMS = new Weighted<EnterpriseForm>([
  ["plain", 42], ["city", 20], ["llc", 8], ["district", 8], ["brand", 5], ["joint_stock", 3], ["group", 2],
]);

const districtName = (code: string): string => DISTRICT_NAME.get(code) ?? "渝中区";

// ---------------------------------------------------------------------------------------------
// Authorities

interface Authority {
  name: string;
  code: string;
  /** Short prefix for document numbers: 渝 (city) or the district short name. */
  short: string;
}

interface Court extends Authority {
  /** 案号 court code: 渝01, 渝0112 … */
  caseCode: string;
}

const FUJIAN_MARKET: Readonly<Record<string, Authority>> = {
  "350100": { name: "福州市市场监督管理局", code: usccFromParts("1", "1", "350100", "MB1A0001"), short: "榕" },
  "350200": { name: "厦门市市场监督管理局", code: usccFromParts("1", "1", "350200", "MB1A0002"), short: "厦" },
};

function agencyBody(key: AgencyKey, slot: number): string {
  const k = AGENCY_KEYS.indexOf(key);
  return AGENCIES[key].modern ? `MB1${pad(k * 100 + slot, 5)}` : pad(800_000 + k * 100 + slot, 8);
}

// ---------------------------------------------------------------------------------------------
// Fixtures

export interface SeedFixture {
  id: number;
  code: string;
  name: string;
  kind: SubjectKind;
  /** What the fixture is there to show. */
  illustrates: string;
}

interface FixtureSpec {
  key: string;
  kind: SubjectKind;
  name: string;
  region: string;
  registeredOn: string | null;
  word?: string;
  letter?: string;
  capital?: number | null;
  status?: string;
  rep?: string;
  illustrates: string;
}

const FIXTURE_SPECS: readonly FixtureSpec[] = [
  { key: "cleanLicencesOnly", kind: "enterprise", name: "重庆渝信建筑工程有限公司", region: "500112", registeredOn: "2012-05-18", word: "建筑工程", letter: "E", capital: 5000, rep: "陈志强", illustrates: "clean enterprise: three licences (建筑业企业资质证书, 安全生产许可证, 建筑工程施工许可证), no penalties, no list entries; the only name containing 「渝信」" },
  { key: "seriousPenaltyInWindow", kind: "enterprise", name: "重庆市鑫达化工有限公司", region: "500115", registeredOn: "2009-03-02", word: "化工", letter: "C", capital: 3000, rep: "刘德明", illustrates: "serious penalty (罚款；责令停产停业, 重庆市生态环境局) decided 4 months before today: public until decided+36 months, repairable only from decided+12 months" },
  { key: "generalPenaltyPastWindow", kind: "enterprise", name: "重庆市巴渝餐饮管理有限公司", region: "500103", registeredOn: "2016-08-09", word: "餐饮管理", letter: "H", capital: 100, rep: "张丽", illustrates: "general penalty decided 14 months before today: publish_until < today, so it must no longer be public" },
  { key: "seriousDishonestyInForce", kind: "enterprise", name: "重庆恒盛建材有限公司", region: "500113", registeredOn: "2014-11-20", word: "建材", letter: "F", capital: 500, rep: "黄勇", illustrates: "on 严重失信主体名单 (serious_dishonesty), listed 6 months before today, planned removal 36 months after listing: in force" },
  { key: "redList", kind: "enterprise", name: "重庆瑞丰物流有限公司", region: "500112", registeredOn: "2010-07-15", word: "物流", letter: "G", capital: 2000, rep: "周海", illustrates: "on the red list (纳税信用A级纳税人), listed 7 months before today for 12 months: in force" },
  { key: "removedEntry", kind: "enterprise", name: "重庆德信商贸有限公司", region: "500105", registeredOn: "2017-03-28", word: "商贸", letter: "F", capital: 200, rep: "罗敏", illustrates: "经营异常名录 entry listed 2 years ago and removed 95 days later (status removed, removed_on, removal_reason)" },
  { key: "expiredEntry", kind: "enterprise", name: "重庆锦川物业管理有限公司", region: "500106", registeredOn: "2013-09-10", word: "物业管理", letter: "K", capital: 300, rep: "谭建华", illustrates: "重点监管对象 entry still status 'listed' but planned_removal_on 14 months before today: expired, no longer in force" },
  { key: "naturalPersonDebtor", kind: "natural_person", name: "王建国", region: "500112", registeredOn: null, illustrates: "natural person (ID number, never shown unmasked) on 失信被执行人, listed 5 months ago by 重庆市渝北区人民法院 for 24 months: in force" },
  { key: "legacyPilotCode", kind: "enterprise", name: "福州闽江源贸易有限公司", region: "350100", registeredOn: "2015-06-18", word: "贸易", letter: "F", capital: 1000, rep: "林华", illustrates: "Fujian pilot code 91350100M0001TGQXM: fails the position-18 check, accepted from an authoritative source with checksum_legacy = 1" },
  { key: "sameNameDeregistered", kind: "enterprise", name: "重庆华通商贸有限公司", region: "500105", registeredOn: "2006-04-12", word: "商贸", letter: "F", capital: 50, status: "注销", rep: "李平", illustrates: "same exact name as sameNameActive (name ambiguity); this one is 注销 in 江北区 with no records" },
  { key: "sameNameActive", kind: "enterprise", name: "重庆华通商贸有限公司", region: "500112", registeredOn: "2019-09-03", word: "商贸", letter: "F", capital: 100, rep: "何欣", illustrates: "same exact name as sameNameDeregistered; this one is 存续 in 渝北区 with one licence" },
  { key: "individualMinorPenalty", kind: "individual_business", name: "渝中区老李火锅店", region: "500103", registeredOn: "2018-05-06", word: "火锅店", letter: "H", capital: null, rep: "李明", illustrates: "个体工商户 with a 食品经营许可证 and a minor penalty (警告) decided 1 month ago: public for 3 months" },
  { key: "repairedPenalty", kind: "enterprise", name: "重庆通达物流有限公司", region: "500108", registeredOn: "2015-01-22", word: "物流", letter: "G", capital: 800, rep: "邓飞", illustrates: "general penalty decided 8 months ago and repaired (status 'repaired') 4 months after the decision, with a fulfilled 信用修复型 commitment" },
];

export const SEED_FIXTURE_COUNT = FIXTURE_SPECS.length;
const LEGACY_EXAMPLE = "91350100M0001TGQXM";
const FIXTURE_PERSON_ID = (() => {
  const first17 = "50011219531001235";
  return first17 + idCheckChar(first17);
})();

function fixtureCode(spec: FixtureSpec, id: number): string {
  if (spec.key === "legacyPilotCode") return LEGACY_EXAMPLE;
  if (spec.kind === "natural_person") return FIXTURE_PERSON_ID;
  const cat = spec.kind === "individual_business" ? "2" : "1";
  return subjectUscc("9", cat, spec.region, id, spec.registeredOn ?? "2020-01-01");
}

export type SeedFixtureKey =
  | "cleanLicencesOnly" | "seriousPenaltyInWindow" | "generalPenaltyPastWindow" | "seriousDishonestyInForce" | "redList"
  | "removedEntry" | "expiredEntry" | "naturalPersonDebtor" | "legacyPilotCode" | "sameNameDeregistered" | "sameNameActive"
  | "individualMinorPenalty" | "repairedPenalty";

/**
 * Fixture subjects at fixed ids 1..13 (present whenever `subjects` ≥ their id). Codes do not depend on
 * the PRNG seed or on `today`; their event dates are relative to `today`.
 */
export const SEED_FIXTURES: Readonly<Record<SeedFixtureKey, SeedFixture>> = Object.freeze(
  Object.fromEntries(
    FIXTURE_SPECS.map((spec, idx) => [
      spec.key,
      Object.freeze({ id: idx + 1, code: fixtureCode(spec, idx + 1), name: spec.name, kind: spec.kind, illustrates: spec.illustrates }),
    ]),
  ) as Record<SeedFixtureKey, SeedFixture>,
);

// ---------------------------------------------------------------------------------------------
// Plans: what a subject gets (cheap to compute, so totals are known before streaming)

interface Plan {
  kind: SubjectKind;
  legacy: boolean;
  records: number;
  lists: ListType[];
  commitments: number;
}

const KIND_TABLE = new Weighted<SubjectKind>([
  ["natural_person", 1], ["individual_business", 26], ["cooperative", 3.5], ["social_org", 2], ["public_institution", 1.5], ["enterprise", 66],
]);

/** Non-fixture ids that are Fujian pilot codes: ~1 per 2,000, at least 2 below 1,000 (plus the fixture). */
function isLegacyId(i: number): boolean {
  return i === 400 || i === 800 || (i > 1000 && i % 2000 === 1200);
}

const LIST_PROBABILITY: Readonly<Record<SubjectKind, Partial<Record<ListType, number>>>> = {
  enterprise: { abnormal_operation: 0.035, serious_dishonesty: 0.011, key_supervision: 0.011, major_tax_violation: 0.006, procurement_violation: 0.006, dishonest_judgment_debtor: 0.006, red_list: 0.024 },
  individual_business: { abnormal_operation: 0.03, serious_dishonesty: 0.003, key_supervision: 0.003, dishonest_judgment_debtor: 0.004, red_list: 0.012 },
  cooperative: { abnormal_operation: 0.04, serious_dishonesty: 0.005, red_list: 0.03 },
  social_org: { serious_dishonesty: 0.004, red_list: 0.03 },
  public_institution: {},
  natural_person: {},
};

const PLAN_LIST_ORDER: readonly ListType[] = [
  "abnormal_operation", "serious_dishonesty", "key_supervision", "major_tax_violation", "procurement_violation", "dishonest_judgment_debtor", "red_list",
];

function planSubject(seed: number, i: number, k: number): Plan {
  const rng = new Rng(seed, i, 1);
  const legacy = isLegacyId(i);
  const kind: SubjectKind = legacy ? "enterprise" : KIND_TABLE.sample(rng);
  if (kind === "natural_person") return { kind, legacy, records: 0, lists: ["dishonest_judgment_debtor"], commitments: 0 };
  const records = k <= 0 ? 0 : Math.min(Math.round(-k * Math.log(1 - rng.float())), Math.ceil(k * 8 + 5));
  const lists: ListType[] = [];
  const probs = LIST_PROBABILITY[kind];
  for (const t of PLAN_LIST_ORDER) {
    const p = probs[t] ?? 0;
    const hit = rng.float() < p; // always draw: keeps the stream aligned across kinds
    if (!hit) continue;
    if (t === "red_list" && lists.length > 0) continue; // no 守信激励 for a subject on a negative list
    lists.push(t);
  }
  const u = rng.float();
  const commitments = kind === "public_institution" ? 0 : u < 0.015 ? 2 : u < 0.095 ? 1 : 0;
  return { kind, legacy, records, lists, commitments };
}

// ---------------------------------------------------------------------------------------------
// Name deduplication: a compact open-addressing set of 32-bit name hashes

class NameSet {
  private readonly table: Uint32Array;
  private readonly mask: number;

  constructor(expected: number) {
    let size = 1024;
    while (size < expected * 2 + 64) size *= 2;
    this.table = new Uint32Array(size);
    this.mask = size - 1;
  }

  /** Adds the name; false when (its hash) was already present. */
  add(name: string): boolean {
    const h = fnv1a(name) || 1;
    let slot = h & this.mask;
    for (;;) {
      const v = this.table[slot] as number;
      if (v === 0) {
        this.table[slot] = h;
        return true;
      }
      if (v === h) return false;
      slot = (slot + 1) & this.mask;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// The generator state

interface SubjectInfo {
  id: number;
  kind: SubjectKind;
  code: string;
  name: string;
  rep: string | null;
  letter: string;
  word: string;
  /** Registration region (500000 for 市本级, 350100/350200 for Fujian). */
  region: string;
  /** District whose bodies decide on the subject (address district). */
  district: string;
  registeredDay: number;
}

type Variety = "in_force" | "expired" | "removed" | "repaired";
const NEGATIVE_CYCLE: readonly Variety[] = ["in_force", "in_force", "expired", "in_force", "removed", "in_force", "repaired", "in_force", "expired", "removed"];
const RED_CYCLE: readonly Variety[] = ["in_force", "in_force", "expired", "in_force", "removed", "in_force", "in_force", "expired", "removed", "in_force"];

class SeedContext {
  readonly n: number;
  readonly k: number;
  readonly seed: number;
  readonly today: string;
  readonly todayDay: number;
  readonly receivedAt: string;
  readonly finishedAt: string;
  readonly names: NameSet;
  private readonly counters = new Map<string, number>();
  private readonly authorities = new Map<string, Authority>();
  private readonly cycles = new Map<ListType, number>();
  private readonly recentNames: string[] = [];
  private readonly penaltyTables = new Map<string, Weighted<PenaltyTemplate> | null>();
  private readonly licenceTables = new Map<string, Weighted<LicenceTemplate>>();
  private readonly commitmentTables = new Map<string, Weighted<CommitmentTemplate>>();
  nextRecordId = 1;
  nextListId = 1;
  nextCommitmentId = 1;

  constructor(options: SeedOptions) {
    const { n, k, seed, today } = normalizeOptions(options);
    this.n = n;
    this.k = k;
    this.seed = seed;
    this.today = today;
    this.todayDay = dayNum(today);
    this.receivedAt = `${addDays(today, -1)}T16:00:00.000Z`;
    this.finishedAt = `${addDays(today, -1)}T16:45:00.000Z`;
    this.names = new NameSet(n);
    for (const spec of FIXTURE_SPECS) if (spec.kind !== "natural_person") this.names.add(spec.name);
  }

  /** Next document number for a (authority, document kind, year) series: increasing, with small gaps. */
  docNumber(key: string, rng: Rng): number {
    const next = (this.counters.get(key) ?? 0) + 1 + (rng.float() < 0.2 ? rng.int(1, 3) : 0);
    this.counters.set(key, next);
    return next;
  }

  /** The deciding body of an agency for a district ("500000": the city-level body). */
  authority(key: AgencyKey, region: string): Authority {
    const agency = AGENCIES[key];
    const district = region === "500000" || agency.district === null || !DISTRICT_NAME.has(region) ? "500000" : region;
    const cacheKey = `${key}|${district}`;
    let a = this.authorities.get(cacheKey);
    if (!a) {
      if (district === "500000") {
        a = { name: agency.city, code: usccFromParts("1", "1", "500000", agencyBody(key, 0)), short: "渝" };
      } else {
        const dName = districtName(district);
        const slot = (DISTRICT_INDEX.get(district) ?? 0) + 1;
        a = { name: (agency.district as (d: string) => string)(dName), code: usccFromParts("1", "1", district, agencyBody(key, slot)), short: districtShort(dName) };
      }
      this.authorities.set(cacheKey, a);
    }
    return a;
  }

  /** A district court or its intermediate court. */
  court(district: string, intermediate: boolean): Court {
    const d = DISTRICT_NAME.has(district) ? district : "500103";
    if (intermediate) {
      const idx = Math.max(0, INTERMEDIATE_COURTS.findIndex((c) => c.districts.includes(d)));
      const c = INTERMEDIATE_COURTS[idx] ?? INTERMEDIATE_COURTS[0]!;
      return { name: c.name, code: usccFromParts("1", "1", "500000", agencyBody("court", 60 + idx)), short: "渝", caseCode: c.code };
    }
    const a = this.authority("court", d);
    return { ...a, caseCode: `渝${d.slice(2)}` };
  }

  nextVariety(type: ListType): Variety {
    const n = this.cycles.get(type) ?? 0;
    this.cycles.set(type, n + 1);
    const cycle = type === "red_list" ? RED_CYCLE : NEGATIVE_CYCLE;
    return cycle[n % cycle.length] as Variety;
  }

  rememberName(name: string): void {
    if (this.recentNames.length < 256) this.recentNames.push(name);
    else this.recentNames[fnv1a(name) & 255] = name;
  }

  recentName(rng: Rng): string | undefined {
    return this.recentNames.length > 0 ? rng.pick(this.recentNames) : undefined;
  }

  penaltyTable(kind: SubjectKind, letter: string): Weighted<PenaltyTemplate> | null {
    const key = `${kind}|${letter}`;
    if (!this.penaltyTables.has(key)) {
      const marketEntity = kind === "enterprise" || kind === "individual_business" || kind === "cooperative";
      const list = PENALTY_TEMPLATES.filter((t) => {
        if (t.agency === "civil") return kind === "social_org";
        if (t.sectors === "*") return marketEntity || t.agency !== "market";
        return t.sectors.includes(letter);
      });
      this.penaltyTables.set(key, list.length > 0 ? new Weighted(list.map((t) => [t, t.weight] as const)) : null);
    }
    return this.penaltyTables.get(key) ?? null;
  }

  licenceTable(kind: SubjectKind, letter: string): Weighted<LicenceTemplate> {
    const key = `${kind}|${letter}`;
    let table = this.licenceTables.get(key);
    if (!table) {
      let list = LICENCE_TEMPLATES.filter((t) => {
        if (t.agency === "civil") return kind === "social_org";
        if (t.title === "民办学校办学许可证" && kind === "public_institution") return false;
        return t.sectors.includes(letter);
      });
      if (kind === "public_institution" || list.length === 0) list = [...list, STAFFING_LICENCE];
      table = new Weighted(list.map((t) => [t, t.weight] as const));
      this.licenceTables.set(key, table);
    }
    return table;
  }

  commitmentTable(letter: string): Weighted<CommitmentTemplate> {
    let table = this.commitmentTables.get(letter);
    if (!table) {
      const list = COMMITMENT_TEMPLATES.filter((t) => t.sectors === "*" || t.sectors.includes(letter));
      table = new Weighted(list.map((t) => [t, t.weight] as const));
      this.commitmentTables.set(letter, table);
    }
    return table;
  }
}

const STAFFING_LICENCE: LicenceTemplate = {
  agency: "staffing", sectors: "*", weight: 6, title: "事业单位法人证书", kind: "登记", years: 5,
  contents: ["事业单位法人登记"],
  ref: (c) => `事证第${c.region.slice(0, 2)}${c.region.slice(2)}${pad(c.rng.int(0, 999_999), 6)}号`,
};

function normalizeOptions(options: SeedOptions): { n: number; k: number; seed: number; today: string } {
  const n = options.subjects;
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`generateSeed: subjects must be a non-negative integer, got ${n}`);
  if (n > ID_SPACE) throw new RangeError(`generateSeed: at most ${ID_SPACE} subjects are supported`);
  const k = options.recordsPerSubject ?? SEED_DEFAULT_RECORDS_PER_SUBJECT;
  if (!(k >= 0) || !Number.isFinite(k)) throw new RangeError(`generateSeed: recordsPerSubject must be ≥ 0, got ${k}`);
  const seed = (options.seed ?? SEED_DEFAULT_SEED) >>> 0;
  const today = options.today ?? SEED_DEFAULT_TODAY;
  if (!isIsoDate(today) || today < "2021-01-01") throw new RangeError(`generateSeed: today must be a YYYY-MM-DD date from 2021-01-01 on, got ${today}`);
  return { n, k, seed, today };
}

// ---------------------------------------------------------------------------------------------
// Row builders

function lineage(ctx: SeedContext): { batch_id: number; source_row: number; received_at: string } {
  return { batch_id: SEED_BATCH_ID, source_row: 0, received_at: ctx.receivedAt };
}

interface RecordFields {
  subject_id: number;
  category: "penalty" | "licence";
  doc_no: string;
  title: string;
  facts: string | null;
  basis: string | null;
  kinds: string;
  content: string | null;
  fine_wan: number | null;
  confiscated_wan: number | null;
  licence_ref: string | null;
  authority: Authority;
  decided_on: string;
  valid_from: string | null;
  valid_until: string | null;
  severity: Severity | null;
  publish_until: string | null;
  repairable_from: string | null;
  status: "active" | "repaired" | "revoked" | "withdrawn";
  objection_open: number;
  remark: string | null;
}

function recordRow(ctx: SeedContext, f: RecordFields): SeedRow {
  const l = lineage(ctx);
  return {
    id: ctx.nextRecordId++,
    subject_id: f.subject_id,
    category: f.category,
    doc_no: f.doc_no,
    title: f.title,
    facts: f.facts,
    basis: f.basis,
    kinds: f.kinds,
    content: f.content,
    fine_wan: f.fine_wan,
    confiscated_wan: f.confiscated_wan,
    licence_ref: f.licence_ref,
    authority_name: f.authority.name,
    authority_code: f.authority.code,
    decided_on: f.decided_on,
    valid_from: f.valid_from,
    valid_until: f.valid_until,
    severity: f.severity,
    publish_until: f.publish_until,
    repairable_from: f.repairable_from,
    status: f.status,
    objection_open: f.objection_open,
    remark: f.remark,
    version: 1,
    source_unit_name: f.authority.name,
    source_unit_code: f.authority.code,
    batch_id: l.batch_id,
    source_row: l.source_row,
    received_at: l.received_at,
    updated_at: l.received_at,
  };
}

interface ListFields {
  list_type: ListType;
  subject_id: number;
  reason: string;
  legal_basis: string;
  authority: Authority;
  doc_no: string;
  listed_on: string;
  planned_removal_on: string | null;
  removed_on: string | null;
  removal_reason: string | null;
  status: "listed" | "removed" | "repaired";
  objection_open: number;
}

function listRow(ctx: SeedContext, f: ListFields): SeedRow {
  const l = lineage(ctx);
  return {
    id: ctx.nextListId++,
    list_type: f.list_type,
    subject_id: f.subject_id,
    reason: f.reason,
    legal_basis: f.legal_basis,
    authority_name: f.authority.name,
    authority_code: f.authority.code,
    doc_no: f.doc_no,
    listed_on: f.listed_on,
    planned_removal_on: f.planned_removal_on,
    removed_on: f.removed_on,
    removal_reason: f.removal_reason,
    status: f.status,
    objection_open: f.objection_open,
    source_unit_name: f.authority.name,
    source_unit_code: f.authority.code,
    batch_id: l.batch_id,
    source_row: l.source_row,
    received_at: l.received_at,
    updated_at: l.received_at,
  };
}

interface CommitmentFields {
  subject_id: number;
  kind: string;
  matter: string;
  authority: Authority;
  doc_no: string;
  committed_on: string;
  due_on: string | null;
  status: "pending" | "fulfilled" | "breached";
  resolved_on: string | null;
}

function commitmentRow(ctx: SeedContext, f: CommitmentFields): SeedRow {
  const l = lineage(ctx);
  return {
    id: ctx.nextCommitmentId++,
    subject_id: f.subject_id,
    kind: f.kind,
    matter: f.matter,
    authority_name: f.authority.name,
    authority_code: f.authority.code,
    doc_no: f.doc_no,
    committed_on: f.committed_on,
    due_on: f.due_on,
    status: f.status,
    resolved_on: f.resolved_on,
    source_unit_code: f.authority.code,
    batch_id: l.batch_id,
    source_row: l.source_row,
    received_at: l.received_at,
  };
}

interface SubjectFields {
  id: number;
  code: string;
  code_type: "uscc" | "id_number";
  kind: SubjectKind;
  name: string;
  legal_representative: string | null;
  industry_code: string | null;
  region_code: string;
  registered_on: string | null;
  registration_status: string;
  registered_capital_wan: number | null;
  address: string | null;
  checksum_legacy: number;
  source_unit_code: string;
}

function subjectRow(ctx: SeedContext, f: SubjectFields): SeedRow {
  const l = lineage(ctx);
  return {
    id: f.id,
    code: f.code,
    code_type: f.code_type,
    kind: f.kind,
    name: f.name,
    legal_representative: f.legal_representative,
    industry_code: f.industry_code,
    industry: f.industry_code === null ? null : (INDUSTRY_SECTIONS[f.industry_code] ?? null),
    region_code: f.region_code,
    registered_on: f.registered_on,
    registration_status: f.registration_status,
    registered_capital_wan: f.registered_capital_wan,
    address: f.address,
    checksum_legacy: f.checksum_legacy,
    source_unit_code: f.source_unit_code,
    batch_id: l.batch_id,
    source_row: l.source_row,
    received_at: l.received_at,
    updated_at: l.received_at,
  };
}

// ---------------------------------------------------------------------------------------------
// Names, people, places

function personName(rng: Rng, male: boolean): string {
  const surname = SURNAME_TABLE.sample(rng);
  const pool = male ? GIVEN_MALE : GIVEN_FEMALE;
  if (rng.chance(0.3)) return surname + rng.pick(pool);
  const first = rng.chance(0.25) ? rng.pick(GIVEN_NEUTRAL) : rng.pick(pool);
  return surname + first + rng.pick(pool);
}

function tradeName(rng: Rng): string {
  const n = rng.chance(0.15) ? 3 : 2;
  let s = "";
  for (let i = 0; i < n; i++) s += rng.pick(TRADE_NAME_CHARS);
  return s;
}

function address(rng: Rng, district: string): string {
  const street = rng.pick(STREETS[district] ?? ["人民路"]);
  const no = rng.chance(0.7) ? rng.int(1, 199) : rng.int(200, 999);
  const v = rng.float();
  const tail = v < 0.3 ? `附${rng.int(1, 30)}号` : v < 0.5 ? `${rng.int(1, 12)}幢${rng.int(1, 32)}-${rng.int(1, 12)}` : v < 0.6 ? `${rng.int(1, 28)}楼` : "";
  return `重庆市${districtName(district)}${street}${no}号${tail}`;
}

function ruralAddress(rng: Rng, district: string): string {
  return `重庆市${districtName(district)}${rng.pick(TRADE_NAME_CHARS)}${rng.pick(TRADE_NAME_CHARS)}镇${rng.pick(TRADE_NAME_CHARS)}${rng.pick(["坪", "坝", "湾", "溪", "桥"])}村${rng.int(1, 12)}组`;
}

function registrationDay(rng: Rng, todayDay: number): number {
  const lo = dayNum("1995-01-01");
  // density rising linearly towards today (more registrations in recent years)
  return Math.min(todayDay, lo + Math.floor(Math.sqrt(rng.float()) * (todayDay - lo + 1)));
}

function enterpriseCapital(rng: Rng, form: EnterpriseForm): number {
  const nice = [10, 20, 30, 50, 100, 100, 200, 200, 300, 500, 500, 800, 1000, 1000, 2000, 3000, 5000, 10000];
  let v = rng.chance(0.75) ? rng.pick(nice) : Math.round(rng.logUniform(3, 20000) * 10) / 10;
  if (form === "joint_stock") v = Math.max(v, 1000);
  if (form === "group") v = Math.max(v, 5000);
  return v;
}

function registrationStatus(rng: Rng, registeredDay: number, todayDay: number): string {
  const old = todayDay - registeredDay > 3650;
  const u = rng.float();
  if (u < (old ? 0.06 : 0.015)) return "吊销";
  if (u < (old ? 0.13 : 0.04)) return "注销";
  if (u < (old ? 0.135 : 0.042)) return "迁出";
  if (u < (old ? 0.16 : 0.07)) return "在业";
  return "存续";
}

interface NameResult {
  name: string;
  letter: string;
  word: string;
  region: string;
  dept: string;
  cat: string;
  form?: EnterpriseForm;
}

function organisationName(rng: Rng, kind: SubjectKind, district: string, registeredDay: number): NameResult {
  const dName = districtName(district);
  switch (kind) {
    case "enterprise": {
      const ind = ENTERPRISE_TABLE.sample(rng);
      const zh = tradeName(rng);
      let form = ENTERPRISE_FORMS.sample(rng);
      if (form === "district" && registeredDay > dayNum("2012-01-01") && rng.chance(0.7)) form = "plain";
      const w = ind.word;
      const name =
        form === "plain" ? `重庆${zh}${w}有限公司`
        : form === "city" ? `重庆市${zh}${w}有限公司`
        : form === "llc" ? `重庆${zh}${w}有限责任公司`
        : form === "district" ? `重庆市${dName}${zh}${w}有限公司`
        : form === "brand" ? `${zh}（重庆）${w}有限公司`
        : form === "joint_stock" ? `重庆${zh}${w}股份有限公司`
        : `重庆${zh}${w}集团有限公司`;
      const cityLevel = form === "joint_stock" || form === "group" || rng.chance(0.06);
      return { name, letter: ind.letter, word: w, region: cityLevel ? "500000" : district, dept: "9", cat: "1", form };
    }
    case "individual_business": {
      const shop = SHOP_TABLE.sample(rng);
      const surname = SURNAME_TABLE.sample(rng);
      const v = rng.float();
      const core =
        v < 0.2 ? `老${surname}`
        : v < 0.4 ? `${surname}记`
        : v < 0.8 ? tradeName(rng)
        : v < 0.9 ? personName(rng, rng.chance(0.6))
        : `小${surname}`;
      return { name: `${dName}${core}${shop.word}`, letter: shop.letter, word: shop.word, region: district, dept: "9", cat: "2" };
    }
    case "cooperative": {
      const [product, type] = rng.pick(COOP_PRODUCTS);
      return { name: `${dName}${tradeName(rng)}${product}${type}专业合作社`, letter: "A", word: `${product}${type}`, region: district, dept: "9", cat: "3" };
    }
    case "social_org": {
      const v = rng.float();
      if (v < 0.5) {
        const w = rng.float();
        const topic = rng.pick(ASSOCIATION_TOPICS);
        if (w < 0.4) return { name: `重庆市${dName}${topic}协会`, letter: "S", word: "协会", region: district, dept: "5", cat: "1" };
        if (w < 0.6) return { name: `重庆市${dName}${rng.pick(PROVINCE_SHORT)}商会`, letter: "S", word: "商会", region: district, dept: "5", cat: "1" };
        if (w < 0.7) return { name: `重庆市${topic}协会`, letter: "S", word: "协会", region: "500000", dept: "5", cat: "1" };
        if (w < 0.85) return { name: `重庆市${tradeName(rng)}${topic}促进会`, letter: "S", word: "促进会", region: "500000", dept: "5", cat: "1" };
        return { name: `重庆市${dName}${tradeName(rng)}志愿服务协会`, letter: "S", word: "协会", region: district, dept: "5", cat: "1" };
      }
      if (v < 0.92) {
        const [type, letter] = rng.pick(PRIVATE_NONPROFIT_TYPES);
        return { name: `重庆市${dName}${tradeName(rng)}${type}`, letter, word: type, region: district, dept: "5", cat: "2" };
      }
      return { name: `重庆市${tradeName(rng)}${rng.pick(FOUNDATION_PURPOSES)}基金会`, letter: "S", word: "基金会", region: "500000", dept: "5", cat: "3" };
    }
    case "public_institution": {
      const v = rng.float();
      if (v < 0.35) {
        const [unit, letter] = rng.pick(DISTRICT_INSTITUTIONS);
        return { name: `重庆市${dName}${unit}`, letter, word: unit, region: district, dept: "1", cat: "2" };
      }
      if (v < 0.75) {
        const [unit, letter, where] = rng.pick(TOWN_INSTITUTIONS);
        const town = `${tradeName(rng).slice(0, 2)}${where === "any" ? (rng.chance(0.5) ? "镇" : "街道") : where}`;
        return { name: `重庆市${dName}${town}${unit}`, letter, word: unit, region: district, dept: "1", cat: "2" };
      }
      if (v < 0.95) {
        const name = rng.chance(0.6) ? `重庆市${dName}${tradeName(rng).slice(0, 2)}小学校` : `重庆市${dName}第${rng.pick(CN_NUMERALS)}中学校`;
        return { name, letter: "P", word: "学校", region: district, dept: "1", cat: "2" };
      }
      const [unit, letter] = rng.pick(CITY_INSTITUTIONS);
      return { name: `重庆市${unit}`, letter, word: unit, region: "500000", dept: "1", cat: "2" };
    }
    default:
      throw new Error(`organisationName: ${kind}`);
  }
}

function capitalFor(rng: Rng, kind: SubjectKind, r: NameResult): number | null {
  switch (kind) {
    case "enterprise":
      return enterpriseCapital(rng, r.form ?? "plain");
    case "individual_business":
      return rng.chance(0.15) ? rng.pick([1, 2, 3, 5, 5, 10, 10, 20, 30, 50]) : null;
    case "cooperative":
      return rng.pick([10, 20, 50, 50, 100, 100, 200, 300, 500, 1000]);
    case "social_org":
      return r.cat === "3" ? rng.pick([200, 300, 400, 500, 800, 1000, 2000]) : rng.pick([3, 3, 5, 10, 10, 20, 30, 50, 100]);
    case "public_institution":
      return Math.round(rng.logUniform(10, 20000));
    default:
      return null;
  }
}

/** Registration authority (subjects.source_unit_code). */
function registrar(ctx: SeedContext, kind: SubjectKind, region: string): Authority {
  if (region === "350100" || region === "350200") return FUJIAN_MARKET[region] as Authority;
  if (kind === "social_org") return ctx.authority("civil", region);
  if (kind === "public_institution") return ctx.authority("staffing", region);
  return ctx.authority("market", region);
}

// ---------------------------------------------------------------------------------------------
// Records

const OPTION_TABLES = new WeakMap<PenaltyTemplate, Weighted<PenaltyOption>>();
function optionTable(t: PenaltyTemplate): Weighted<PenaltyOption> {
  let table = OPTION_TABLES.get(t);
  if (!table) {
    table = new Weighted(t.options.map((o) => [o, o.w] as const));
    OPTION_TABLES.set(t, table);
  }
  return table;
}

function penaltyRecord(ctx: SeedContext, rng: Rng, s: SubjectInfo, decidedOverride?: string): SeedRow | null {
  const table = ctx.penaltyTable(s.kind, s.letter);
  if (!table) return null;
  const t = table.sample(rng);
  const opt = optionTable(t).sample(rng);
  const lo = Math.max(s.registeredDay + 10, ctx.todayDay - 5 * 365);
  const decided = decidedOverride ?? fromDay(dayBetween(rng, lo, ctx.todayDay));
  const factDate = cnDate(fromDay(Math.max(s.registeredDay, dayNum(decided) - rng.int(20, 120))));
  const city = AGENCIES[t.agency].district === null || rng.chance(t.cityShare ?? (s.region === "500000" ? 0.5 : 0.12));
  const auth = ctx.authority(t.agency, city ? "500000" : s.district);
  return buildPenalty(ctx, rng, s, t, opt, decided, auth, factDate);
}

function buildPenalty(ctx: SeedContext, rng: Rng, s: SubjectInfo, t: PenaltyTemplate, opt: PenaltyOption, decided: string, auth: Authority, factDate: string, status?: { repairedOn: string }): SeedRow {
  const year = decided.slice(0, 4);
  const docAbbr = t.doc ?? (t.agency === "market" ? "市监处罚" : `${AGENCIES[t.agency].abbr}罚`);
  const docNo = `${auth.short}${docAbbr}〔${year}〕${ctx.docNumber(`${auth.code}|${docAbbr}|${year}`, rng)}号`;
  const fineYuan = opt.fine ? niceYuan(rng.logUniform(opt.fine[0] * 10000, opt.fine[1] * 10000)) : null;
  const confYuan = opt.confiscate ? Math.max(1, Math.round(rng.logUniform(opt.confiscate[0] * 10000, opt.confiscate[1] * 10000))) : null;
  const fineWan = fineYuan === null ? null : toWan(fineYuan);
  const parts: string[] = [];
  let licenceRef: string | null = null;
  for (const kind of opt.kinds) {
    if (kind === "警告") parts.push("警告");
    else if (kind === "通报批评") parts.push("通报批评");
    else if (kind === "罚款" && fineYuan !== null) parts.push(`罚款人民币${fineYuan}元`);
    else if (kind === "没收违法所得" && confYuan !== null) parts.push(`没收违法所得人民币${confYuan}元`);
    else if (kind === "没收非法财物") parts.push("没收涉案物品一批");
    else if (kind === "吊销许可证件" && opt.licence) {
      licenceRef = opt.licence === "营业执照" ? `营业执照（统一社会信用代码：${s.code}）` : `${opt.licence}（编号：${licenceNumber(rng, opt.licence, s)}）`;
      parts.push(`吊销${opt.licence}`);
    }
  }
  if (opt.extra) parts.push(opt.extra.replace("{rep}", s.rep ?? "负责人"));
  const severity = classifyPenalty({ kinds: opt.kinds, fineWan });
  const window = windowFor(decided, severity);
  let recStatus: RecordFields["status"] = "active";
  let remark: string | null = null;
  const neverEarly = opt.kinds.some((k) => (NEVER_REPAIRABLE_EARLY_KINDS as readonly string[]).includes(k));
  const repairFrom = dayNum(window.repairableFrom);
  const publishEnd = dayNum(window.publishUntil);
  if (status) {
    recStatus = "repaired";
    remark = `已于${status.repairedOn}完成信用修复，停止公示`;
  } else if (rng.chance(0.003)) {
    recStatus = "revoked";
    remark = "经行政复议，原行政处罚决定被依法撤销";
  } else if (!neverEarly && repairFrom <= ctx.todayDay && rng.chance(0.16)) {
    const repairedOn = fromDay(dayBetween(rng, repairFrom, Math.min(ctx.todayDay, publishEnd - 1)));
    recStatus = "repaired";
    remark = `已于${repairedOn}完成信用修复，停止公示`;
  }
  const objection = recStatus === "active" && publishEnd >= ctx.todayDay && rng.chance(0.0005) ? 1 : 0;
  return recordRow(ctx, {
    subject_id: s.id,
    category: "penalty",
    doc_no: docNo,
    title: t.title,
    facts: t.facts({ date: factDate, amount: niceYuan(rng.logUniform(200, 200_000)), rng }),
    basis: t.basis,
    kinds: opt.kinds.join("；"),
    content: parts.join("；"),
    fine_wan: fineWan,
    confiscated_wan: confYuan === null ? null : toWan(confYuan),
    licence_ref: licenceRef,
    authority: auth,
    decided_on: decided,
    valid_from: null,
    valid_until: null,
    severity,
    publish_until: window.publishUntil,
    repairable_from: window.repairableFrom,
    status: recStatus,
    objection_open: objection,
    remark,
  });
}

function licenceNumber(rng: Rng, title: string, s: SubjectInfo): string {
  const t = LICENCE_TEMPLATES.find((x) => x.title === title);
  const region = DISTRICT_NAME.has(s.district) ? s.district : "500103";
  const decidedOn = fromDay(Math.max(s.registeredDay, dayNum("2018-01-01")));
  return t ? t.ref({ rng, region, short: districtShort(districtName(region)), year: decidedOn.slice(0, 4), code: s.code, decidedOn }) : `${region}${pad(rng.int(0, 999_999), 6)}`;
}

function licenceRecord(ctx: SeedContext, rng: Rng, s: SubjectInfo, template?: LicenceTemplate, decidedOverride?: string): SeedRow {
  const t = template ?? ctx.licenceTable(s.kind, s.letter).sample(rng);
  const lo = Math.max(s.registeredDay, ctx.todayDay - 10 * 365);
  const decided = decidedOverride ?? fromDay(ctx.todayDay - Math.floor((ctx.todayDay - Math.min(lo, ctx.todayDay)) * Math.pow(rng.float(), 1.4)));
  const city = AGENCIES[t.agency].district === null || rng.chance(t.cityShare ?? (s.region === "500000" ? 0.5 : 0.1));
  const auth = ctx.authority(t.agency, city ? "500000" : s.district);
  const year = decided.slice(0, 4);
  const abbr = t.agency === "market" ? "市监许" : `${AGENCIES[t.agency].abbr}许`;
  const docNo = `${auth.short}${abbr}〔${year}〕${ctx.docNumber(`${auth.code}|${abbr}|${year}`, rng)}号`;
  const region = DISTRICT_NAME.has(s.district) ? s.district : "500103";
  const ref = t.ref({ rng, region, short: auth.short === "渝" ? districtShort(districtName(region)) : auth.short, year, code: s.code, decidedOn: decided });
  const facts = t.contents.length > 0 ? rng.pick(t.contents) : projectName(rng, s);
  const u = rng.float();
  const status: RecordFields["status"] = u < 0.002 ? "revoked" : u < 0.003 ? "withdrawn" : "active";
  return recordRow(ctx, {
    subject_id: s.id,
    category: "licence",
    doc_no: docNo,
    title: t.title,
    facts,
    basis: null,
    kinds: t.kind,
    content: null,
    fine_wan: null,
    confiscated_wan: null,
    licence_ref: ref,
    authority: auth,
    decided_on: decided,
    valid_from: decided,
    valid_until: t.years > 0 ? addDays(addMonths(decided, 12 * t.years), -1) : LONG_TERM,
    severity: null,
    publish_until: null,
    repairable_from: null,
    status,
    objection_open: 0,
    remark: status === "revoked" ? "许可被依法撤销" : status === "withdrawn" ? "被许可人申请注销许可" : null,
  });
}

function projectName(rng: Rng, s: SubjectInfo): string {
  const place = districtName(DISTRICT_NAME.has(s.district) ? s.district : "500103");
  return `${place}${rng.pick(TRADE_NAME_CHARS)}${rng.pick(TRADE_NAME_CHARS)}${rng.pick(["小区", "产业园", "标准厂房", "安置房", "商业综合体", "人才公寓", "物流园"])}${rng.int(1, 12)}#楼`;
}

// ---------------------------------------------------------------------------------------------
// List entries

interface ListDates {
  listed: string;
  planned: string;
  removedOn: string | null;
}

function listDates(rng: Rng, ctx: SeedContext, s: SubjectInfo, months: number, variety: Variety): { dates: ListDates; variety: Variety } {
  const t = ctx.todayDay;
  const earliest = Math.max(s.registeredDay + 30, t - 8 * 365);
  const span = (listedDay: number) => dayNum(addMonths(fromDay(listedDay), months)) - listedDay;
  const periodDays = span(t - months * 31);
  let v = variety;
  // Expired: planned removal strictly before today.
  if (v === "expired") {
    const hi = t - periodDays - 2;
    const lo = Math.max(earliest, hi - 2 * 365);
    if (hi >= earliest) {
      const listedDay = dayBetween(rng, lo, hi);
      const listed = fromDay(listedDay);
      const planned = addMonths(listed, months);
      if (planned < ctx.today) return { dates: { listed, planned, removedOn: null }, variety: v };
    }
    v = "in_force";
  }
  if (v === "removed" || v === "repaired") {
    const minGap = v === "repaired" ? Math.min(365, Math.floor(periodDays / 2)) : 30;
    const lo = Math.max(earliest, t - periodDays - 365);
    const hi = t - minGap - 1;
    if (hi >= lo) {
      const listedDay = dayBetween(rng, lo, hi);
      const listed = fromDay(listedDay);
      const planned = addMonths(listed, months);
      const removedDay = dayBetween(rng, listedDay + minGap, Math.min(t, dayNum(planned) - 1));
      if (removedDay > listedDay && removedDay <= t) return { dates: { listed, planned, removedOn: fromDay(removedDay) }, variety: v };
    }
    v = "in_force";
  }
  const lo = Math.max(earliest, t - periodDays + 1);
  let listedDay = Math.min(t, Math.max(s.registeredDay, dayBetween(rng, lo, t - 1)));
  if (addMonths(fromDay(listedDay), months) < ctx.today) listedDay = t - 1;
  const listed = fromDay(listedDay);
  return { dates: { listed, planned: addMonths(listed, months), removedOn: null }, variety: "in_force" };
}

function pickReason(rng: Rng, reasons: readonly ListReason[], s: SubjectInfo): ListReason {
  const fitting = reasons.filter((r) => (!r.kinds || r.kinds.includes(s.kind)) && (!r.sectors || r.sectors.includes(s.letter)));
  const pool = fitting.length > 0 ? fitting : reasons.filter((r) => !r.kinds && !r.sectors);
  return new Weighted((pool.length > 0 ? pool : reasons).map((r) => [r, r.weight] as const)).sample(rng);
}

const JUDGMENT_TABLE = new Weighted(JUDGMENT_REASONS.map((x) => [x, x[2]] as const));

function listEntry(ctx: SeedContext, rng: Rng, s: SubjectInfo, type: ListType): SeedRow {
  const variety = ctx.nextVariety(type);
  let reason: string;
  let basis: string;
  let months: number;
  let auth: Authority;
  let docFor: (year: string) => string;
  if (type === "dishonest_judgment_debtor") {
    const r = JUDGMENT_TABLE.sample(rng);
    reason = r[0];
    basis = r[1];
    const u = rng.float();
    months = u < 0.8 ? 24 : u < 0.95 ? 36 : 60;
    const court = ctx.court(s.district, rng.chance(0.15));
    auth = court;
    docFor = (year) => `（${year}）${court.caseCode}执${ctx.docNumber(`${court.code}|执|${year}`, rng)}号`;
  } else {
    const r = type === "abnormal_operation" ? pickReason(rng, ABNORMAL_REASONS, s) : pickReason(rng, LIST_REASONS[type], s);
    reason = r.reason;
    basis = r.basis;
    if (type === "abnormal_operation" && s.kind === "individual_business") basis = "《个体工商户年度报告暂行办法》第十三条";
    if (type === "abnormal_operation" && s.kind === "cooperative") basis = "《农民专业合作社年度报告公示暂行办法》第十三条";
    months = type === "procurement_violation" ? rng.pick([12, 24, 36]) : r.months;
    const region = type === "abnormal_operation" ? s.region : r.city || rng.chance(0.2) || s.region === "500000" ? "500000" : s.district;
    const a = ctx.authority(r.agency, region);
    auth = a;
    docFor = (year) => `${a.short}${r.doc}〔${year}〕${ctx.docNumber(`${a.code}|${r.doc}|${year}`, rng)}号`;
  }
  const { dates, variety: v } = listDates(rng, ctx, s, months, variety);
  const status = v === "removed" ? "removed" : v === "repaired" ? "repaired" : "listed";
  const removalReason = v === "removed" ? rng.pick(REMOVAL_REASONS[type]) : v === "repaired" ? REPAIR_REASONS[type] : null;
  return listRow(ctx, {
    list_type: type,
    subject_id: s.id,
    reason,
    legal_basis: basis,
    authority: auth,
    doc_no: docFor(dates.listed.slice(0, 4)),
    listed_on: dates.listed,
    planned_removal_on: dates.planned,
    removed_on: dates.removedOn,
    removal_reason: removalReason,
    status,
    objection_open: status === "listed" && rng.chance(0.002) ? 1 : 0,
  });
}

// ---------------------------------------------------------------------------------------------
// Commitments

function commitment(ctx: SeedContext, rng: Rng, s: SubjectInfo): SeedRow {
  const t = ctx.commitmentTable(s.letter).sample(rng);
  const lo = Math.max(s.registeredDay, ctx.todayDay - 4 * 365);
  const committedDay = dayBetween(rng, lo, ctx.todayDay);
  const committed = fromDay(committedDay);
  const due = addMonths(committed, t.months);
  const city = AGENCIES[t.agency].district === null || rng.chance(s.region === "500000" ? 0.6 : 0.1);
  const auth = ctx.authority(t.agency, city ? "500000" : s.district);
  const year = committed.slice(0, 4);
  const docNo = `${auth.short}${AGENCIES[t.agency].abbr}承诺〔${year}〕${ctx.docNumber(`${auth.code}|承诺|${year}`, rng)}号`;
  let status: CommitmentFields["status"];
  let resolved: string | null = null;
  const dueDay = dayNum(due);
  if (dueDay >= ctx.todayDay) {
    const u = rng.float();
    status = u < 0.7 ? "pending" : u < 0.97 ? "fulfilled" : "breached";
  } else {
    const u = rng.float();
    status = u < 0.92 ? "fulfilled" : u < 0.97 ? "breached" : "pending";
  }
  if (status !== "pending") resolved = fromDay(dayBetween(rng, committedDay + 1, Math.min(dueDay, ctx.todayDay)));
  return commitmentRow(ctx, { subject_id: s.id, kind: t.kind, matter: t.matter, authority: auth, doc_no: docNo, committed_on: committed, due_on: due, status, resolved_on: resolved });
}

// ---------------------------------------------------------------------------------------------
// Random subjects

interface SubjectOutput {
  subject: SeedRow;
  records: SeedRow[];
  lists: SeedRow[];
  commitments: SeedRow[];
}

function randomSubject(ctx: SeedContext, i: number, plan: Plan): SubjectOutput {
  const rng = new Rng(ctx.seed, i, 2);
  const ordinal = i - SEED_FIXTURE_COUNT - 1;
  const forced = ordinal < CHONGQING_DISTRICTS.length ? CHONGQING_DISTRICTS[ordinal]?.code : undefined;
  let district = forced ?? DISTRICT_TABLE.sample(rng);
  const kind = plan.kind;

  if (kind === "natural_person") {
    const person = personIdNumber(district, i);
    const court = ctx.court(district, false);
    const info: SubjectInfo = { id: i, kind, code: person.id, name: personName(rng, person.male), rep: null, letter: "", word: "", region: district, district, registeredDay: dayNum(person.birth) + 18 * 365 };
    const subject = subjectRow(ctx, {
      id: i, code: person.id, code_type: "id_number", kind, name: info.name, legal_representative: null, industry_code: null, region_code: district,
      registered_on: null, registration_status: "存续", registered_capital_wan: null, address: null, checksum_legacy: 0, source_unit_code: court.code,
    });
    return { subject, records: [], lists: plan.lists.map((t) => listEntry(ctx, rng, info, t)), commitments: [] };
  }

  let registeredDay = plan.legacy ? dayBetween(rng, dayNum("2014-06-01"), dayNum("2015-09-30")) : registrationDay(rng, ctx.todayDay);
  let nameResult: NameResult;
  let code: string;
  let addr: string;
  let checksumLegacy = 0;
  if (plan.legacy) {
    const region = rng.chance(0.5) ? "350100" : "350200";
    const city = region === "350100" ? "福州" : "厦门";
    const ind = ENTERPRISE_TABLE.sample(rng);
    let name = `${city}${tradeName(rng)}${ind.word}有限公司`;
    for (let a = 0; a < 20 && (!ctx.names.add(name) || name.includes("渝信")); a++) name = `${city}${tradeName(rng)}${ind.word}有限公司`;
    nameResult = { name, letter: ind.letter, word: ind.word, region, dept: "9", cat: "1", form: "plain" };
    code = legacyUscc(region, i, rng);
    addr = region === "350100" ? `福建省福州市鼓楼区五四路${rng.int(1, 300)}号` : `福建省厦门市思明区湖滨南路${rng.int(1, 300)}号`;
    checksumLegacy = 1;
  } else {
    nameResult = organisationName(rng, kind, district, registeredDay);
    for (let attempt = 0; attempt < 40; attempt++) {
      if (!nameResult.name.includes("渝信") && ctx.names.add(nameResult.name)) break;
      nameResult = organisationName(rng, kind, district, registeredDay);
    }
    if (kind === "enterprise" && rng.chance(1 / 20000)) {
      const reuse = ctx.recentName(rng); // rare exact duplicate (e.g. a name re-registered after 注销)
      if (reuse) nameResult = { ...nameResult, name: reuse };
    }
    if (kind === "enterprise") ctx.rememberName(nameResult.name);
    if (nameResult.cat === "3" && kind === "social_org") registeredDay = Math.max(registeredDay, dayNum("2004-06-01")); // 基金会管理条例
    code = subjectUscc(nameResult.dept, nameResult.cat, nameResult.region, i, fromDay(registeredDay));
    // 市本级 registrants mostly sit in the central urban districts
    if (nameResult.region === "500000" && forced === undefined && rng.chance(0.7)) district = URBAN_TABLE.sample(rng);
    addr = kind === "cooperative" ? ruralAddress(rng, district) : address(rng, district);
  }
  const rep = personName(rng, rng.chance(0.68));
  const info: SubjectInfo = {
    id: i, kind, code, name: nameResult.name, rep, letter: nameResult.letter, word: nameResult.word,
    region: nameResult.region, district: plan.legacy ? (DISTRICT_TABLE.sample(rng)) : district, registeredDay,
  };
  const subject = subjectRow(ctx, {
    id: i, code, code_type: "uscc", kind, name: nameResult.name, legal_representative: rep, industry_code: nameResult.letter,
    region_code: nameResult.region, registered_on: fromDay(registeredDay), registration_status: registrationStatus(rng, registeredDay, ctx.todayDay),
    registered_capital_wan: capitalFor(rng, kind, nameResult), address: addr, checksum_legacy: checksumLegacy,
    source_unit_code: registrar(ctx, kind, nameResult.region).code,
  });

  const penaltyShare = kind === "enterprise" ? 0.42 : kind === "individual_business" ? 0.45 : kind === "cooperative" ? 0.3 : kind === "social_org" ? 0.2 : 0.15;
  const records: SeedRow[] = [];
  for (let r = 0; r < plan.records; r++) {
    const row = rng.float() < penaltyShare ? penaltyRecord(ctx, rng, info) : null;
    records.push(row ?? licenceRecord(ctx, rng, info));
  }
  const lists = plan.lists.map((t) => listEntry(ctx, rng, info, t));
  const commitments: SeedRow[] = [];
  for (let c = 0; c < plan.commitments; c++) commitments.push(commitment(ctx, rng, info));
  return { subject, records, lists, commitments };
}

// ---------------------------------------------------------------------------------------------
// Fixture subjects

function fixtureSubject(ctx: SeedContext, idx: number): SubjectOutput {
  const spec = FIXTURE_SPECS[idx] as FixtureSpec;
  const id = idx + 1;
  const rng = new Rng(0x5eed, id, 3); // fixed stream: fixture rows do not depend on the seed option
  const today = ctx.today;
  const code = fixtureCode(spec, id);
  const regDay = spec.registeredOn ? dayNum(spec.registeredOn) : dayNum("1971-10-01");
  const info: SubjectInfo = {
    id, kind: spec.kind, code, name: spec.name, rep: spec.rep ?? null, letter: spec.letter ?? "", word: spec.word ?? "",
    region: spec.region, district: spec.region === "350100" ? "500112" : spec.region, registeredDay: regDay,
  };
  const months = (m: number) => addMonths(today, m);
  const records: SeedRow[] = [];
  const lists: SeedRow[] = [];
  const commitments: SeedRow[] = [];
  const licence = (title: string, decided: string) => {
    const t = LICENCE_TEMPLATES.find((x) => x.title === title) as LicenceTemplate;
    records.push(licenceRecord(ctx, rng, info, { ...t, cityShare: 0 }, decided));
    const last = records[records.length - 1] as SeedRow;
    last.status = "active";
    last.remark = null;
  };
  const penalty = (title: string, optIndex: number, decided: string, auth: Authority, opts: { fineWan?: number; repairedOn?: string } = {}) => {
    const t = PENALTY_TEMPLATES.find((x) => x.title === title) as PenaltyTemplate;
    const base = t.options[optIndex] as PenaltyOption;
    const opt: PenaltyOption = opts.fineWan !== undefined ? { ...base, fine: [opts.fineWan, opts.fineWan] } : base;
    const factDate = cnDate(addDays(decided, -45));
    const row = buildPenalty(ctx, rng, info, t, opt, decided, auth, factDate, opts.repairedOn ? { repairedOn: opts.repairedOn } : undefined);
    if (!opts.repairedOn) {
      row.status = "active";
      row.remark = null;
    }
    row.objection_open = 0;
    records.push(row);
  };
  const list = (type: ListType, reasonText: string, auth: Authority, doc: string, listed: string, planned: string, removed?: { on: string; reason: string }, caseCode?: string) => {
    const reasons = type === "abnormal_operation" ? ABNORMAL_REASONS : type === "dishonest_judgment_debtor" ? [] : LIST_REASONS[type];
    const r = reasons.find((x) => x.reason === reasonText);
    const basis = r?.basis ?? JUDGMENT_REASONS.find((x) => x[0] === reasonText)?.[1] ?? "";
    const year = listed.slice(0, 4);
    const docNo = caseCode
      ? `（${year}）${caseCode}执${ctx.docNumber(`${auth.code}|执|${year}`, rng)}号`
      : `${auth.short}${doc}〔${year}〕${ctx.docNumber(`${auth.code}|${doc}|${year}`, rng)}号`;
    lists.push(listRow(ctx, {
      list_type: type, subject_id: id, reason: reasonText, legal_basis: basis, authority: auth, doc_no: docNo, listed_on: listed,
      planned_removal_on: planned, removed_on: removed?.on ?? null, removal_reason: removed?.reason ?? null, status: removed ? "removed" : "listed", objection_open: 0,
    }));
  };

  switch (spec.key) {
    case "cleanLicencesOnly":
      licence("建筑业企业资质证书", months(-20));
      licence("安全生产许可证", months(-10));
      licence("建筑工程施工许可证", months(-3));
      commitments.push(commitmentRow(ctx, {
        subject_id: id, kind: "审批替代型", matter: "建筑工程施工许可证核发告知承诺：承诺施工图审查、资金落实等条件已满足",
        authority: ctx.authority("housing", "500112"), doc_no: `渝北建承诺〔${months(-3).slice(0, 4)}〕${ctx.docNumber(`${ctx.authority("housing", "500112").code}|承诺|${months(-3).slice(0, 4)}`, rng)}号`,
        committed_on: addDays(months(-3), -7), due_on: addDays(months(3), -7), status: "fulfilled", resolved_on: addDays(months(-2), 3),
      }));
      break;
    case "seriousPenaltyInWindow":
      licence("排污许可证", months(-30));
      penalty("未依法取得排污许可证排放污染物", 1, months(-4), ctx.authority("ecology", "500000"), { fineWan: 68 });
      break;
    case "generalPenaltyPastWindow":
      licence("食品经营许可证", months(-40));
      penalty("未取得食品经营许可从事食品经营活动", 0, months(-14), ctx.authority("market", "500103"), { fineWan: 2 });
      break;
    case "seriousDishonestyInForce": {
      const listed = months(-6);
      list("serious_dishonesty", "被列入经营异常名录届满3年仍未履行相关义务", ctx.authority("market", "500113"), "市监严列", listed, addMonths(listed, 36));
      break;
    }
    case "redList": {
      licence("道路运输经营许可证", months(-18));
      const listed = months(-7);
      list("red_list", "纳税信用A级纳税人", ctx.authority("tax", "500000"), "税信用", listed, addMonths(listed, 12));
      break;
    }
    case "removedEntry": {
      const listed = months(-24);
      list("abnormal_operation", "未按规定报送年度报告", ctx.authority("market", "500105"), "市监经异列", listed, addMonths(listed, 36), {
        on: addDays(listed, 95), reason: "已补报未报年份的年度报告并公示，申请移出",
      });
      break;
    }
    case "expiredEntry": {
      const listed = months(-26);
      list("key_supervision", "一年内因同一违法行为两次受到行政处罚，列为重点监管对象", ctx.authority("market", "500106"), "市监重点", listed, addMonths(listed, 12));
      break;
    }
    case "naturalPersonDebtor": {
      const listed = months(-5);
      const court = ctx.court("500112", false);
      list("dishonest_judgment_debtor", "有履行能力而拒不履行生效法律文书确定义务", court, "", listed, addMonths(listed, 24), undefined, court.caseCode);
      break;
    }
    case "sameNameActive":
      licence("食品经营许可证", months(-12));
      break;
    case "individualMinorPenalty":
      licence("食品经营许可证", months(-50));
      penalty("食品从业人员未取得健康证明从事接触直接入口食品的工作", 0, months(-1), ctx.authority("market", "500103"));
      break;
    case "repairedPenalty": {
      licence("道路运输经营许可证", months(-26));
      const decided = months(-8);
      const repairedOn = addMonths(decided, 4);
      penalty("车辆违法超限运输", 0, decided, ctx.authority("transport", "500108"), { fineWan: 2, repairedOn });
      const auth = ctx.authority("transport", "500108");
      const year = addDays(repairedOn, -10).slice(0, 4);
      commitments.push(commitmentRow(ctx, {
        subject_id: id, kind: "信用修复型", matter: "信用修复承诺：已纠正失信行为、履行法定义务，承诺不再发生同类违法行为", authority: auth,
        doc_no: `南岸交承诺〔${year}〕${ctx.docNumber(`${auth.code}|承诺|${year}`, rng)}号`, committed_on: addDays(repairedOn, -10),
        due_on: addMonths(addDays(repairedOn, -10), 12), status: "fulfilled", resolved_on: repairedOn,
      }));
      break;
    }
    default:
      break;
  }

  const isPerson = spec.kind === "natural_person";
  const isLegacy = spec.key === "legacyPilotCode";
  const subject = subjectRow(ctx, {
    id, code, code_type: isPerson ? "id_number" : "uscc", kind: spec.kind, name: spec.name, legal_representative: isPerson ? null : (spec.rep ?? null),
    industry_code: isPerson ? null : (spec.letter ?? null), region_code: spec.region, registered_on: spec.registeredOn,
    registration_status: spec.status ?? "存续", registered_capital_wan: spec.capital ?? null,
    address: isPerson ? null : isLegacy ? "福建省福州市鼓楼区五四路128号" : address(rng, spec.region),
    checksum_legacy: isLegacy ? 1 : 0,
    source_unit_code: isPerson ? ctx.court("500112", false).code : registrar(ctx, spec.kind, spec.region).code,
  });
  return { subject, records, lists, commitments };
}

// ---------------------------------------------------------------------------------------------
// Counting and streaming

/** Row counts per table for these options, computed without generating the rows. */
export function countSeed(options: SeedOptions): SeedCounts {
  const { n, k, seed } = normalizeOptions(options);
  const counts: SeedCounts = { ingest_batches: 1, subjects: n, records: 0, list_entries: 0, commitments: 0, total: 0 };
  const fixtures = Math.min(n, SEED_FIXTURE_COUNT);
  if (fixtures > 0) {
    const ctx = new SeedContext({ ...options, subjects: fixtures });
    for (let f = 0; f < fixtures; f++) {
      const out = fixtureSubject(ctx, f);
      counts.records += out.records.length;
      counts.list_entries += out.lists.length;
      counts.commitments += out.commitments.length;
    }
  }
  for (let i = SEED_FIXTURE_COUNT + 1; i <= n; i++) {
    const p = planSubject(seed, i, k);
    counts.records += p.records;
    counts.list_entries += p.lists.length;
    counts.commitments += p.commitments;
  }
  counts.total = counts.ingest_batches + counts.subjects + counts.records + counts.list_entries + counts.commitments;
  return counts;
}

function* sliced(table: SeedTable, rows: SeedRow[], nextSourceRow: () => number): Generator<SeedBatch> {
  for (let start = 0; start < rows.length; start += SEED_BATCH_ROWS) {
    const batch = rows.slice(start, start + SEED_BATCH_ROWS);
    for (const row of batch) row.source_row = nextSourceRow();
    yield { table, rows: batch };
  }
}

/**
 * Stream the seed as row batches (≤ SEED_BATCH_ROWS rows each). Deterministic: the same options give
 * identical batches. Subjects come before any row that references them.
 *
 * @example
 * for (const batch of generateSeed({ subjects: 5000 })) insert(batch.table, batch.rows);
 */
export function* generateSeed(options: SeedOptions): Generator<SeedBatch, SeedCounts, undefined> {
  const ctx = new SeedContext(options);
  const counts = countSeed(options);
  const norm = normalizeOptions(options);
  yield {
    table: "ingest_batches",
    rows: [{
      id: SEED_BATCH_ID,
      kind: "seed",
      source_unit_name: SEED_SOURCE_UNIT.name,
      source_unit_code: SEED_SOURCE_UNIT.code,
      file_name: `seed:subjects=${norm.n};records_per_subject=${norm.k};seed=${norm.seed};today=${norm.today}`,
      received_at: ctx.receivedAt,
      finished_at: ctx.finishedAt,
      status: "done",
      total_rows: counts.total - 1,
      accepted_rows: counts.total - 1,
      rejected_rows: 0,
      report: JSON.stringify({
        generator: "scripts/seed/generate.ts",
        options: { subjects: norm.n, recordsPerSubject: norm.k, seed: norm.seed, today: norm.today },
        counts: { subjects: counts.subjects, records: counts.records, list_entries: counts.list_entries, commitments: counts.commitments },
        errors: 0,
        duplicates: 0,
      }),
    }],
  };
  let sourceRow = 0;
  const next = () => ++sourceRow;
  const chunk = SEED_BATCH_ROWS;
  for (let start = 1; start <= ctx.n; start += chunk) {
    const end = Math.min(ctx.n, start + chunk - 1);
    const subjects: SeedRow[] = [];
    const records: SeedRow[] = [];
    const lists: SeedRow[] = [];
    const commitments: SeedRow[] = [];
    for (let i = start; i <= end; i++) {
      const out = i <= SEED_FIXTURE_COUNT ? fixtureSubject(ctx, i - 1) : randomSubject(ctx, i, planSubject(ctx.seed, i, ctx.k));
      subjects.push(out.subject);
      for (const r of out.records) records.push(r);
      for (const l of out.lists) lists.push(l);
      for (const c of out.commitments) commitments.push(c);
    }
    yield* sliced("subjects", subjects, next);
    yield* sliced("records", records, next);
    yield* sliced("list_entries", lists, next);
    yield* sliced("commitments", commitments, next);
  }
  return counts;
}
