/**
 * `npm start`: everything a developer needs on a fresh clone. Applies the D1 migrations to the local
 * database, seeds realistic demo data when it is empty, copies the docs UI assets, starts
 * `wrangler dev` (port 8787, or PORT) and prints the URLs once the worker answers.
 */
import { spawn, spawnSync } from "node:child_process";
import { setTimeout as sleep } from "node:timers/promises";
import { chinaToday } from "../shared/domain/dates";
import { wranglerD1Bindings } from "./lib/d1-bindings";
import { ensureDevVars } from "./lib/dev-vars";
import { localIssuer, localPort } from "./lib/origin";

const port = localPort();
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
// The control database and every shard wrangler.toml binds (scripts/db-migrate.ts).
step("应用 D1 数据库迁移（本地：控制库与各分库）", "tsx", ["scripts/db-migrate.ts", "--local"]);
step("构建浏览器扩展（dist/extension/chrome-mv3）", "wxt", ["build"]);
step("写入演示数据（数据库为空时）", "tsx", ["scripts/seed/cli.ts", "--if-empty", "--today", chinaToday()]);

console.log(`\n▶ 启动 wrangler dev（端口 ${port}）`);
const dev = spawn("wrangler", ["dev", "--port", String(port), "--ip", "127.0.0.1", "--var", `ISSUER:${localIssuer()}`], {
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
        `  数据库        ${describeDatabases()}（本地，.wrangler/state）`,
        `  分片概况      GET ${origin}/api/v1/admin/shards（管理员令牌：npm run token -- --role admin --name 管理员）`,
        "",
        "浏览器扩展（演示页面上试用）：",
        `  开标一览表    ${origin}/demo/bidders`,
        `  资格审查      ${origin}/demo/qualification`,
        `  审批申请表    ${origin}/demo/approval`,
        "  加载扩展：chrome://extensions → 开启「开发者模式」→「加载已解压的扩展程序」→ 选择",
        `                ${process.cwd()}/dist/extension/chrome-mv3`,
        "  再在扩展的「选项」中填写服务地址和令牌（npm run token -- --role officer --name 张三 --dept 11500000MB1541618P --scenes 政府采购,招标投标,行政审批）",
        "按 Ctrl+C 停止。",
        "",
      ].join("\n"),
    );
    break;
  }
}

function describeDatabases(): string {
  const [control, ...shards] = wranglerD1Bindings();
  return shards.length === 0 ? `${control}（单库）` : `控制库 ${control} + ${shards.length} 个分库 ${shards[0]} … ${shards.at(-1)}`;
}
