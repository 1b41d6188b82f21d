// The Cleanup panel's live loss plot: one polyline per loss over the steps, each scaled to its own range.
import type { CleanupStatus } from '../../../src-shared/api/schemas.ts';

const SERIES = [
  ['g', 'G', '#e07a5f'],
  ['d', 'D', '#3d85c6'],
  ['cycle', 'cycle', '#81b29a'],
  ['identity', 'identity', '#b8a13a'],
] as const;

export function LossPlot({ history }: { history: CleanupStatus['history'] }) {
  const w = 260;
  const h = 90;
  if (history.length < 2) return <p className="muted">The loss plot appears after the first checkpoints.</p>;
  const first = history[0]!.step;
  const last = history[history.length - 1]!.step;
  const x = (step: number) => ((step - first) / Math.max(1, last - first)) * w;
  return (
    <svg width={w} height={h + 14} data-testid="cleanup-loss-plot" role="img" aria-label="training losses">
      {SERIES.map(([key, , colour]) => {
        const vals = history.map((e) => e[key]);
        const lo = Math.min(...vals);
        const hi = Math.max(...vals);
        const y = (v: number) => h - ((v - lo) / Math.max(1e-9, hi - lo)) * h;
        const pts = history.map((e) => `${x(e.step).toFixed(1)},${y(e[key]).toFixed(1)}`).join(' ');
        return <polyline key={key} points={pts} fill="none" stroke={colour} strokeWidth={1.5} />;
      })}
      {SERIES.map(([key, label, colour], i) => (
        <text key={key} x={i * 65} y={h + 12} fill={colour} fontSize={10}>
          {label} {history[history.length - 1]![key].toFixed(3)}
        </text>
      ))}
    </svg>
  );
}
