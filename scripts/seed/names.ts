/**
 * Names, people and places: districts, person and trade names, addresses, organisation names by subject
 * kind, and the compact set that keeps organisation names unique.
 */
import { CHONGQING_DISTRICTS } from "../../shared/identifiers/index";
import { dayNum } from "./calendar";
import {
  ASSOCIATION_TOPICS,
  CITY_INSTITUTIONS,
  CN_NUMERALS,
  COOP_PRODUCTS,
  DISTRICT_INSTITUTIONS,
  DISTRICT_WEIGHTS,
  ENTERPRISE_INDUSTRIES,
  FOUNDATION_PURPOSES,
  GIVEN_FEMALE,
  GIVEN_MALE,
  GIVEN_NEUTRAL,
  PRIVATE_NONPROFIT_TYPES,
  PROVINCE_SHORT,
  SHOP_WORDS,
  STREETS,
  SURNAMES,
  TOWN_INSTITUTIONS,
  TRADE_NAME_CHARS,
  URBAN_DISTRICTS,
  type SubjectKind,
} from "./data";
import { type Rng, Weighted, fnv1a } from "./rng";

// ---------------------------------------------------------------------------------------------
// Weighted tables (built once)

export const DISTRICT_NAME = new Map(CHONGQING_DISTRICTS.map((d) => [d.code, d.name] as const));
export const DISTRICT_INDEX = new Map(CHONGQING_DISTRICTS.map((d, i) => [d.code, i] as const));
export const DISTRICT_TABLE = new Weighted(CHONGQING_DISTRICTS.map((d) => [d.code, DISTRICT_WEIGHTS[d.code] ?? 1] as const));
export const URBAN_TABLE = new Weighted(URBAN_DISTRICTS.map((c) => [c as string, DISTRICT_WEIGHTS[c] ?? 1] as const));
const SURNAME_TABLE = new Weighted(SURNAMES);
export const ENTERPRISE_TABLE = new Weighted(ENTERPRISE_INDUSTRIES.map((w) => [w, w.weight] as const));
const SHOP_TABLE = new Weighted(SHOP_WORDS.map((w) => [w, w.weight] as const));

export type EnterpriseForm = "plain" | "city" | "llc" | "district" | "brand" | "joint_stock" | "group";
const ENTERPRISE_FORMS = new Weighted<EnterpriseForm>([
  ["plain", 42], ["city", 20], ["llc", 8], ["district", 8], ["brand", 5], ["joint_stock", 3], ["group", 2],
]);

export const districtName = (code: string): string => DISTRICT_NAME.get(code) ?? "渝中区";

export class NameSet {
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

export function personName(rng: Rng, male: boolean): string {
  const surname = SURNAME_TABLE.sample(rng);
  const pool = male ? GIVEN_MALE : GIVEN_FEMALE;
  if (rng.chance(0.3)) return surname + rng.pick(pool);
  const first = rng.chance(0.25) ? rng.pick(GIVEN_NEUTRAL) : rng.pick(pool);
  return surname + first + rng.pick(pool);
}

export function tradeName(rng: Rng): string {
  const n = rng.chance(0.15) ? 3 : 2;
  let s = "";
  for (let i = 0; i < n; i++) s += rng.pick(TRADE_NAME_CHARS);
  return s;
}

export function address(rng: Rng, district: string): string {
  const street = rng.pick(STREETS[district] ?? ["人民路"]);
  const no = rng.chance(0.7) ? rng.int(1, 199) : rng.int(200, 999);
  const v = rng.float();
  const tail = v < 0.3 ? `附${rng.int(1, 30)}号` : v < 0.5 ? `${rng.int(1, 12)}幢${rng.int(1, 32)}-${rng.int(1, 12)}` : v < 0.6 ? `${rng.int(1, 28)}楼` : "";
  return `重庆市${districtName(district)}${street}${no}号${tail}`;
}

export function ruralAddress(rng: Rng, district: string): string {
  return `重庆市${districtName(district)}${rng.pick(TRADE_NAME_CHARS)}${rng.pick(TRADE_NAME_CHARS)}镇${rng.pick(TRADE_NAME_CHARS)}${rng.pick(["坪", "坝", "湾", "溪", "桥"])}村${rng.int(1, 12)}组`;
}

export interface NameResult {
  name: string;
  letter: string;
  word: string;
  region: string;
  dept: string;
  cat: string;
  form?: EnterpriseForm;
}

export function organisationName(rng: Rng, kind: SubjectKind, district: string, registeredDay: number): NameResult {
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
