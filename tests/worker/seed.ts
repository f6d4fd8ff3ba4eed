import { env } from "cloudflare:workers";
import { chinaToday } from "../../shared/domain/dates";
import { generateSeed } from "../../scripts/seed/generate";
import { insertStatements } from "../../scripts/seed/sql";

/** Loads the deterministic seed (the same generator `npm start` uses) into this test file's D1. */
export async function loadSeed(subjects: number, recordsPerSubject = 2): Promise<void> {
  for (const batch of generateSeed({ subjects, recordsPerSubject, today: chinaToday() })) {
    const statements = insertStatements(batch).map((s) => env.DB.prepare(s.sql).bind(...s.params));
    await env.DB.batch(statements);
  }
}
