/**
 * Random subjects (every id after the fixtures): the subject row with its registration details, then
 * its records, list entries and commitments as the plan says.
 */
import { CHONGQING_DISTRICTS } from "../../../shared/identifiers/index";
import { type Authority, FUJIAN_MARKET } from "../authorities";
import { dayBetween, dayNum, fromDay } from "../calendar";
import { legacyUscc, personIdNumber, subjectUscc } from "../codes";
import type { SeedContext, SubjectInfo } from "../context";
import { INDUSTRY_SECTIONS, type SubjectKind } from "../data";
import { SEED_FIXTURE_COUNT } from "../fixtures";
import {
  DISTRICT_TABLE,
  ENTERPRISE_TABLE,
  URBAN_TABLE,
  address,
  organisationName,
  personName,
  ruralAddress,
  tradeName,
  type EnterpriseForm,
  type NameResult,
} from "../names";
import type { SeedRow } from "../options";
import type { Plan } from "../plan";
import { Rng } from "../rng";
import { commitment } from "./commitments";
import { withUpdatableLineage } from "./lineage";
import { listEntry } from "./lists";
import { licenceRecord, penaltyRecord } from "./records";

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

export function subjectRow(ctx: SeedContext, f: SubjectFields): SeedRow {
  return withUpdatableLineage(ctx, {
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
  });
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
export function registrar(ctx: SeedContext, kind: SubjectKind, region: string): Authority {
  if (region === "350100" || region === "350200") return FUJIAN_MARKET[region] as Authority;
  if (kind === "social_org") return ctx.authority("civil", region);
  if (kind === "public_institution") return ctx.authority("staffing", region);
  return ctx.authority("market", region);
}

export interface SubjectOutput {
  subject: SeedRow;
  records: SeedRow[];
  lists: SeedRow[];
  commitments: SeedRow[];
}

export function randomSubject(ctx: SeedContext, i: number, plan: Plan): SubjectOutput {
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
