/**
 * 双随机、一公开 inspection samples stratified by supervision tier (分级分类监管): a subject in a tier with a
 * higher spot-check ratio is proportionally more likely to be drawn. Pure and reproducible: the same
 * population, tiers and seed always give the same sample.
 */
import { GRADES, type Grade } from "./model";

/**
 * mulberry32: a tiny 32-bit PRNG, plenty for drawing inspection samples (not for secrets). Returns
 * numbers in [0, 1).
 * @example const next = mulberry32(20261127); next() // 0.62…, the same on every run
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Stratum {
  grade: Grade;
  population: number;
  /** 抽查比例, 0–1 (configuration: supervision_tiers.spot_check_ratio). */
  ratio: number;
}

/**
 * How many of `size` to draw from each tier: proportional to population × ratio, a tier never giving
 * more than its population (the surplus goes to the others), whole numbers by largest remainder (ties go
 * to the worse grade, the one supervision cares about more). Tiers with ratio 0 are never drawn.
 * @example allocateSample([{ grade: "A", population: 200, ratio: 0.03 }, { grade: "E", population: 5, ratio: 1 }], 11) // { A: 6, B: 0, C: 0, D: 0, E: 5 }
 */
export function allocateSample(strata: readonly Stratum[], size: number): Record<Grade, number> {
  const allocation = Object.fromEntries(GRADES.map((g) => [g, 0])) as Record<Grade, number>;
  let open = strata.filter((s) => s.population > 0 && s.ratio > 0);
  let left = Math.min(size, open.reduce((n, s) => n + s.population, 0));
  // Water-filling: a tier whose proportional share reaches its whole population is taken entirely.
  for (;;) {
    const weight = open.reduce((w, s) => w + s.population * s.ratio, 0);
    // (a hair below 1 counts: ratios like 0.03 are not exact in binary)
    const full = open.filter((s) => (left * s.ratio) / weight >= 1 - 1e-9);
    if (full.length === 0 || weight === 0) break;
    for (const s of full) {
      allocation[s.grade] = s.population;
      left -= s.population;
    }
    open = open.filter((s) => !full.includes(s));
  }
  const weight = open.reduce((w, s) => w + s.population * s.ratio, 0);
  if (weight === 0 || left <= 0) return allocation;
  const shares = open.map((s) => ({ grade: s.grade, population: s.population, exact: (left * s.population * s.ratio) / weight }));
  for (const share of shares) allocation[share.grade] = Math.floor(share.exact);
  let rest = left - shares.reduce((n, s) => n + Math.floor(s.exact), 0);
  const byRemainder = [...shares].sort((a, b) => b.exact - Math.floor(b.exact) - (a.exact - Math.floor(a.exact)) || GRADES.indexOf(b.grade) - GRADES.indexOf(a.grade));
  for (const share of byRemainder) {
    if (rest <= 0) break;
    if (allocation[share.grade] >= share.population) continue;
    allocation[share.grade]++;
    rest--;
  }
  return allocation;
}

/**
 * Draws the allocated number from each tier (partial Fisher–Yates over the tier's members in the order
 * given), tiers in A–E order from one seeded stream: same inputs and seed, same sample.
 * @example drawStratified({ A: [1, 2, 3], B: [], C: [], D: [], E: [9] }, { A: 1, B: 0, C: 0, D: 0, E: 1 }, 7) // [{ grade: "A", member: 2 }, { grade: "E", member: 9 }] (for example)
 */
export function drawStratified<T>(members: Record<Grade, readonly T[]>, allocation: Record<Grade, number>, seed: number): { grade: Grade; member: T }[] {
  const next = mulberry32(seed);
  const drawn: { grade: Grade; member: T }[] = [];
  for (const grade of GRADES) {
    const pool = [...members[grade]];
    const k = Math.min(allocation[grade], pool.length);
    for (let i = 0; i < k; i++) {
      const j = i + Math.floor(next() * (pool.length - i));
      [pool[i], pool[j]] = [pool[j] as T, pool[i] as T];
      drawn.push({ grade, member: pool[i] as T });
    }
  }
  return drawn;
}
