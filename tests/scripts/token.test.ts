/**
 * `npm run token` as a user runs it, in a temporary folder (its own .dev.vars): the token's issuer is the
 * address `npm start` gives the worker for the same PORT, so the worker's own verification accepts it.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { decodeJwt, decodeProtectedHeader } from "jose";
import { afterAll, describe, expect, it } from "vitest";
import { readDevVars } from "../../scripts/lib/dev-vars";
import { localIssuer } from "../../scripts/lib/origin";
import { tokenVerification } from "../../worker/auth/keys";
import { verifyToken } from "../../worker/auth/verify";
import type { Env } from "../../worker/env";

const ROOT = resolve(import.meta.dirname, "../..");
const TSX = join(ROOT, "node_modules/.bin/tsx");
const dir = mkdtempSync(join(tmpdir(), "chayicha-token-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function issue(env: Record<string, string>, args: string[] = []) {
  const { PORT: _p, ISSUER: _i, TOKEN_MAX_AGE_HOURS: _m, ...base } = process.env;
  const result = spawnSync(TSX, [join(ROOT, "scripts/token.ts"), "--role", "admin", "--name", "信用中心管理员", ...args], {
    cwd: dir,
    encoding: "utf8",
    timeout: 60_000,
    env: { ...base, ...env },
  });
  expect(result.status, result.stderr).toBe(0);
  return { token: result.stdout.trim(), stderr: result.stderr };
}

/** The worker as `npm start` runs it for this environment: ISSUER from the same rule, the key from .dev.vars. */
function workerEnv(env: Record<string, string>): Env {
  return { ISSUER: localIssuer(env), TOKEN_SIGNING_KEY: readDevVars(join(dir, ".dev.vars")).TOKEN_SIGNING_KEY } as Env;
}

describe("npm run token", () => {
  it("with PORT set, issues a token the worker started on that PORT accepts", async () => {
    const env = { PORT: "8790" };
    const { token } = issue(env);
    expect(decodeJwt(token).iss).toBe("http://localhost:8790");
    const principal = await verifyToken(token, tokenVerification(workerEnv(env))!);
    expect(principal).toMatchObject({ role: "admin", name: "信用中心管理员" });
    // The same token is refused by a worker on the default port: the issuer really is checked.
    await expect(verifyToken(token, tokenVerification(workerEnv({}))!)).rejects.toMatchObject({ details: { reason: "wrong_issuer" } });
  });

  it("without PORT the issuer is http://localhost:8787, and ISSUER wins over PORT", () => {
    expect(decodeJwt(issue({}).token).iss).toBe("http://localhost:8787");
    expect(decodeJwt(issue({ PORT: "8790", ISSUER: "https://credit.cq.example" }).token).iss).toBe("https://credit.cq.example");
  });

  it("signs typ JWT and expires within the worker's 12-hour maximum age, capping --days with a notice", () => {
    const { token, stderr } = issue({}, ["--days", "30"]);
    expect(decodeProtectedHeader(token).typ).toBe("JWT");
    const { iat, exp } = decodeJwt(token);
    expect(exp! - iat!).toBeLessThanOrEqual(12 * 3600);
    expect(stderr).toContain("最长有效 12 小时");
    const short = decodeJwt(issue({}, ["--hours", "2"]).token);
    expect(short.exp! - short.iat!).toBe(2 * 3600);
  });
});
