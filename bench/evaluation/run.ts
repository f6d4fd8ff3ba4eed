/**
 * `npm run bench:evaluation [-- --sizes 5000,100000 --chunk 500 --fresh]`
 *
 * Full recomputation throughput of the 公共信用综合评价 through the real worker path: for each size, a local
 * D1 seeded with the deterministic generator, `wrangler dev`, and an admin driving the same job step the
 * Cron Trigger runs (`POST /api/v1/evaluations/recompute`) until the full pass is done. Two passes per size:
 * the first grades every organisation (inserts), the second is the daily pass over graded subjects (most
 * results unchanged, refreshed in place). Prints subjects per second and the per-subject time ratio between
 * the largest and the smallest size (near 1 means the cost per subject does not grow with the population).
 */
import { parseArgs } from "node:util";
import { SignJWT, importJWK, type JWK } from "jose";
import { DEFAULT_AUDIENCE } from "../../shared/auth/claims";
import { ensureDevVars } from "../../scripts/lib/dev-vars";
import { startWorker } from "../../tests/e2e/server";
import { machine } from "../lib/load";
import { sumOverShards } from "../lib/shards";

const { values } = parseArgs({
  options: {
    sizes: { type: "string", default: "5000,100000" },
    chunk: { type: "string", default: "500" },
    "chunks-per-call": { type: "string", default: "40" },
    fresh: { type: "boolean", default: false },
  },
});
const sizes = values.sizes!.split(",").map((s) => Number(s.trim()));
const chunkSize = Number(values.chunk);
const maxChunks = Number(values["chunks-per-call"]);

interface Pass {
  subjects: number;
  seconds: number;
  calls: number;
  chunks: number;
  regraded: number;
}

interface Measured {
  size: number;
  organisations: number;
  first: Pass;
  daily: Pass;
}

async function adminToken(issuer: string): Promise<string> {
  const vars = await ensureDevVars();
  const jwk = JSON.parse(vars.TOKEN_SIGNING_KEY!) as JWK;
  return new SignJWT({ role: "admin", name: "基准测试" })
    .setProtectedHeader({ alg: "EdDSA", kid: jwk.kid!, typ: "JWT" })
    .setSubject("bench:evaluation")
    .setIssuer(issuer)
    .setAudience(DEFAULT_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime("2h")
    .sign(await importJWK(jwk, "EdDSA"));
}

/** Drives one full pass to its end; `restart` supersedes whatever pass ran before. */
async function fullPass(origin: string, token: string): Promise<Pass> {
  let calls = 0;
  const started = performance.now();
  for (;;) {
    const res = await fetch(`${origin}/api/v1/evaluations/recompute`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ maxChunks, chunkSize, restart: calls === 0 }),
    });
    if (!res.ok) throw new Error(`recompute answered ${res.status}: ${await res.text()}`);
    const progress = (await res.json()) as { done: boolean; run: { processed: number; chunks: number; regraded: number } };
    calls++;
    if (progress.done) {
      const seconds = (performance.now() - started) / 1000;
      return { subjects: progress.run.processed, seconds, calls, chunks: progress.run.chunks, regraded: progress.run.regraded };
    }
  }
}

async function measure(size: number): Promise<Measured> {
  const stateDir = `.wrangler/bench-evaluation-${size}`;
  console.error(`准备：${size} 个主体（${stateDir}）…`);
  const worker = await startWorker({ stateDir, subjects: size, fresh: values.fresh, vars: { RATE_LIMIT: "off" } });
  try {
    const organisations = await sumOverShards(stateDir, "SELECT count(*) AS n FROM subjects WHERE code_type = 'uscc'");
    const token = await adminToken(worker.origin);
    const first = await fullPass(worker.origin, token);
    console.error(`  首次全量：${first.subjects} 个主体 ${first.seconds.toFixed(1)} s（${(first.subjects / first.seconds).toFixed(0)} 个/秒）`);
    const daily = await fullPass(worker.origin, token);
    console.error(`  日常全量：${daily.subjects} 个主体 ${daily.seconds.toFixed(1)} s（${(daily.subjects / daily.seconds).toFixed(0)} 个/秒）`);
    return { size, organisations, first, daily };
  } finally {
    await worker.stop();
  }
}

const results: Measured[] = [];
for (const size of sizes) results.push(await measure(size));

const rate = (p: Pass) => p.subjects / p.seconds;
const perSubjectMs = (p: Pass) => (1000 * p.seconds) / p.subjects;
console.log(`\n## 公共信用综合评价：全量重算吞吐（${machine()}，wrangler dev + 本地 D1，每块 ${chunkSize} 个主体，每次调用至多 ${maxChunks} 块）\n`);
console.log("| 主体数 | 参评组织 | 轮次 | 耗时 s | 主体/秒 | 每主体 ms | 调用次数 | 分块数 | 等级变化 |\n|---:|---:|---|---:|---:|---:|---:|---:|---:|");
for (const r of results) {
  for (const [label, p] of [["首次（写入）", r.first], ["日常（原位刷新）", r.daily]] as const) {
    console.log(`| ${r.size} | ${r.organisations} | ${label} | ${p.seconds.toFixed(1)} | ${rate(p).toFixed(0)} | ${perSubjectMs(p).toFixed(3)} | ${p.calls} | ${p.chunks} | ${p.regraded} |`);
  }
}
if (results.length >= 2) {
  const small = results[0]!;
  const large = results.at(-1)!;
  console.log(`\n每主体耗时之比（${large.size} ÷ ${small.size}）：首次 ${(perSubjectMs(large.first) / perSubjectMs(small.first)).toFixed(2)}，日常 ${(perSubjectMs(large.daily) / perSubjectMs(small.daily)).toFixed(2)}（接近 1 表示单个主体的成本不随总量增长）`);
}
