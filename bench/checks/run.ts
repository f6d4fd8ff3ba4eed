/**
 * `npm run bench:checks [-- --subjects 5000 --rounds 10 --sign-iterations 2000]`
 *
 * In one run, against the real worker (`wrangler dev`, local D1, seeded, rate limit off):
 * 1. batching: one 100-item POST /api/v1/checks against the same 100 subjects checked one request each,
 *    rounds interleaved so machine noise hits both alike; time per item and the ratio;
 * 2. signing: in-process, signReceipt() on a real 100-item receipt payload (taken from the batch's own
 *    JWS) against JSON.stringify() of the same payload — the work an unsigned answer would still do.
 * Every request writes its query-log entry and receipt, as in production.
 */
import { parseArgs } from "node:util";
import { type JWK, SignJWT, importJWK } from "jose";
import { DEFAULT_AUDIENCE } from "../../shared/auth/claims";
import type { CheckResult } from "../../shared/contract";
import type { ReceiptPayload } from "../../shared/contract/receipts";
import { verifySigned } from "../../shared/receipts/verify";
import { parseReceiptKeys } from "../../shared/receipts/keys";
import { queryLocalShards } from "../../scripts/lib/local-d1";
import { ensureDevVars, newEd25519Jwk } from "../../scripts/lib/dev-vars";
import { startWorker } from "../../tests/e2e/server";
import { signReceipt } from "../../worker/receipts/sign";
import { machine } from "../lib/load";

const { values } = parseArgs({
  options: {
    subjects: { type: "string", default: "5000" },
    rounds: { type: "string", default: "10" },
    "sign-iterations": { type: "string", default: "2000" },
    "state-dir": { type: "string", default: ".wrangler/bench-checks" },
    fresh: { type: "boolean", default: false },
  },
});
const subjects = Number(values.subjects);
const rounds = Number(values.rounds);
const signIterations = Number(values["sign-iterations"]);
const stateDir = values["state-dir"]!;
const ITEMS = 100;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (n: number) => n.toFixed(3);

/** An officer token signed with the local token key, as `npm run token` issues it. */
async function officerToken(issuer: string): Promise<string> {
  const vars = await ensureDevVars();
  const jwk = JSON.parse(vars.TOKEN_SIGNING_KEY!) as JWK;
  return new SignJWT({ role: "officer", name: "基准测试", dept: "11500000MB1541618P", scenes: ["政府采购"] })
    .setProtectedHeader({ alg: "EdDSA", kid: jwk.kid!, typ: "JWT" })
    .setSubject("bench:checks")
    .setIssuer(issuer)
    .setAudience(DEFAULT_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime("2h")
    .sign(await importJWK(jwk, "EdDSA"));
}

console.error(`准备基准：${subjects} 个主体（${stateDir}）…`);
const worker = await startWorker({ stateDir, subjects, fresh: values.fresh, vars: { RATE_LIMIT: "off" } });
try {
  // Half the subjects with list entries (so hits and measures are really computed), half without.
  // Read from every shard's local file (subjects live in the shards); the batch then spans every shard.
  const listed = (
    await queryLocalShards<{ code: string; id: number }>(
      stateDir,
      `SELECT DISTINCT s.code, s.id FROM subjects s JOIN list_entries l ON l.subject_id = s.id WHERE s.code_type = 'uscc' ORDER BY s.id LIMIT ${ITEMS / 2}`,
    )
  )
    .sort((a, b) => a.id - b.id)
    .slice(0, ITEMS / 2)
    .map((r) => r.code);
  const others = (await queryLocalShards<{ code: string; id: number }>(stateDir, `SELECT code, id FROM subjects WHERE code_type = 'uscc' ORDER BY id % 97, id LIMIT ${ITEMS * 2}`))
    .sort((a, b) => (a.id % 97) - (b.id % 97) || a.id - b.id)
    .map((r) => r.code)
    .filter((c) => !listed.includes(c));
  const codes = [...listed, ...others].slice(0, ITEMS);
  if (codes.length < ITEMS) throw new Error(`the seed has only ${codes.length} subjects; use --subjects ${ITEMS} or more`);

  const headers = { "content-type": "application/json", authorization: `Bearer ${await officerToken(worker.origin)}` };
  const check = async (items: { ref: string; code: string }[]): Promise<CheckResult> => {
    const res = await fetch(`${worker.origin}/api/v1/checks`, { method: "POST", headers, body: JSON.stringify({ scene: "政府采购", purpose: "BENCH-2026", items }) });
    if (res.status !== 200) throw new Error(`check answered ${res.status}: ${await res.text()}`);
    return (await res.json()) as CheckResult;
  };
  const batchItems = codes.map((code, i) => ({ ref: String(i + 1), code }));

  // Warm up both paths (JIT, SQLite page cache, key import).
  await check(batchItems);
  for (const item of batchItems.slice(0, 20)) await check([item]);

  const batchMs: number[] = [];
  const singleMs: number[] = [];
  let lastAnswer: CheckResult | undefined;
  for (let round = 0; round < rounds; round++) {
    let t0 = performance.now();
    lastAnswer = await check(batchItems);
    batchMs.push(performance.now() - t0);
    t0 = performance.now();
    for (const item of batchItems) await check([item]);
    singleMs.push(performance.now() - t0);
    console.error(`  第 ${round + 1} 轮：批量 ${ms(batchMs.at(-1)!)} ms，逐个 ${ms(singleMs.at(-1)!)} ms`);
  }
  const hits = lastAnswer!.items.reduce((n, item) => n + item.hits.length, 0);

  // Signing, in-process, on the batch's own receipt payload.
  const verified = await verifySigned(lastAnswer!.receipt.jws, await (await fetch(`${worker.origin}/.well-known/jwks.json`)).json());
  if (!verified.valid || verified.kind !== "receipt") throw new Error("the batch receipt did not verify");
  const payload: ReceiptPayload = verified.payload;
  const key = await newEd25519Jwk();
  const ring = parseReceiptKeys(JSON.stringify([key]));
  const signer = { kid: ring.current.kid, key: (await importJWK(ring.current, "EdDSA")) as CryptoKey };
  const time = async (fn: () => unknown, n: number) => {
    for (let i = 0; i < Math.min(200, n); i++) await fn();
    const t0 = performance.now();
    for (let i = 0; i < n; i++) await fn();
    return (performance.now() - t0) / n;
  };
  const stringifyMs = await time(() => JSON.stringify(payload), signIterations);
  const signMs = await time(() => signReceipt(payload, signer), signIterations);
  const jws = await signReceipt(payload, signer);
  const verifyMs = await time(() => verifySigned(jws, ring.jwks), Math.max(100, signIterations / 4));

  const batchPerItem = median(batchMs) / ITEMS;
  const singlePerItem = median(singleMs) / ITEMS;
  console.log(`\n## bench:checks — ${new Date().toISOString()}\n`);
  console.log(`Machine: ${machine()}. Worker: wrangler dev (workerd, local D1), ${subjects} seeded subjects, rate limit off, one client, ${rounds} interleaved rounds (medians).`);
  console.log(`The 100 subjects: ${listed.length} with list entries, ${ITEMS - listed.length} without; the batch answer carries ${hits} hits; receipt payload ${Buffer.byteLength(JSON.stringify(payload))} bytes, JWS ${jws.length} characters.\n`);
  console.log("| batching (POST /api/v1/checks) | total ms | ms per item |\n|---|---:|---:|");
  console.log(`| 1 request × 100 items | ${ms(median(batchMs))} | ${ms(batchPerItem)} |`);
  console.log(`| 100 requests × 1 item | ${ms(median(singleMs))} | ${ms(singlePerItem)} |`);
  console.log(`| **ratio: single / batch, per item** | | **${(singlePerItem / batchPerItem).toFixed(1)} ×** |\n`);
  console.log("| signing (in-process, same 100-item payload) | ms per call |\n|---|---:|");
  console.log(`| JSON.stringify (the unsigned answer) | ${ms(stringifyMs)} |`);
  console.log(`| signReceipt (stringify + EdDSA, compact JWS) | ${ms(signMs)} |`);
  console.log(`| verifySigned (shared verifier, for reference) | ${ms(verifyMs)} |`);
  console.log(`| **ratio: signed / unsigned** | **${(signMs / stringifyMs).toFixed(1)} ×** |`);
  console.log(`\nSigning adds ${ms(signMs - stringifyMs)} ms to a 100-item check that takes ${ms(median(batchMs))} ms end to end (${((100 * (signMs - stringifyMs)) / median(batchMs)).toFixed(1)} %).`);
} finally {
  await worker.stop();
}
