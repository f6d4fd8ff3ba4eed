/**
 * Receipt signing and verification outside the worker (Node): the shared verifier, an independent check
 * with node:crypto against the JWKS key, tampering byte by byte, key parsing and rotation, numbers.
 */
import { createPublicKey, verify as nodeVerify } from "node:crypto";
import { readFileSync } from "node:fs";
import { CompactSign, type JWK, base64url } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import type { SubjectProfile } from "../../shared/contract";
import { RECEIPT_NUMBER_PATTERN, type ReceiptPayload, ReceiptPayload as ReceiptPayloadSchema } from "../../shared/contract/receipts";
import { DECISIONS, DECISION_COLOURS } from "../../shared/domain/decisions";
import { parseReceiptKeys, rotateReceiptKeys } from "../../shared/receipts/keys";
import { claimedPayload, verifySigned } from "../../shared/receipts/verify";
import { newReceiptNumber } from "../../worker/receipts/number";
import { signReceipt, signReport } from "../../worker/receipts/sign";
import { type PrivateReceiptJwk, newReceiptKey, receiptSigner } from "../helpers/receipt-keys";

const payload: ReceiptPayload = {
  v: 1,
  iss: "https://chayicha.example",
  iat: 1_795_000_000,
  number: "CX-20261127-7F3K9Q",
  issuedAt: "2026-11-27T02:13:20.000Z",
  scene: "procurement",
  sceneLabel: "政府采购",
  purpose: "CQZC-2026-0381",
  actor: { id: "officer-1", name: "张三", role: "officer", department: "11500000MB1541618P" },
  asOf: "2026-11-27",
  dataVersion: { batchId: 12, receivedAt: "2026-11-26T09:00:00.000Z" },
  summary: { block: 1, review: 0, flag: 0, benefit: 0, pass: 1, invalid_code: 1, not_found: 0, ambiguous: 0 },
  items: [
    {
      ref: "投标人1",
      status: "ok",
      message: "不得参与：命中名单 1 项，适用措施 1 项",
      input: { code: "91500103MA5U3K9L2B", name: null },
      subject: { code: "91500103MA5U3K9L2B", codeType: "uscc", checksumLegacy: false, name: "重庆渝信商贸有限公司", kind: "enterprise", kindLabel: "企业", registrationStatus: "存续" },
      nameMatches: null,
      hits: [
        {
          listType: "procurement_violation",
          listName: "政府采购严重违法失信行为记录",
          polarity: "negative",
          reason: "提供虚假材料谋取中标",
          legalBasis: "《中华人民共和国政府采购法》第七十七条",
          authority: { name: "重庆市财政局", code: "11500000MB1541618P" },
          docNo: "渝财采处〔2026〕3号",
          listedOn: "2026-03-01",
          plannedRemovalOn: "2029-03-01",
        },
      ],
      measures: [{ id: 6, listType: "procurement_violation", effect: "block", effectLabel: "不得参与", text: "在禁止参加期限内不得参加政府采购活动", legalBasis: "《中华人民共和国政府采购法》第二十二条、第七十七条" }],
      decision: "block",
      decisionLabel: "不得参与",
      grade: null,
      problems: [],
      candidates: [],
    },
    {
      ref: "投标人2",
      status: "ok",
      message: "通过：未发现现行有效的名单记录",
      input: { code: "91310115591693856A", name: null },
      subject: { code: "91310115591693856A", codeType: "uscc", checksumLegacy: false, name: "上海某某有限公司", kind: "enterprise", kindLabel: "企业", registrationStatus: "存续" },
      nameMatches: null,
      hits: [],
      measures: [],
      decision: "pass",
      decisionLabel: "通过",
      grade: { grade: "B", label: "良好", score: 830, modelVersion: "v1", computedAt: "2026-11-01T00:00:00.000Z" },
      problems: [],
      candidates: [],
    },
    {
      ref: "投标人3",
      status: "invalid_code",
      message: "代码“9150010”不正确：统一社会信用代码应为18位，实际为7位",
      input: { code: "9150010", name: null },
      subject: null,
      nameMatches: null,
      hits: [],
      measures: [],
      decision: null,
      decisionLabel: null,
      grade: null,
      problems: [{ kind: "length", message: "统一社会信用代码应为18位，实际为7位" }],
      candidates: [],
    },
  ],
};

let current: PrivateReceiptJwk;
let retired: PrivateReceiptJwk;
let jwks: { keys: JWK[] };
let jws: string;

beforeAll(async () => {
  current = await newReceiptKey("k-2026-11");
  retired = await newReceiptKey("k-2025-01");
  jwks = parseReceiptKeys(JSON.stringify([current, { ...retired, d: undefined }])).jwks;
  jws = await signReceipt(payload, await receiptSigner(current));
});

/** The JWS with one byte of its decoded part `index` (0 header, 1 payload, 2 signature) changed. */
function flipByte(compact: string, index: 0 | 1 | 2, at: number, mask = 0x01): string {
  const parts = compact.split(".");
  const bytes = base64url.decode(parts[index]!);
  bytes[at] = bytes[at]! ^ mask;
  parts[index] = base64url.encode(bytes);
  return parts.join(".");
}

/** An independent verifier: node:crypto Ed25519 over the signing input, with the JWKS key. */
function nodeVerifies(compact: string, keys: { keys: JWK[] }): boolean {
  const [header, body, signature] = compact.split(".");
  const kid = JSON.parse(Buffer.from(header!, "base64url").toString("utf8")).kid as string;
  const jwk = keys.keys.find((k) => k.kid === kid);
  if (!jwk) return false;
  const key = createPublicKey({ key: { kty: jwk.kty!, crv: jwk.crv!, x: jwk.x! }, format: "jwk" });
  return nodeVerify(null, Buffer.from(`${header}.${body}`), key, Buffer.from(signature!, "base64url"));
}

describe("a signed receipt", () => {
  it("carries alg, kid and typ in its header and verifies with the shared verifier", async () => {
    const header = JSON.parse(Buffer.from(jws.split(".")[0]!, "base64url").toString("utf8"));
    expect(header).toEqual({ alg: "EdDSA", kid: "k-2026-11", typ: "cx-receipt+jwt" });
    const result = await verifySigned(jws, jwks);
    expect(result).toMatchObject({ valid: true, kind: "receipt", kid: "k-2026-11" });
    expect(result.valid && result.payload).toEqual(payload);
    expect(ReceiptPayloadSchema.parse(payload)).toEqual(payload);
  });

  it("verifies with node:crypto against the public key in the JWKS (no jose involved)", () => {
    expect(jwks.keys[0]).not.toHaveProperty("d");
    expect(nodeVerifies(jws, jwks)).toBe(true);
  });

  it("fails when any byte of the payload or the signature changes, in both verifiers", async () => {
    const [, body, signature] = jws.split(".");
    const payloadLength = base64url.decode(body!).length;
    const signatureLength = base64url.decode(signature!).length;
    expect(signatureLength).toBe(64);
    for (const [index, length] of [[1, payloadLength], [2, signatureLength]] as const) {
      for (let at = 0; at < length; at++) {
        const tampered = flipByte(jws, index, at, 1 << (at % 8));
        const result = await verifySigned(tampered, jwks);
        expect(result, `${index === 1 ? "payload" : "signature"} byte ${at}`).toMatchObject({ valid: false, reason: "bad_signature" });
        expect(nodeVerifies(tampered, jwks), `node: byte ${at}`).toBe(false);
      }
    }
  });

  it("fails when any character of the compact text changes (one canonical encoding only)", async () => {
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    for (let at = 0; at < jws.length; at++) {
      if (jws[at] === ".") continue;
      const replacement = alphabet[(alphabet.indexOf(jws[at]!) + 1) % alphabet.length]!;
      const result = await verifySigned(`${jws.slice(0, at)}${replacement}${jws.slice(at + 1)}`, jwks);
      expect(result.valid, `character ${at}`).toBe(false);
    }
  });

  it("says why it fails: malformed, unknown key, bad payload", async () => {
    const { key } = await receiptSigner(current);
    const sign = (header: Record<string, unknown>, body: string) => new CompactSign(new TextEncoder().encode(body)).setProtectedHeader(header as never).sign(key);
    const cases: [string, string][] = [
      ["", "malformed"],
      ["not a receipt", "malformed"],
      [jws.split(".").slice(0, 2).join("."), "malformed"],
      [`${jws}=`, "malformed"],
      [await sign({ alg: "EdDSA", kid: current.kid, typ: "JWT" }, JSON.stringify(payload)), "malformed"],
      [await sign({ alg: "EdDSA", typ: "cx-receipt+jwt" }, JSON.stringify(payload)), "malformed"],
      [await sign({ alg: "EdDSA", kid: "someone-else", typ: "cx-receipt+jwt" }, JSON.stringify(payload)), "unknown_key"],
      [await sign({ alg: "EdDSA", kid: current.kid, typ: "cx-receipt+jwt" }, JSON.stringify({ ...payload, number: "CX-1" })), "bad_payload"],
      [await sign({ alg: "EdDSA", kid: current.kid, typ: "cx-receipt+jwt" }, "not json"), "bad_payload"],
      // A report is not a receipt: the typ decides which format the payload must have.
      [await sign({ alg: "EdDSA", kid: current.kid, typ: "cx-report+jwt" }, JSON.stringify(payload)), "bad_payload"],
    ];
    for (const [input, reason] of cases) {
      const result = await verifySigned(input, jwks);
      expect(result, input.slice(0, 60)).toMatchObject({ valid: false, reason });
      expect(result.valid ? "" : result.message.length).toBeGreaterThan(4);
    }
    const none = `${base64url.encode(JSON.stringify({ alg: "none", kid: current.kid, typ: "cx-receipt+jwt" }))}.${base64url.encode(JSON.stringify(payload))}.`;
    expect(await verifySigned(none, jwks)).toMatchObject({ valid: false, reason: "malformed" });
  });

  it("keeps verifying receipts of a retired key that is published as a public key only", async () => {
    const old = await signReceipt(payload, await receiptSigner(retired));
    expect(await verifySigned(old, jwks)).toMatchObject({ valid: true, kid: "k-2025-01" });
    expect(nodeVerifies(old, jwks)).toBe(true);
    expect(await verifySigned(old, { keys: [jwks.keys[0]!] })).toMatchObject({ valid: false, reason: "unknown_key" });
  });

  it("reads what an unverified JWS claims, for display only", () => {
    expect(claimedPayload(jws)?.iss).toBe("https://chayicha.example");
    expect(claimedPayload("garbage")).toBeUndefined();
  });
});

describe("signed reports", () => {
  it("are their own kind", async () => {
    const report = {
      code: "91500103MA5U3K9L2B", codeType: "uscc", checksumLegacy: false, kind: "enterprise", kindLabel: "企业", name: "重庆渝信商贸有限公司", legalRepresentative: "王小明",
      industry: null, region: null, registeredOn: "2015-06-01", registrationStatus: "存续", registeredCapitalWan: null, address: null, codeInfo: null, lists: [], penalties: [], licences: [],
      summary: { negativeLists: 0, redList: false, publicPenalties: 0 }, officialQueries90d: 0, viewerRole: "public", asOf: "2026-11-27", dataVersion: null,
    } satisfies SubjectProfile;
    const signed = await signReport({ v: 1, iss: payload.iss, iat: payload.iat, issuedAt: payload.issuedAt, report }, await receiptSigner(current));
    expect(await verifySigned(signed, jwks)).toMatchObject({ valid: true, kind: "report", payload: { report: { name: "重庆渝信商贸有限公司" } } });
    expect(nodeVerifies(signed, jwks)).toBe(true);
  });
});

describe("receipt keys", () => {
  it("refuse a secret that cannot sign or is ambiguous", () => {
    expect(() => parseReceiptKeys("not json")).toThrow(/JSON/);
    expect(() => parseReceiptKeys("[]")).toThrow(/至少/);
    expect(() => parseReceiptKeys(JSON.stringify([{ ...current, d: undefined }]))).toThrow(/私钥/);
    expect(() => parseReceiptKeys(JSON.stringify([current, current]))).toThrow(/重复/);
    expect(() => parseReceiptKeys(JSON.stringify([{ kty: "RSA", kid: "r" }]))).toThrow(/Ed25519/);
  });

  it("rotate: the new key signs, earlier keys stay as public keys only", async () => {
    const first = rotateReceiptKeys(undefined, retired);
    const second = rotateReceiptKeys(first, current);
    const ring = parseReceiptKeys(second);
    expect(ring.current.kid).toBe("k-2026-11");
    expect(ring.jwks.keys.map((k) => k.kid)).toEqual(["k-2026-11", "k-2025-01"]);
    const stored = JSON.parse(second) as JWK[];
    expect(stored[0]!.d).toBe(current.d);
    expect(stored[1]).not.toHaveProperty("d");
    expect(() => rotateReceiptKeys(second, current)).toThrow(/重复/);
  });
});

describe("receipt numbers", () => {
  it("read CX-YYYYMMDD-XXXXXX with the China date and no look-alike characters", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const number = newReceiptNumber(new Date("2026-11-26T16:30:00Z"));
      expect(number).toMatch(RECEIPT_NUMBER_PATTERN);
      expect(number.startsWith("CX-20261127-")).toBe(true);
      expect(number.slice(12)).not.toMatch(/[01OI]/);
      seen.add(number);
    }
    expect(seen.size).toBeGreaterThan(1990);
    expect(newReceiptNumber(new Date("2026-11-26T15:59:59Z"), (n) => new Uint8Array(n).fill(31))).toBe("CX-20261126-ZZZZZZ");
    expect(newReceiptNumber(new Date("2026-11-26T15:59:59Z"), (n) => new Uint8Array(n).fill(0))).toBe("CX-20261126-222222");
  });
});

describe("decision colours", () => {
  it("are the same on the site (site.css) as in the shared palette the extension uses", () => {
    const css = readFileSync(new URL("../../public/static/site.css", import.meta.url), "utf8");
    for (const decision of DECISIONS) {
      const rule = new RegExp(`\\.decision-${decision}\\s*\\{([^}]*)\\}`).exec(css)?.[1] ?? "";
      expect(rule, decision).toContain(`background: ${DECISION_COLOURS[decision].background}`);
      expect(rule, decision).toContain(`color: ${DECISION_COLOURS[decision].text}`);
    }
  });
});
