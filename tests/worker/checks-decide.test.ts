/**
 * The pure decision (worker/checks/decide.ts): explicit cases, then properties over random entries and
 * catalogues (fixed seed) that hold whatever the catalogue says.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EFFECTS, type Effect, compareStrictness, strictestDecision } from "../../shared/domain/decisions";
import { LIST_TYPES, LIST_TYPE_INFO, type ListType, isListEntryInForce } from "../../shared/domain/lists";
import { decide } from "../../worker/checks/decide";

const TODAY = "2026-11-27";
const listed = (listType: ListType, plannedRemovalOn: string | null = null) => ({ listType, status: "listed" as const, plannedRemovalOn });
const measure = (listType: ListType, effect: Effect) => ({ listType, effect, text: `${listType}:${effect}` });

describe("decide", () => {
  it("passes a subject with no entries", () => {
    expect(decide([], [measure("serious_dishonesty", "block")], TODAY)).toEqual({ hits: [], measures: [], decision: "pass" });
  });

  it("lets the strictest effect win, listing measures strictest first", () => {
    const result = decide(
      [listed("abnormal_operation"), listed("dishonest_judgment_debtor"), listed("major_tax_violation")],
      [measure("abnormal_operation", "flag"), measure("major_tax_violation", "review"), measure("dishonest_judgment_debtor", "block"), measure("red_list", "benefit")],
      TODAY,
    );
    expect(result.decision).toBe("block");
    expect(result.measures.map((m) => m.effect)).toEqual(["block", "review", "flag"]);
  });

  it("gives the red-list benefit only without a negative hit in force", () => {
    const catalogue = [measure("red_list", "benefit"), measure("abnormal_operation", "flag")];
    expect(decide([listed("red_list")], catalogue, TODAY).decision).toBe("benefit");
    expect(decide([listed("red_list"), listed("abnormal_operation")], catalogue, TODAY)).toMatchObject({ decision: "flag", measures: [{ effect: "flag" }] });
    // A negative list without a measure in this scene still takes the benefit away.
    expect(decide([listed("red_list"), listed("key_supervision")], catalogue, TODAY)).toMatchObject({ decision: "pass", measures: [] });
    expect(decide([listed("red_list"), listed("abnormal_operation", "2026-11-26")], catalogue, TODAY).decision).toBe("benefit");
  });

  it("never counts removed, repaired or expired entries, even when handed them", () => {
    const catalogue = [measure("serious_dishonesty", "block")];
    for (const entry of [
      { listType: "serious_dishonesty" as const, status: "removed" as const, plannedRemovalOn: null },
      { listType: "serious_dishonesty" as const, status: "repaired" as const, plannedRemovalOn: null },
      listed("serious_dishonesty", "2026-11-26"),
    ]) {
      expect(decide([entry], catalogue, TODAY)).toEqual({ hits: [], measures: [], decision: "pass" });
    }
    expect(decide([listed("serious_dishonesty", TODAY)], catalogue, TODAY).decision).toBe("block");
  });

  it("holds its rules for any entries and any catalogue", () => {
    const entry = fc.record({
      listType: fc.constantFrom(...LIST_TYPES),
      status: fc.constantFrom("listed" as const, "removed" as const, "repaired" as const),
      plannedRemovalOn: fc.option(fc.constantFrom("2026-11-26", TODAY, "2026-11-28", "2029-01-01"), { nil: null }),
    });
    const catalogue = fc.array(fc.record({ listType: fc.constantFrom(...LIST_TYPES), effect: fc.constantFrom(...EFFECTS) }), { maxLength: 20 });
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 8 }), catalogue, (entries, measures) => {
        const result = decide(entries, measures, TODAY);
        const inForce = entries.filter((e) => isListEntryInForce(e, TODAY));
        expect(result.hits).toEqual(inForce);
        const hitTypes = new Set(inForce.map((e) => e.listType));
        const negative = inForce.some((e) => LIST_TYPE_INFO[e.listType].polarity === "negative");
        const applicable = measures.filter((m) => hitTypes.has(m.listType) && !(negative && m.effect === "benefit"));
        expect(result.measures).toHaveLength(applicable.length);
        expect(result.decision).toBe(strictestDecision(applicable.map((m) => m.effect)));
        if (negative) expect(result.decision).not.toBe("benefit");
        for (let i = 1; i < result.measures.length; i++) expect(compareStrictness(result.measures[i - 1]!.effect, result.measures[i]!.effect)).toBeLessThanOrEqual(0);
      }),
      { numRuns: 2000, seed: 20261127 },
    );
  });
});
