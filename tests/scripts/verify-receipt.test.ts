/**
 * The command-line tools as a user runs them: `npm run verify` on saved files (offline, with a saved key
 * set) and `npm run keys:rotate` on a dotenv file, in a temporary folder.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { type JWK, base64url } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ReceiptPayload } from "../../shared/contract/receipts";
import { parseReceiptKeys } from "../../shared/receipts/keys";
import { signReceipt } from "../../worker/receipts/sign";
import { newReceiptKey, receiptSigner } from "../helpers/receipt-keys";

const ROOT = resolve(import.meta.dirname, "../..");
const TSX = join(ROOT, "node_modules/.bin/tsx");
const dir = mkdtempSync(join(tmpdir(), "chayicha-verify-"));

function run(script: string, args: string[], cwd = ROOT) {
  const result = spawnSync(TSX, [join(ROOT, script), ...args], { cwd, encoding: "utf8", timeout: 60_000 });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

const payload: ReceiptPayload = {
  v: 1,
  iss: "http://127.0.0.1:9",
  iat: 1_795_000_000,
  number: "CX-20261127-7F3K9Q",
  issuedAt: "2026-11-27T02:13:20.000Z",
  scene: "bidding",
  sceneLabel: "招标投标",
  purpose: "ZB-2026-0007",
  actor: { id: "officer-1", name: "张三", role: "officer", department: "11500000MB1541618P" },
  asOf: "2026-11-27",
  dataVersion: null,
  summary: { block: 0, review: 0, flag: 0, benefit: 0, pass: 0, invalid_code: 0, not_found: 1, ambiguous: 0 },
  items: [
    {
      ref: "投标人7",
      status: "not_found",
      message: "未找到统一社会信用代码“91310115591693856A”对应的信用主体",
      input: { code: "91310115591693856A", name: null },
      subject: null,
      nameMatches: null,
      hits: [],
      measures: [],
      decision: null,
      decisionLabel: null,
      grade: null,
      problems: [],
      candidates: [],
    },
  ],
};

let jws: string;
let jwksFile: string;

beforeAll(async () => {
  const jwk = await newReceiptKey("cli-key");
  jws = await signReceipt(payload, await receiptSigner(jwk));
  jwksFile = join(dir, "jwks.json");
  writeFileSync(jwksFile, JSON.stringify(parseReceiptKeys(JSON.stringify([jwk])).jwks));
  writeFileSync(join(dir, "receipt.jws"), `${jws}\n`);
  writeFileSync(join(dir, "answer.json"), JSON.stringify({ receipt: { number: payload.number, jws } }));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("npm run verify", () => {
  it("verifies a receipt offline and prints it in Chinese (exit 0)", () => {
    const { code, out } = run("scripts/verify-receipt.ts", [join(dir, "receipt.jws"), "--jwks", jwksFile]);
    expect(code).toBe(0);
    expect(out).toContain("✔ 签名有效");
    expect(out).toContain("凭证编号：CX-20261127-7F3K9Q");
    expect(out).toContain("签发时间：2026-11-27 10:13:20（北京时间）");
    expect(out).toContain("查询场景：招标投标；查询事由：ZB-2026-0007");
    expect(out).toContain("投标人7");
  });

  it("reads a saved check answer too", () => {
    expect(run("scripts/verify-receipt.ts", [join(dir, "answer.json"), "--jwks", jwksFile]).code).toBe(0);
  });

  it("exits 1 saying why when the receipt was altered or the key is not in the set", () => {
    const [header, body, signature] = jws.split(".") as [string, string, string];
    const altered = base64url.encode(new TextEncoder().encode(new TextDecoder().decode(base64url.decode(body)).replace("ZB-2026-0007", "ZB-2026-0008")));
    writeFileSync(join(dir, "altered.jws"), `${header}.${altered}.${signature}`);
    const tampered = run("scripts/verify-receipt.ts", [join(dir, "altered.jws"), "--jwks", jwksFile]);
    expect(tampered.code).toBe(1);
    expect(tampered.out).toContain("bad_signature");
    expect(tampered.out).toContain("签名验证失败");
    writeFileSync(join(dir, "other-jwks.json"), JSON.stringify({ keys: [] }));
    const unknown = run("scripts/verify-receipt.ts", [join(dir, "receipt.jws"), "--jwks", join(dir, "other-jwks.json")]);
    expect(unknown.code).toBe(1);
    expect(unknown.out).toContain("unknown_key");
  });

  it("exits 2 when it cannot run", () => {
    expect(run("scripts/verify-receipt.ts", []).code).toBe(2);
    expect(run("scripts/verify-receipt.ts", [join(dir, "missing.jws"), "--jwks", jwksFile]).code).toBe(2);
    const offline = run("scripts/verify-receipt.ts", [join(dir, "receipt.jws")]);
    expect(offline.code).toBe(2);
    expect(offline.out).toContain("http://127.0.0.1:9/.well-known/jwks.json");
  });
});

describe("npm run keys:rotate", () => {
  it("prepends a new current key, keeps earlier ones as public keys, and leaves other variables alone", () => {
    const file = join(dir, "keys.env");
    writeFileSync(file, "TOKEN_SIGNING_KEY='{}'\n");
    const first = run("scripts/rotate-receipt-key.ts", ["--file", file]);
    expect(first.code).toBe(0);
    const second = run("scripts/rotate-receipt-key.ts", ["--file", file]);
    expect(second.code).toBe(0);
    expect(second.out).toContain("wrangler secret put RECEIPT_SIGNING_KEYS");
    const text = readFileSync(file, "utf8");
    expect(text).toContain("TOKEN_SIGNING_KEY='{}'");
    expect(text.match(/RECEIPT_SIGNING_KEYS=/g)).toHaveLength(1);
    const shown = run("scripts/rotate-receipt-key.ts", ["--file", file, "--show"]);
    const keys = JSON.parse(shown.out) as JWK[];
    expect(keys).toHaveLength(2);
    expect(keys[0]!.d).toBeDefined();
    expect(keys[1]).not.toHaveProperty("d");
    expect(second.out).toContain(`现行密钥：${keys[0]!.kid}`);
    expect(parseReceiptKeys(shown.out).jwks.keys.map((k) => k.kid)).toEqual([keys[0]!.kid, keys[1]!.kid]);
  });
});
