/**
 * The fixed fixture subjects (ids 1..SEED_FIXTURE_COUNT): what each is there to show, and its code.
 * Their rows are built in rows/fixtures.ts.
 */
import { idCheckChar } from "../../shared/identifiers/index";
import { subjectUscc } from "./codes";
import type { SubjectKind } from "./data";

export interface SeedFixture {
  id: number;
  code: string;
  name: string;
  kind: SubjectKind;
  /** What the fixture is there to show. */
  illustrates: string;
}

export interface FixtureSpec {
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

export const FIXTURE_SPECS: readonly FixtureSpec[] = [
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

export function fixtureCode(spec: FixtureSpec, id: number): string {
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
