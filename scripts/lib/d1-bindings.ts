/**
 * The D1 bindings wrangler.toml declares, control database first: `DB`, then `SHARD_0 … SHARD_n` in numeric order
 * (docs/architecture.md "Shards"). Scripts that touch every database (migrations, the seed, benchmarks) read them here.
 * @example d1Bindings('[[d1_databases]]\nbinding = "DB"\n[[d1_databases]]\nbinding = "SHARD_1"') // ["DB", "SHARD_1"]
 */
import { readFileSync } from "node:fs";

export interface D1Declaration {
  binding: string;
  /** `database_id` as written (a placeholder until deployment); miniflare names the local file after it. */
  databaseId: string;
}

const isShard = (b: string) => /^SHARD_\d+$/.test(b);

/** Every [[d1_databases]] table: DB first, then the shards in numeric order, then anything else. */
export function d1Declarations(toml: string): D1Declaration[] {
  const found: D1Declaration[] = [];
  // Each [[d1_databases]] table runs until the next table header; its binding and database_id lines name it.
  for (const block of toml.split(/^\s*\[/m).filter((b) => b.startsWith("[d1_databases]]"))) {
    const binding = /^\s*binding\s*=\s*"([^"]+)"/m.exec(block)?.[1];
    const databaseId = /^\s*database_id\s*=\s*"([^"]+)"/m.exec(block)?.[1] ?? binding;
    if (binding && databaseId) found.push({ binding, databaseId });
  }
  const rank = (d: D1Declaration) => (d.binding === "DB" ? -1 : isShard(d.binding) ? Number(d.binding.slice(6)) : 1e6);
  return found.filter((d) => d.binding === "DB" || isShard(d.binding)).sort((a, b) => rank(a) - rank(b));
}

export function d1Bindings(toml: string): string[] {
  return d1Declarations(toml).map((d) => d.binding);
}

/** The databases that hold subjects: the shards, or DB alone when wrangler.toml binds no shard. */
export function subjectDataBindings(toml: string): D1Declaration[] {
  const all = d1Declarations(toml);
  const shards = all.filter((d) => isShard(d.binding));
  return shards.length > 0 ? shards : all.filter((d) => d.binding === "DB");
}

export function wranglerToml(path = "wrangler.toml"): string {
  return readFileSync(path, "utf8");
}

export function wranglerD1Bindings(path = "wrangler.toml"): string[] {
  return d1Bindings(wranglerToml(path));
}
