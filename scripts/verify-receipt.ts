/**
 * `npm run verify -- <receipt.jws> [--jwks <url or file>]`: verifies a signed receipt (查询凭证) or report
 * (公共信用信息报告) offline with the same code the worker and the extension use, and prints what it says.
 *
 *   npm run verify -- CX-20261127-7F3K9Q.jws --jwks jwks.json       fully offline, with a saved key set
 *   npm run verify -- CX-20261127-7F3K9Q.jws --jwks https://…/.well-known/jwks.json
 *   npm run verify -- answer.json                                     a saved check answer (its receipt.jws)
 *
 * Without --jwks the keys are fetched from the issuer the receipt names, and the command says so: trust
 * then rests on that address. Exit code 0 when valid, 1 when not, 2 when the command cannot run.
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import type { JWK } from "jose";
import { receiptLines, reportLines } from "../shared/receipts/format";
import { claimedPayload, verifySigned } from "../shared/receipts/verify";

function fail(message: string): never {
  console.error(`✖ ${message}`);
  console.error("用法：npm run verify -- <凭证文件.jws> [--jwks <公钥集地址或文件>]");
  process.exit(2);
}

/** A file holding the JWS itself, or a saved JSON answer carrying it (receipt.jws or jws). */
function readJws(path: string): string {
  let text: string;
  try {
    text = readFileSync(path === "-" ? 0 : path, "utf8").trim();
  } catch {
    fail(`无法读取凭证文件 ${path}`);
  }
  if (!text.startsWith("{")) return text;
  try {
    const json = JSON.parse(text) as { jws?: unknown; receipt?: { jws?: unknown } };
    const jws = json.receipt?.jws ?? json.jws;
    if (typeof jws === "string") return jws;
  } catch {
    // Not JSON after all: verified as it is, and reported malformed.
  }
  return text;
}

async function readJwks(source: string): Promise<{ keys: JWK[] }> {
  let json: unknown;
  try {
    json = /^https?:\/\//i.test(source) ? await (await fetch(source, { signal: AbortSignal.timeout(15_000) })).json() : JSON.parse(readFileSync(source, "utf8"));
  } catch (err) {
    fail(`无法读取公钥集 ${source}：${err instanceof Error ? err.message : String(err)}`);
  }
  const keys = (json as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(keys)) fail(`${source} 不是公钥集（应为 { "keys": [...] }）`);
  return { keys: keys as JWK[] };
}

const { values, positionals } = parseArgs({ allowPositionals: true, options: { jwks: { type: "string" } } });
const file = positionals[0];
if (!file) fail("请指定凭证文件");
const jws = readJws(file);

let source = values.jwks;
if (!source) {
  const iss = claimedPayload(jws)?.iss;
  if (typeof iss !== "string" || !/^https?:\/\//.test(iss)) fail("凭证未声明可用的签发方地址，请用 --jwks 指定公钥集");
  source = `${iss.replace(/\/+$/, "")}/.well-known/jwks.json`;
  console.log(`未指定 --jwks：使用凭证声明的签发方的公钥集 ${source}（请确认这是你信任的签发方）`);
}

const result = await verifySigned(jws, await readJwks(source));
if (!result.valid) {
  console.log(`✖ 验证失败（${result.reason}）：${result.message}`);
  process.exit(1);
}
console.log(`✔ ${result.message}（签名密钥 ${result.kid}，公钥集 ${source}）`);
for (const line of result.kind === "receipt" ? receiptLines(result.payload) : reportLines(result.payload)) console.log(line);
