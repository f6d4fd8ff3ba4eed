import { describe, expect, it } from "vitest";
import { LIST_TYPES, isListEntryInForce, type ListType } from "../../shared/domain/lists";
import { PENALTY_KINDS, classifyPenalty, publicationWindow } from "../../shared/domain/penalties";
import { CHONGQING_DISTRICTS, validateIdNumber, validateUscc } from "../../shared/identifiers/index";
import {
  SEED_BATCH_ROWS,
  SEED_COLUMNS,
  SEED_DEFAULT_TODAY,
  SEED_FIXTURES,
  SEED_FIXTURE_COUNT,
  SEED_SOURCE_UNIT,
  countSeed,
  generateSeed,
  type SeedBatch,
  type SeedOptions,
  type SeedRow,
  type SeedTable,
} from "../../scripts/seed/generate";
import { D1_MAX_STATEMENT_BYTES, insertStatements, sqlLiteral, toSqlText } from "../../scripts/seed/sql";

type Tables = Record<SeedTable, SeedRow[]>;

function collect(options: SeedOptions): { tables: Tables; batches: SeedBatch[] } {
  const tables: Tables = { ingest_batches: [], subjects: [], records: [], list_entries: [], commitments: [] };
  const batches: SeedBatch[] = [];
  for (const batch of generateSeed(options)) {
    batches.push(batch);
    for (const row of batch.rows) tables[batch.table].push(row);
  }
  return { tables, batches };
}

const str = (v: unknown): string => v as string;
const TODAY = SEED_DEFAULT_TODAY;
const { tables: seed, batches } = collect({ subjects: 5000 });
const subjectsById = new Map(seed.subjects.map((s) => [s.id as number, s]));
const byKind = (kind: string) => seed.subjects.filter((s) => s.kind === kind);

/** Checks that every fixture behaves as SEED_FIXTURES documents, against `today`. */
function checkFixtures(t: Tables, today: string): void {
  const subject = (id: number) => t.subjects.find((s) => s.id === id) as SeedRow;
  const records = (id: number) => t.records.filter((r) => r.subject_id === id);
  const lists = (id: number) => t.list_entries.filter((l) => l.subject_id === id);
  const inForce = (l: SeedRow) => isListEntryInForce({ status: l.status as "listed", plannedRemovalOn: (l.planned_removal_on as string | null) ?? null }, today);

  for (const f of Object.values(SEED_FIXTURES)) {
    const s = subject(f.id);
    expect(s.code).toBe(f.code);
    expect(s.name).toBe(f.name);
    expect(s.kind).toBe(f.kind);
  }
  const F = SEED_FIXTURES;

  const clean = records(F.cleanLicencesOnly.id);
  expect(clean.length).toBeGreaterThanOrEqual(1);
  expect(clean.every((r) => r.category === "licence")).toBe(true);
  expect(lists(F.cleanLicencesOnly.id)).toHaveLength(0);
  expect(F.cleanLicencesOnly.name).toContain("渝信");

  const serious = records(F.seriousPenaltyInWindow.id).filter((r) => r.category === "penalty");
  expect(serious).toHaveLength(1);
  expect(serious[0]).toMatchObject({ severity: "serious", status: "active" });
  expect(str(serious[0]?.publish_until) >= today).toBe(true);
  expect(str(serious[0]?.repairable_from) > today).toBe(true);

  const past = records(F.generalPenaltyPastWindow.id).filter((r) => r.category === "penalty");
  expect(past).toHaveLength(1);
  expect(past[0]?.severity).toBe("general");
  expect(str(past[0]?.publish_until) < today).toBe(true);

  const sd = lists(F.seriousDishonestyInForce.id);
  expect(sd).toHaveLength(1);
  expect(sd[0]?.list_type).toBe("serious_dishonesty");
  expect(inForce(sd[0] as SeedRow)).toBe(true);

  const red = lists(F.redList.id);
  expect(red.map((l) => l.list_type)).toEqual(["red_list"]);
  expect(inForce(red[0] as SeedRow)).toBe(true);

  const removed = lists(F.removedEntry.id);
  expect(removed).toHaveLength(1);
  expect(removed[0]).toMatchObject({ status: "removed" });
  expect(removed[0]?.removed_on).toBeTruthy();
  expect(removed[0]?.removal_reason).toBeTruthy();
  expect(str(removed[0]?.removed_on) <= today).toBe(true);

  const expired = lists(F.expiredEntry.id);
  expect(expired).toHaveLength(1);
  expect(expired[0]?.status).toBe("listed");
  expect(str(expired[0]?.planned_removal_on) < today).toBe(true);
  expect(inForce(expired[0] as SeedRow)).toBe(false);

  const person = subject(F.naturalPersonDebtor.id);
  expect(person.code_type).toBe("id_number");
  expect(validateIdNumber(str(person.code), { today }).valid).toBe(true);
  const debts = lists(F.naturalPersonDebtor.id);
  expect(debts.map((l) => l.list_type)).toEqual(["dishonest_judgment_debtor"]);
  expect(inForce(debts[0] as SeedRow)).toBe(true);
  expect(records(F.naturalPersonDebtor.id)).toHaveLength(0);

  const legacy = subject(F.legacyPilotCode.id);
  expect(legacy.code).toBe("91350100M0001TGQXM");
  expect(legacy.checksum_legacy).toBe(1);

  const a = subject(F.sameNameDeregistered.id);
  const b = subject(F.sameNameActive.id);
  expect(a.name).toBe(b.name);
  expect(a.code).not.toBe(b.code);
  expect(t.subjects.filter((s) => s.name === a.name)).toHaveLength(2);

  const minor = records(F.individualMinorPenalty.id).filter((r) => r.category === "penalty");
  expect(minor).toHaveLength(1);
  expect(minor[0]?.severity).toBe("minor");
  expect(str(minor[0]?.publish_until) >= today).toBe(true);
  expect(subject(F.individualMinorPenalty.id).code).toMatch(/^92/);

  const repaired = records(F.repairedPenalty.id).filter((r) => r.category === "penalty");
  expect(repaired).toHaveLength(1);
  expect(repaired[0]).toMatchObject({ status: "repaired", severity: "general" });
  expect(str(repaired[0]?.repairable_from) <= today && str(repaired[0]?.publish_until) >= today).toBe(true);
  const repairCommitment = t.commitments.filter((c) => c.subject_id === F.repairedPenalty.id);
  expect(repairCommitment).toMatchObject([{ kind: "信用修复型", status: "fulfilled" }]);

  // search: exactly one name with 「渝信」, several with 「重庆」
  expect(t.subjects.filter((s) => str(s.name).includes("渝信")).map((s) => s.id)).toEqual([F.cleanLicencesOnly.id]);
  expect(Object.values(SEED_FIXTURES).filter((f) => f.name.includes("重庆")).length).toBeGreaterThanOrEqual(5);
}

describe("generateSeed", () => {
  it("is deterministic: the same options give identical batches", () => {
    const opts = { subjects: 1200, recordsPerSubject: 3, seed: 7 };
    const a = JSON.stringify([...generateSeed(opts)]);
    const b = JSON.stringify([...generateSeed(opts)]);
    expect(a).toBe(b);
    const c = collect({ ...opts, seed: 8 }).tables;
    expect(JSON.stringify(c.subjects.slice(SEED_FIXTURE_COUNT))).not.toBe(JSON.stringify(collect(opts).tables.subjects.slice(SEED_FIXTURE_COUNT)));
    expect(c.subjects.slice(0, SEED_FIXTURE_COUNT).map((s) => s.code)).toEqual(Object.values(SEED_FIXTURES).map((f) => f.code));
  });

  it("streams batches of at most SEED_BATCH_ROWS rows with the migration's columns, in reference order", () => {
    expect(batches[0]?.table).toBe("ingest_batches");
    const seen = new Set<number>();
    let lastSourceRow = 0;
    for (const batch of batches) {
      expect(batch.rows.length).toBeGreaterThan(0);
      expect(batch.rows.length).toBeLessThanOrEqual(SEED_BATCH_ROWS);
      for (const row of batch.rows) {
        expect(Object.keys(row)).toEqual(SEED_COLUMNS[batch.table]);
        if (batch.table === "subjects") seen.add(row.id as number);
        if (batch.table === "ingest_batches") continue;
        expect(row.batch_id).toBe(1);
        expect(row.source_row).toBe(lastSourceRow + 1);
        lastSourceRow = row.source_row as number;
        if (batch.table !== "subjects") expect(seen.has(row.subject_id as number)).toBe(true);
      }
    }
    const counts = countSeed({ subjects: 5000 });
    for (const t of ["subjects", "records", "list_entries", "commitments"] as const) expect(seed[t]).toHaveLength(counts[t]);
    const ingest = seed.ingest_batches[0] as SeedRow;
    expect(ingest).toMatchObject({ id: 1, kind: "seed", status: "done", source_unit_code: SEED_SOURCE_UNIT.code, total_rows: lastSourceRow });
    expect(validateUscc(SEED_SOURCE_UNIT.code).valid).toBe(true);
    expect(SEED_SOURCE_UNIT.code.slice(0, 8)).toBe("11500000");
    for (const t of ["records", "list_entries", "commitments"] as const) {
      const ids = seed[t].map((r) => r.id as number);
      expect(ids).toEqual(ids.map((_, i) => i + 1));
    }
    expect(seed.subjects.map((s) => s.id)).toEqual(seed.subjects.map((_, i) => i + 1));
  });

  it("spreads subjects over all 38 districts (weighted to the urban core) plus 市本级", () => {
    const regions = new Map<string, number>();
    for (const s of seed.subjects) regions.set(str(s.region_code), (regions.get(str(s.region_code)) ?? 0) + 1);
    for (const d of CHONGQING_DISTRICTS) expect(regions.get(d.code) ?? 0, d.name).toBeGreaterThan(0);
    expect(regions.get("500000") ?? 0).toBeGreaterThan(50);
    expect(regions.get("500112") ?? 0).toBeGreaterThan((regions.get("500229") ?? 0) * 5);
    for (const s of seed.subjects.filter((x) => x.kind !== "natural_person" && x.checksum_legacy === 0)) {
      expect(str(s.address)).toMatch(/^重庆市/);
      expect(str(s.registered_on) >= "1995-01-01" && str(s.registered_on) <= TODAY).toBe(true);
    }
  });

  it("gives every organisation a valid USCC with the prefix of its kind; legacy codes only pass as authoritative", () => {
    const prefixes: Record<string, RegExp> = {
      enterprise: /^91/, individual_business: /^92/, cooperative: /^93/, social_org: /^5[123]/, public_institution: /^12/,
    };
    const legacy: SeedRow[] = [];
    for (const s of seed.subjects.filter((x) => x.code_type === "uscc")) {
      expect(str(s.code)).toMatch(prefixes[str(s.kind)] as RegExp);
      if (s.checksum_legacy === 1) {
        legacy.push(s);
        expect(validateUscc(str(s.code)).valid).toBe(false);
        const r = validateUscc(str(s.code), { authoritative: true });
        expect(r.valid && r.checksumLegacy).toBe(true);
        expect(["350100", "350200"]).toContain(s.region_code);
      } else {
        const r = validateUscc(str(s.code));
        expect(r.valid, str(s.code)).toBe(true);
        expect(str(s.code).slice(2, 8)).toBe(s.region_code);
      }
    }
    expect(legacy.length).toBeGreaterThanOrEqual(3);
    expect(legacy.map((s) => s.code)).toContain("91350100M0001TGQXM");
    expect(collect({ subjects: 1000, recordsPerSubject: 0 }).tables.subjects.filter((s) => s.checksum_legacy === 1).length).toBeGreaterThanOrEqual(3);
  });

  it("makes about 1% natural persons with valid Chongqing ID numbers, only on 失信被执行人", () => {
    const people = byKind("natural_person");
    expect(people.length).toBeGreaterThan(20);
    expect(people.length).toBeLessThan(100);
    const personIds = new Set(people.map((p) => p.id as number));
    for (const p of people) {
      const r = validateIdNumber(str(p.code), { today: TODAY });
      expect(r.valid, str(p.code)).toBe(true);
      expect(str(p.code)).toMatch(/^50/);
      expect(p.code_type).toBe("id_number");
      const entries = seed.list_entries.filter((l) => l.subject_id === p.id);
      expect(entries.map((l) => l.list_type)).toEqual(["dishonest_judgment_debtor"]);
    }
    expect(seed.records.some((r) => personIds.has(r.subject_id as number))).toBe(false);
    expect(seed.commitments.some((c) => personIds.has(c.subject_id as number))).toBe(false);
  });

  it("keeps codes and natural keys unique", () => {
    const unique = (values: string[]) => expect(new Set(values).size).toBe(values.length);
    unique(seed.subjects.map((s) => str(s.code)));
    // the 8-character body alone is unique across all organisations (a bijection of the subject id)
    unique(seed.subjects.filter((s) => s.code_type === "uscc").map((s) => str(s.code).slice(8, 16)));
    unique(seed.records.map((r) => `${r.category}|${r.authority_code}|${r.doc_no}`));
    unique(seed.list_entries.map((l) => `${l.list_type}|${l.subject_id}|${l.doc_no}`));
    unique(seed.commitments.map((c) => `${c.authority_code}|${c.doc_no}`));
    const names = new Map<string, number>();
    for (const s of seed.subjects.filter((x) => x.kind !== "natural_person")) names.set(str(s.name), (names.get(str(s.name)) ?? 0) + 1);
    const dupes = [...names.values()].filter((n) => n > 1).length;
    expect(dupes).toBeGreaterThanOrEqual(1); // the fixture pair
    expect(dupes).toBeLessThan(10); // rare
    const authorities = new Set([...seed.records, ...seed.list_entries, ...seed.commitments].map((r) => str(r.authority_code)));
    for (const code of authorities) {
      expect(code).toMatch(/^11/);
      expect(validateUscc(code).valid, code).toBe(true);
    }
  });

  // ~8 s: run with SEED_1M=1. Uniqueness holds by construction (the code body is a bijection of the id,
  // checked on the 5,000 seed above); this streams the real 1,000,000 subjects to confirm it.
  it.skipIf(process.env.SEED_1M !== "1")("keeps USCCs unique at 1,000,000 subjects (SEED_1M=1)", { timeout: 60_000 }, () => {
    const codes = new Set<string>();
    let n = 0;
    for (const batch of generateSeed({ subjects: 1_000_000, recordsPerSubject: 0 })) {
      if (batch.table !== "subjects") continue;
      for (const row of batch.rows) codes.add(row.code as string);
      n += batch.rows.length;
    }
    expect(n).toBe(1_000_000);
    expect(codes.size).toBe(1_000_000);
  });

  it("has every list type with in-force, expired, removed and repaired entries", () => {
    for (const type of LIST_TYPES) {
      const entries = seed.list_entries.filter((l) => l.list_type === type);
      expect(entries.length, type).toBeGreaterThan(0);
      const inForce = entries.filter((l) => isListEntryInForce({ status: l.status as "listed", plannedRemovalOn: l.planned_removal_on as string }, TODAY));
      const expired = entries.filter((l) => l.status === "listed" && str(l.planned_removal_on) < TODAY);
      const removed = entries.filter((l) => l.status === "removed");
      const repaired = entries.filter((l) => l.status === "repaired");
      expect(inForce.length, `${type} in force`).toBeGreaterThan(0);
      expect(expired.length, `${type} expired`).toBeGreaterThan(0);
      expect(removed.length, `${type} removed`).toBeGreaterThan(0);
      if (type !== "red_list") expect(repaired.length, `${type} repaired`).toBeGreaterThan(0);
      for (const l of entries) {
        for (const field of ["reason", "legal_basis", "authority_name", "authority_code", "doc_no", "listed_on", "planned_removal_on"]) expect(l[field], field).toBeTruthy();
        expect(str(l.listed_on) <= TODAY).toBe(true);
        expect(str(l.planned_removal_on) > str(l.listed_on)).toBe(true);
        const subject = subjectsById.get(l.subject_id as number) as SeedRow;
        if (subject.registered_on) expect(str(l.listed_on) >= str(subject.registered_on)).toBe(true);
        if (l.status === "listed") {
          expect(l.removed_on).toBeNull();
        } else {
          expect(str(l.removed_on) > str(l.listed_on) && str(l.removed_on) <= TODAY).toBe(true);
          expect(l.removal_reason).toBeTruthy();
        }
      }
    }
    const share = (type: ListType) => seed.list_entries.filter((l) => l.list_type === type).length / seed.subjects.length;
    expect(share("abnormal_operation")).toBeGreaterThan(0.015);
    expect(share("abnormal_operation")).toBeLessThan(0.05);
    expect(share("red_list")).toBeGreaterThan(0.01);
    const abnormalReasons = new Set(seed.list_entries.filter((l) => l.list_type === "abnormal_operation").map((l) => l.reason));
    expect(abnormalReasons).toEqual(new Set(["未按规定报送年度报告", "未按照规定期限公示有关企业信息", "公示企业信息隐瞒真实情况、弄虚作假", "通过登记的住所或者经营场所无法联系"]));
    const procurement = seed.list_entries.filter((l) => l.list_type === "procurement_violation");
    expect(procurement.every((l) => str(l.legal_basis).includes("政府采购法"))).toBe(true);
    expect(seed.list_entries.filter((l) => l.list_type === "dishonest_judgment_debtor").every((l) => /^（\d{4}）渝\d{2,4}执\d+号$/.test(str(l.doc_no)))).toBe(true);
  });

  it("makes ~60% licences and ~40% penalties whose class and window follow the domain rules", () => {
    const penalties = seed.records.filter((r) => r.category === "penalty");
    const licences = seed.records.filter((r) => r.category === "licence");
    expect(penalties.length + licences.length).toBe(seed.records.length);
    const licenceShare = licences.length / seed.records.length;
    expect(licenceShare).toBeGreaterThan(0.5);
    expect(licenceShare).toBeLessThan(0.7);
    const perSubject = seed.records.length / seed.subjects.filter((s) => s.kind !== "natural_person").length;
    expect(perSubject).toBeGreaterThan(1.8);
    expect(perSubject).toBeLessThan(2.2);

    const severities = new Set<string>();
    let past = 0;
    let repaired = 0;
    for (const p of penalties) {
      const kinds = str(p.kinds).split("；");
      for (const k of kinds) expect(PENALTY_KINDS as readonly string[]).toContain(k);
      const severity = classifyPenalty({ kinds, fineWan: p.fine_wan as number | null });
      expect(p.severity).toBe(severity);
      const w = publicationWindow(str(p.decided_on), severity);
      expect(p.publish_until).toBe(w.publishUntil);
      expect(p.repairable_from).toBe(w.repairableFrom);
      severities.add(severity);
      if (str(p.publish_until) < TODAY) past++;
      if (p.status === "repaired") repaired++;
      expect(str(p.doc_no)).toMatch(/〔20\d\d〕\d+号$/);
      expect(p.title && p.facts && p.basis && p.content).toBeTruthy();
      expect(str(p.basis)).toMatch(/^《.+》第.+条/);
      if (kinds.includes("罚款")) expect(p.fine_wan as number).toBeGreaterThan(0);
      const subject = subjectsById.get(p.subject_id as number) as SeedRow;
      expect(str(p.decided_on) <= TODAY && str(p.decided_on) >= str(subject.registered_on)).toBe(true);
      expect(str(p.decided_on) >= "2021-11-01").toBe(true);
    }
    expect(severities).toEqual(new Set(["minor", "general", "serious"]));
    expect(past / penalties.length).toBeGreaterThan(0.3);
    expect(repaired).toBeGreaterThan(10);
    expect(penalties.some((p) => str(p.kinds).includes("吊销许可证件") || str(p.kinds).includes("责令停产停业") || str(p.kinds).includes("降低资质等级"))).toBe(true);

    const licenceKinds = new Set(["普通", "特许", "认可", "核准", "登记", "其他"]);
    for (const l of licences) {
      expect(licenceKinds.has(str(l.kinds))).toBe(true);
      expect(l.severity).toBeNull();
      expect(l.publish_until).toBeNull();
      expect(l.licence_ref).toBeTruthy();
      expect(str(l.valid_until) > str(l.valid_from)).toBe(true);
      expect(str(l.decided_on) <= TODAY).toBe(true);
    }
    expect(licences.some((l) => l.valid_until === "2099-12-31")).toBe(true);
  });

  it("makes commitments of several kinds, mostly fulfilled", () => {
    const c = seed.commitments;
    expect(c.length).toBeGreaterThan(100);
    const kinds = new Set(c.map((x) => x.kind));
    for (const k of ["审批替代型", "主动型"]) expect(kinds.has(k)).toBe(true);
    const status = (s: string) => c.filter((x) => x.status === s).length;
    expect(status("fulfilled")).toBeGreaterThan(status("pending"));
    expect(status("pending")).toBeGreaterThan(0);
    expect(status("breached")).toBeGreaterThan(0);
    expect(status("breached")).toBeLessThan(c.length * 0.1);
    for (const x of c) {
      expect(str(x.committed_on) <= TODAY).toBe(true);
      if (x.status === "pending") expect(x.resolved_on).toBeNull();
      else expect(str(x.resolved_on) <= TODAY && str(x.resolved_on) >= str(x.committed_on)).toBe(true);
    }
  });

  it("has the documented fixtures, consistent with today", () => {
    checkFixtures(seed, TODAY);
    const other = collect({ subjects: SEED_FIXTURE_COUNT, today: "2025-03-31", seed: 99 }).tables;
    expect(other.subjects).toHaveLength(SEED_FIXTURE_COUNT);
    checkFixtures(other, "2025-03-31");
    for (const t of ["records", "list_entries", "commitments"] as const) {
      for (const r of other[t]) for (const f of ["decided_on", "listed_on", "committed_on", "removed_on", "resolved_on"]) if (r[f]) expect(str(r[f]) <= "2025-03-31").toBe(true);
    }
  });

  it("handles tiny seeds", () => {
    expect(collect({ subjects: 0 }).tables.subjects).toHaveLength(0);
    expect(collect({ subjects: 0 }).tables.ingest_batches).toHaveLength(1);
    expect(collect({ subjects: 3 }).tables.subjects.map((s) => s.id)).toEqual([1, 2, 3]);
    expect(() => [...generateSeed({ subjects: -1 })]).toThrow(RangeError);
    expect(() => [...generateSeed({ subjects: 10, today: "2026-02-30" })]).toThrow(RangeError);
  });
});

describe("seed SQL", () => {
  it("insertStatements never binds more than 100 parameters per statement", () => {
    for (const batch of batches) {
      for (const maxParams of [100, 37]) {
        const statements = insertStatements(batch, { maxParams });
        let rows = 0;
        for (const st of statements) {
          expect(st.params.length).toBeLessThanOrEqual(maxParams);
          expect((st.sql.match(/\?/g) ?? []).length).toBe(st.params.length);
          expect(st.sql.startsWith(`INSERT INTO ${batch.table} (${SEED_COLUMNS[batch.table].join(", ")}) VALUES (`)).toBe(true);
          expect(st.params.length % SEED_COLUMNS[batch.table].length).toBe(0);
          rows += st.params.length / SEED_COLUMNS[batch.table].length;
        }
        expect(rows).toBe(batch.rows.length);
      }
    }
    expect(() => insertStatements(batches[2] as SeedBatch, { maxParams: 10 })).toThrow(RangeError);
  });

  it("toSqlText escapes literals and keeps statements under D1's size limit", () => {
    expect(sqlLiteral("O'Brien")).toBe("'O''Brien'");
    expect(sqlLiteral(null)).toBe("NULL");
    expect(sqlLiteral(undefined)).toBe("NULL");
    expect(sqlLiteral(0.05)).toBe("0.05");
    expect(sqlLiteral(true)).toBe("1");
    expect(() => sqlLiteral(Number.NaN)).toThrow(RangeError);
    const text = toSqlText({ table: "subjects", rows: [{ id: 1, name: "重庆'渝信\"公司", address: null }] });
    expect(text).toBe("INSERT INTO subjects (id, name, address) VALUES\n(1, '重庆''渝信\"公司', NULL);\n");
    const big = batches.find((b) => b.table === "records" && b.rows.length === SEED_BATCH_ROWS) as SeedBatch;
    const sql = toSqlText(big);
    const statements = sql.split(/;\n/).filter((s) => s.trim() !== "");
    expect(statements.length).toBeGreaterThan(1);
    for (const st of statements) expect(new TextEncoder().encode(st).length).toBeLessThan(D1_MAX_STATEMENT_BYTES);
    expect(sql).not.toMatch(/BEGIN|COMMIT/);
  });

  it("loads into the real schema (node:sqlite): constraints, triggers and name search hold", async () => {
    // The project's Node 22 always has node:sqlite; a failure to load it or the migrations must fail the test.
    const sqlite = await import("node:sqlite");
    const fs = await import("node:fs");
    const dir = new URL("../../migrations/", import.meta.url);
    const files = fs.readdirSync(dir).filter((f) => f.endsWith(".sql")).sort();
    const schema = files.map((f) => fs.readFileSync(new URL(f, dir), "utf8")).join("\n");
    const db = new sqlite.DatabaseSync(":memory:");
    db.exec("PRAGMA foreign_keys = ON");
    db.exec(schema);
    for (const batch of generateSeed({ subjects: 1500 })) {
      for (const st of insertStatements(batch, { maxParams: 100 })) db.prepare(st.sql).run(...(st.params as (string | number | null)[]));
    }
    const one = (sql: string) => Number(Object.values(db.prepare(sql).get() ?? {})[0]);
    expect(one("SELECT count(*) FROM subjects")).toBe(1500);
    expect(one("SELECT count(*) FROM subject_names_docsize")).toBe(1500);
    expect(one("SELECT count(*) FROM subject_name_bigrams")).toBeGreaterThan(1500 * 5);
    expect(one("SELECT count(*) FROM subject_names WHERE subject_names MATCH '渝信建'")).toBe(1);
    expect(one("SELECT count(*) FROM subject_name_bigrams WHERE gram = '渝信'")).toBe(1);
    expect(one("SELECT count(*) FROM status_history")).toBe(one("SELECT count(*) FROM records") + one("SELECT count(*) FROM list_entries"));
    expect(db.prepare("PRAGMA foreign_key_check").all()).toHaveLength(0);
    db.close();
  });
});
