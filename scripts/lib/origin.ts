/**
 * The local worker's address, one rule for every script: `npm start` passes it to `wrangler dev` as ISSUER,
 * and `npm run token` writes it into a token's `iss`, so the two always agree (PORT set or not).
 */

/** @example localPort({ PORT: "8790" }) // 8790 */
export function localPort(env: NodeJS.ProcessEnv = process.env): number {
  const port = Number(env.PORT);
  return env.PORT && Number.isInteger(port) && port > 0 && port < 65_536 ? port : 8787;
}

/**
 * ISSUER when set (a deployment's public origin), else http://localhost:<PORT or 8787>.
 * @example localIssuer({ PORT: "8790" }) // "http://localhost:8790"
 */
export function localIssuer(env: NodeJS.ProcessEnv = process.env): string {
  return env.ISSUER || `http://localhost:${localPort(env)}`;
}
