/**
 * The D1 bindings wrangler.toml declares, control database first: `DB`, then `SHARD_0 … SHARD_n` in numeric order
 * (docs/architecture.md "Shards"). Scripts that touch every database (migrations) read them from here.
 * @example d1Bindings('[[d1_databases]]\nbinding = "DB"\n[[d1_databases]]\nbinding = "SHARD_1"') // ["DB", "SHARD_1"]
 */
import { readFileSync } from "node:fs";

export function d1Bindings(toml: string): string[] {
  const bindings: string[] = [];
  // Each [[d1_databases]] table runs until the next table header; its binding line names it.
  for (const block of toml.split(/^\s*\[/m).filter((b) => b.startsWith("[d1_databases]]"))) {
    const binding = /^\s*binding\s*=\s*"([^"]+)"/m.exec(block)?.[1];
    if (binding) bindings.push(binding);
  }
  const shards = bindings.filter((b) => /^SHARD_\d+$/.test(b)).sort((a, b) => Number(a.slice(6)) - Number(b.slice(6)));
  return [...bindings.filter((b) => b === "DB"), ...shards];
}

export function wranglerD1Bindings(path = "wrangler.toml"): string[] {
  return d1Bindings(readFileSync(path, "utf8"));
}
