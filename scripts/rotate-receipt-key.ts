/**
 * `npm run keys:rotate [-- --file <path>] [--show]`: rotates the receipt signing key (凭证签名密钥).
 *
 * A new Ed25519 key becomes the current one; every earlier key stays in the set as a public key only, so
 * receipts it signed keep verifying (/.well-known/jwks.json serves them) and nothing can sign with it any
 * more. The set lives in RECEIPT_SIGNING_KEYS of a dotenv file: `.dev.vars` by default (local; restart
 * `npm start` to use it). For a deployment keep the set in a file outside the repository and upload it:
 *
 *   npm run keys:rotate -- --file /secure/chayicha-receipt-keys.env
 *   npx tsx scripts/rotate-receipt-key.ts --file /secure/chayicha-receipt-keys.env --show | npx wrangler secret put RECEIPT_SIGNING_KEYS
 *
 * `--show` prints the current set (the secret's value) without rotating, for piping into wrangler.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { rotateReceiptKeys } from "../shared/receipts/keys";
import { DEV_VARS, newEd25519Jwk, readDevVars } from "./lib/dev-vars";

const NAME = "RECEIPT_SIGNING_KEYS";
const { values } = parseArgs({ options: { file: { type: "string", default: DEV_VARS }, show: { type: "boolean", default: false } } });
const file = values.file!;
const existing = readDevVars(file)[NAME];

if (values.show) {
  if (!existing) {
    console.error(`✖ ${file} 中没有 ${NAME}；先运行 npm run keys:rotate -- --file ${file}`);
    process.exit(2);
  }
  process.stdout.write(existing);
  process.exit(0);
}

let rotated: string;
try {
  const fresh = await newEd25519Jwk();
  rotated = rotateReceiptKeys(existing, fresh as Parameters<typeof rotateReceiptKeys>[1]);
} catch (err) {
  console.error(`✖ ${file} 中的 ${NAME} 无法读取：${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}

// Replace the variable's line (or add it), leaving every other line of the file as it was.
const line = `${NAME}='${rotated}'`;
const text = existsSync(file) ? readFileSync(file, "utf8") : "";
const pattern = new RegExp(`^\\s*${NAME}\\s*=.*$`, "m");
const updated = pattern.test(text) ? text.replace(pattern, line) : `${text}${text && !text.endsWith("\n") ? "\n" : ""}${line}\n`;
writeFileSync(file, updated, { mode: 0o600 });

const kids = (JSON.parse(rotated) as { kid: string }[]).map((k) => k.kid);
console.log(`✔ 已轮换查询凭证签名密钥（${file}）`);
console.log(`  现行密钥：${kids[0]}`);
console.log(`  已停用（仅保留公钥，旧凭证仍可验证）：${kids.slice(1).join("、") || "无"}`);
console.log("");
console.log("本地：重新运行 npm start 后生效。部署环境：");
console.log(`  npx tsx scripts/rotate-receipt-key.ts --file ${file} --show | npx wrangler secret put ${NAME}`);
