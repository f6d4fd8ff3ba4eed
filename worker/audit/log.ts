import { type ChainedEntry, GENESIS_HASH, entryHash, sha256Hex } from "../../shared/audit/chain";
import type { Principal } from "../../shared/auth/principal";
import type { ShardRouter } from "../shards";
import { bumpQueryCounts } from "./counts";

export interface QueryRecord {
  route: string;
  scene: string | null;
  purpose: string | null;
  subjects: readonly string[];
  receiptNumber?: string | null;
  /** The answer exactly as sent; only its SHA-256 is kept. */
  answer: string;
}

/**
 * Writes one 查询使用登记 entry for an authenticated read, chained to the entry before it. The id is the
 * previous id + 1 and the primary key makes two concurrent writers collide, so the loser re-reads the
 * chain's end and tries again: the chain never forks. The entry goes to the control database; each named
 * subject's 近90天查询次数 is then bumped in its shard (./counts). Should that second write fail, the log entry
 * stands and the error is thrown: the figure a profile shows may then be one short, the log never is.
 */
export async function appendQueryLog(shards: ShardRouter, principal: Exclude<Principal, { role: "public" }>, record: QueryRecord, now = new Date()): Promise<number> {
  const answerDigest = await sha256Hex(record.answer);
  const db = shards.control;
  for (let attempt = 0; attempt < 8; attempt++) {
    const last = await db.prepare("SELECT id, hash FROM query_log ORDER BY id DESC LIMIT 1").first<{ id: number; hash: string }>();
    const entry: ChainedEntry = {
      id: (last?.id ?? 0) + 1,
      at: now.toISOString(),
      actor: principal.id,
      actorName: principal.name,
      role: principal.role,
      departmentCode: principal.role === "officer" ? principal.department : principal.role === "admin" ? (principal.department ?? null) : principal.sourceUnit,
      scene: record.scene,
      purpose: record.purpose,
      route: record.route,
      receiptNumber: record.receiptNumber ?? null,
      answerDigest,
      subjects: [...new Set(record.subjects)],
    };
    const prevHash = last?.hash ?? GENESIS_HASH;
    const hash = await entryHash(prevHash, entry);
    try {
      await db.batch([
        db
          .prepare(
            `INSERT INTO query_log (id, at, actor, actor_name, role, department_code, scene, purpose, route, receipt_number, answer_digest, prev_hash, hash)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)`,
          )
          .bind(entry.id, entry.at, entry.actor, entry.actorName, entry.role, entry.departmentCode, entry.scene, entry.purpose, entry.route, entry.receiptNumber, entry.answerDigest, prevHash, hash),
        db.prepare("INSERT INTO query_log_subjects (log_id, subject_code) SELECT ?1, value FROM json_each(?2)").bind(entry.id, JSON.stringify(entry.subjects)),
      ]);
    } catch (err) {
      if (!/UNIQUE|PRIMARY KEY|constraint/i.test(String(err))) throw err;
      continue;
    }
    await bumpQueryCounts(shards, entry.subjects, now);
    return entry.id;
  }
  throw new Error("query log: could not append after 8 attempts (write contention)");
}
