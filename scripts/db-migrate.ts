/**
 * `npm run db:migrate` (local) or `npm run db:migrate -- --remote`: applies the migrations to the control database
 * and to every shard database wrangler.toml binds — the same migrations everywhere (docs/architecture.md "Shards").
 * Other arguments (e.g. `--persist-to DIR`) are passed on to `wrangler d1 migrations apply`.
 */
import { spawnSync } from "node:child_process";
import { wranglerD1Bindings } from "./lib/d1-bindings";

const args = process.argv.slice(2);
const where = args.includes("--remote") ? [] : args.includes("--local") ? [] : ["--local"];
const bindings = wranglerD1Bindings();
if (bindings.length === 0) {
  console.error("db:migrate: wrangler.toml binds no D1 database");
  process.exit(1);
}
for (const binding of bindings) {
  console.log(`\n▶ 应用迁移：${binding}`);
  const result = spawnSync("wrangler", ["d1", "migrations", "apply", binding, ...where, ...args], { stdio: "inherit" });
  if (result.status !== 0) {
    console.error(`✖ ${binding} 的迁移失败（退出码 ${result.status}）；其余数据库未处理，修复后重新运行即可（已应用的迁移不会重复）`);
    process.exit(result.status ?? 1);
  }
}
