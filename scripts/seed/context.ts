/**
 * The generator state shared by the row builders: options, id counters, document-number series,
 * authorities, list-entry variety cycles and the memoised template tables.
 */
import type { ListType } from "../../shared/domain/lists";
import { usccFromParts } from "../../shared/identifiers/index";
import { type Authority, type Court, agencyBody } from "./authorities";
import { addDays, dayNum } from "./calendar";
import { pad } from "./codes";
import {
  AGENCIES,
  COMMITMENT_TEMPLATES,
  INTERMEDIATE_COURTS,
  LICENCE_TEMPLATES,
  PENALTY_TEMPLATES,
  districtShort,
  type AgencyKey,
  type CommitmentTemplate,
  type LicenceTemplate,
  type PenaltyTemplate,
  type SubjectKind,
} from "./data";
import { FIXTURE_SPECS } from "./fixtures";
import { DISTRICT_INDEX, DISTRICT_NAME, NameSet, districtName } from "./names";
import { type SeedOptions, normalizeOptions } from "./options";
import { type Rng, Weighted, fnv1a } from "./rng";

export interface SubjectInfo {
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

export type Variety = "in_force" | "expired" | "removed" | "repaired";
const NEGATIVE_CYCLE: readonly Variety[] = ["in_force", "in_force", "expired", "in_force", "removed", "in_force", "repaired", "in_force", "expired", "removed"];
const RED_CYCLE: readonly Variety[] = ["in_force", "in_force", "expired", "in_force", "removed", "in_force", "in_force", "expired", "removed", "in_force"];

export class SeedContext {
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
