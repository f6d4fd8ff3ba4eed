/** The little of oidc-provider's API the e2e suite uses (the package ships no types; @types lags behind v9). */
declare module "oidc-provider" {
  import type { IncomingMessage, ServerResponse } from "node:http";
  interface Ctx {
    oidc: { params?: Record<string, unknown> };
  }
  export default class Provider {
    constructor(issuer: string, configuration: Record<string, unknown> & {
      findAccount?: (ctx: Ctx, id: string) => Promise<{ accountId: string; claims: () => Promise<Record<string, unknown>> }>;
      extraTokenClaims?: (ctx: Ctx, token: Record<string, unknown>) => Promise<Record<string, unknown> | undefined>;
    });
    on(event: string, listener: (ctx: Ctx, ...rest: unknown[]) => void): this;
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
  }
}
