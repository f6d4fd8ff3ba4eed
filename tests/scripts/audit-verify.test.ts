/**
 * `npm run audit:verify` as an administrator runs it, against a real local D1 (wrangler, its own state
 * folder): an intact chain passes; editing one entry directly in the database makes it name that entry.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ChainedEntry, GENESIS_HASH, entryHash } from "../../shared/audit/chain";

const ROOT = resolve(import.meta.dirname, "../..");
const BIN = join(ROOT, "node_modules/.bin");
const state = mkdtempSync(join(tmpdir(), "chayicha-audit-"));
const env = { ...process.env, PATH: `${BIN}:${process.env.PATH}` };

function wrangler(args: string[]) {
  const result = spawnSync(join(BIN, "wrangler"), args, { cwd: ROOT, encoding: "utf8", env, timeout: 120_000 });
  if (result.status !== 0) throw new Error(`wrangler ${args.join(" ")}: ${result.stderr || result.stdout}`);
}
const sql = (command: string) => wrangler(["d1", "execute", "DB", "--local", "--persist-to", state, "--command", command]);
const quote = (v: string | null) => (v === null ? "NULL" : `'${v.replaceAll("'", "''")}'`);

function verify() {
  const result = spawnSync(join(BIN, "tsx"), ["scripts/audit-verify.ts", "--persist-to", state], { cwd: ROOT, encoding: "utf8", env, timeout: 120_000 });
  return { code: result.status, out: result.stdout + result.stderr };
}

beforeAll(async () => {
  wrangler(["d1", "migrations", "apply", "DB", "--local", "--persist-to", state]);
  // Three entries chained exactly as the worker writes them (shared/audit/chain.ts).
  const statements: string[] = [];
  let prev = GENESIS_HASH;
  for (let id = 1; id <= 3; id++) {
    const e: ChainedEntry = {
      id, at: `2026-11-27T0${id}:00:00.000Z`, actor: "officer-1", actorName: "张三", role: "officer", departmentCode: "11500000MB1541618P",
      scene: "procurement", purpose: `CQZC-2026-000${id}`, route: "GET /api/v1/subjects/{code}", receiptNumber: null, answerDigest: "ab".repeat(32),
      subjects: ["91350100M000100Y43"],
    };
    const hash = await entryHash(prev, e);
    statements.push(
      `INSERT INTO query_log (id, at, actor, actor_name, role, department_code, scene, purpose, route, receipt_number, answer_digest, prev_hash, hash) VALUES (${id}, ${quote(e.at)}, ${quote(e.actor)}, ${quote(e.actorName)}, ${quote(e.role)}, ${quote(e.departmentCode)}, ${quote(e.scene)}, ${quote(e.purpose)}, ${quote(e.route)}, NULL, ${quote(e.answerDigest)}, ${quote(prev)}, ${quote(hash)});`,
      `INSERT INTO query_log_subjects (log_id, subject_code) VALUES (${id}, '91350100M000100Y43');`,
    );
    prev = hash;
  }
  sql(statements.join(" "));
}, 180_000);

afterAll(() => rmSync(state, { recursive: true, force: true }));

describe("npm run audit:verify", () => {
  it("reports an intact chain and exits 0", () => {
    const { code, out } = verify();
    expect(out).toContain("哈希链完好：共 3 条");
    expect(code).toBe(0);
  }, 120_000);

  it("names the entry edited directly in D1 and exits 1", () => {
    sql("UPDATE query_log SET purpose = 'CQZC-2026-9999' WHERE id = 2");
    const { code, out } = verify();
    expect(out).toContain("第 2 条");
    expect(out).toContain("hash_mismatch");
    expect(code).toBe(1);
  }, 120_000);
});
