/** Stylesheets imported for their side effect (bundled by Vite). */
declare module "*.css";

/** Vite's build mode: "production" for `wxt build`, "test" for the test build (`--mode test`) and vitest. */
interface ImportMetaEnv {
  readonly MODE: string;
}
interface ImportMeta {
  readonly env: ImportMetaEnv;
}
