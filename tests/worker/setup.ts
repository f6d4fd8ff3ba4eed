import { applyD1Migrations } from "cloudflare:test";
import { env } from "cloudflare:workers";

// Storage is isolated per test file; every file starts from the migrated, empty schema — the control database
// and, in the worker-shards project, every shard (the same migrations everywhere, docs/architecture.md "Shards").
const shards = Object.keys(env).filter((k) => /^SHARD_\d+$/.test(k));
for (const binding of ["DB", ...shards]) await applyD1Migrations((env as unknown as Record<string, D1Database>)[binding]!, env.TEST_MIGRATIONS);
