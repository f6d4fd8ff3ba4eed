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

  it("answers 503, not 401, when the identity provider's keys cannot be fetched", async () => {
    const v = tokenVerification({ ...env, AUTH_JWKS_URL: "http://127.0.0.1:9/jwks.json", AUTH_ISSUER: env.ISSUER })!;
    const err = await verifyToken(await token(OFFICER), v).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 503, details: { reason: "jwks_unavailable" } });
  });
});
