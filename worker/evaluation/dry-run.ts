/**
 * 试算: how the grade distribution would shift if a draft were published. Both the model in force and the
 * draft score the same facts, read now, chunk by chunk; nothing is written.
 */
import type { z } from "zod";
import type { DryRunResult } from "../../shared/contract";
import { type Evaluation, GradeShift, evaluate, evaluateOverlay } from "../../shared/domain/evaluation";
import type { LoadedModel, PublishedModels } from "./models";
import { loadChunkFacts } from "./queries";
import type { ShardRouter } from "../shards";

/** Subjects read per round trip; no writes, so larger than the job's chunks. */
const DRY_RUN_CHUNK = 1000;

/**
 * Scores every subject the draft would grade (all organisations for a public draft, the industry's for an
 * overlay) under the model in force and under the draft.
 * @example const shift = await dryRun(db, draft, models, "2026-11-27"); shift.worsened // subjects that would drop
 */
export async function dryRun(shards: ShardRouter, draft: LoadedModel, models: PublishedModels, today: string): Promise<z.infer<typeof DryRunResult>> {
  const shift = new GradeShift();
  const industryCode = draft.kind === "industry" ? draft.industryCode : null;
  const inForce = draft.kind === "public" ? models.public : models.industry.get(industryCode ?? "") ?? null;
  // Over shards: every shard's subjects in turn, into the one shift (the counts are sums).
  for (const { db } of shards.all()) {
    let cursor = 0;
    for (;;) {
      const chunk = await loadChunkFacts(db, { kind: "after", cursor, limit: DRY_RUN_CHUNK, industryCode });
      for (const facts of chunk.facts) {
        const publicNow = models.public ? evaluate(models.public.definition, facts, today) : null;
        const grade = (model: LoadedModel | null): Evaluation | null => {
          if (!model) return publicNow;
          if (model.kind === "public") return model === models.public ? publicNow : evaluate(model.definition, facts, today);
          // An overlay stands on the public result in force.
          return publicNow ? evaluateOverlay(model.definition, facts, today, publicNow) : null;
        };
        const before = grade(inForce);
        const after = grade(draft);
        if (after) shift.add((before ?? after).grade, after.grade);
      }
      if (chunk.facts.length < DRY_RUN_CHUNK) break;
      cursor = chunk.facts.at(-1)!.subject.id;
  }
  }
  return {
    version: draft.version,
    comparedWith: inForce?.version ?? (draft.kind === "industry" ? (models.public?.version ?? null) : null),
    population: shift.total,
    before: shift.before,
    after: shift.after,
    matrix: shift.matrix,
    ...shift.summary(),
    asOf: today,
  };
}
