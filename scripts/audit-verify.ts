/**
 * `npm run audit:verify [-- --remote | --persist-to DIR]`: walks the query log (查询使用登记) in id order,
 * recomputes every entry's hash and reports the first broken link: an entry edited, deleted or inserted
 * after the fact. Exit code 0 when the chain holds, 1 when it is broken.
 */
import { parseArgs } from "node:util";
import { findFirstBreak } from "../shared/audit/chain";
import { d1Query } from "./lib/d1-query";

const { values } = parseArgs({ options: { remote: { type: "boolean", default: false }, "persist-to": { type: "string" } } });
const target = { remote: values.remote, persistTo: values["persist-to"] };
const PAGE = 5000;

interface Row {
  id: number; at: string; actor: string; actor_name: string | null; role: string; department_code: string | null; scene: string | null;
  purpose: string | null; route: string; receipt_number: string | null; answer_digest: string | null; prev_hash: string; hash: string; subjects: string;
}

let prev = { id: 0, hash: "0".repeat(64) };
let checked = 0;
for (;;) {
  const rows = d1Query<Row>(
    `SELECT q.*, (SELECT json_group_array(subject_code) FROM query_log_subjects WHERE log_id = q.id) AS subjects
       FROM query_log q WHERE q.id > ${prev.id} ORDER BY q.id LIMIT ${PAGE}`,
    target,
  );
  if (rows.length === 0) break;
  const entries = rows.map((r) => ({
    id: r.id, at: r.at, actor: r.actor, actorName: r.actor_name, role: r.role, departmentCode: r.department_code, scene: r.scene,
    purpose: r.purpose, route: r.route, receiptNumber: r.receipt_number, answerDigest: r.answer_digest,
    subjects: JSON.parse(r.subjects) as string[], prevHash: r.prev_hash, hash: r.hash,
  }));
  const broken = await findFirstBreak(entries, prev);
  if (broken) {
    console.error(`✖ 查询使用登记哈希链断裂：第 ${broken.id} 条（${broken.problem}）— ${broken.message}`);
    console.error(`  此前 ${checked + entries.findIndex((e) => e.id === broken.id)} 条完好。`);
    process.exit(1);
  }
  checked += entries.length;
  const last = entries[entries.length - 1]!;
  prev = { id: last.id, hash: last.hash };
  process.stderr.write(`已校验 ${checked} 条…\r`);
}
console.log(`✔ 查询使用登记哈希链完好：共 ${checked} 条。`);
