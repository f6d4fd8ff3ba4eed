/**
 * `npm run bench:lookup [-- --subjects 5000 --seconds 8 --concurrency 16 --rounds 2]`
 *
 * Lookup and search throughput and latency percentiles against the real worker (`wrangler dev`, local
 * D1, seeded), side by side with `/api/v1/health` — a route that does no work — in the same run, rounds
 * interleaved so machine noise hits every route alike. Prints the ratios to the baseline.
 */
import { parseArgs } from "node:util";
import { queryLocalShards } from "../../scripts/lib/local-d1";
import { startWorker } from "../../tests/e2e/server";
import { type LoadResult, machine, runLoad, table } from "../lib/load";

const { values } = parseArgs({
  options: {
    subjects: { type: "string", default: "5000" },
    seconds: { type: "string", default: "8" },
    concurrency: { type: "string", default: "16" },
    rounds: { type: "string", default: "2" },
    "state-dir": { type: "string", default: ".wrangler/bench-lookup" },
    fresh: { type: "boolean", default: false },
  },
});
const subjects = Number(values.subjects);
const seconds = Number(values.seconds);
const concurrency = Number(values.concurrency);
const rounds = Number(values.rounds);
const stateDir = values["state-dir"]!;

console.error(`准备基准：${subjects} 个主体（${stateDir}）…`);
const worker = await startWorker({ stateDir, subjects, fresh: values.fresh, vars: { RATE_LIMIT: "off" } });
try {
  // Sample codes and names from every shard (each shard's share of 1000), interleaved so every shard is asked.
  const perShard = (sql: string) => queryLocalShards<Record<string, string>>(stateDir, sql);
  const interleave = (rows: Record<string, string>[], key: string) => [...rows].sort((a, b) => Number(a.k) - Number(b.k)).map((r) => r[key]!).slice(0, 1000);
  const codes = interleave(await perShard("SELECT code, row_number() OVER (ORDER BY id % 97, id) AS k FROM subjects WHERE code_type = 'uscc' ORDER BY id % 97, id LIMIT 1000"), "code");
  const names = interleave(await perShard("SELECT name, row_number() OVER (ORDER BY id % 89, id) AS k FROM subjects WHERE code_type = 'uscc' ORDER BY id % 89, id LIMIT 1000"), "name");
  // Queries of every length the search serves: 1 and 2 characters (bigram path), 4 characters (FTS5 trigram), code prefixes.
  const queries = names.flatMap((n, i) => {
    const start = i % Math.max(1, n.length - 4);
    return [n.slice(start, start + 1), n.slice(start, start + 2), n.slice(start, start + 4), codes[i % codes.length]!.slice(0, 8)];
  });
  const routes: [string, (i: number) => { url: string }][] = [
    ["health (no work)", () => ({ url: `${worker.origin}/api/v1/health` })],
    ["lookup GET /api/v1/subjects/{code}", (i) => ({ url: `${worker.origin}/api/v1/subjects/${codes[i % codes.length]}` })],
    ["search GET /api/v1/search", (i) => ({ url: `${worker.origin}/api/v1/search?q=${encodeURIComponent(queries[i % queries.length]!)}` })],
  ];
  // Warm up every route (JIT, SQLite page cache) before measuring.
  for (const [name, next] of routes) await runLoad(name, next, { seconds: 1, concurrency });
  const totals = new Map<string, LoadResult[]>();
  for (let round = 0; round < rounds; round++) {
    for (const [name, next] of routes) {
      const result = await runLoad(name, next, { seconds, concurrency });
      totals.set(name, [...(totals.get(name) ?? []), result]);
      console.error(`  第 ${round + 1} 轮 ${name}: ${result.perSecond.toFixed(0)} req/s, p50 ${result.p50.toFixed(2)} ms`);
    }
  }
  // Combine rounds: total requests over total time; percentiles as the median of the rounds' values.
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const rows = [...totals.entries()].map(([name, rs]) => ({
    name,
    requests: rs.reduce((s, r) => s + r.requests, 0),
    errors: rs.reduce((s, r) => s + r.errors, 0),
    seconds: rs.reduce((s, r) => s + r.seconds, 0),
    perSecond: rs.reduce((s, r) => s + r.requests, 0) / rs.reduce((s, r) => s + r.seconds, 0),
    p50: median(rs.map((r) => r.p50)),
    p95: median(rs.map((r) => r.p95)),
    p99: median(rs.map((r) => r.p99)),
  }));
  const base = rows[0]!;
  console.log(`\n## bench:lookup — ${new Date().toISOString()}\n`);
  console.log(`Machine: ${machine()}. Worker: wrangler dev (workerd, local D1), ${subjects} seeded subjects, ${concurrency} concurrent clients, ${rounds} × ${seconds} s per route, rounds interleaved.\n`);
  console.log(table(rows));
  console.log("\n| route | throughput vs health | p50 latency vs health |\n|---|---:|---:|");
  for (const r of rows.slice(1)) console.log(`| ${r.name} | ${(r.perSecond / base.perSecond).toFixed(2)} | ${(r.p50 / base.p50).toFixed(2)} |`);
} finally {
  await worker.stop();
}
