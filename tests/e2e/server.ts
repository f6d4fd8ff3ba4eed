/**
 * Starts the real worker for the end-to-end suite: its own local state folder (so a developer's
 * database is never touched), migrations applied, a small deterministic seed, `wrangler dev` on a
 * free port. Used by the e2e global setup and by the benchmarks.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { createServer } from "node:net";
import { rmSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { chinaToday } from "../../shared/domain/dates";
import { ensureDevVars } from "../../scripts/lib/dev-vars";

export interface RunningWorker {
  origin: string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, { stdio: ["ignore", "inherit", "inherit"] });
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} exited with ${result.status}`);
}

export interface WorkerOptions {
  /** Local state folder (D1 and the rest); never the developer's `.wrangler/state`. */
  stateDir: string;
  /** How many subjects the deterministic seed writes (when the database is empty). */
  subjects: number;
  recordsPerSubject?: number;
  /** Start from an empty folder (default true). */
  fresh?: boolean;
  /** Extra worker variables, e.g. `{ RATE_LIMIT: "off" }` for benchmarks. */
  vars?: Record<string, string>;
}

/** Prepares `stateDir` (fresh unless `fresh: false`), seeds it and starts wrangler dev on a free port. */
export async function startWorker(options: WorkerOptions): Promise<RunningWorker & { pid: number }> {
  if (options.fresh !== false) rmSync(options.stateDir, { recursive: true, force: true });
  // wrangler dev reads the local keys from .dev.vars; a fresh clone has none yet.
  await ensureDevVars();
  // The control database and every shard wrangler.toml binds (four by default; scripts/db-migrate.ts).
  run("tsx", ["scripts/db-migrate.ts", "--local", "--persist-to", options.stateDir]);
  run("tsx", [
    "scripts/seed/cli.ts",
    "--if-empty",
    "--state-dir",
    options.stateDir,
    "--subjects",
    String(options.subjects),
    "--today",
    chinaToday(),
    ...(options.recordsPerSubject ? ["--records-per-subject", String(options.recordsPerSubject)] : []),
  ]);
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(
    "wrangler",
    [
      "dev", "--port", String(port), "--ip", "127.0.0.1", "--persist-to", options.stateDir, "--var", `ISSUER:${origin}`,
      ...Object.entries(options.vars ?? {}).flatMap(([k, v]) => ["--var", `${k}:${v}`]),
      "--show-interactive-dev-session=false",
      // GET /__scheduled?cron=… runs the scheduled jobs on demand (the e2e suite's daily 告知承诺 reminder).
      "--test-scheduled",
    ],
    { stdio: ["ignore", "pipe", "pipe"], detached: true },
  );
  let log = "";
  child.stdout?.on("data", (d) => (log += d));
  child.stderr?.on("data", (d) => (log += d));
  // wrangler runs in its own process group (detached, so stop() can end workerd and esbuild with it); when this
  // process ends without calling stop() — a crash, an unsettled top-level await — the group must not outlive it.
  const orphanGuard = () => {
    if (child.exitCode === null && child.pid) try { process.kill(-child.pid, "SIGKILL"); } catch { /* gone */ }
  };
  process.once("exit", orphanGuard);
  const stop = async () => {
    process.off("exit", orphanGuard);
    if (child.exitCode !== null || !child.pid) return;
    process.kill(-child.pid, "SIGTERM");
    for (let i = 0; i < 50 && child.exitCode === null; i++) await sleep(100);
    if (child.exitCode === null) process.kill(-child.pid, "SIGKILL");
  };
  for (let i = 0; i < 240; i++) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited early:\n${log}`);
    const ok = await fetch(`${origin}/api/v1/health`).then((r) => r.ok, () => false);
    if (ok) return { origin, stop, pid: child.pid! };
    await sleep(250);
  }
  await stop();
  throw new Error(`wrangler dev did not answer within 60 s:\n${log}`);
}
