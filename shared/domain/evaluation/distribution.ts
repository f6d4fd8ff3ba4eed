/** Grade distributions and how they shift between two models (the dry run of a draft). Pure. */
import { GRADES, type Grade } from "./model";

export type GradeCounts = Record<Grade, number>;
/** matrix[from][to]: subjects graded `from` now and `to` under the other model. */
export type ShiftMatrix = Record<Grade, GradeCounts>;

export const emptyCounts = (): GradeCounts => ({ A: 0, B: 0, C: 0, D: 0, E: 0 });

/** Accumulates (now, then) grade pairs. */
export class GradeShift {
  readonly before = emptyCounts();
  readonly after = emptyCounts();
  readonly matrix = Object.fromEntries(GRADES.map((g) => [g, emptyCounts()])) as ShiftMatrix;
  total = 0;

  /** @example shift.add("B", "C") // one subject would drop from 良好 to 中等 */
  add(now: Grade, then: Grade): void {
    this.before[now]++;
    this.after[then]++;
    this.matrix[now][then]++;
    this.total++;
  }

  /** Subjects whose grade would improve, stay, or worsen. */
  summary(): { improved: number; unchanged: number; worsened: number } {
    let improved = 0;
    let unchanged = 0;
    let worsened = 0;
    for (const from of GRADES) {
      for (const to of GRADES) {
        const n = this.matrix[from][to];
        const d = GRADES.indexOf(to) - GRADES.indexOf(from);
        if (d < 0) improved += n;
        else if (d === 0) unchanged += n;
        else worsened += n;
      }
    }
    return { improved, unchanged, worsened };
  }
}
