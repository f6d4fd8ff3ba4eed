/**
 * Plans: what a subject gets (kind, record count, list entries, commitments). Cheap to compute, so
 * totals are known before streaming.
 */
import type { ListType } from "../../shared/domain/lists";
import type { SubjectKind } from "./data";
import { Rng, Weighted } from "./rng";

export interface Plan {
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

export function planSubject(seed: number, i: number, k: number): Plan {
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
