/**
 * Receipts end to end inside workerd: the JWS of a real check verified by jose and by WebCrypto directly
 * against the served JWKS, stored with its digest, the verify API, key rotation, the printable receipt
 * page (status and QR code) and the signed public report.
 */
import { env, exports } from "cloudflare:workers";
import { createExecutionContext } from "cloudflare:test";
import { type JWK, base64url, createLocalJWKSet, decodeProtectedHeader, importJWK, jwtVerify } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { sha256Hex } from "../../shared/audit/chain";
import type { CheckResult, Jwks, SignedReport, VerifyResult } from "../../shared/contract";
import { RECEIPT_NUMBER_PATTERN, type ReceiptPayload } from "../../shared/contract/receipts";
import { rotateReceiptKeys } from "../../shared/receipts/keys";
import worker from "../../worker/index";
import { qrSvg } from "../../worker/receipts/page-routes";
import { signReceipt } from "../../worker/receipts/sign";
import { TODAY, insertListEntry, insertSubject, uscc } from "./fixtures";
import { OFFICER, bearer, token } from "./tokens";

const LISTED = uscc("500103");
const KEY_SUPERVISED = uscc("500106");
const CLEAN = uscc("500112");
const PERSON_ID = "11010519491231002X";

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  exports.default.fetch(`http://x${path}`, { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json", ...headers } });

async function runCheck(items: { ref: string; code?: string; name?: string }[] = [{ ref: "投标人1", code: LISTED }, { ref: "投标人2", code: CLEAN }, { ref: "投标人3", code: KEY_SUPERVISED }, { ref: "投标人4", code: "9150010" }]) {
  const res = await post("/api/v1/checks", { scene: "政府采购", purpose: "CQZC-2026-0381", items }, bearer(await token(OFFICER)));
  expect(res.status).toBe(200);
  return (await res.json()) as CheckResult;
}

async function verifyApi(jws: string) {
  const res = await post("/api/v1/receipts/verify", { jws });
  expect(res.status).toBe(200);
  return (await res.json()) as VerifyResult;
}

const jwksOf = async () => (await (await exports.default.fetch("http://x/.well-known/jwks.json")).json()) as Jwks;
const keysInEnv = () => JSON.parse(env.RECEIPT_SIGNING_KEYS!) as (JWK & { kid: string })[];

beforeAll(async () => {
  const listed = await insertSubject({ code: LISTED, name: "重庆渝信商贸有限公司" });
  await insertListEntry(listed, { listType: "procurement_violation", docNo: "渝财采处〔2026〕3号", reason: "提供虚假材料谋取中标" });
  const supervised = await insertSubject({ code: KEY_SUPERVISED, name: "重庆沙坪坝鸿达物流有限公司" });
  await insertListEntry(supervised, { listType: "key_supervision", docNo: "渝应急重点〔2026〕9号", reason: "安全生产重点监管（非公开事由）" });
  await insertSubject({ code: CLEAN, name: "重庆渝北清风建筑工程有限公司", region: "500112" });
  const person = await insertSubject({ code: PERSON_ID, name: "李某某", kind: "natural_person", codeType: "id_number", region: "110105" });
  await insertListEntry(person, { listType: "dishonest_judgment_debtor", docNo: "（2025）渝0103执1234号" });
});

describe("GET /.well-known/jwks.json", () => {
  it("serves the public halves of the current and retired keys, cacheable and open to any origin", async () => {
    const res = await exports.default.fetch("http://x/.well-known/jwks.json");
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toContain("max-age=");
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    const jwks = (await res.json()) as Jwks;
    expect(jwks.keys.map((k) => k.kid)).toEqual(["test-receipt-2", "test-receipt-1"]);
    for (const key of jwks.keys) {
      expect(Object.keys(key).sort()).toEqual(["alg", "crv", "kid", "kty", "use", "x"]);
      expect(key).toMatchObject({ kty: "OKP", crv: "Ed25519", alg: "EdDSA", use: "sig" });
    }
  });
});

describe("the receipt of a check", () => {
  let result: CheckResult;
  beforeAll(async () => {
    result = await runCheck();
  });

  it("is a compact JWS with EdDSA, the current kid and its typ, and a readable number", () => {
    expect(decodeProtectedHeader(result.receipt.jws)).toEqual({ alg: "EdDSA", kid: "test-receipt-2", typ: "cx-receipt+jwt" });
    expect(result.receipt.number).toMatch(RECEIPT_NUMBER_PATTERN);
    expect(result.receipt.number.slice(3, 11)).toBe(TODAY.replaceAll("-", ""));
    // The page address carries a 128-bit secret (22 base64url characters), not part of the signed payload.
    expect(result.receipt.url).toMatch(new RegExp(`^http://localhost:8787/r/${result.receipt.number}\\?k=[A-Za-z0-9_-]{22}$`));
    expect(new TextDecoder().decode(base64url.decode(result.receipt.jws.split(".")[1]!))).not.toContain(new URL(result.receipt.url).searchParams.get("k")!);
    expect(result.receipt.kid).toBe("test-receipt-2");
  });

  it("verifies with jose against the served JWKS, and holds issuer, time, scene, purpose, actor, data version and items", async () => {
    const { payload, protectedHeader } = await jwtVerify(result.receipt.jws, createLocalJWKSet(await jwksOf()), { issuer: env.ISSUER, typ: "cx-receipt+jwt", algorithms: ["EdDSA"] });
    expect(protectedHeader.kid).toBe("test-receipt-2");
    const receipt = payload as unknown as ReceiptPayload;
    expect(receipt).toMatchObject({
      v: 1,
      number: result.receipt.number,
      issuedAt: result.issuedAt,
      scene: "procurement",
      sceneLabel: "政府采购",
      purpose: "CQZC-2026-0381",
      actor: { id: "officer-1", name: "张三", role: "officer", department: OFFICER.dept },
      asOf: TODAY,
      dataVersion: null,
    });
    expect(Math.abs(receipt.iat * 1000 - Date.parse(result.issuedAt))).toBeLessThan(1000);
    expect(receipt.items).toEqual(result.items);
    expect(receipt.items[0]).toMatchObject({ ref: "投标人1", decision: "block", hits: [{ docNo: "渝财采处〔2026〕3号" }] });
  });

  it("verifies with WebCrypto Ed25519 directly against the JWKS key (an independent verifier)", async () => {
    const [header, body, signature] = result.receipt.jws.split(".") as [string, string, string];
    const jwk = (await jwksOf()).keys.find((k) => k.kid === "test-receipt-2")!;
    const key = await crypto.subtle.importKey("jwk", { kty: jwk.kty, crv: jwk.crv, x: jwk.x }, { name: "Ed25519" }, false, ["verify"]);
    const data = new TextEncoder().encode(`${header}.${body}`);
    const signatureBytes = new Uint8Array(base64url.decode(signature));
    expect(await crypto.subtle.verify({ name: "Ed25519" }, key, signatureBytes, data)).toBe(true);
    const other = new TextEncoder().encode(`${header}.${body}x`);
    expect(await crypto.subtle.verify({ name: "Ed25519" }, key, signatureBytes, other)).toBe(false);
  });

  it("is stored with its number, digest, kid, time, scene, actor and item count", async () => {
    const row = await env.DB.prepare("SELECT * FROM receipts WHERE number = ?1").bind(result.receipt.number).first<Record<string, unknown>>();
    expect(row).toMatchObject({
      digest: await sha256Hex(result.receipt.jws),
      kid: "test-receipt-2",
      issued_at: result.issuedAt,
      scene: "procurement",
      actor: "officer-1",
      item_count: 4,
      jws: result.receipt.jws,
    });
  });

  it("POST /api/v1/receipts/verify: valid, decoded, archived, current key", async () => {
    const verified = await verifyApi(result.receipt.jws);
    expect(verified).toMatchObject({ valid: true, kind: "receipt", kid: "test-receipt-2", keyStatus: "current", archived: true });
    expect((verified.payload as ReceiptPayload).items).toEqual(result.items);
  });

  it("POST /api/v1/receipts/verify: says what failed", async () => {
    const [header, body, signature] = result.receipt.jws.split(".") as [string, string, string];
    const flip = (part: string) => {
      const bytes = base64url.decode(part);
      bytes[10] = bytes[10]! ^ 0x20;
      return base64url.encode(bytes);
    };
    expect(await verifyApi(`${header}.${flip(body)}.${signature}`)).toMatchObject({ valid: false, reason: "bad_signature" });
    expect(await verifyApi(`${header}.${body}.${flip(signature)}`)).toMatchObject({ valid: false, reason: "bad_signature" });
    expect(await verifyApi("eyJhbGciOiJFZERTQSJ9.e30")).toMatchObject({ valid: false, reason: "malformed" });
    const foreignHeader = base64url.encode(JSON.stringify({ alg: "EdDSA", kid: "not-ours", typ: "cx-receipt+jwt" }));
    const unknown = await verifyApi(`${foreignHeader}.${body}.${signature}`);
    expect(unknown).toMatchObject({ valid: false, reason: "unknown_key", kid: "not-ours" });
    expect(unknown.payload).toBeUndefined();
    expect(unknown.message).toContain("kid");
    const empty = await post("/api/v1/receipts/verify", { jws: "" });
    expect(empty.status).toBe(400);
  });
});

describe("key rotation", () => {
  it("a receipt signed by the retired key still verifies; new receipts carry the current kid", async () => {
    const retired = keysInEnv()[1]!;
    const fresh = await runCheck([{ ref: "1", code: CLEAN }]);
    // A receipt issued before the rotation, when test-receipt-1 was the current key.
    const earlier = { ...((await verifyApi(fresh.receipt.jws)).payload as ReceiptPayload), number: "CX-20250101-22ABCD", issuedAt: "2025-01-01T02:00:00.000Z" };
    const old = await signReceipt(earlier, { kid: retired.kid, key: (await importJWK(retired, "EdDSA")) as CryptoKey });
    expect(decodeProtectedHeader(old).kid).toBe("test-receipt-1");
    expect(await verifyApi(old)).toMatchObject({ valid: true, kid: "test-receipt-1", keyStatus: "retired", archived: false });
    expect(decodeProtectedHeader(fresh.receipt.jws).kid).toBe("test-receipt-2");
  });

  it("rotating the secret (as npm run keys:rotate does) keeps every earlier receipt verifiable", async () => {
    const [current] = keysInEnv();
    const before = { ...env, RECEIPT_SIGNING_KEYS: JSON.stringify([current]) };
    const call = async (environment: typeof env, path: string, body: unknown, headers: Record<string, string> = {}) => {
      const res = await worker.fetch(new Request(`http://x${path}`, { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json", ...headers } }), environment, createExecutionContext());
      return (await res.json()) as CheckResult & VerifyResult;
    };
    const checkBody = { scene: "政府采购", purpose: "CQZC-2026-0999", items: [{ ref: "1", code: LISTED }] };
    const issuedBefore = await call(before, "/api/v1/checks", checkBody, bearer(await token(OFFICER)));
    expect(decodeProtectedHeader(issuedBefore.receipt.jws).kid).toBe(current!.kid);

    const next = { ...(await crypto.subtle.exportKey("jwk", ((await crypto.subtle.generateKey({ name: "Ed25519" }, true, ["sign", "verify"])) as CryptoKeyPair).privateKey)), kid: "test-receipt-3" };
    const after = { ...env, RECEIPT_SIGNING_KEYS: rotateReceiptKeys(before.RECEIPT_SIGNING_KEYS, next as JWK & { kid: string; d: string; x: string }) };
    const issuedAfter = await call(after, "/api/v1/checks", checkBody, bearer(await token(OFFICER)));
    expect(decodeProtectedHeader(issuedAfter.receipt.jws).kid).toBe("test-receipt-3");
    expect(await call(after, "/api/v1/receipts/verify", { jws: issuedBefore.receipt.jws })).toMatchObject({ valid: true, keyStatus: "retired", archived: true });
    expect(await call(after, "/api/v1/receipts/verify", { jws: issuedAfter.receipt.jws })).toMatchObject({ valid: true, keyStatus: "current" });
    // The retired key's private half is gone: the published set is what verifies, nothing signs with it.
    expect((JSON.parse(after.RECEIPT_SIGNING_KEYS) as JWK[])[1]).not.toHaveProperty("d");
    const jwks = (await (await worker.fetch(new Request("http://x/.well-known/jwks.json"), after, createExecutionContext())).json()) as Jwks;
    expect(jwks.keys.map((k) => k.kid)).toEqual(["test-receipt-3", current!.kid]);
  });

  it("without signing keys a check fails loudly instead of answering unsigned", async () => {
    const { RECEIPT_SIGNING_KEYS: _dropped, ...unsigned } = env;
    const res = await worker.fetch(
      new Request("http://x/api/v1/checks", { method: "POST", body: JSON.stringify({ scene: "政府采购", purpose: "x", items: [{ ref: "1", code: CLEAN }] }), headers: { "content-type": "application/json", ...bearer(await token(OFFICER)) } }),
      unsigned as typeof env,
      createExecutionContext(),
    );
    expect(res.status).toBe(500);
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain("RECEIPT_SIGNING_KEYS");
  });
});

describe("GET /r/{number}", () => {
  let result: CheckResult;
  beforeAll(async () => {
    result = await runCheck();
  });
  const page = async (number: string, secret?: string) => {
    const res = await exports.default.fetch(`http://x/r/${number}${secret === undefined ? "" : `?k=${encodeURIComponent(secret)}`}`);
    return { status: res.status, html: await res.text(), res };
  };
  /** The page at the address the check answered (number and secret). */
  const pageOf = (issued: CheckResult) => page(issued.receipt.number, new URL(issued.receipt.url).searchParams.get("k")!);

  it("without its secret, or with a wrong one, answers byte for byte like a number never issued", async () => {
    const unknown = await page("CX-20261127-7F3K9Q");
    expect(unknown.status).toBe(404);
    const same = (html: string) => html.replaceAll(result.receipt.number, "CX-20261127-7F3K9Q");
    for (const secret of [undefined, "", "AAAAAAAAAAAAAAAAAAAAAA", new URL(result.receipt.url).searchParams.get("k")!.slice(1)]) {
      const answer = await page(result.receipt.number, secret);
      expect(answer.status, String(secret)).toBe(404);
      expect(same(answer.html)).toBe(unknown.html);
    }
    // Only the secret's SHA-256 is stored.
    const secret = new URL(result.receipt.url).searchParams.get("k")!;
    const row = await env.DB.prepare("SELECT * FROM receipts WHERE number = ?1").bind(result.receipt.number).first<Record<string, unknown>>();
    expect(row!.secret_hash).toBe(await sha256Hex(secret));
    expect(JSON.stringify(row)).not.toContain(secret);
  });

  it("shows the verified status, the facts, the results table and a QR code of its own URL", async () => {
    const { status, html, res } = await pageOf(result);
    expect(status).toBe(200);
    expect(res.headers.get("content-security-policy")).toContain("default-src 'self'");
    expect(html).toContain("签名有效");
    expect(html).toContain(result.receipt.number);
    expect(html).toContain("CQZC-2026-0381");
    expect(html).toContain("张三");
    expect(html).toContain("重庆渝信商贸有限公司");
    expect(html).toContain("渝财采处〔2026〕3号");
    expect(html).toContain('class="decision decision-block"');
    expect(html).toContain('class="decision decision-pass"');
    expect(html).toContain(await sha256Hex(result.receipt.jws));
    // The QR code encodes exactly this page's absolute URL, secret included.
    const svg = qrSvg(result.receipt.url);
    expect(html).toContain(svg.slice(svg.indexOf("<path"), svg.indexOf("</svg>")));
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
  });

  it("names non-public lists only as such: the page is open to anyone with the number", async () => {
    const { html } = await pageOf(result);
    expect(html).toContain("重庆沙坪坝鸿达物流有限公司");
    expect(html).toContain("非公开名单 1 项");
    expect(html).not.toContain("安全生产重点监管（非公开事由）");
    expect(html).not.toContain("渝应急重点〔2026〕9号");
  });

  it("shows a failed verification when the archived receipt was altered", async () => {
    const other = await runCheck([{ ref: "1", code: LISTED }]);
    const [header, body, signature] = other.receipt.jws.split(".") as [string, string, string];
    const forged = base64url.encode(new TextEncoder().encode(new TextDecoder().decode(base64url.decode(body)).replace("不得参与", "通过")));
    await env.DB.prepare("UPDATE receipts SET jws = ?2 WHERE number = ?1").bind(other.receipt.number, `${header}.${forged}.${signature}`).run();
    const { status, html } = await pageOf(other);
    expect(status).toBe(200);
    expect(html).toContain("验证失败");
    expect(html).not.toContain("签名有效");
  });

  it("refuses an archived receipt swapped for another valid one, and shows no table from it", async () => {
    const [first, second] = [await runCheck([{ ref: "甲", code: LISTED }]), await runCheck([{ ref: "乙", code: CLEAN }])];
    await env.DB.prepare("UPDATE receipts SET jws = ?2 WHERE number = ?1").bind(first.receipt.number, second.receipt.jws).run();
    const { html } = await pageOf(first);
    expect(html).toContain("存档的凭证与签发时记录的摘要或密钥不一致");
    expect(html).not.toContain("重庆渝北清风建筑工程有限公司");
  });

  it("without the archived JWS shows what is stored and a form that verifies a pasted receipt", async () => {
    const other = await runCheck([{ ref: "1", code: CLEAN }]);
    await env.DB.prepare("UPDATE receipts SET jws = NULL WHERE number = ?1").bind(other.receipt.number).run();
    const { html } = await pageOf(other);
    expect(html).toContain("未存凭证原文");
    expect(html).toContain('action="/verify"');
    expect(html).toContain(await sha256Hex(other.receipt.jws));
    const res = await exports.default.fetch("http://x/verify", { method: "POST", body: new URLSearchParams({ jws: other.receipt.jws }), headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect(res.status).toBe(200);
    const verified = await res.text();
    expect(verified).toContain("验证通过");
    expect(verified).toContain("重庆渝北清风建筑工程有限公司");
    // Archived, but no link: the page's address needs the secret, which the archive does not hold.
    expect(verified).toContain("本系统存档中有此凭证");
    expect(verified).not.toContain(`href="/r/${other.receipt.number}`);
    const bad = await exports.default.fetch("http://x/verify", { method: "POST", body: new URLSearchParams({ jws: `${other.receipt.jws}x` }), headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect(await bad.text()).toContain("验证失败");
  });

  it("answers 404 pages for malformed and unknown numbers", async () => {
    expect((await page("CX-2026")).status).toBe(404);
    expect((await page("CX-20261127-000000")).status).toBe(404);
    const unknown = await page("CX-20261127-7F3K9Q");
    expect(unknown.status).toBe(404);
    expect(unknown.html).toContain("未找到凭证");
  });
});

describe("signed public credit report", () => {
  it("GET /api/v1/subjects/{code}/report: the public profile, signed as a report, for anyone", async () => {
    const res = await exports.default.fetch(`http://x/api/v1/subjects/${LISTED.toLowerCase()}/report`);
    expect(res.status).toBe(200);
    const signed = (await res.json()) as SignedReport;
    expect(signed.report).toMatchObject({ code: LISTED, name: "重庆渝信商贸有限公司", viewerRole: "public" });
    expect(signed.url).toBe(`http://localhost:8787/s/${LISTED}/report`);
    expect(decodeProtectedHeader(signed.jws)).toEqual({ alg: "EdDSA", kid: "test-receipt-2", typ: "cx-report+jwt" });
    const verified = await verifyApi(signed.jws);
    expect(verified).toMatchObject({ valid: true, kind: "report", payload: { report: { code: LISTED } } });
    // The report never holds what the public may not see.
    const supervised = (await (await exports.default.fetch(`http://x/api/v1/subjects/${KEY_SUPERVISED}/report`)).json()) as SignedReport;
    expect(supervised.report.lists).toEqual([]);
    const person = (await (await exports.default.fetch(`http://x/api/v1/subjects/${PERSON_ID}/report`)).json()) as SignedReport;
    expect(person.report.code).toBe("1101051949****002X");
    expect(person.url).toBeNull();
    expect(new TextDecoder().decode(base64url.decode(person.jws.split(".")[1]!))).not.toContain(PERSON_ID);
  });

  it("answers malformed and unknown codes like the lookup", async () => {
    expect((await exports.default.fetch("http://x/api/v1/subjects/9150010/report")).status).toBe(400);
    expect((await exports.default.fetch("http://x/api/v1/subjects/91310115591693856A/report")).status).toBe(404);
  });

  it("/s/{code}/report is a printable page with the signature and a QR code", async () => {
    const res = await exports.default.fetch(`http://x/s/${LISTED}/report`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("公共信用信息报告");
    expect(html).toContain("渝财采处〔2026〕3号");
    expect(html).toContain('class="qr"');
    expect(html).toContain("test-receipt-2");
    const jws = /<textarea class="jws" readonly="">([^<]+)<\/textarea>/.exec(html)?.[1];
    expect(jws, "the page carries its JWS").toBeDefined();
    expect(await verifyApi(jws!)).toMatchObject({ valid: true, kind: "report" });
    expect((await exports.default.fetch("http://x/s/91310115591693856A/report")).status).toBe(404);
    expect((await exports.default.fetch("http://x/s/9150010/report")).status).toBe(400);
  });
});
