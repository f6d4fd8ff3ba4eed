/**
 * Validation answers are remembered per distinct input (worker/ingest/memo.ts): a remembered answer must be the one
 * its own input gives — the label, today's date and the options are part of the key, not only the text.
 */
import { describe, expect, it } from "vitest";
import { memoize } from "../../worker/ingest/memo";
import { parseDate, parseUscc } from "../../worker/ingest/fields";
import { penaltyWindow } from "../../worker/ingest/kinds/penalties";

describe("remembered validation answers", () => {
  it("computes each key once, forgets everything when full, and remembers undefined answers too", () => {
    const calls: string[] = [];
    const f = memoize((k: string) => (calls.push(k), k === "none" ? undefined : k.length), 2);
    expect([f("a"), f("a"), f("bb"), f("none"), f("none"), f("a")]).toEqual([1, 1, 2, undefined, undefined, 1]);
    // "none" filled the table of 2 → emptied, so "a" was computed again after it.
    expect(calls).toEqual(["a", "bb", "none", "a"]);
  });

  it("a USCC's message names the column it was read from, whichever column asked first", () => {
    const wrong = "91500000MA5U7Q8K40";
    expect(parseUscc(wrong, "处罚机关统一社会信用代码")).toMatchObject({ message: expect.stringMatching(/^处罚机关统一社会信用代码“/) });
    expect(parseUscc(wrong, "统一社会信用代码")).toMatchObject({ message: expect.stringMatching(/^统一社会信用代码“/) });
  });

  it("a date is checked against its own day and options", () => {
    expect(parseDate("2026-11-28", "处罚决定日期", { today: "2026-11-27", notFuture: true })).toMatchObject({ rule: "date" });
    expect(parseDate("2026-11-28", "处罚决定日期", { today: "2026-11-28", notFuture: true })).toEqual({ value: "2026-11-28" });
    expect(parseDate("2026-11-28", "处罚决定日期", { today: "2026-11-27" })).toEqual({ value: "2026-11-28" });
    expect(parseDate("长期", "有效期至", { longTerm: true })).toEqual({ value: "2099-12-31" });
    expect(parseDate("长期", "有效期至", {})).toMatchObject({ rule: "date" });
    // A text holding the key's separator is still read whole.
    expect(parseDate("2026-01-01\u0000x", "处罚决定日期", {})).toMatchObject({ rule: "date", message: expect.stringContaining("2026-01-01\u0000x") });
  });

  it("a publication window depends on the class and the end date given", () => {
    const general = penaltyWindow("2026-01-15", "general", null);
    expect(general).toEqual({ publishUntil: "2027-01-14", repairableFrom: "2026-04-15", adjusted: false });
    expect(penaltyWindow("2026-01-15", "general", "2026-12-31")).toMatchObject({ publishUntil: "2026-12-31", adjusted: false });
    expect(penaltyWindow("2026-01-15", "serious", null).publishUntil).not.toBe(general.publishUntil);
  });
});
