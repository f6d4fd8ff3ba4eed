/**
 * 「登录」: OAuth 2.0 authorization code with PKCE (RFC 6749 §4.1, RFC 7636 S256) through
 * `browser.identity.launchWebAuthFlow`, against the identity provider named by policy or build
 * (OpenID Connect Discovery 1.0 finds its endpoints). Runs in the background only: the tokens go from the
 * token endpoint into storage.session (trusted contexts) and never reach a page. `freshToken` refreshes
 * (refresh_token grant, else a silent re-authorization) a minute before expiry.
 */
import { browser } from "wxt/browser";
import type { Problem } from "../messages";
import type { OidcConfig } from "../settings/preset";
import { type Credentials, loadCredentials, saveCredentials } from "../settings/store";
import type { Fetch } from "./api";

/** Refresh this long before the access token expires, so a check never goes out with a dying token. */
export const REFRESH_MARGIN_MS = 60_000;

export interface ProviderMetadata {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
}

export class AuthProblem extends Error {
  constructor(readonly problem: Problem) {
    super(problem.message);
  }
}

const fail = (message: string, kind: Problem["kind"] = "unauthorised") => new AuthProblem({ kind, message });

function base64url(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** A PKCE verifier (43 characters of 32 random bytes) and its S256 challenge. */
export async function pkcePair(): Promise<{ verifier: string; challenge: string }> {
  const verifier = base64url(crypto.getRandomValues(new Uint8Array(32)));
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier)));
  return { verifier, challenge: base64url(digest) };
}

/** The provider's endpoints from its discovery document; the document must name the same issuer (OIDC Discovery §4.3). */
export async function discover(fetchFn: Fetch, issuer: string): Promise<ProviderMetadata> {
  let response: Response;
  try {
    response = await fetchFn(`${issuer}/.well-known/openid-configuration`, { headers: { accept: "application/json" } });
  } catch {
    throw fail(`无法连接身份提供方（${issuer}）`, "offline");
  }
  if (!response.ok) throw fail(`身份提供方的配置无法读取（HTTP ${response.status}）`, "server");
  const meta = (await response.json().catch(() => ({}))) as Partial<ProviderMetadata>;
  if (meta.issuer?.replace(/\/+$/, "") !== issuer.replace(/\/+$/, "")) throw fail(`身份提供方配置中的 issuer（${meta.issuer ?? "无"}）与设置的（${issuer}）不一致`, "bad_response");
  if (typeof meta.authorization_endpoint !== "string" || typeof meta.token_endpoint !== "string") throw fail("身份提供方配置缺少授权或令牌端点", "bad_response");
  return meta as ProviderMetadata;
}

export function authorizationUrl(meta: ProviderMetadata, oidc: OidcConfig, redirectUri: string, challenge: string, state: string): string {
  const url = new URL(meta.authorization_endpoint);
  url.search = new URLSearchParams({
    response_type: "code",
    client_id: oidc.clientId,
    redirect_uri: redirectUri,
    scope: oidc.scope,
    state,
    code_challenge: challenge,
    code_challenge_method: "S256",
    // offline_access is granted only with consent (OIDC Core §11); providers that need no prompt skip it.
    ...(oidc.scope.split(/\s+/).includes("offline_access") ? { prompt: "consent" } : {}),
  }).toString();
  return url.toString();
}

interface TokenResponse {
  access_token?: string;
  refresh_token?: string;
  expires_in?: number;
  error?: string;
  error_description?: string;
}

async function tokenRequest(fetchFn: Fetch, meta: ProviderMetadata, form: Record<string, string>, now: number, issuer: string, previousRefresh?: string): Promise<Credentials> {
  let response: Response;
  try {
    response = await fetchFn(meta.token_endpoint, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" }, body: new URLSearchParams(form).toString() });
  } catch {
    throw fail("无法连接身份提供方的令牌端点", "offline");
  }
  const body = (await response.json().catch(() => ({}))) as TokenResponse;
  if (!response.ok || !body.access_token) throw fail(`身份提供方拒绝签发令牌：${body.error_description ?? body.error ?? `HTTP ${response.status}`}`);
  const refreshToken = body.refresh_token ?? previousRefresh;
  return {
    kind: "oidc",
    accessToken: body.access_token,
    ...(typeof body.expires_in === "number" ? { expiresAt: now + body.expires_in * 1000 } : {}),
    ...(refreshToken ? { refreshToken } : {}),
    issuer,
  };
}

export interface AuthDeps {
  fetch: Fetch;
  now?: () => number;
  /** browser.identity.launchWebAuthFlow; replaced in happy-dom tests. */
  launchWebAuthFlow?: (details: { url: string; interactive: boolean }) => Promise<string | undefined>;
  redirectUrl?: () => string;
}

export class Auth {
  private refreshing: Promise<Credentials | null> | undefined;
  private readonly now: () => number;

  constructor(private readonly deps: AuthDeps) {
    this.now = deps.now ?? Date.now;
  }

  private launch(details: { url: string; interactive: boolean }) {
    return (this.deps.launchWebAuthFlow ?? ((d) => browser.identity.launchWebAuthFlow(d)))(details);
  }

  /** The redirect URI the provider must have registered: https://<extension-id>.chromiumapp.org/ in Chrome and Edge. */
  redirectUri(): string {
    return (this.deps.redirectUrl ?? (() => browser.identity.getRedirectURL()))();
  }

  /** Runs the authorization code flow; `interactive: false` only succeeds while the provider's own session lasts. */
  async signIn(oidc: OidcConfig, interactive = true): Promise<Credentials> {
    const meta = await discover(this.deps.fetch, oidc.issuer);
    const { verifier, challenge } = await pkcePair();
    const state = base64url(crypto.getRandomValues(new Uint8Array(16)));
    const redirectUri = this.redirectUri();
    let responseUrl: string | undefined;
    try {
      responseUrl = await this.launch({ url: authorizationUrl(meta, oidc, redirectUri, challenge, state), interactive });
    } catch (err) {
      throw fail(interactive ? `登录未完成：${err instanceof Error ? err.message : String(err)}` : "登录已过期，请重新登录");
    }
    if (!responseUrl) throw fail("登录未完成：身份提供方没有返回");
    const params = new URL(responseUrl).searchParams;
    if (params.get("state") !== state) throw fail("登录未完成：返回的 state 与发出的不一致（可能是伪造的回调）");
    const error = params.get("error");
    if (error) throw fail(`身份提供方拒绝登录：${params.get("error_description") ?? error}`);
    const code = params.get("code");
    if (!code) throw fail("登录未完成：回调中没有授权码");
    const credentials = await tokenRequest(this.deps.fetch, meta, { grant_type: "authorization_code", code, redirect_uri: redirectUri, client_id: oidc.clientId, code_verifier: verifier }, this.now(), oidc.issuer);
    await saveCredentials(credentials);
    return credentials;
  }

  async signOut(): Promise<void> {
    await saveCredentials(null);
  }

  /**
   * The access token to send now: a pasted one as is; a signed-in one refreshed when it has less than a
   * minute left (one refresh at a time: a rotated refresh token is single-use). "" when there is none.
   */
  async freshToken(oidc: OidcConfig | undefined): Promise<string> {
    const current = await loadCredentials();
    if (!current) return "";
    if (current.kind === "pasted" || current.expiresAt === undefined || current.expiresAt - this.now() > REFRESH_MARGIN_MS) return current.accessToken;
    if (!oidc || current.issuer !== oidc.issuer) return current.accessToken;
    this.refreshing ??= this.refresh(current, oidc).finally(() => (this.refreshing = undefined));
    return (await this.refreshing)?.accessToken ?? "";
  }

  private async refresh(current: Credentials, oidc: OidcConfig): Promise<Credentials | null> {
    if (current.refreshToken) {
      try {
        const meta = await discover(this.deps.fetch, oidc.issuer);
        const next = await tokenRequest(this.deps.fetch, meta, { grant_type: "refresh_token", refresh_token: current.refreshToken, client_id: oidc.clientId }, this.now(), oidc.issuer, current.refreshToken);
        await saveCredentials(next);
        return next;
      } catch {
        // Fall through to a silent re-authorization.
      }
    }
    try {
      return await this.signIn(oidc, false);
    } catch {
      await saveCredentials(null);
      return null;
    }
  }
}
