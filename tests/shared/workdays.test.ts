import { describe, expect, it } from "vitest";
import arrangement2027 from "../fixtures/calendar/2027-test-arrangement.json";
import {
  LIBRARY_CALENDAR,
  type YearArrangement,
  addWorkingDays,
  arrangementProblems,
  countWorkingDays,
  isWorkingDay,
  libraryArrangement,
  reportedInTime,
  workCalendar,
  workingDaysBetween,
  workingDeadline,
} from "../../shared/domain/workdays";

/** Clearly labelled test data (see the fixture's comment), not the State Council's 2027 notice. */
const TEST_2027: YearArrangement = { year: 2027, source: arrangement2027.source, holidays: arrangement2027.holidays, workdays: arrangement2027.workdays };
const WITH_2027 = workCalendar([TEST_2027]);

describe("Chinese working days", () => {
  it("knows statutory holidays and 调休 make-up weekends", () => {
    const working = (d: string) => isWorkingDay(d).working;
    expect(working("2026-10-01")).toBe(false); // 国庆节
    expect(working("2026-10-07")).toBe(false);
    expect(working("2026-10-10")).toBe(true); // Saturday, make-up working day
    expect(working("2026-02-14")).toBe(true); // Saturday before the Spring Festival, make-up
    expect(working("2026-02-17")).toBe(false); // 春节
    expect(working("2026-11-28")).toBe(false); // an ordinary Saturday
    expect(working("2026-11-27")).toBe(true); // an ordinary Friday
  });

  it("adds working days across the National Day week", () => {
    // 9-30 (Wed) + 3 working days: 10-1..10-7 off, 10-8 (Thu), 10-9 (Fri), 10-10 (Sat, make-up).
    expect(addWorkingDays("2026-09-30", 3)).toBe("2026-10-10");
    expect(addWorkingDays("2026-11-27", 1)).toBe("2026-11-30");
    expect(workingDeadline("2026-09-30", 3)).toEqual({ date: "2026-10-10", provisional: false, uncoveredYears: [] });
  });

  it("counts working days between two dates", () => {
    expect(workingDaysBetween("2026-09-30", "2026-10-10")).toBe(3);
    expect(workingDaysBetween("2026-11-27", "2026-11-27")).toBe(0);
    expect(workingDaysBetween("2026-11-23", "2026-11-27")).toBe(4);
  });
});

describe("a calendar that knows its limits", () => {
  it("detects the library's coverage honestly: 2026 is known, 2027 is not (chinese-days lists no holiday in it)", () => {
    expect(libraryArrangement(2026)?.holidays).toContain("2026-10-01");
    expect(libraryArrangement(2026)?.workdays).toEqual(["2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"]);
    expect(libraryArrangement(2027)).toBeNull();
    expect(libraryArrangement(1999)).toBeNull();
    // What the library alone says about 2027 is wrong, and the answer says it cannot be trusted.
    expect(isWorkingDay("2027-01-01")).toEqual({ working: true, provisional: true, uncoveredYears: [2027] });
    expect(isWorkingDay("2027-01-01", WITH_2027)).toEqual({ working: false, provisional: false, uncoveredYears: [] });
  });

  it("an objection filed 2026-12-28 (5 working days): provisional without 2027, exact once 2027 is entered", () => {
    expect(workingDeadline("2026-12-28", 5, LIBRARY_CALENDAR)).toEqual({ date: "2027-01-04", provisional: true, uncoveredYears: [2027] });
    // With the (test) 2027 arrangement: 12-29, 12-30, 12-31, then 元旦 1-1..1-3 off, 1-4, 1-5.
    expect(workingDeadline("2026-12-28", 5, WITH_2027)).toEqual({ date: "2027-01-05", provisional: false, uncoveredYears: [] });
  });

  it("a deadline that stays inside a covered year is exact even when the next one is not", () => {
    expect(workingDeadline("2026-12-28", 3)).toEqual({ date: "2026-12-31", provisional: false, uncoveredYears: [] });
  });

  it("admin data wins over the library's for the same year", () => {
    const corrected = workCalendar([{ year: 2026, source: "更正", holidays: ["2026-01-01"], workdays: [] }]);
    expect(isWorkingDay("2026-10-01", corrected).working).toBe(true); // the admin's 2026 has no National Day off
    expect(isWorkingDay("2026-10-01").working).toBe(false);
  });

  it("counts across the boundary with coverage", () => {
    expect(countWorkingDays("2026-12-30", "2027-01-06")).toEqual({ days: 5, provisional: true, uncoveredYears: [2027] });
    expect(countWorkingDays("2026-12-30", "2027-01-06", WITH_2027)).toEqual({ days: 4, provisional: false, uncoveredYears: [] });
  });

  it("双公示 7-working-day timeliness: provisional only when the days it needs lie in an uncovered year", () => {
    // Reported two days after a decision on 2026-12-28: on time whatever 2027 holds.
    expect(reportedInTime("2026-12-28", "2026-12-30", 7)).toEqual({ onTime: true, provisional: false, uncoveredYears: [] });
    // Reported 2027-01-08: 29, 30, 31 Dec + 1, 4, 5, 6, 7, 8 Jan = 9 by Monday–Friday (late) — but 元旦 may be off.
    expect(reportedInTime("2026-12-28", "2027-01-08", 7)).toEqual({ onTime: false, provisional: true, uncoveredYears: [2027] });
    // With 2027 entered: 29, 30, 31, 4, 5, 6, 7, 8 = 8 working days: late, and certain.
    expect(reportedInTime("2026-12-28", "2027-01-08", 7, WITH_2027)).toEqual({ onTime: false, provisional: false, uncoveredYears: [] });
    expect(reportedInTime("2026-12-28", "2027-01-07", 7, WITH_2027)).toEqual({ onTime: true, provisional: false, uncoveredYears: [] });
    // Agrees with counting for covered years.
    for (const [decided, received] of [["2026-09-28", "2026-10-13"], ["2026-09-28", "2026-10-14"], ["2026-02-10", "2026-02-27"]] as const) {
      expect(reportedInTime(decided, received, 7).onTime, `${decided} → ${received}`).toBe(workingDaysBetween(decided, received) <= 7);
    }
  });
});

describe("checking an arrangement an admin enters", () => {
  it("accepts the (test) 2027 arrangement", () => {
    expect(arrangementProblems(2027, TEST_2027)).toEqual([]);
  });

  it("names the field of each problem: malformed or impossible dates, dates outside the year, both lists, weekday 调休, duplicates", () => {
    expect(
      arrangementProblems(2027, { holidays: ["2027-01-02", "2027-02-30", "2026-12-31", "2027/10/01", "2027-01-02"], workdays: ["2027-01-02", "2027-01-05"] }),
    ).toEqual([
      { field: "body.holidays.1", message: "“2027-02-30”不是有效日期，应为 YYYY-MM-DD" },
      { field: "body.holidays.2", message: "2026-12-31 不在 2027 年内" },
      { field: "body.holidays.3", message: "“2027/10/01”不是有效日期，应为 YYYY-MM-DD" },
      { field: "body.holidays.4", message: "2027-01-02 重复" },
      { field: "body.workdays.1", message: "2027-01-05 是工作日（周一至周五），调休上班日期应为周六或周日" },
      { field: "body.workdays.0", message: "2027-01-02 同时列为放假日期和调休上班日期" },
    ]);
    expect(arrangementProblems(2027, { holidays: [], workdays: [] })).toEqual([{ field: "body.holidays", message: "至少应有一个放假日期（元旦）" }]);
  });
});
