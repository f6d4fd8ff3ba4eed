import { describe, expect, it } from "vitest";
import { addWorkingDays, isWorkingDay, workingDaysBetween } from "../../shared/domain/workdays";

describe("Chinese working days", () => {
  it("knows statutory holidays and 调休 make-up weekends", () => {
    expect(isWorkingDay("2026-10-01")).toBe(false); // 国庆节
    expect(isWorkingDay("2026-10-07")).toBe(false);
    expect(isWorkingDay("2026-10-10")).toBe(true); // Saturday, make-up working day
    expect(isWorkingDay("2026-02-14")).toBe(true); // Saturday before the Spring Festival, make-up
    expect(isWorkingDay("2026-02-17")).toBe(false); // 春节
    expect(isWorkingDay("2026-11-28")).toBe(false); // an ordinary Saturday
    expect(isWorkingDay("2026-11-27")).toBe(true); // an ordinary Friday
  });

  it("adds working days across the National Day week", () => {
    // 9-30 (Wed) + 3 working days: 10-1..10-7 off, 10-8 (Thu), 10-9 (Fri), 10-10 (Sat, make-up).
    expect(addWorkingDays("2026-09-30", 3)).toBe("2026-10-10");
    expect(addWorkingDays("2026-11-27", 1)).toBe("2026-11-30");
  });

  it("counts working days between two dates", () => {
    expect(workingDaysBetween("2026-09-30", "2026-10-10")).toBe(3);
    expect(workingDaysBetween("2026-11-27", "2026-11-27")).toBe(0);
    expect(workingDaysBetween("2026-11-23", "2026-11-27")).toBe(4);
  });
});
