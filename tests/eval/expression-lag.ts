// Lag and smoothness of the transferred expression, every frame, in the engine (no rendering): the
// output's inner-lip gap (placed source keypoints + expression offsets) against the target's raw detected
// gap, for several smoothing widths. Lag = the shift (frames) that maximises the correlation (positive:
// the output is late); jitter = mean |second difference| of the gap (outer-eye distances per frame^2).
// Used by tests/eval/swap-eval.ts.
import { loadAnalysis } from '../../src-main/analysis/analysis-store.ts';
import { loadDepthNet } from '../../src-main/depthnet/depthnet.ts';
import { computePlacements, flatten } from '../../src-main/swap/placements.ts';
import { placeMesh } from '../../src-main/swap/warp-face.ts';
import { mirrorKeypoints } from '../../src-shared/geometry/mirror.ts';
import { innerLipGap } from '../../src-shared/geometry/expression.ts';
import { pearson } from './swap-measures.ts';

export interface LagRow {
  sigma: number;
  lagFrames: number;
  corrAtZero: number;
  corrAtLag: number;
  jitterOutput: number;
  jitterTargetRaw: number;
}

function jitter(v: readonly number[]): number {
  let s = 0;
  for (let i = 1; i + 1 < v.length; i++) s += Math.abs(v[i + 1]! - 2 * v[i]! + v[i - 1]!);
  return s / Math.max(1, v.length - 2);
}

function shifted(a: readonly number[], b: readonly number[], k: number): number {
  // corr(a[t], b[t - k])
  const x: number[] = [];
  const y: number[] = [];
  for (let t = 0; t < a.length; t++) {
    if (t - k < 0 || t - k >= b.length) continue;
    x.push(a[t]!);
    y.push(b[t - k]!);
  }
  return pearson(x, y);
}

export async function expressionLag(opts: {
  analysisFile: string;
  sourceKeypoints: Float64Array;
  sourceWidth: number;
  frames: number;
  modelDir: string;
  sigmas: number[];
}): Promise<LagRow[]> {
  const analysis = await loadAnalysis(opts.analysisFile);
  const net = await loadDepthNet(opts.modelDir);
  const rows: LagRow[] = [];
  try {
    for (const sigma of opts.sigmas) {
      const placements = computePlacements({
        analysis,
        range: { start: 0, end: opts.frames },
        sourceKeypoints: opts.sourceKeypoints,
        mirroredKeypoints: mirrorKeypoints(opts.sourceKeypoints, opts.sourceWidth),
        mirror: 'off',
        expression: 1,
        expressionSigma: sigma,
        predict: (pairs) => net.predict(pairs),
      });
      const out: number[] = [];
      const tgt: number[] = [];
      const tex = { width: 1, height: 1, channels: 3 as const, data: new Uint8Array(3) };
      for (let f = 0; f < opts.frames; f++) {
        const face = placements.get(f)?.[0];
        const entry = analysis.frames[String(f)]?.faces[0];
        if (!face || !entry) continue;
        const placed = placeMesh({ texture: tex, keypoints: opts.sourceKeypoints }, face, 1e6, 1e6);
        if (!placed) continue;
        out.push(innerLipGap(Array.from(placed.mesh.xy).slice(0, 136)));
        tgt.push(innerLipGap(flatten(entry.raw)));
      }
      let best = 0;
      let bestCorr = -Infinity;
      for (let k = -6; k <= 6; k++) {
        const c = shifted(out, tgt, k);
        if (c > bestCorr) {
          bestCorr = c;
          best = k;
        }
      }
      rows.push({
        sigma,
        lagFrames: best,
        corrAtZero: shifted(out, tgt, 0),
        corrAtLag: bestCorr,
        jitterOutput: jitter(out),
        jitterTargetRaw: jitter(tgt),
      });
    }
  } finally {
    net.dispose();
  }
  return rows;
}
