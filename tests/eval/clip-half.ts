// Real clip, no ground truth: adapt the DepthNet on one part of a clip's frames and measure, on the OTHER
// part's frames, the closed-form keypoint-transfer error between frame pairs (RMS pixels, all ordered
// pairs at least `minDeg` apart in head pose) and the multi-frame depth consistency, shipped vs adapted.
//
//   nice -n 10 node tests/eval/clip-half.ts --analysis s18.analysis.json --adapt 141-281 --measure 0-140 [--steps 300]
//   nice -n 10 node tests/eval/clip-half.ts --analysis s18.analysis.json --blocks 20   (adapt on even blocks
//     of 20 frames, measure on the odd ones: both halves then span the clip's head turn)
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parseAnalysis } from '../../src-shared/analysis/schema.ts';
import { parseInclusiveRange } from '../../src-shared/frame-range.ts';
import { solveAffine, applyAffine } from '../../src-shared/depthnet/closed-form.ts';
import { pairConsistency } from '../../src-shared/depthnet/consistency.ts';
import { poseDistanceDeg } from '../../src-shared/geometry/head-pose.ts';
import { adaptDepthNet, DEFAULT_ADAPT_SETTINGS } from '../../src-main/depthnet/adapt.ts';
import { DEFAULT_DEPTHNET_DIR, loadDepthNet, type DepthNet } from '../../src-main/depthnet/depthnet.ts';
import { trackFrames, pickTrack, type TrackFrame } from '../../src-main/depthnet/adapt-frames.ts';
import { DATA_DIR, testOutputDir } from '../support/shared-data.ts';

const pts = (xy: Float64Array) =>
  Array.from({ length: 68 }, (_, k) => [xy[2 * k]!, xy[2 * k + 1]!] as [number, number]);

export function transferScores(net: DepthNet, frames: TrackFrame[], minDeg: number) {
  const pairs: [number, number][] = [];
  for (let i = 0; i < frames.length; i++)
    for (let j = 0; j < frames.length; j++)
      if (i !== j && poseDistanceDeg(frames[i]!.pose, frames[j]!.pose) >= minDeg) pairs.push([i, j]);
  const preds = net.predict(
    pairs.map(([i, j]) => ({ source: pts(frames[i]!.xy), target: pts(frames[j]!.xy) })),
  );
  let se = 0;
  let cons = 0;
  const index = new Map(pairs.map(([i, j], p) => [`${i}:${j}`, p]));
  pairs.forEach(([i, j], p) => {
    const d = preds[p]!.depth;
    const s = frames[i]!.xy;
    const t = frames[j]!.xy;
    const m = solveAffine(s, d, t, net.meta.ridge);
    const mapped = applyAffine(m, s, d);
    for (let k = 0; k < 136; k++) se += (mapped[k]! - t[k]!) ** 2;
    const back = index.get(`${j}:${i}`);
    if (back !== undefined && i < j) cons += pairConsistency(s, d, t, preds[back]!.depth, net.meta.ridge);
  });
  return {
    pairs: pairs.length,
    transferRmsePx: Math.sqrt(se / (pairs.length * 68)),
    consistency: cons / (pairs.length / 2),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      analysis: { type: 'string' },
      adapt: { type: 'string' },
      measure: { type: 'string' },
      steps: { type: 'string' },
      'min-deg': { type: 'string' },
      out: { type: 'string' },
      blocks: { type: 'string' },
    },
  });
  const analysis = parseAnalysis(await readFile(values.analysis!, 'utf8'));
  const block = values.blocks ? Number(values.blocks) : 0;
  const inAdapt = (f: number) =>
    block > 0
      ? Math.floor(f / block) % 2 === 0
      : ((r) => f >= r.start && f < r.end)(parseInclusiveRange(values.adapt!));
  const inMeasure = (f: number) =>
    block > 0
      ? Math.floor(f / block) % 2 === 1
      : ((r) => f >= r.start && f < r.end)(parseInclusiveRange(values.measure!));
  const track = pickTrack(analysis);
  const frames = trackFrames(analysis, track).filter((f) => inMeasure(f.frame));
  const adaptAnalysis = {
    ...analysis,
    frames: Object.fromEntries(Object.entries(analysis.frames).filter(([f]) => inAdapt(Number(f)))),
  };
  const minDeg = Number(values['min-deg'] ?? 2);
  const outDir = path.resolve(values.out ?? testOutputDir(`clip-half-${values.blocks ?? values.adapt}`));
  const shipped = transferScores(await loadDepthNet(DEFAULT_DEPTHNET_DIR), frames, minDeg);
  const r = await adaptDepthNet({
    modelDir: DEFAULT_DEPTHNET_DIR,
    analysis: adaptAnalysis,
    outDir,
    dataDir: DATA_DIR,
    settings: { ...DEFAULT_ADAPT_SETTINGS, steps: Number(values.steps ?? DEFAULT_ADAPT_SETTINGS.steps) },
    fresh: true,
  });
  const adapted = transferScores(
    await loadDepthNet(r.accepted ? outDir : path.join(outDir, 'refused')),
    frames,
    minDeg,
  );
  console.log(
    JSON.stringify(
      {
        adaptOn: values.adapt ?? `even blocks of ${block}`,
        measureOn: values.measure ?? `odd blocks of ${block}`,
        minDeg,
        accepted: r.accepted,
        guard: r.guard,
        onAdaptFrames: r.onTrack,
        shipped,
        adapted,
      },
      null,
      2,
    ),
  );
}
