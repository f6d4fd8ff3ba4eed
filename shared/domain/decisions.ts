/**
 * 核查结论: what a list entry means in a scene (a measure's effect) and the one decision a check gives.
 * Shared by the worker (which decides), the receipt page and the extension (which shows badges).
 */
import { LIST_TYPE_INFO, type ListType } from "./lists";
import type { Scene } from "./scenes";

/** Effects of a measure (惩戒与激励措施), strictest first. */
export const EFFECTS = ["block", "review", "flag", "benefit"] as const;
export type Effect = (typeof EFFECTS)[number];

/** A check's decision: a measure's effect, or `pass` when no measure applies. Strictest first. */
export const DECISIONS = [...EFFECTS, "pass"] as const;
export type Decision = (typeof DECISIONS)[number];

export const DECISION_LABEL: Record<Decision, string> = {
  block: "不得参与",
  review: "需复核",
  flag: "提示",
  benefit: "守信激励",
  pass: "通过",
};

/**
 * Badge colours (text on background), the same on the receipt page and in the extension, so an officer
 * reads the same thing in both places. Red, amber, blue, green, grey.
 */
export const DECISION_COLOURS: Record<Decision, { text: string; background: string }> = {
  block: { text: "#ffffff", background: "#b4232a" },
  review: { text: "#ffffff", background: "#a15c00" },
  flag: { text: "#ffffff", background: "#28527a" },
  benefit: { text: "#ffffff", background: "#1d7a3e" },
  pass: { text: "#1f2933", background: "#e4e7eb" },
};

const RANK: Record<Decision, number> = { block: 0, review: 1, flag: 2, benefit: 3, pass: 4 };

/**
 * The strictest of some effects (block > review > flag > benefit), or `pass` when there are none.
 * @example strictestDecision(["flag", "block", "benefit"]) // "block"
 * @example strictestDecision([]) // "pass"
 */
export function strictestDecision(effects: Iterable<Effect>): Decision {
  let best: Decision = "pass";
  for (const effect of effects) if (RANK[effect] < RANK[best]) best = effect;
  return best;
}

/**
 * Orders effects or decisions strictest first (for sorting measures and summaries).
 * @example ["flag", "block"].sort(compareStrictness) // ["block", "flag"]
 */
export function compareStrictness(a: Decision, b: Decision): number {
  return RANK[a] - RANK[b];
}

/**
 * Which effects a measure may have (DOMAIN.md §4: relevance and proportionality): negative lists restrict
 * or inform, the red list rewards or informs, and 公共查询 only informs. Null when allowed, else why not.
 * @example measureEffectProblem("red_list", "procurement", "block") // "守信激励名单只能设置 守信激励 或 提示"
 */
export function measureEffectProblem(listType: ListType, scene: Scene, effect: Effect): string | null {
  if (scene === "public_query" && effect !== "flag") return "公共查询场景只作信息提示，效果只能是 提示";
  const polarity = LIST_TYPE_INFO[listType].polarity;
  if (polarity === "positive" && effect !== "benefit" && effect !== "flag") return "守信激励名单只能设置 守信激励 或 提示";
  if (polarity === "negative" && effect === "benefit") return "失信类名单不能设置守信激励措施";
  return null;
}
