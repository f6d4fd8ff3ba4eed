/**
 * Moves one virtual bucket to another shard database (issue 12 item 4, docs/deployment.md "Moving a bucket"):
 *
 *   npm run shards:move -- --bucket 17 --to SHARD_4
 *   npm run shards:move -- --bucket 17 --to SHARD_4 --url https://credit.example.gov.cn --token <管理员令牌>
 *   npm run shards:move -- --bucket 17 --to SHARD_4 --abort     (roll back, only before the map is switched)
 *
 * It calls POST /api/v1/admin/shards/move until the phase is "done", one small step per request (copy pages,
 * verification, switch, delete pages), printing each step. The state of the move lives in the control database,
 * so after an interruption the same command resumes where it stopped. Without --token a local admin token is
 * signed with the worker's key (.dev.vars), as npm run ingest does.
 */
import { parseArgs } from "node:util";
import type { ShardMoveStep } from "../shared/contract/shards";
import { localAdminToken } from "./ingest";
import { localIssuer } from "./lib/origin";

const { values } = parseArgs({
  options: { bucket: { type: "string" }, to: { type: "string" }, url: { type: "string" }, token: { type: "string" }, abort: { type: "boolean", default: false } },
});
const bucket = Number(values.bucket);
if (!values.bucket || !Number.isInteger(bucket) || bucket < 0 || bucket > 255 || !/^SHARD_\d+$/.test(values.to ?? "")) {
  console.error("用法：npm run shards:move -- --bucket <0–255> --to SHARD_n [--url 地址] [--token 管理员令牌] [--abort]");
  process.exit(2);
}
const url = (values.url ?? localIssuer()).replace(/\/$/, "");
const token = values.token ?? (await localAdminToken(url));

/** One request, retried with backoff on 429, 5xx and network errors (every step is idempotent). */
async function step(action: "step" | "abort"): Promise<ShardMoveStep> {
  for (let attempt = 0; ; attempt++) {
    try {
      const res = await fetch(`${url}/api/v1/admin/shards/move`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
        body: JSON.stringify({ bucket, to: values.to, action }),
      });
      const body = (await res.json()) as ShardMoveStep & { error?: { code: string; message: string; details?: unknown } };
      if (res.ok) return body;
      if ((res.status !== 429 && res.status < 500) || attempt >= 5) throw new Error(`${res.status} ${body.error?.message ?? ""} ${JSON.stringify(body.error?.details ?? "")}`);
    } catch (err) {
      if (attempt >= 5 || (err as Error).message.match(/^\d{3} /)) throw err;
    }
    await new Promise((r) => setTimeout(r, 500 * 2 ** attempt));
  }
}

try {
  if (values.abort) {
    console.log((await step("abort")).progress);
  } else {
    for (;;) {
      const s = await step("step");
      console.log(`[${s.phase}] ${s.progress}`);
      if (s.phase === "done") break;
    }
    console.log(`✔ 桶 ${bucket} 已迁至 ${values.to}`);
  }
} catch (err) {
  console.error(`迁移未完成：${(err as Error).message}（再次运行同一命令即可继续）`);
  process.exit(1);
}
