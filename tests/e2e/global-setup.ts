import type { TestProject } from "vitest/node";
import { startWorker } from "./server";

declare module "vitest" {
  export interface ProvidedContext {
    origin: string;
  }
}

/** One worker for the whole suite, on its own state folder with a small seed. */
export default async function setup(project: TestProject) {
  const worker = await startWorker({ stateDir: ".wrangler/e2e", subjects: 1000 });
  project.provide("origin", worker.origin);
  return () => worker.stop();
}
