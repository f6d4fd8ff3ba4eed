/**
 * Runs read-only SQL against the project's D1 database through wrangler, so the same command works on
 * the local database (miniflare, `--persist-to` for another state folder) and the deployed one (`--remote`).
 */
import { spawnSync } from "node:child_process";

export interface D1Target {
  remote?: boolean;
  /** The binding to query (default DB, the control database; subjects live in SHARD_n — see local-d1.ts). */
  binding?: string;
  persistTo?: string;
}

export function d1Query<T>(sql: string, target: D1Target = {}): T[] {
  const args = ["d1", "execute", target.binding ?? "DB", "--json", "--command", sql, target.remote ? "--remote" : "--local"];
  if (!target.remote && target.persistTo) args.push("--persist-to", target.persistTo);
  const result = spawnSync("wrangler", args, { encoding: "utf8", maxBuffer: 512 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`wrangler d1 execute failed:\n${result.stderr || result.stdout}`);
  const parsed = JSON.parse(result.stdout) as { results: T[]; success: boolean }[];
  return parsed.flatMap((r) => r.results);
}
