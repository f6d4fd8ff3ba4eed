/**
 * Migration 0006 masks the resident ID numbers already stored in free text, in plain SQL inside the real local D1.
 * Rows are written unmasked (as earlier versions stored them), the migration's masking statements are applied again,
 * and every text must then equal what the ingest path's maskIdNumbersInText makes of it — for hand-picked texts in
 * every covered table and for a few hundred generated ones full of near misses.
 */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { chinaToday } from "../../shared/domain/dates";
import { idCheckChar, maskIdNumbersInText } from "../../shared/identifiers";
import { insertSubject, uscc } from "./fixtures";

const ID18 = "11010519491231002X";
const ID15 = "110105491231002";
const WIDE = "１１０１０５１９４９１２３１００２Ｘ";
const TEXT = `当事人张某（身份证号${ID18}），李某（${ID15}），王某（${WIDE}），赵某（11010519491231002x），账号6222021234567890123`;

/** The masking statements of 0006: everything but its schema changes, which cannot run twice. */
function maskingStatements(): string[] {
  const migration = env.TEST_MIGRATIONS.find((m) => m.name.startsWith("0006"));
  if (!migration) throw new Error("migration 0006 not found");
  const queries = migration.queries.filter((q) => !/^\s*(--[^\n]*\n\s*)*(ALTER TABLE (records|subjects)|CREATE INDEX (records|subjects)_)/.test(q));
  // The schema part is 7 statements; the rest is the masking (work tables, 14 steps, write-back, clean-up).
  expect(migration.queries.length - queries.length).toBe(7);
  return queries;
}

async function applyMasking(): Promise<void> {
  await env.DB.batch(maskingStatements().map((q) => env.DB.prepare(q)));
}

let subjectId = 0;
let personId = 0;
let recordId = 0;

async function insertRecord(docNo: string, facts: string): Promise<number> {
  const row = await env.DB.prepare(
    `INSERT INTO records (subject_id, category, doc_no, title, facts, basis, kinds, content, licence_ref, remark, authority_name, authority_code, decided_on, source_unit_name)
     VALUES (?1, 'penalty', ?2, ?3, ?3, ?3, '罚款', ?3, ?3, ?3, ?3, '11500103MB1K04239H', '2026-01-05', ?3) RETURNING id`,
  )
    .bind(subjectId, docNo, facts)
    .first<{ id: number }>();
  // Every text column took the same value; facts is set on its own to the text under test.
  await env.DB.prepare("UPDATE records SET facts = ?2 WHERE id = ?1").bind(row!.id, facts).run();
  return row!.id;
}

beforeAll(async () => {
  subjectId = await insertSubject({ code: uscc(), name: `重庆${ID18}商贸有限公司` });
  personId = await insertSubject({ code: ID18, name: "张某", kind: "natural_person", codeType: "id_number" });
  await env.DB.prepare("UPDATE subjects SET legal_representative = ?2, address = ?2, industry = ?2 WHERE id = ?1").bind(subjectId, TEXT).run();
  recordId = await insertRecord(`渝中市监罚〔2026〕${ID15}号`, TEXT);
  await env.DB.prepare("UPDATE records SET title = ?2, basis = ?2, content = ?2, licence_ref = ?2, remark = ?2, authority_name = ?2, source_unit_name = ?2 WHERE id = ?1").bind(recordId, TEXT).run();
  await env.DB.prepare(
    `INSERT INTO record_versions (record_id, version, snapshot, replaced_at) VALUES (?1, 1, json_object('doc_no', 'x', 'facts', ?2, 'remark', ?2, 'fine_wan', 2), '2026-01-01T00:00:00.000Z')`,
  )
    .bind(recordId, TEXT)
    .run();
  await env.DB.prepare(
    `INSERT INTO list_entries (list_type, subject_id, reason, legal_basis, authority_name, authority_code, doc_no, listed_on, removal_reason, status)
     VALUES ('serious_dishonesty', ?1, ?2, ?2, '认定部门', '11500103MB1K04239H', '渝中市监严失〔2026〕1号', '2026-01-05', ?2, 'removed')`,
  )
    .bind(subjectId, TEXT)
    .run();
  await env.DB.prepare(
    `INSERT INTO commitments (subject_id, kind, matter, authority_name, authority_code, doc_no, committed_on) VALUES (?1, '审批替代型', ?2, '受理单位', '11500112MB1C27417Q', '渝北承诺〔2026〕1号', '2026-01-05')`,
  )
    .bind(subjectId, TEXT)
    .run();
  await env.DB.prepare(
    `INSERT INTO entity_versions (entity, entity_id, snapshot, replaced_at) VALUES ('subject', ?1, json_object('code', ?3, 'name', ?2, 'address', ?2), '2026-01-01T00:00:00.000Z')`,
  )
    .bind(personId, TEXT, ID18)
    .run();
  await env.DB.prepare("INSERT INTO status_history (entity, entity_id, from_status, to_status, reason) VALUES ('record', ?1, 'active', 'active', ?2)").bind(recordId, TEXT).run();
  const batch = await env.DB.prepare(
    `INSERT INTO ingest_batches (kind, source_unit_name, source_unit_code, file_name, received_at, report) VALUES ('penalties', '重庆市市场监督管理局', '11500000MB1541618P', ?1, '2026-01-05T00:00:00.000Z', json_object('ignoredColumns', json_array(?1))) RETURNING id`,
  )
    .bind(TEXT)
    .first<{ id: number }>();
  await env.DB.prepare("INSERT INTO ingest_rejections (batch_id, row_number, field, rule, message, raw) VALUES (?1, 3, ?2, 'date', ?2, ?2)").bind(batch!.id, TEXT).run();
  await env.DB.prepare(
    `INSERT INTO repair_cases (tracking, target_kind, target_id, subject_id, authority_code, authority_name, applicant_name, applicant_contact, commitment_accepted, commitment_text, statement, reason, deadline, submitted_on, submitted_at)
     VALUES ('XF-20260105-ABCDEF', 'record', ?1, ?2, '11500103MB1K04239H', ?3, ?3, ?3, 1, ?3, ?3, ?3, '2026-01-20', '2026-01-05', '2026-01-05T00:00:00.000Z')`,
  )
    .bind(recordId, subjectId, TEXT)
    .run();
  await env.DB.prepare(
    `INSERT INTO objection_cases (tracking, target_kind, target_id, subject_id, decider_code, applicant_name, applicant_contact, reason, decision_reason, corrections, deadline, submitted_on, submitted_at)
     VALUES ('YY-20260105-ABCDEF', 'record', ?1, ?2, '11500103MB1K04239H', ?3, ?3, ?3, ?3, json_object('facts', ?3), '2026-01-20', '2026-01-05', '2026-01-05T00:00:00.000Z')`,
  )
    .bind(recordId, subjectId, TEXT)
    .run();
  await env.DB.prepare("INSERT INTO case_events (case_kind, tracking, at, actor, action, to_state, note) VALUES ('repair', 'XF-20260105-ABCDEF', '2026-01-05T00:00:00.000Z', 'applicant', 'filed', 'submitted', ?1)").bind(TEXT).run();
  await env.DB.prepare("INSERT INTO webhook_deliveries (event, payload, next_attempt_at, created_at, last_error) VALUES ('case.decided', json_object('note', ?1), '2026-01-05T00:00:00.000Z', '2026-01-05T00:00:00.000Z', ?1)").bind(TEXT).run();
});

describe("migration 0006 masks ID numbers already stored", () => {
  it("in every free-text column of every covered table, as the ingest path would have", async () => {
    const masked = maskIdNumbersInText(TEXT);
    expect(masked).not.toBe(TEXT);
    const changesBefore = (await env.DB.prepare("SELECT count(*) AS n FROM changes WHERE entity = 'record' AND entity_id = ?1").bind(recordId).first<{ n: number }>())!.n;
    await applyMasking();
    const one = (sql: string, ...params: unknown[]) => env.DB.prepare(sql).bind(...params).first<Record<string, unknown>>();
    const record = await one("SELECT title, facts, basis, content, licence_ref, remark, authority_name, source_unit_name, doc_no FROM records WHERE id = ?1", recordId);
    expect(record).toEqual({
      title: masked, facts: masked, basis: masked, content: masked, licence_ref: masked, remark: masked, authority_name: masked, source_unit_name: masked,
      doc_no: maskIdNumbersInText(`渝中市监罚〔2026〕${ID15}号`),
    });
    expect(await one("SELECT name, legal_representative, address, industry FROM subjects WHERE id = ?1", subjectId)).toEqual({
      name: maskIdNumbersInText(`重庆${ID18}商贸有限公司`), legal_representative: masked, address: masked, industry: masked,
    });
    // A person's code is the key, not free text: kept, in the table and in the snapshot of an earlier version.
    expect(await one("SELECT code FROM subjects WHERE id = ?1", personId)).toEqual({ code: ID18 });
    expect(JSON.parse((await one("SELECT snapshot FROM entity_versions WHERE entity_id = ?1", personId))!.snapshot as string)).toEqual({ code: ID18, name: masked, address: masked });
    expect(JSON.parse((await one("SELECT snapshot FROM record_versions WHERE record_id = ?1", recordId))!.snapshot as string)).toEqual({ doc_no: "x", facts: masked, remark: masked, fine_wan: 2 });
    expect(await one("SELECT reason, legal_basis, removal_reason FROM list_entries WHERE subject_id = ?1", subjectId)).toEqual({ reason: masked, legal_basis: masked, removal_reason: masked });
    expect(await one("SELECT matter FROM commitments WHERE subject_id = ?1", subjectId)).toEqual({ matter: masked });
    expect(await one("SELECT reason FROM status_history WHERE entity_id = ?1 AND reason IS NOT NULL AND entity = 'record'", recordId)).toEqual({ reason: masked });
    expect(await one("SELECT field, message, raw FROM ingest_rejections")).toEqual({ field: masked, message: masked, raw: masked });
    expect(await one("SELECT file_name, json_extract(report, '$.ignoredColumns[0]') AS col FROM ingest_batches")).toEqual({ file_name: masked, col: masked });
    expect(await one("SELECT authority_name, applicant_name, applicant_contact, commitment_text, statement, reason FROM repair_cases")).toEqual({
      authority_name: masked, applicant_name: masked, applicant_contact: masked, commitment_text: masked, statement: masked, reason: masked,
    });
    expect(await one("SELECT applicant_name, reason, decision_reason, json_extract(corrections, '$.facts') AS facts FROM objection_cases")).toEqual({
      applicant_name: masked, reason: masked, decision_reason: masked, facts: masked,
    });
    expect(await one("SELECT note FROM case_events")).toEqual({ note: masked });
    expect(await one("SELECT json_extract(payload, '$.note') AS note, last_error FROM webhook_deliveries")).toEqual({ note: masked, last_error: masked });
    // The record changed: the change feed says so, so copies downstream fetch the masked text.
    const changesAfter = (await env.DB.prepare("SELECT count(*) AS n FROM changes WHERE entity = 'record' AND entity_id = ?1").bind(recordId).first<{ n: number }>())!.n;
    expect(changesAfter).toBeGreaterThan(changesBefore);
    // Nothing left to do the second time: no write, no change-feed row.
    await applyMasking();
    expect((await env.DB.prepare("SELECT count(*) AS n FROM changes WHERE entity = 'record' AND entity_id = ?1").bind(recordId).first<{ n: number }>())!.n).toBe(changesAfter);
    expect(await env.DB.prepare("SELECT name FROM sqlite_master WHERE name LIKE 'id_mask_%'").all()).toMatchObject({ results: [] });
  });

  it("agrees with maskIdNumbersInText on generated texts full of near misses", async () => {
    const texts = generatedTexts(300);
    const ids: number[] = [];
    for (const [i, text] of texts.entries()) ids.push(await insertRecord(`渝中市监罚〔2026〕G${i}号`, text));
    await applyMasking();
    const stored = await env.DB.prepare(`SELECT id, facts FROM records WHERE id IN (${ids.join(",")})`).all<{ id: number; facts: string }>();
    const byId = new Map(stored.results.map((r) => [r.id, r.facts]));
    const mismatches = texts.map((t, i) => ({ text: t, sql: byId.get(ids[i]!), js: maskIdNumbersInText(t) })).filter((m) => m.sql !== m.js);
    expect(mismatches).toEqual([]);
    // The generator did produce numbers to mask, of every kind.
    expect(texts.filter((t) => maskIdNumbersInText(t) !== t).length).toBeGreaterThan(100);
  });
});

/** Deterministic texts: valid 18- and 15-digit numbers, wrong check characters, impossible or future birth dates, runs too long or too short, full-width digits, x/X, numbers back to back. */
function generatedTexts(count: number): string[] {
  let seed = 20261127;
  // mulberry32: the low bits of a plain LCG repeat too soon to pick parts from.
  const rand = (n: number) => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) % n;
  };
  const pad = (n: number, w: number) => String(n).padStart(w, "0");
  const today = chinaToday().replace(/-/g, "");
  const birth = () => {
    const y = [1899, 1900, 1949, 1980, 2000, Number(today.slice(0, 4)), Number(today.slice(0, 4)) + 1][rand(7)]!;
    const m = rand(10) === 0 ? 13 : 1 + rand(12);
    const d = rand(10) === 0 ? 30 + rand(2) : 1 + rand(28);
    return `${y}${pad(m, 2)}${pad(d, 2)}`;
  };
  const regions = ["110105", "500103", "990101", "440524", "710000"];
  const id18 = () => {
    const first = `${regions[rand(regions.length)]}${birth()}${pad(rand(1000), 3)}`;
    const check = idCheckChar(first);
    const c = rand(6) === 0 ? String((Number(check === "X" ? 0 : check) + 1) % 10) : rand(4) === 0 ? check.toLowerCase() : check;
    return first + c;
  };
  const id15 = () => `${regions[rand(regions.length)]}${birth().slice(2)}${pad(rand(1000), 3)}`;
  const wide = (s: string) => s.replace(/[0-9Xx]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0));
  // A valid number whose last 6 digits start a second valid number: only the first is masked (windows do not overlap).
  const overlapping = () => {
    const first = `500103${1950 + rand(50)}0${1 + rand(9)}1${rand(10)}${pad(rand(1000), 3)}`;
    const a = first + idCheckChar(first);
    const rest = `19${pad(50 + rand(50), 2)}0${1 + rand(9)}2${rand(8)}${pad(rand(1000), 3)}`;
    return a === first + "X" ? a : a + rest + idCheckChar(a.slice(12) + rest);
  };
  const digits = (n: number) => Array.from({ length: n }, () => String(rand(10))).join("");
  const parts = [
    () => "经查，当事人",
    () => "（身份证号",
    () => "），",
    () => "X",
    () => " ",
    id18,
    id18,
    id15,
    () => id18() + id18(),
    () => digits(1 + rand(3)) + id18(),
    () => id18() + digits(1 + rand(3)),
    () => wide(id18()),
    () => wide(id15()),
    () => digits(14 + rand(6)),
    () => id15() + "X",
    overlapping,
  ];
  return Array.from({ length: count }, () => Array.from({ length: 2 + rand(6) }, () => parts[rand(parts.length)]!()).join(""));
}
