// Measures around an adaptation. On the adapted person's own frames: the paper's keypoint error after the
// closed-form affine and the multi-frame depth consistency, on fixed pairs. On other people (the collapse
// guard): error and DepthCorr on the AFLW2000-3D TEST pairs (evaluate.ts), adapted beside shipped, and the
// rule that refuses an adapted model that got much worse there.
import { solveAffineRaw, applyAffine } from '../../src-shared/depthnet/closed-form.ts';
import { keypointMse } from '../../src-shared/depthnet/metrics.ts';
import { pairConsistency } from '../../src-shared/depthnet/consistency.ts';
import { evaluateDepthNets } from './evaluate.ts';
import { prepareFace } from './features.ts';
import type { DepthNet } from './depthnet.ts';

/** Refuse when the TEST keypoint error grows by more than this factor ... */
export const MAX_TEST_ERROR_RATIO = 1.1;
/** ... or the TEST DepthCorr (all poses, max 68) drops by more than this. */
export const MAX_TEST_DEPTHCORR_DROP = 2;
export const GUARD_RULE =
  `refused when, on the AFLW2000-3D TEST pairs, the keypoint error exceeds ${MAX_TEST_ERROR_RATIO}x the ` +
  `shipped model's or DepthCorr (all) falls more than ${MAX_TEST_DEPTHCORR_DROP} below it`;

export interface TrackScores {
  pairs: number;
  /** Mean squared keypoint error after the closed form, normalised target units. */
  mseNorm: number;
  /** Mean symmetric consistency residual (0 = depths agree across frames, 1 = unrelated). */
  consistency: number;
}

/** Scores of a net on (i, j) pairs of one person's frames (keypoints interleaved x, y in pixels). */
export function trackScores(
  net: DepthNet,
  frames: readonly Float64Array[],
  pairs: readonly [number, number][],
): TrackScores {
  const prepared = frames.map((xy) => prepareFace(xy));
  const rows = pairs.flatMap(([i, j]) => [
    { source: prepared[i]!.norm, target: prepared[j]!.norm },
    { source: prepared[j]!.norm, target: prepared[i]!.norm },
  ]);
  const raw = net.predictRaw(rows);
  let mse = 0;
  let cons = 0;
  pairs.forEach(([i, j], k) => {
    const zi = raw[2 * k]!.depth;
    const zj = raw[2 * k + 1]!.depth;
    const s = prepared[i]!.norm;
    const t = prepared[j]!.norm;
    mse += keypointMse(applyAffine(solveAffineRaw(s, zi, t, net.meta.ridge).m, s, zi), t);
    mse += keypointMse(applyAffine(solveAffineRaw(t, zj, s, net.meta.ridge).m, t, zj), s);
    cons += pairConsistency(s, zi, t, zj, net.meta.ridge);
  });
  const n = Math.max(1, pairs.length);
  return { pairs: pairs.length, mseNorm: mse / (2 * n), consistency: cons / n };
}

export interface TestScores {
  mseNorm: number;
  rmsePx: number;
  depthCorr: number;
}

export interface GuardReport {
  rule: string;
  shipped: TestScores;
  adapted: TestScores;
  accepted: boolean;
  reason: string;
}

async function testScores(dataDir: string, net: DepthNet): Promise<TestScores> {
  const report = await evaluateDepthNets({ dataDir, nets: [net] });
  const row = report.rows.find((r) => r.description.startsWith('DepthNet:'));
  if (!row?.depthCorr) throw new Error('the AFLW2000-3D evaluation gave no DepthNet row');
  return { mseNorm: row.mseNorm, rmsePx: row.rmsePx, depthCorr: row.depthCorr.all };
}

/** The collapse guard's verdict from the two models' TEST scores. */
export function guardVerdict(
  shipped: TestScores,
  adapted: TestScores,
): { accepted: boolean; reason: string } {
  const ratio = adapted.mseNorm / shipped.mseNorm;
  const drop = shipped.depthCorr - adapted.depthCorr;
  const facts =
    `AFLW2000-3D TEST error ${adapted.mseNorm.toFixed(5)} vs shipped ${shipped.mseNorm.toFixed(5)} ` +
    `(x${ratio.toFixed(3)}), DepthCorr ${adapted.depthCorr.toFixed(2)} vs ${shipped.depthCorr.toFixed(2)}`;
  if (!(ratio <= MAX_TEST_ERROR_RATIO))
    return { accepted: false, reason: `${facts}: the error grew more than x${MAX_TEST_ERROR_RATIO}` };
  if (!(drop <= MAX_TEST_DEPTHCORR_DROP))
    return { accepted: false, reason: `${facts}: DepthCorr fell more than ${MAX_TEST_DEPTHCORR_DROP}` };
  return { accepted: true, reason: facts };
}

export async function guardReport(
  dataDir: string,
  shipped: DepthNet,
  adapted: DepthNet,
): Promise<GuardReport> {
  const s = await testScores(dataDir, shipped);
  const a = await testScores(dataDir, adapted);
  return { rule: GUARD_RULE, shipped: s, adapted: a, ...guardVerdict(s, a) };
}
