/**
 * 双随机 samples stratified by supervision tier: allocation follows population × spot-check ratio, a tier
 * never gives more than it has, and the same seed always draws the same subjects.
 */
import { describe, expect, it } from "vitest";
import { GRADES, type Grade, GradeShift, allocateSample, drawStratified, mulberry32 } from "../../shared/domain/evaluation";

// The shipped tier ratios (migrations/0004_evaluation.sql): A 3 %, B 5 %, C 10 %, D 30 %, E 100 %.
const RATIO: Record<Grade, number> = { A: 0.03, B: 0.05, C: 0.1, D: 0.3, E: 1 };
const strata = (population: Record<Grade, number>) => GRADES.map((grade) => ({ grade, population: population[grade], ratio: RATIO[grade] }));

describe("allocateSample", () => {
  it("gives each tier its population × ratio share", () => {
    // weights 6 + 5 + 10 + 6 + 5 = 32: a sample of 32 is exactly one inspection per weight unit
    expect(allocateSample(strata({ A: 200, B: 100, C: 100, D: 20, E: 5 }), 32)).toEqual({ A: 6, B: 5, C: 10, D: 6, E: 5 });
  });

  it("takes a whole tier when its share would exceed it, and spreads the surplus over the others", () => {
    const allocation = allocateSample(strata({ A: 200, B: 100, C: 100, D: 20, E: 5 }), 64);
    expect(allocation.E).toBe(5);
    expect(GRADES.reduce((n, g) => n + allocation[g], 0)).toBe(64);
    // The others keep their relative ratios: λ = 59 / 27 per weight unit.
    const lambda = 59 / 27;
    for (const [g, weight] of [["A", 6], ["B", 5], ["C", 10], ["D", 6]] as const) expect(Math.abs(allocation[g] - weight * lambda)).toBeLessThan(1);
  });

  it("never draws more than the population, and nothing from a tier with ratio 0", () => {
    expect(allocateSample(strata({ A: 3, B: 2, C: 1, D: 0, E: 1 }), 100)).toEqual({ A: 3, B: 2, C: 1, D: 0, E: 1 });
    expect(allocateSample([{ grade: "A", population: 50, ratio: 0 }, { grade: "C", population: 50, ratio: 0.1 }], 10)).toEqual({ A: 0, B: 0, C: 10, D: 0, E: 0 });
  });

  it("keeps per-subject selection probability proportional to the tier ratio (within rounding)", () => {
    const population = { A: 3000, B: 1500, C: 800, D: 150, E: 40 };
    const allocation = allocateSample(strata(population), 400);
    const rate = (g: Grade) => allocation[g] / population[g];
    expect(allocation.E).toBe(40);
    expect(rate("B") / rate("A")).toBeCloseTo(RATIO.B / RATIO.A, 1);
    expect(rate("C") / rate("A")).toBeCloseTo(RATIO.C / RATIO.A, 1);
    expect(rate("D") / rate("C")).toBeCloseTo(RATIO.D / RATIO.C, 1);
  });
});

describe("drawStratified", () => {
  const members = Object.fromEntries(GRADES.map((g, i) => [g, Array.from({ length: 50 + i }, (_, k) => (i + 1) * 1000 + k)])) as Record<Grade, number[]>;
  const allocation = { A: 3, B: 4, C: 5, D: 6, E: 7 };

  it("draws the allocated number of distinct members from each tier", () => {
    const drawn = drawStratified(members, allocation, 20261127);
    for (const g of GRADES) {
      const mine = drawn.filter((d) => d.grade === g).map((d) => d.member);
      expect(mine).toHaveLength(allocation[g]);
      expect(new Set(mine).size).toBe(mine.length);
      for (const m of mine) expect(members[g]).toContain(m);
    }
  });

  it("is the same for the same seed and differs for another", () => {
    expect(drawStratified(members, allocation, 7)).toEqual(drawStratified(members, allocation, 7));
    expect(drawStratified(members, allocation, 7)).not.toEqual(drawStratified(members, allocation, 8));
  });

  it("mulberry32 is uniform enough for drawing: mean near 1/2 over many draws", () => {
    const next = mulberry32(1);
    let sum = 0;
    for (let i = 0; i < 20_000; i++) sum += next();
    expect(sum / 20_000).toBeCloseTo(0.5, 1);
  });
});

describe("GradeShift", () => {
  it("counts before, after, the matrix and the direction of each move", () => {
    const shift = new GradeShift();
    shift.add("A", "A");
    shift.add("B", "C");
    shift.add("B", "C");
    shift.add("D", "B");
    expect(shift.before).toEqual({ A: 1, B: 2, C: 0, D: 1, E: 0 });
    expect(shift.after).toEqual({ A: 1, B: 1, C: 2, D: 0, E: 0 });
    expect(shift.matrix.B.C).toBe(2);
    expect(shift.summary()).toEqual({ improved: 1, unchanged: 1, worsened: 2 });
  });
});
