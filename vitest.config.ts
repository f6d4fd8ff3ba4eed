import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";
import preact from "@preact/preset-vite";
import { WxtVitest } from "wxt/testing/vitest-plugin";
import { exportJWK, generateKeyPair } from "jose";
import { readFileSync, writeFileSync } from "node:fs";

const migrations = await readD1Migrations("./migrations");
// wrangler.toml binds four shard databases (npm start, deploy). The worker project runs on the control database alone
// (single-database mode) and the worker-shards project on DB + SHARD_0 + SHARD_1, so both start from wrangler.toml
// without its SHARD_* blocks, written beside it (relative paths keep their meaning; the file is git-ignored).
const SINGLE_DB_CONFIG = "./.wrangler-single-db.toml";
writeFileSync(
  SINGLE_DB_CONFIG,
  readFileSync("./wrangler.toml", "utf8")
    .split(/^(?=\[)/m)
    .filter((block) => !(block.startsWith("[[d1_databases]]") && /^binding = "SHARD_\d+"/m.test(block)))
    .join(""),
);
// A fresh token key per run: tests sign their own tokens with it, nothing is stored on disk.
const { privateKey } = await generateKeyPair("EdDSA", { crv: "Ed25519", extractable: true });
const tokenKey = JSON.stringify({ ...(await exportJWK(privateKey)), kid: "test-token-key", alg: "EdDSA" });
// Receipt keys as after one rotation: a current key and a retired one (kept private here so tests can
// sign "old" receipts with it; deployments keep only its public half).
const receiptKey = async (kid: string) => ({ ...(await exportJWK((await generateKeyPair("EdDSA", { crv: "Ed25519", extractable: true })).privateKey)), kid, alg: "EdDSA", use: "sig" });
const receiptKeys = JSON.stringify([await receiptKey("test-receipt-2"), await receiptKey("test-receipt-1")]);

/** Worker tests of the paths that work over shards, run again in the worker-shards project. */
const SHARDED_READ_PATH_TESTS = ["tests/worker/lookup.test.ts", "tests/worker/search.test.ts", "tests/worker/checks.test.ts"];

export default defineConfig({
  test: {
    projects: [
      {
        // Pure logic shared by the worker, the scripts and the extension: plain Node.
        // Script tests start tsx and wrangler processes: seconds each on a quiet machine, many more on a busy 2-core one.
        test: { name: "shared", include: ["tests/shared/**/*.test.ts", "tests/contract/**/*.test.ts", "tests/scripts/**/*.test.ts"], environment: "node", testTimeout: 60_000 },
      },
      {
        // The worker inside workerd with the real (local) D1, migrations applied per test file.
        plugins: [
          cloudflareTest({
            wrangler: { configPath: SINGLE_DB_CONFIG },
            miniflare: { bindings: { TEST_MIGRATIONS: migrations, TOKEN_SIGNING_KEY: tokenKey, RECEIPT_SIGNING_KEYS: receiptKeys, ISSUER: "http://localhost:8787", EXTENSION_ORIGINS: "chrome-extension://abcdefghijklmnopabcdefghijklmnop" } },
          }),
        ],
        test: {
          name: "worker",
          // Property-based tests run thousands of requests; on a busy 2-core machine that takes a while.
          testTimeout: 120_000,
          include: ["tests/worker/**/*.test.ts"],
          setupFiles: ["tests/worker/setup.ts"],
        },
      },
      {
        // The same worker over two shard databases (issue 12): the read paths' own tests run again with subjects
        // spread over SHARD_0 and SHARD_1 (tests/worker/fixtures.ts writes each subject to its shard), plus the
        // sharding tests. The control database DB keeps what is global.
        plugins: [
          cloudflareTest({
            wrangler: { configPath: SINGLE_DB_CONFIG },
            miniflare: {
              d1Databases: { DB: "control-test", SHARD_0: "shard-0-test", SHARD_1: "shard-1-test" },
              bindings: { TEST_MIGRATIONS: migrations, TOKEN_SIGNING_KEY: tokenKey, RECEIPT_SIGNING_KEYS: receiptKeys, ISSUER: "http://localhost:8787", EXTENSION_ORIGINS: "chrome-extension://abcdefghijklmnopabcdefghijklmnop" },
            },
          }),
        ],
        test: {
          name: "worker-shards",
          testTimeout: 120_000,
          include: ["tests/worker-shards/**/*.test.ts", ...SHARDED_READ_PATH_TESTS],
          setupFiles: ["tests/worker/setup.ts"],
        },
      },
      {
        // The browser extension in happy-dom, with WXT's fake browser APIs (wxt/testing) as the boundary.
        plugins: [preact(), await WxtVitest()],
        test: { name: "extension", include: ["tests/extension/**/*.test.{ts,tsx}"], environment: "happy-dom" },
      },
    ],
  },
});
