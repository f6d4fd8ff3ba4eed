/**
 * The rules that class penalties as 轻微 / 一般 / 严重 are configuration (no national threshold for 巨额罚款
 * is published, DOMAIN.md §5): DEFAULT_SEVERITY_RULES until an admin stores others in the `settings` table
 * (`PUT /api/v1/ingest/severity-rules`). Each upload uses the rules in force when it starts and keeps a copy
 * of them in its quality report; records already stored keep the class they were given.
 */
import { SeverityRulesSchema, type SeverityRulesState } from "../../shared/contract/ingest";
import { DEFAULT_SEVERITY_RULES, type SeverityRules } from "../../shared/domain/penalties";

export const SEVERITY_RULES_KEY = "severity_rules";

/** The rules in force, and where they come from. */
export async function loadSeverityRules(db: D1DatabaseSession): Promise<SeverityRulesState> {
  const row = await db
    .prepare("SELECT value, updated_at, updated_by FROM settings WHERE key = ?1")
    .bind(SEVERITY_RULES_KEY)
    .first<{ value: string; updated_at: string; updated_by: string | null }>();
  if (row) {
    const parsed = SeverityRulesSchema.safeParse(safeJson(row.value));
    if (parsed.success) return { rules: parsed.data, source: "settings", updatedAt: row.updated_at, updatedBy: row.updated_by };
    // A stored value that no longer validates must not stop uploads: fall back to the defaults, loudly.
    console.error("settings.severity_rules is not valid; using the defaults", parsed.error.issues);
  }
  return { rules: toInput(DEFAULT_SEVERITY_RULES), source: "default", updatedAt: null, updatedBy: null };
}

export async function saveSeverityRules(db: D1DatabaseSession, rules: SeverityRulesState["rules"], actor: string): Promise<SeverityRulesState> {
  const value = JSON.stringify(rules);
  await db
    .prepare(
      `INSERT INTO settings (key, value, updated_at, updated_by) VALUES (?1, ?2, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), ?3)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
    )
    .bind(SEVERITY_RULES_KEY, value, actor)
    .run();
  return loadSeverityRules(db);
}

function toInput(rules: SeverityRules): SeverityRulesState["rules"] {
  return SeverityRulesSchema.parse({ ...rules, seriousKinds: [...rules.seriousKinds], minorKinds: [...rules.minorKinds] });
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
