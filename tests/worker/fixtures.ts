/**
 * Small, explicit fixtures for worker tests: each test says exactly which rows it relies on. Codes are
 * real-looking and valid (built with usccFromParts), dates relative to the real today so the tests keep
 * meaning the same thing whatever day they run.
 */
import { env } from "cloudflare:workers";
import { addDays, addMonths, chinaToday } from "../../shared/domain/dates";
import { classifyPenalty, publicationWindow } from "../../shared/domain/penalties";
import { USCC_ALPHABET, usccFromParts } from "../../shared/identifiers";
import { bucketOf, defaultShardOf } from "../../shared/shards/bucket";

export const TODAY = chinaToday();
export const AUTHORITY = { name: "重庆市渝中区市场监督管理局", code: usccFromParts("1", "1", "500103", "MB1K0423") };

let nextId = 1000;
let nextCode = 1;

const shardNames = Object.keys(env).filter((k) => /^SHARD_\d+$/.test(k)).sort((a, b) => Number(a.slice(6)) - Number(b.slice(6)));
/** The shard bindings of this test project, in order (none in the `worker` project). */
export const SHARD_NAMES: readonly string[] = shardNames;
/** True in the `worker-shards` test project (SHARD_* bindings, vitest.config.ts). */
export const SHARDED = shardNames.length > 0;
/** Which database fixtures write a subject's rows to: its shard under the default bucket map, or DB. */
export function shardDb(code: string): D1Database {
  if (!SHARDED) return env.DB;
  return (env as unknown as Record<string, D1Database>)[shardNames[defaultShardOf(bucketOf(code), shardNames.length)]!]!;
}
const dbOfSubject = new Map<number, D1Database>();
/** The database holding the subject a fixture inserted (fixture ids are unique across shards). */
export function subjectDb(subjectId: number): D1Database {
  return dbOfSubject.get(subjectId) ?? env.DB;
}

/** A valid, unique enterprise USCC registered in `region`. */
export function uscc(region = "500103"): string {
  let n = nextCode++;
  let body = "";
  for (let i = 0; i < 6; i++, n = Math.floor(n / 31)) body = USCC_ALPHABET[n % 31] + body;
  return usccFromParts("9", "1", region, `MA${body}`);
}

export async function insertSubject(s: { code: string; name: string; kind?: string; codeType?: string; region?: string; legacy?: boolean }): Promise<number> {
  const id = nextId++;
  const db = shardDb(s.code);
  dbOfSubject.set(id, db);
  await db.prepare(
    `INSERT INTO subjects (id, code, code_type, kind, name, legal_representative, industry_code, industry, region_code, registered_on, checksum_legacy)
     VALUES (?1, ?2, ?3, ?4, ?5, '王小明', 'E', '建筑业', ?6, '2015-06-01', ?7)`,
  )
    .bind(id, s.code, s.codeType ?? "uscc", s.kind ?? "enterprise", s.name, s.region ?? "500103", s.legacy ? 1 : 0)
    .run();
  return id;
}

/** A penalty decided `monthsAgo` months before today, its class and window from the real rules. */
export async function insertPenalty(subjectId: number, p: { docNo: string; monthsAgo: number; kinds?: string[]; fineWan?: number; status?: string }): Promise<void> {
  const kinds = p.kinds ?? ["罚款"];
  const decidedOn = addMonths(TODAY, -p.monthsAgo);
  const severity = classifyPenalty({ kinds, fineWan: p.fineWan ?? 2 });
  const window = publicationWindow(decidedOn, severity);
  await subjectDb(subjectId).prepare(
    `INSERT INTO records (subject_id, category, doc_no, title, facts, basis, kinds, content, fine_wan, authority_name, authority_code, decided_on, severity, publish_until, repairable_from, status)
     VALUES (?1, 'penalty', ?2, '未按规定公示信息', '经查，当事人……', '《中华人民共和国食品安全法》第一百二十六条', ?3, '罚款人民币贰万元整', ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)`,
  )
    .bind(subjectId, p.docNo, kinds.join("；"), p.fineWan ?? 2, AUTHORITY.name, AUTHORITY.code, decidedOn, severity, window.publishUntil, window.repairableFrom, p.status ?? "active")
    .run();
}

export async function insertLicence(subjectId: number, docNo: string, validUntil = "2099-12-31"): Promise<void> {
  await subjectDb(subjectId).prepare(
    `INSERT INTO records (subject_id, category, doc_no, title, kinds, authority_name, authority_code, decided_on, valid_from, valid_until)
     VALUES (?1, 'licence', ?2, '食品经营许可证', '普通', ?3, ?4, '2024-03-01', '2024-03-01', ?5)`,
  )
    .bind(subjectId, docNo, AUTHORITY.name, AUTHORITY.code, validUntil)
    .run();
}

export async function insertListEntry(
  subjectId: number,
  e: { listType: string; docNo: string; status?: string; plannedRemovalOn?: string | null; reason?: string },
): Promise<void> {
  await subjectDb(subjectId).prepare(
    `INSERT INTO list_entries (list_type, subject_id, reason, legal_basis, authority_name, authority_code, doc_no, listed_on, planned_removal_on, status, removed_on)
     VALUES (?1, ?2, ?3, '《严重违法失信名单管理办法》第二条', ?4, ?5, ?6, ?7, ?8, ?9, ?10)`,
  )
    .bind(
      e.listType, subjectId, e.reason ?? "提供虚假材料骗取行政许可", AUTHORITY.name, AUTHORITY.code, e.docNo, addMonths(TODAY, -6),
      e.plannedRemovalOn === undefined ? addMonths(TODAY, 30) : e.plannedRemovalOn, e.status ?? "listed", e.status === "removed" ? addDays(TODAY, -10) : null,
    )
    .run();
}
