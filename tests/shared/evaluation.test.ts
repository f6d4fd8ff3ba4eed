/**
 * The scoring model on hand-built facts: each indicator of the shipped model v1 and the 建筑业 overlay E-v1
 * (read from migrations/0004_evaluation.sql, the one place they are defined), weights and thresholds,
 * caps, the explanation adding up to the score, and the model schema refusing broken definitions.
 */
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addDays, addMonths } from "../../shared/domain/dates";
import {
  type Evaluation,
  type ListEntryFact,
  ModelDefinition,
  type RecordFact,
  type SubjectFacts,
  evaluate,
  evaluateOverlay,
  gradeForScore,
  modelKindProblems,
  notEvaluatedReason,
} from "../../shared/domain/evaluation";

const TODAY = "2026-11-27";
const MIGRATION = readFileSync(new URL("../../migrations/0004_evaluation.sql", import.meta.url), "utf8");

function shippedModel(version: string): ModelDefinition {
  const match = new RegExp(`\\('${version}', '(?:public|industry)', [^,]+, 'published', '([^']+)'`).exec(MIGRATION);
  if (!match?.[1]) throw new Error(`model ${version} not found in the migration`);
  return ModelDefinition.parse(JSON.parse(match[1]));
}

const V1 = shippedModel("v1");
const E_V1 = shippedModel("E-v1");
const months = (n: number) => addMonths(TODAY, -n);

let nextId = 1;
function penalty(p: Partial<RecordFact> & { monthsAgo: number }): RecordFact {
  return {
    id: nextId++,
    category: "penalty",
    docNo: `渝北市监处罚〔2026〕${nextId}号`,
    title: "未按规定公示年度报告",
    basis: "《企业信息公示暂行条例》第十八条",
    kinds: "罚款",
    authorityName: "重庆市渝北区市场监督管理局",
    decidedOn: months(p.monthsAgo),
    validUntil: null,
    severity: "general",
    publishUntil: addDays(addMonths(months(p.monthsAgo), 36), -1),
    status: "active",
    objectionOpen: false,
    ...p,
  };
}
function licence(p: Partial<RecordFact> & { monthsAgo: number }): RecordFact {
  return {
    ...penalty(p),
    category: "licence",
    title: "食品经营许可证",
    basis: null,
    kinds: "普通",
    severity: null,
    publishUntil: null,
    validUntil: "2099-12-31",
    ...p,
  };
}
function entry(p: Partial<ListEntryFact> & Pick<ListEntryFact, "listType">): ListEntryFact {
  return {
    id: nextId++,
    docNo: `渝市监列〔2026〕${nextId}号`,
    reason: "未按规定报送年度报告",
    listedOn: months(6),
    plannedRemovalOn: addMonths(TODAY, 30),
    removedOn: null,
    status: "listed",
    ...p,
  };
}

/** A clean enterprise registered 14 years ago: no records at all. */
function facts(p: Partial<SubjectFacts> & { registeredOn?: string | null; status?: string; industryCode?: string } = {}): SubjectFacts {
  return {
    subject: {
      id: 42,
      code: "91500112MA5U3K9L2B",
      name: "重庆渝北清风建筑工程有限公司",
      registeredOn: p.registeredOn === undefined ? "2012-05-18" : p.registeredOn,
      registrationStatus: p.status ?? "存续",
      industryCode: p.industryCode ?? "E",
    },
    records: p.records ?? [],
    listEntries: p.listEntries ?? [],
    commitments: p.commitments ?? [],
  };
}

const indicator = (result: Evaluation, id: string) => result.indicators.find((i) => i.id === id)!;

describe("the shipped models", () => {
  it("parse, fit their kinds and put the five plan dimensions in v1", () => {
    expect(modelKindProblems(V1, "public")).toEqual([]);
    expect(modelKindProblems(E_V1, "industry")).toEqual([]);
    expect(V1.dimensions.map((d) => d.name)).toEqual(["基本信息", "经营行为", "履约历史", "监管信息", "成长潜力"]);
    expect(V1.indicators.reduce((s, i) => s + i.weight, 0)).toBe(1000);
  });

  it("are documented indicator by indicator in docs/evaluation.md", () => {
    const doc = readFileSync(new URL("../../docs/evaluation.md", import.meta.url), "utf8");
    for (const model of [V1, E_V1]) {
      for (const ind of model.indicators) expect(doc, ind.id).toMatch(new RegExp(`\`${ind.id}\`[^\\n]*${ind.weight}`));
      for (const cap of model.caps) expect(doc, cap.id).toContain(`\`${cap.id}\``);
    }
  });
});

describe("each indicator of v1 on fixture data", () => {
  it("成立年限 (registration_age): by full years since registration", () => {
    expect(indicator(evaluate(V1, facts(), TODAY), "registration_age").contribution).toBe(80);
    expect(indicator(evaluate(V1, facts({ registeredOn: "2024-11-28" }), TODAY), "registration_age").contribution).toBe(40); // 1 year, a day short of 2
    expect(indicator(evaluate(V1, facts({ registeredOn: "2026-06-01" }), TODAY), "registration_age").contribution).toBe(24);
    expect(indicator(evaluate(V1, facts({ registeredOn: null }), TODAY), "registration_age")).toMatchObject({ contribution: 40, detail: "成立日期不详" });
  });

  it("登记状态 (registration_status): 存续 full, 迁出 reduced, 吊销 nothing", () => {
    expect(indicator(evaluate(V1, facts(), TODAY), "registration_status").contribution).toBe(70);
    expect(indicator(evaluate(V1, facts({ status: "迁出" }), TODAY), "registration_status").contribution).toBe(42);
    expect(indicator(evaluate(V1, facts({ status: "吊销" }), TODAY), "registration_status").contribution).toBe(0);
  });

  it("有效行政许可 (licences_held): counts licences valid today, not expired or revoked ones", () => {
    const records = [
      licence({ monthsAgo: 30 }),
      licence({ monthsAgo: 20, validUntil: addDays(TODAY, -1) }), // expired yesterday
      licence({ monthsAgo: 10, status: "revoked" }),
      licence({ monthsAgo: 5, validUntil: TODAY }),
    ];
    const result = indicator(evaluate(V1, facts({ records }), TODAY), "licences_held");
    expect(result.sources.map((s) => s.id)).toEqual([records[0]!.id, records[3]!.id]);
    expect(result.contribution).toBe(85);
    expect(indicator(evaluate(V1, facts(), TODAY), "licences_held").contribution).toBe(40);
  });

  it("经营异常名录记录 (abnormal_operation): in force empties it, a recent removal still costs, an old one or a repair does not", () => {
    const inForce = evaluate(V1, facts({ listEntries: [entry({ listType: "abnormal_operation" })] }), TODAY);
    expect(indicator(inForce, "abnormal_operation").contribution).toBe(0);
    const removed = entry({ listType: "abnormal_operation", status: "removed", removedOn: months(10) });
    expect(indicator(evaluate(V1, facts({ listEntries: [removed] }), TODAY), "abnormal_operation").contribution).toBe(70);
    const old = entry({ listType: "abnormal_operation", status: "removed", removedOn: months(40) });
    const repaired = entry({ listType: "abnormal_operation", status: "repaired" });
    expect(indicator(evaluate(V1, facts({ listEntries: [old, repaired] }), TODAY), "abnormal_operation")).toMatchObject({ contribution: 100, sources: [] });
    // Listed, but the planned removal date passed 2 months ago: no longer in force, counts as removed.
    const expired = entry({ listType: "abnormal_operation", plannedRemovalOn: months(2) });
    expect(indicator(evaluate(V1, facts({ listEntries: [expired] }), TODAY), "abnormal_operation").contribution).toBe(70);
  });

  it("信用承诺履行 (commitments_kept): kept against breached, pending ones not counted", () => {
    const commitment = (status: "pending" | "fulfilled" | "breached") => ({ id: nextId++, docNo: `渝北承诺〔2026〕${nextId}号`, matter: "告知承诺：营业场所符合消防安全要求", status, committedOn: months(8), resolvedOn: status === "pending" ? null : months(2) });
    expect(indicator(evaluate(V1, facts(), TODAY), "commitments_kept").contribution).toBe(96); // no history: prior 0.8
    const mixed = facts({ commitments: [commitment("fulfilled"), commitment("fulfilled"), commitment("breached"), commitment("pending")] });
    const result = indicator(evaluate(V1, mixed, TODAY), "commitments_kept");
    expect(result.rate).toBe(0.7); // (2 + 0.8) / (3 + 1)
    expect(result.contribution).toBe(84);
    expect(result.sources).toHaveLength(3);
  });

  it("失信被执行记录 (judgment_debtor)", () => {
    expect(indicator(evaluate(V1, facts({ listEntries: [entry({ listType: "dishonest_judgment_debtor" })] }), TODAY), "judgment_debtor").contribution).toBe(0);
    const removed = entry({ listType: "dishonest_judgment_debtor", status: "removed", removedOn: months(3) });
    expect(indicator(evaluate(V1, facts({ listEntries: [removed] }), TODAY), "judgment_debtor").contribution).toBe(40);
  });

  it("行政处罚 (penalties): severity × recency, an open objection counts in full, repaired, revoked and unpublished ones never count", () => {
    const records = [
      penalty({ monthsAgo: 2, severity: "general" }), // 20 × 1
      penalty({ monthsAgo: 18, severity: "serious" }), // 60 × 0.6 = 36
      penalty({ monthsAgo: 30, severity: "minor", publishUntil: null }), // 5 × 0.3 = 1.5
      penalty({ monthsAgo: 4, severity: "general", objectionOpen: true }), // 20 × 1: not decided yet, counts as it stands
      penalty({ monthsAgo: 3, severity: "serious", status: "revoked" }), // 异议成立, 撤销
      penalty({ monthsAgo: 3, severity: "serious", status: "repaired" }),
      penalty({ monthsAgo: 14, severity: "general", publishUntil: months(2) }), // its window ended
      penalty({ monthsAgo: 40, severity: "serious" }), // older than 36 months
    ];
    const result = indicator(evaluate(V1, facts({ records }), TODAY), "penalties");
    expect(result.sources.map((s) => s.id)).toEqual(records.slice(0, 4).map((r) => r.id));
    expect(result.rate).toBe(0.225); // 1 − 77.5 / 100
    expect(result.contribution).toBe(45);
    expect(result.detail).toContain("另有 1 起已撤销或撤回");
    expect(result.sources[3]!.effect).toBe("一般 20 分 × 时效 1 = 20 分（异议处理中，决定前照常计分）");
  });

  it("filing objections never raises a grade: the same facts with every objection open score the same", () => {
    const records = [penalty({ monthsAgo: 1, severity: "serious" }), penalty({ monthsAgo: 5, severity: "general" }), penalty({ monthsAgo: 13, severity: "general" })];
    const plain = evaluate(V1, facts({ records }), TODAY);
    const objected = evaluate(V1, facts({ records: records.map((r) => ({ ...r, objectionOpen: true })) }), TODAY);
    expect({ score: objected.score, grade: objected.grade }).toEqual({ score: plain.score, grade: plain.grade });
    // A stored model still carrying the old objectionOpenFactor parses, and the factor has no effect.
    expect(V1.indicators.find((i) => i.id === "penalties")!.formula).toMatchObject({ objectionOpenFactor: 0.5 });
  });

  it("a list entry deleted by an upheld objection (删除) never counts; one removed at its end counts for 36 months", () => {
    const removed = entry({ listType: "abnormal_operation", status: "removed", removedOn: months(3) });
    const deleted = entry({ listType: "abnormal_operation", status: "deleted_by_objection", removedOn: months(3) });
    expect(indicator(evaluate(V1, facts({ listEntries: [removed] }), TODAY), "abnormal_operation").contribution).toBe(70); // 100 × 0.3 deducted
    const result = indicator(evaluate(V1, facts({ listEntries: [deleted] }), TODAY), "abnormal_operation");
    expect(result).toMatchObject({ contribution: 100, sources: [] });
    expect(result.detail).toContain("另有 1 条因异议成立已删除，不计入");
    // Nor does it cap: a deleted serious-dishonesty entry is no listing at all.
    const wrongListing = entry({ listType: "serious_dishonesty", status: "deleted_by_objection", removedOn: months(1), plannedRemovalOn: addMonths(TODAY, 30) });
    expect(evaluate(V1, facts({ listEntries: [wrongListing] }), TODAY).capsApplied).toEqual([]);
  });

  it("失信与重点监管名单 (dishonesty_lists): points per list, capped at the full deduction", () => {
    const key = entry({ listType: "key_supervision" });
    expect(indicator(evaluate(V1, facts({ listEntries: [key] }), TODAY), "dishonesty_lists").contribution).toBe(90);
    const both = [key, entry({ listType: "serious_dishonesty" })];
    expect(indicator(evaluate(V1, facts({ listEntries: both }), TODAY), "dishonesty_lists").contribution).toBe(0);
  });

  it("荣誉与红名单 (honours): red list in force and commendations within 36 months", () => {
    const commendation: RecordFact = { ...licence({ monthsAgo: 6 }), category: "commendation", title: "重庆市守合同重信用企业", validUntil: null };
    const red = entry({ listType: "red_list", reason: "纳税信用A级纳税人" });
    expect(indicator(evaluate(V1, facts(), TODAY), "honours").contribution).toBe(18);
    expect(indicator(evaluate(V1, facts({ listEntries: [red], records: [commendation] }), TODAY), "honours").contribution).toBe(60);
    const expiredRed = entry({ listType: "red_list", plannedRemovalOn: months(1) });
    expect(indicator(evaluate(V1, facts({ listEntries: [expiredRed] }), TODAY), "honours").contribution).toBe(18);
  });

  it("新取得行政许可 (licence_growth): licences decided within 24 months", () => {
    expect(indicator(evaluate(V1, facts({ records: [licence({ monthsAgo: 30 })] }), TODAY), "licence_growth").contribution).toBe(20);
    expect(indicator(evaluate(V1, facts({ records: [licence({ monthsAgo: 3 })] }), TODAY), "licence_growth").contribution).toBe(32);
  });
});

describe("weights, thresholds and caps", () => {
  it("a clean, long-standing enterprise with three licences is A (优秀)", () => {
    const records = [licence({ monthsAgo: 30 }), licence({ monthsAgo: 40 }), licence({ monthsAgo: 50 })];
    const result = evaluate(V1, facts({ records }), TODAY);
    // 80 + 70 + 100 + 100 + 96 + 80 + 200 + 150 + 18 + 20
    expect(result).toMatchObject({ score: 914, grade: "A", gradeLabel: "优秀", capsApplied: [] });
  });

  it("a young enterprise without licences is B; a recent serious penalty takes the same subject to C", () => {
    const young = facts({ registeredOn: "2024-03-01" });
    expect(evaluate(V1, young, TODAY)).toMatchObject({ score: 814, grade: "B" });
    const penalised = evaluate(V1, { ...young, records: [penalty({ monthsAgo: 1, severity: "serious" })] }, TODAY);
    expect(penalised.score).toBe(694);
    expect(penalised.grade).toBe("C");
  });

  it("grade boundaries are inclusive lower bounds", () => {
    const t = V1.thresholds;
    expect([t.A, t.A - 1, t.B, t.B - 1, t.C, t.C - 1, t.D, t.D - 1].map((s) => gradeForScore(s, t))).toEqual(["A", "B", "B", "C", "C", "D", "D", "E"]);
  });

  it("严重失信主体名单 caps the grade at D whatever the score, and says so", () => {
    const records = [licence({ monthsAgo: 30 }), licence({ monthsAgo: 40 }), licence({ monthsAgo: 50 })];
    const listed = entry({ listType: "serious_dishonesty", reason: "提供虚假材料骗取行政许可" });
    const result = evaluate(V1, facts({ records, listEntries: [listed] }), TODAY);
    expect(result.score).toBe(764);
    expect(result.uncappedGrade).toBe("C");
    expect(result.grade).toBe("D");
    expect(result.capsApplied).toEqual([expect.objectContaining({ id: "serious_dishonesty", maxGrade: "D", sources: [expect.objectContaining({ id: listed.id, type: "list_entry" })] })]);
  });

  it("a serious penalty within 12 months caps at C even when points alone would give B", () => {
    const records = [licence({ monthsAgo: 30 }), licence({ monthsAgo: 40 }), licence({ monthsAgo: 50 }), penalty({ monthsAgo: 11, severity: "serious" })];
    // 914 − 120 (the penalty) + 30 (红名单) = 824: B on points.
    const result = evaluate(V1, facts({ records, listEntries: [entry({ listType: "red_list", reason: "纳税信用A级纳税人" })] }), TODAY);
    expect(result.score).toBe(824);
    expect(result.uncappedGrade).toBe("B");
    expect(result.grade).toBe("C");
    expect(result.capsApplied.map((c) => c.id)).toEqual(["serious_penalty_12m"]);
  });

  it("a revoked business licence (吊销) is E", () => {
    expect(evaluate(V1, facts({ status: "吊销" }), TODAY).grade).toBe("E");
  });

  it("a cancelled registration (注销) is not graded at all: 已注销，不予评价", () => {
    expect(notEvaluatedReason(facts({ status: "注销" }).subject)).toBe("已注销，不予评价");
    for (const status of ["存续", "在业", "吊销", "迁出", "撤销"]) expect(notEvaluatedReason(facts({ status }).subject), status).toBeNull();
  });
});

describe("the 建筑业 overlay E-v1", () => {
  it("adds safety and qualification indicators on top of the public score scaled to 700", () => {
    const records = [
      licence({ monthsAgo: 30, title: "建筑业企业资质证书" }),
      licence({ monthsAgo: 30, title: "安全生产许可证" }),
      penalty({ monthsAgo: 5, title: "未按规定配备专职安全生产管理人员", basis: "《建设工程安全生产管理条例》第六十二条", severity: "general" }),
    ];
    const publicResult = evaluate(V1, facts({ records }), TODAY);
    const sector = evaluateOverlay(E_V1, facts({ records }), TODAY, publicResult);
    expect(sector.base).toEqual({ publicScore: publicResult.score, publicMaxScore: 1000, weight: 700, contribution: Math.round(publicResult.score * 0.7) });
    expect(indicator(sector, "safety_production")).toMatchObject({ contribution: 90, sources: [expect.objectContaining({ id: records[2]!.id })] }); // 40 of 100 deducted
    expect(indicator(sector, "qualification_penalties").contribution).toBe(80);
    expect(indicator(sector, "qualification_held").contribution).toBe(70);
    expect(sector.score).toBe(sector.base!.contribution + 90 + 80 + 70);
  });

  it("keeps the public caps and adds its own", () => {
    const accident = penalty({ monthsAgo: 2, title: "发生生产安全一般事故", basis: "《中华人民共和国安全生产法》第一百一十四条", severity: "serious" });
    const listed = entry({ listType: "serious_dishonesty" });
    const f = facts({ records: [accident], listEntries: [listed] });
    const sector = evaluateOverlay(E_V1, f, TODAY, evaluate(V1, f, TODAY));
    expect(sector.capsApplied.map((c) => c.id)).toEqual(["public_serious_dishonesty", "public_serious_penalty_12m", "serious_safety_12m"]);
    expect(sector.grade).toBe("E"); // the score itself is below D's threshold
  });
});

const arbitraryFacts: fc.Arbitrary<SubjectFacts> = fc
  .record({
    registeredOn: fc.option(fc.integer({ min: 0, max: 400 }).map((m) => months(m))),
    status: fc.constantFrom("存续", "在业", "吊销", "注销", "迁出", "撤销"),
    penalties: fc.array(fc.record({ monthsAgo: fc.integer({ min: 0, max: 48 }), severity: fc.constantFrom("minor", "general", "serious"), objectionOpen: fc.boolean(), status: fc.constantFrom("active", "revoked", "repaired") }), { maxLength: 8 }),
    licences: fc.array(fc.integer({ min: 0, max: 60 }), { maxLength: 6 }),
    lists: fc.array(fc.record({ listType: fc.constantFrom("serious_dishonesty", "dishonest_judgment_debtor", "abnormal_operation", "key_supervision", "major_tax_violation", "procurement_violation", "red_list"), status: fc.constantFrom("listed", "removed") }), { maxLength: 4 }),
    commitments: fc.array(fc.constantFrom("pending", "fulfilled", "breached"), { maxLength: 5 }),
  })
  .map((a) =>
    facts({
      registeredOn: a.registeredOn,
      status: a.status,
      records: [
        ...a.penalties.map((p) => penalty({ ...p, severity: p.severity as "minor" })),
        ...a.licences.map((m) => licence({ monthsAgo: m, title: m % 2 ? "建筑业企业资质证书" : "食品经营许可证" })),
      ],
      listEntries: a.lists.map((l) => entry({ listType: l.listType as "red_list", status: l.status as "listed", removedOn: l.status === "removed" ? months(5) : null })),
      commitments: a.commitments.map((s, i) => ({ id: i + 1, docNo: `承诺${i}`, matter: "告知承诺", status: s as "pending", committedOn: months(9), resolvedOn: s === "pending" ? null : months(1) })),
    }),
  );

describe("every grade explains itself", () => {
  it("indicator contributions add up exactly to each dimension and to the score (public and overlay)", () => {
    fc.assert(
      fc.property(arbitraryFacts, (f) => {
        for (const result of [evaluate(V1, f, TODAY), evaluateOverlay(E_V1, f, TODAY, evaluate(V1, f, TODAY))]) {
          const sum = result.indicators.reduce((s, i) => s + i.contribution, 0) + (result.base?.contribution ?? 0);
          expect(sum).toBe(result.score);
          expect(result.dimensions.reduce((s, d) => s + d.contribution, 0) + (result.base?.contribution ?? 0)).toBe(result.score);
          for (const i of result.indicators) {
            expect(Number.isInteger(i.contribution)).toBe(true);
            expect(i.contribution).toBeGreaterThanOrEqual(0);
            expect(i.contribution).toBeLessThanOrEqual(i.weight);
          }
          expect(result.score).toBeLessThanOrEqual(result.maxScore);
        }
      }),
      { numRuns: 500, seed: 20261127 },
    );
  });

  it("never reads a repaired record or list entry", () => {
    const repaired = penalty({ monthsAgo: 2, severity: "serious", status: "repaired" });
    const repairedEntry = entry({ listType: "serious_dishonesty", status: "repaired" });
    const result = evaluate(V1, facts({ records: [repaired], listEntries: [repairedEntry] }), TODAY);
    const ids = [...result.indicators.flatMap((i) => i.sources), ...result.capsApplied.flatMap((c) => c.sources)].map((s) => s.id);
    expect(ids).not.toContain(repaired.id);
    expect(ids).not.toContain(repairedEntry.id);
    expect(result.capsApplied).toEqual([]);
  });
});

describe("the model schema refuses broken definitions", () => {
  const broken = (change: (d: ModelDefinition) => unknown) => {
    const copy = structuredClone(V1);
    change(copy);
    return ModelDefinition.safeParse(copy);
  };

  it("weights that do not add up to the maximum score", () => {
    const result = broken((d) => (d.indicators[0]!.weight = 81));
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error?.issues)).toContain("权重合计 1001 与满分 1000 不符");
  });

  it("thresholds that do not fall from A to D, an unknown dimension, a duplicate indicator", () => {
    expect(broken((d) => (d.thresholds.C = d.thresholds.B)).success).toBe(false);
    expect(broken((d) => (d.indicators[0]!.dimension = "marketing")).success).toBe(false);
    expect(broken((d) => (d.indicators[1]!.id = d.indicators[0]!.id)).success).toBe(false);
    expect(broken((d) => ((d.indicators[0]!.reads as string[]) = ["社交媒体评论"])).success).toBe(false); // outside the catalogue
  });

  it("a public model without the five plan dimensions", () => {
    const copy = structuredClone(V1);
    copy.dimensions[4] = { id: "innovation", name: "创新能力" };
    for (const ind of copy.indicators) if (ind.dimension === "growth") ind.dimension = "innovation";
    expect(ModelDefinition.safeParse(copy).success).toBe(true);
    expect(modelKindProblems(copy, "public")[0]).toContain("五个维度");
  });
});
