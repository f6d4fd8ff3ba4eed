/**
 * CPU time of this machine's processes, read from /proc (Linux): where the cores go during a measured phase
 * (bench:extension's BENCH_DETAIL split by process, bench:scale's CPU per request of the worker's processes).
 */
import { readFileSync, readdirSync } from "node:fs";

const TICK_MS = 1000 / 100; // USER_HZ

export interface ProcessCpu {
  pid: number;
  /** Process group: a `wrangler dev` started by tests/e2e/server.ts leads its own, with workerd and esbuild in it. */
  pgid: number;
  /** What it is: `workerd`, `node wrangler/wrangler-dist/cli.js`, `chromium renderer (extension)` … */
  kind: string;
  /** User + system CPU since it started. */
  ms: number;
}

/** Every process readable now (processes that end while being read are left out). */
export function processes(): ProcessCpu[] {
  const out: ProcessCpu[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const cmd = readFileSync(`/proc/${entry}/cmdline`, "utf8").split(/[\0 ]/);
      out.push({ pid: Number(entry), pgid: Number(fields[2]), kind: kindOf(cmd), ms: (Number(fields[11]) + Number(fields[12])) * TICK_MS });
    } catch {
      // gone
    }
  }
  return out;
}

function kindOf(cmd: string[]): string {
  const exe = cmd[0]?.split("/").pop() ?? "?";
  const type = cmd.find((a) => a.startsWith("--type="))?.slice(7);
  // Chromium rewrites its children's argv[0] (the profile's name), so they are told by --type.
  if (type || exe.includes("chrom")) return `chromium ${type ?? "browser"}${cmd.includes("--extension-process") ? " (extension)" : ""}`;
  const script = exe === "node" ? cmd.slice(1).find((a) => !a.startsWith("-"))?.split("/").slice(-3).join("/") : undefined;
  return script ? `node ${script}` : exe;
}

/** CPU ms per kind of process. */
export function cpuByKind(list: ProcessCpu[] = processes()): Map<string, number> {
  const out = new Map<string, number>();
  for (const p of list) out.set(p.kind, (out.get(p.kind) ?? 0) + p.ms);
  return out;
}

/** CPU ms of the processes in group `pgid`, per pid (so a pid that ends between two reads is not counted twice). */
export function groupCpu(pgid: number, list: ProcessCpu[] = processes()): Map<number, ProcessCpu> {
  return new Map(list.filter((p) => p.pgid === pgid).map((p) => [p.pid, p]));
}

/** CPU ms the group spent between two `groupCpu` reads (processes that started in between count from zero). */
export function groupCpuSpent(before: Map<number, ProcessCpu>, after: Map<number, ProcessCpu>): number {
  let ms = 0;
  for (const [pid, p] of after) ms += p.ms - (before.get(pid)?.ms ?? 0);
  return ms;
}

/** The machine's CPU counters since boot (/proc/stat's first line), in ticks. */
export interface MachineTicks {
  total: number;
  /** Time the hypervisor ran other guests while this VM wanted a core (`steal`). */
  steal: number;
  idle: number;
}

export function machineTicks(): MachineTicks {
  const [, ...values] = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/);
  const n = values.map(Number);
  // user nice system idle iowait irq softirq steal (guest time is already inside user)
  const total = n.slice(0, 8).reduce((a, b) => a + b, 0);
  return { total, steal: n[7] ?? 0, idle: (n[3] ?? 0) + (n[4] ?? 0) };
}

/**
 * The share of the machine's time between two reads that was stolen by the hypervisor, e.g. "steal 12 %". On a
 * shared VM this is the noise the figures carry: a phase run while other guests took a quarter of the cores is
 * slower for reasons no code change explains.
 */
export function stealShare(before: MachineTicks, after: MachineTicks = machineTicks()): number {
  const total = after.total - before.total;
  return total > 0 ? (after.steal - before.steal) / total : 0;
}
