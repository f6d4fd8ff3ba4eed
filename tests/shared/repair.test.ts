/** The repair eligibility rules at their edges: the day before and the day the minimum period ends. */
import { describe, expect, it } from "vitest";
import { addDays } from "../../shared/domain/dates";
import { publicationWindow } from "../../shared/domain/penalties";
import { nextRepairState, repairEligibility, type RecordTarget } from "../../shared/domain/repair";

const penalty = (over: Partial<RecordTarget> & { severity: RecordTarget["severity"] }): RecordTarget => {
  const window = publicationWindow("2026-01-15", over.severity ?? "general");
  return { kind: "record", category: "penalty", kinds: "罚款", decidedOn: "2026-01-15", repairableFrom: window.repairableFrom, publishUntil: window.publishUntil, status: "active", ...over };
};

describe("penalties", () => {
  it("一般: not the day before the minimum period ends, yes on the day", () => {
    const general = penalty({ severity: "general" });
    expect(repairEligibility(general, "2026-04-14")).toEqual({ eligible: false, rule: "minimum_period", message: "最短公示期未满，2026-04-15 起可以申请信用修复", applyFrom: "2026-04-15" });
    expect(repairEligibility(general, "2026-04-15")).toMatchObject({ eligible: true });
  });

  it("严重: one year", () => {
    const serious = penalty({ severity: "serious", kinds: "罚款", repairableFrom: "2027-01-15" });
    expect(repairEligibility(serious, "2027-01-14")).toMatchObject({ eligible: false, rule: "minimum_period", applyFrom: "2027-01-15" });
    expect(repairEligibility(serious, "2027-01-15").eligible).toBe(true);
  });

  it("轻微: at once, the commitment covering the obligations", () => {
    expect(repairEligibility(penalty({ severity: "minor", kinds: "警告" }), "2026-01-15")).toMatchObject({ eligible: true });
  });

  it("never early for 吊销许可证件 and the other market-supervision kinds, until publication stops", () => {
    for (const kind of ["责令停产停业", "限制开展生产经营活动", "限制从业", "降低资质等级", "吊销许可证件"]) {
      const r = repairEligibility(penalty({ severity: "serious", kinds: `罚款；${kind}` }), "2028-06-01");
      expect(r).toMatchObject({ eligible: false, rule: "never_repairable_early", applyFrom: addDays(publicationWindow("2026-01-15", "serious").publishUntil, 1) });
      if (!r.eligible) expect(r.message).toContain(kind);
    }
    // Once the maximum period is over, publication has stopped: nothing to repair.
    expect(repairEligibility(penalty({ severity: "serious", kinds: "吊销许可证件" }), "2029-01-15")).toMatchObject({ eligible: false, rule: "publication_ended" });
  });

  it("already repaired, withdrawn, or not a penalty", () => {
    expect(repairEligibility(penalty({ severity: "general", status: "repaired" }), "2026-06-01")).toMatchObject({ rule: "not_active", message: "该信息已完成信用修复" });
    expect(repairEligibility(penalty({ severity: "general", status: "withdrawn" }), "2026-06-01")).toMatchObject({ rule: "not_active" });
    expect(repairEligibility(penalty({ severity: null, category: "licence" }), "2026-06-01")).toMatchObject({ rule: "not_dishonesty" });
  });
});

describe("list entries", () => {
  const entry = (listType: "serious_dishonesty" | "dishonest_judgment_debtor" | "abnormal_operation" | "red_list", status = "listed") =>
    ({ kind: "list_entry", listType, listedOn: "2025-03-31", plannedRemovalOn: "2028-03-30", status }) as const;

  it("严重失信主体名单: one year after listing (Order 36)", () => {
    expect(repairEligibility(entry("serious_dishonesty"), "2026-03-30")).toMatchObject({ eligible: false, rule: "minimum_period", applyFrom: "2026-03-31" });
    expect(repairEligibility(entry("serious_dishonesty"), "2026-03-31").eligible).toBe(true);
  });

  it("失信被执行人: the court repairs it", () => {
    const r = repairEligibility(entry("dishonest_judgment_debtor"), "2027-01-01");
    expect(r).toMatchObject({ eligible: false, rule: "court_decides" });
    if (!r.eligible) expect(r.message).toContain("人民法院");
  });

  it("经营异常名录: once obligations are fulfilled; 红名单 is not 失信; removed entries need nothing", () => {
    expect(repairEligibility(entry("abnormal_operation"), "2025-04-01").eligible).toBe(true);
    expect(repairEligibility(entry("red_list"), "2027-01-01")).toMatchObject({ rule: "not_dishonesty" });
    expect(repairEligibility(entry("abnormal_operation", "removed"), "2027-01-01")).toMatchObject({ rule: "not_active" });
    expect(repairEligibility({ ...entry("abnormal_operation"), plannedRemovalOn: "2026-01-01" }, "2026-01-02")).toMatchObject({ rule: "not_active" });
  });
});

describe("case states", () => {
  it("accept, then repair; refuse before a decision; decisions are final", () => {
    expect(nextRepairState("submitted", "accept")).toBe("accepted");
    expect(nextRepairState("submitted", "repair")).toBeNull();
    expect(nextRepairState("accepted", "repair")).toBe("repaired");
    expect(nextRepairState("submitted", "refuse")).toBe("refused");
    expect(nextRepairState("repaired", "refuse")).toBeNull();
    expect(nextRepairState("refused", "accept")).toBeNull();
  });
});

describe("settings and masking", async () => {
  const { decisionWorkingDays } = await import("../../worker/calendar/deadlines");
  const { maskContact } = await import("../../worker/cases/mask");

  it("decision periods come from the environment, with the statutory defaults", () => {
    expect(decisionWorkingDays({} as never, "repair")).toBe(3);
    expect(decisionWorkingDays({} as never, "objection")).toBe(5);
    expect(decisionWorkingDays({ REPAIR_DECISION_WORKING_DAYS: "2" } as never, "repair")).toBe(2);
    expect(decisionWorkingDays({ OBJECTION_DECISION_WORKING_DAYS: "zero" } as never, "objection")).toBe(5);
  });

  it("contacts are masked whatever their form", () => {
    expect(maskContact("13812345678")).toBe("138****5678");
    expect(maskContact("023-63891234")).not.toContain("6389");
    expect(maskContact("wang.xiaoming@example.cn")).toBe("w***@example.cn");
  });
});
