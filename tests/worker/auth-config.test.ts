/**
 * Where token keys come from: an identity provider's JWKS (AUTH_JWKS_URL with its issuer and audience) or
 * the worker's own token key. The provider is a boundary we do not own: here it is unreachable.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { tokenVerification } from "../../worker/auth/keys";
import { verifyToken } from "../../worker/auth/verify";
import { ApiError } from "../../worker/http/errors";
import { OFFICER, token } from "./tokens";

describe("token verification configuration", () => {
  it("uses the identity provider's JWKS, issuer and audience when configured", () => {
    const v = tokenVerification({ ...env, AUTH_JWKS_URL: "http://127.0.0.1:9/jwks.json", AUTH_ISSUER: "https://idp.cq.gov.example", AUTH_AUDIENCE: "cq-credit" });
    expect(v).toMatchObject({ issuer: "https://idp.cq.gov.example", audience: "cq-credit" });
  });

  it("falls back to the worker's own key, its origin as issuer and the default audience", () => {
    expect(tokenVerification(env)).toMatchObject({ issuer: env.ISSUER, audience: "chayicha" });
    expect(tokenVerification({ ...env, TOKEN_SIGNING_KEY: undefined })).toBeNull();
  });

  it("bounds the age of locally issued tokens by TOKEN_MAX_AGE_HOURS (12 by default), not an identity provider's", async () => {
    expect(tokenVerification(env)?.maxAgeSeconds).toBe(12 * 3600);
    expect(tokenVerification({ ...env, TOKEN_MAX_AGE_HOURS: "1" })?.maxAgeSeconds).toBe(3600);
    expect(tokenVerification({ ...env, TOKEN_MAX_AGE_HOURS: "soon" })?.maxAgeSeconds).toBe(12 * 3600);
    expect(tokenVerification({ ...env, AUTH_JWKS_URL: "http://127.0.0.1:9/jwks.json" })?.maxAgeSeconds).toBeNull();
    const now = Math.floor(Date.now() / 1000);
    const twoHoursOld = await token(OFFICER, { issuedAt: now - 2 * 3600, expiresAt: now + 3600 });
    await expect(verifyToken(twoHoursOld, tokenVerification(env)!)).resolves.toMatchObject({ role: "officer" });
    await expect(verifyToken(twoHoursOld, tokenVerification({ ...env, TOKEN_MAX_AGE_HOURS: "1" })!)).rejects.toMatchObject({ status: 401, details: { reason: "too_old" } });
  });

  it("answers 503, not 401, when the identity provider's keys cannot be fetched", async () => {
    const v = tokenVerification({ ...env, AUTH_JWKS_URL: "http://127.0.0.1:9/jwks.json", AUTH_ISSUER: env.ISSUER })!;
    const err = await verifyToken(await token(OFFICER), v).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 503, details: { reason: "jwks_unavailable" } });
  });
});
