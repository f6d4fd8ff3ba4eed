/**
 * The query log's hash chain (tamper evidence for 查询使用登记). Each entry's hash covers its own fields
 * and the previous entry's hash, so editing or deleting any entry breaks every link after it. Shared by
 * the worker (which writes entries) and `npm run audit:verify` (which checks them).
 */

/** The `prev_hash` of the first entry. */
export const GENESIS_HASH = "0".repeat(64);

export interface ChainedEntry {
  id: number;
  at: string;
  actor: string;
  actorName: string | null;
  role: string;
  departmentCode: string | null;
  scene: string | null;
  purpose: string | null;
  route: string;
  receiptNumber: string | null;
  answerDigest: string | null;
  subjects: readonly string[];
}

/** Hex SHA-256 of a UTF-8 string. */
export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * The hash of an entry given the hash before it: SHA-256 over a JSON array in fixed field order (subjects
 * sorted), so the same entry always hashes the same.
 */
export function entryHash(prevHash: string, e: ChainedEntry): Promise<string> {
  const canonical = JSON.stringify([
    prevHash, e.id, e.at, e.actor, e.actorName, e.role, e.departmentCode, e.scene, e.purpose, e.route, e.receiptNumber, e.answerDigest,
    [...e.subjects].sort(),
  ]);
  return sha256Hex(canonical);
}

export type ChainBreak = { id: number; problem: "prev_hash_mismatch" | "hash_mismatch" | "id_gap"; message: string };

/**
 * Walks entries in id order and returns the first broken link, or null when the chain holds.
 * `prevOfFirst` lets a caller verify a chain in pages.
 */
export async function findFirstBreak(
  entries: Iterable<ChainedEntry & { prevHash: string; hash: string }>,
  prevOfFirst: { id: number; hash: string } = { id: 0, hash: GENESIS_HASH },
): Promise<ChainBreak | null> {
  let prev = prevOfFirst;
  for (const e of entries) {
    if (e.id !== prev.id + 1) return { id: e.id, problem: "id_gap", message: `第 ${prev.id + 1} 条记录缺失（下一条为第 ${e.id} 条）` };
    if (e.prevHash !== prev.hash) return { id: e.id, problem: "prev_hash_mismatch", message: `第 ${e.id} 条记录的前序哈希与第 ${prev.id} 条不符` };
    if ((await entryHash(e.prevHash, e)) !== e.hash) return { id: e.id, problem: "hash_mismatch", message: `第 ${e.id} 条记录的内容与其哈希不符（已被修改）` };
    prev = { id: e.id, hash: e.hash };
  }
  return null;
}
