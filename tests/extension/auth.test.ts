/**
 * 「登录」's protocol logic in happy-dom: PKCE S256, the state check, the code exchange and the refresh
 * before expiry. The provider here is a stand-in `fetch` and launchWebAuthFlow; the real provider
 * (oidc-provider) and the real launchWebAuthFlow are in tests/e2e/rollout.test.ts.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { fakeBrowser } from "wxt/testing/fake-browser";
import { Auth, REFRESH_MARGIN_MS, authorizationUrl, pkcePair } from "../../extension/background/auth";
import { answer } from "../../extension/background/router";
import type { OidcConfig } from "../../extension/settings/preset";
import { loadCredentials, saveCredentials } from "../../extension/settings/store";

const OIDC: OidcConfig = { issuer: "https://idp.example.cn/realms/gov", clientId: "ext", scope: "openid offline_access" };
const REDIRECT = "https://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org/";
const b64url = (bytes: ArrayBuffer) => btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");

/** What the stand-in provider was sent, and what it answers. */
let tokenForms: URLSearchParams[];
let lastChallenge: string | null;
let now: number;
let nextAccess: number;

const fetchFn = async (url: string, init?: RequestInit): Promise<Response> => {
  if (url === `${OIDC.issuer}/.well-known/openid-configuration`) {
    return Response.json({ issuer: OIDC.issuer, authorization_endpoint: `${OIDC.issuer}/auth`, token_endpoint: `${OIDC.issuer}/token` });
  }
  if (url === `${OIDC.issuer}/token`) {
    const form = new URLSearchParams(String(init?.body));
    tokenForms.push(form);
    if (form.get("grant_type") === "authorization_code") {
      const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(form.get("code_verifier")!));
      if (b64url(digest) !== lastChallenge) return Response.json({ error: "invalid_grant", error_description: "PKCE verification failed" }, { status: 400 });
    }
    if (form.get("refresh_token") === "revoked") return Response.json({ error: "invalid_grant" }, { status: 400 });
    return Response.json({ access_token: `access-${++nextAccess}`, refresh_token: `refresh-${nextAccess}`, expires_in: 300, token_type: "Bearer" });
  }
  return new Response("not found", { status: 404 });
};

/** The provider's side of the redirect: echoes state, or not, or refuses. */
function flow(mode: "ok" | "wrong-state" | "denied" | "no-session" = "ok") {
  return async ({ url, interactive }: { url: string; interactive: boolean }) => {
    const params = new URL(url).searchParams;
    lastChallenge = params.get("code_challenge");
    expect(params.get("code_challenge_method")).toBe("S256");
    expect(params.get("redirect_uri")).toBe(REDIRECT);
    if (mode === "no-session" && !interactive) throw new Error("User interaction required.");
    if (mode === "denied") return `${REDIRECT}?error=access_denied&error_description=${encodeURIComponent("用户拒绝")}&state=${params.get("state")}`;
    return `${REDIRECT}?code=the-code&state=${mode === "wrong-state" ? "forged" : params.get("state")}`;
  };
}

beforeEach(() => {
  fakeBrowser.reset();
  tokenForms = [];
  lastChallenge = null;
  now = Date.parse("2026-11-27T03:00:00Z");
  nextAccess = 0;
});

const auth = (mode?: Parameters<typeof flow>[0]) => new Auth({ fetch: fetchFn, now: () => now, launchWebAuthFlow: flow(mode), redirectUrl: () => REDIRECT });

describe("sign-in (authorization code with PKCE)", () => {
  it("a verifier of 43 characters and its S256 challenge (RFC 7636 §4.2)", async () => {
    const { verifier, challenge } = await pkcePair();
    expect(verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(challenge).toBe(b64url(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier))));
    const url = new URL(authorizationUrl({ issuer: OIDC.issuer, authorization_endpoint: `${OIDC.issuer}/auth`, token_endpoint: "" }, OIDC, REDIRECT, challenge, "s"));
    expect(Object.fromEntries(url.searchParams)).toMatchObject({ response_type: "code", client_id: "ext", scope: "openid offline_access", prompt: "consent", code_challenge_method: "S256" });
  });

  it("exchanges the code with the verifier and keeps the tokens in storage.session", async () => {
    const credentials = await auth().signIn(OIDC);
    expect(tokenForms[0]!.get("grant_type")).toBe("authorization_code");
    expect(tokenForms[0]!.get("code")).toBe("the-code");
    expect(tokenForms[0]!.get("client_id")).toBe("ext");
    expect(credentials).toEqual({ kind: "oidc", accessToken: "access-1", refreshToken: "refresh-1", expiresAt: now + 300_000, issuer: OIDC.issuer });
    expect(await loadCredentials()).toEqual(credentials);
    expect(JSON.stringify(await fakeBrowser.storage.local.get(null))).not.toContain("access-1");
  });

  it("refuses a callback whose state is not the one sent, and says when the provider refused", async () => {
    await expect(auth("wrong-state").signIn(OIDC)).rejects.toThrow(/state 与发出的不一致/);
    await expect(auth("denied").signIn(OIDC)).rejects.toThrow(/身份提供方拒绝登录：用户拒绝/);
    expect(tokenForms).toHaveLength(0);
    expect(await loadCredentials()).toBeNull();
  });
});

describe("keeping the token fresh", () => {
  it("uses the token as is until a minute before expiry, then refreshes it once for concurrent callers", async () => {
    const a = auth();
    await a.signIn(OIDC);
    now += 300_000 - REFRESH_MARGIN_MS - 1;
    expect(await a.freshToken(OIDC)).toBe("access-1");
    now += 2;
    const tokens = await Promise.all([a.freshToken(OIDC), a.freshToken(OIDC), a.freshToken(OIDC)]);
    expect(tokens).toEqual(["access-2", "access-2", "access-2"]);
    expect(tokenForms.map((f) => f.get("grant_type"))).toEqual(["authorization_code", "refresh_token"]);
    expect(tokenForms[1]!.get("refresh_token")).toBe("refresh-1");
  });

  it("a refused refresh falls back to a silent sign-in; when that fails too, the token is dropped", async () => {
    await saveCredentials({ kind: "oidc", accessToken: "old", refreshToken: "revoked", expiresAt: now + 1000, issuer: OIDC.issuer });
    expect(await auth("ok").freshToken(OIDC)).toBe("access-1");
    expect(tokenForms.map((f) => f.get("grant_type"))).toEqual(["refresh_token", "authorization_code"]);
    await saveCredentials({ kind: "oidc", accessToken: "old", refreshToken: "revoked", expiresAt: now + 1000, issuer: OIDC.issuer });
    expect(await auth("no-session").freshToken(OIDC)).toBe("");
    expect(await loadCredentials()).toBeNull();
  });

  it("a pasted token is never refreshed", async () => {
    await saveCredentials({ kind: "pasted", accessToken: "eyJ.pasted" });
    expect(await auth().freshToken(OIDC)).toBe("eyJ.pasted");
    expect(tokenForms).toHaveLength(0);
  });
});

describe("only the extension's own pages may ask about the account", () => {
  it("a content script (a web page sender) is refused", async () => {
    const deps = { checker: {} as never, cache: {} as never, account: { state: async () => ({ ok: "state" }) } as never };
    const fromPage = await answer({ type: "account" }, { url: "https://ggzy.example.cn/bid/1", tab: { id: 3 } }, deps);
    expect(fromPage).toMatchObject({ ok: false, problem: { kind: "rejected" } });
    const fromPopup = await answer({ type: "account" }, { url: fakeBrowser.runtime.getURL("/popup.html") }, deps);
    expect(fromPopup).toEqual({ ok: "state" });
  });
});
