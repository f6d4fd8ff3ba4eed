/**
 * `npm start`: everything a developer needs on a fresh clone. Applies the D1 migrations to the local
 * database, seeds realistic demo data when it is empty, copies the docs UI assets, starts
 * `wrangler dev` (port 8787, or PORT) and prints the URLs once the worker answers.
 */
import { spawn, spawnSync } from "node:child_process";
import { setTimeout as sleep } from "node:timers/promises";
import { chinaToday } from "../shared/domain/dates";
import { ensureDevVars } from "./lib/dev-vars";

const port = Number(process.env.PORT ?? 8787);
const origin = `http://localhost:${port}`;

function step(title: string, command: string, args: string[]): void {
  console.log(`\n▶ ${title}`);
  const result = spawnSync(command, args, { stdio: "inherit" });
  if (result.status !== 0) {
    console.error(`✖ ${title} 失败（${command} ${args.join(" ")} 退出码 ${result.status}）`);
    process.exit(result.status ?? 1);
  }
}

step("准备静态资源（API 文档界面）", "node", ["scripts/assets.mjs"]);
console.log("\n▶ 本地密钥（.dev.vars，首次启动时生成）");
await ensureDevVars();
step("应用 D1 数据库迁移（本地）", "wrangler", ["d1", "migrations", "apply", "DB", "--local"]);
step("写入演示数据（数据库为空时）", "tsx", ["scripts/seed/cli.ts", "--if-empty", "--today", chinaToday()]);

console.log(`\n▶ 启动 wrangler dev（端口 ${port}）`);
const dev = spawn("wrangler", ["dev", "--port", String(port), "--ip", "127.0.0.1", "--var", `ISSUER:${origin}`], {
  stdio: ["inherit", "inherit", "inherit"],
});
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => dev.kill(signal));
dev.on("exit", (code) => process.exit(code ?? 0));

for (let i = 0; i < 120; i++) {
  await sleep(500);
  const ok = await fetch(`${origin}/api/v1/health`).then((r) => r.ok, () => false);
  if (ok) {
    console.log(
      [
        "",
        "查一查 已启动：",
        `  公开查询      ${origin}/`,
        `  主体页面示例  ${origin}/s/91350100M0001TGQXM`,
        `  API 文档      ${origin}/docs`,
        `  OpenAPI       ${origin}/openapi.json`,
        "按 Ctrl+C 停止。",
        "",
      ].join("\n"),
    );
    break;
  }
}
