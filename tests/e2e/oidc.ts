/**
 * A real OpenID Connect provider for the end-to-end suite: panva's `oidc-provider` (certified OpenID
 * Provider library), on a local port, with one public client (the extension: PKCE, redirect URI
 * https://<extension-id>.chromiumapp.org/), JWT access tokens for the 查一查 API (RFC 9068 via resource
 * indicators, RFC 8707) carrying the claims the worker reads (shared/auth/claims.ts), refresh tokens,
 * and its own built-in login and consent pages (devInteractions: any login name signs in as that account).
 */
import { type Server, createServer } from "node:http";
import { exportJWK, generateKeyPair } from "jose";
import Provider from "oidc-provider";

export interface OidcAccount {
  role: "officer" | "admin";
  name: string;
  dept: string;
  scenes?: string[];
}

export interface RunningOidc {
  issuer: string;
  /** Successful token-endpoint grants by type (authorization_code, refresh_token). */
  grants: string[];
  stop(): Promise<void>;
}

/** The resource indicator of the 查一查 API; the access tokens' audience is the worker's AUTH_AUDIENCE. */
export const API_RESOURCE = "urn:chayicha:api";

/** The extension's client at the provider, in both sign-in suites. */
export const CLIENT_ID = "chayicha-extension";
/** Access tokens live 60 s, inside the extension's 60 s refresh margin: every use after sign-in first refreshes it. */
export const ACCESS_TOKEN_TTL = 60;

/** The provider's address, held from the start of a suite: the worker and the build need the issuer before the provider can be configured. */
export interface OidcHost {
  issuer: string;
  server: Server;
}

/**
 * Listens on a free port at once and answers 503 until startOidcProvider attaches the provider. A port taken
 * from freePort and listened on only after the worker, the build and the browser have started could be taken
 * in between by one of them (it was once, in CI: EADDRINUSE, and the suite's setup hung until its timeout).
 */
export async function holdOidcAddress(): Promise<OidcHost> {
  const server = createServer((_req, res) => res.writeHead(503).end());
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const address = server.address();
  if (typeof address !== "object" || !address) throw new Error("OIDC: no address");
  return { issuer: `http://127.0.0.1:${address.port}`, server };
}

export async function startOidcProvider(options: { host: OidcHost; clientId: string; redirectUri: string; webOrigin: string; audience: string; accounts: Record<string, OidcAccount>; accessTokenTtl: number }): Promise<RunningOidc> {
  const { issuer, server } = options.host;
  const { privateKey } = await generateKeyPair("ES256", { extractable: true });
  const signing = { ...(await exportJWK(privateKey)), kid: "e2e-es256", alg: "ES256", use: "sig" };
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: options.clientId,
        token_endpoint_auth_method: "none",
        redirect_uris: [options.redirectUri],
        grant_types: ["authorization_code", "refresh_token"],
        response_types: ["code"],
        id_token_signed_response_alg: "ES256",
      },
    ],
    jwks: { keys: [signing] },
    // The token endpoint is called from the extension, whose requests carry Origin: chrome-extension://<id>.
    // Like Keycloak's "Web Origins", the provider must allow that origin for this client.
    clientBasedCORS: (_ctx: unknown, origin: string) => origin === options.webOrigin,
    scopes: ["openid", "offline_access", "chayicha"],
    features: {
      devInteractions: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => API_RESOURCE,
        useGrantedResource: () => true,
        getResourceServerInfo: () => ({
          scope: "chayicha",
          audience: options.audience,
          accessTokenTTL: options.accessTokenTtl,
          accessTokenFormat: "jwt",
          jwt: { sign: { alg: "ES256" } },
        }),
      },
    },
    findAccount: async (_ctx, id) => ({ accountId: id, claims: async () => ({ sub: id, name: options.accounts[id]?.name ?? id }) }),
    // The worker's claims (role, name, dept, scenes) go into the JWT access token itself.
    extraTokenClaims: async (_ctx, token) => {
      const account = "accountId" in token && typeof token.accountId === "string" ? options.accounts[token.accountId] : undefined;
      return account ? { ...account } : undefined;
    },
    ttl: { AccessToken: options.accessTokenTtl, RefreshToken: 3600, Grant: 3600, Session: 3600, Interaction: 600, AuthorizationCode: 60, IdToken: 600 },
  });
  const grants: string[] = [];
  provider.on("grant.success", (ctx) => grants.push(String((ctx.oidc.params as { grant_type?: string } | undefined)?.grant_type)));
  server.removeAllListeners("request");
  server.on("request", provider.callback());
  return {
    issuer,
    grants,
    stop: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
