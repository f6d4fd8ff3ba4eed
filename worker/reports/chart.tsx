/**
 * Charts drawn on the server as inline SVG: no script, no CDN, readable without CSS colours (every bar
 * carries its number as text). Colours come from classes in public/static/site.css (.grade-A … .grade-E).
 */
import type { GradeReport } from "../../shared/contract";
import { GRADES, GRADE_LABEL } from "../../shared/domain/evaluation";

type Counts = GradeReport["byGrade"];

const percent = (n: number, total: number) => (total > 0 ? `${((100 * n) / total).toFixed(1)}%` : "0%");

/**
 * Vertical bars, one per grade, labelled with the count and share.
 * @example <GradeBars counts={{ A: 10, B: 5, C: 2, D: 1, E: 0 }} />
 */
export function GradeBars(props: { counts: Counts }) {
  const total = GRADES.reduce((n, g) => n + props.counts[g], 0);
  const max = Math.max(1, ...GRADES.map((g) => props.counts[g]));
  const width = 520;
  const height = 260;
  const top = 28;
  const bottom = 48;
  const plot = height - top - bottom;
  const slot = width / GRADES.length;
  const bar = slot * 0.56;
  return (
    <svg class="chart" viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby="grade-bars-title">
      <title id="grade-bars-title">{`各等级主体数（共 ${total} 户）`}</title>
      <line class="chart-axis" x1="0" y1={top + plot} x2={width} y2={top + plot} />
      {GRADES.map((g, i) => {
        const h = Math.round((props.counts[g] / max) * plot);
        const x = i * slot + (slot - bar) / 2;
        return (
          <g>
            <rect class={`grade-${g}`} x={x.toFixed(1)} y={top + plot - h} width={bar.toFixed(1)} height={h} />
            <text class="chart-value" x={(x + bar / 2).toFixed(1)} y={top + plot - h - 6} text-anchor="middle">
              {`${props.counts[g]}（${percent(props.counts[g], total)}）`}
            </text>
            <text class="chart-label" x={(x + bar / 2).toFixed(1)} y={top + plot + 20} text-anchor="middle">
              {`${g} ${GRADE_LABEL[g]}`}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

/**
 * One 100 % stacked bar per district: the share of each grade among its subjects.
 * @example <RegionStacks regions={report.byRegion.slice(0, 15)} />
 */
export function RegionStacks(props: { regions: GradeReport["byRegion"] }) {
  const rowHeight = 22;
  const labelWidth = 120;
  const totalWidth = 70;
  const barWidth = 400;
  const legend = 30;
  const height = legend + props.regions.length * rowHeight + 8;
  const width = labelWidth + barWidth + totalWidth;
  return (
    <svg class="chart" viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby="region-stacks-title">
      <title id="region-stacks-title">各区县主体的等级构成</title>
      {GRADES.map((g, i) => (
        <g>
          <rect class={`grade-${g}`} x={labelWidth + i * 80} y="6" width="12" height="12" />
          <text class="chart-label" x={labelWidth + i * 80 + 16} y="16">{`${g} ${GRADE_LABEL[g]}`}</text>
        </g>
      ))}
      {props.regions.map((region, row) => {
        const y = legend + row * rowHeight;
        let x = labelWidth;
        return (
          <g>
            <text class="chart-label" x={labelWidth - 6} y={y + 14} text-anchor="end">
              {region.regionName}
            </text>
            {GRADES.map((g) => {
              const w = region.total > 0 ? (region.counts[g] / region.total) * barWidth : 0;
              const rect = (
                <rect class={`grade-${g}`} x={x.toFixed(1)} y={y + 2} width={w.toFixed(1)} height={rowHeight - 6}>
                  <title>{`${region.regionName} ${g} 级 ${region.counts[g]} 户（${percent(region.counts[g], region.total)}）`}</title>
                </rect>
              );
              x += w;
              return rect;
            })}
            <text class="chart-value" x={labelWidth + barWidth + 6} y={y + 14}>
              {`${region.total} 户`}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
