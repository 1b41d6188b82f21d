// DepthNet inference speed: predictions per second (depth + pixel-unit affine) for a batch of 10,000
// keypoint pairs with the shipped model, and the float64 closed form alone.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchSuite } from '../run.ts';
import { loadDepthNet, type KeypointPair } from '../../../src-main/depthnet/depthnet.ts';
import { loadAflw2000 } from '../../../src-main/data/aflw2000.ts';
import { solveAffine } from '../../../src-shared/depthnet/closed-form.ts';
import { DATA_DIR, hasData } from '../../support/shared-data.ts';

const MODEL = fileURLToPath(new URL('../../../resources/models/depthnet', import.meta.url));
const PAIRS = 10_000;

const suite: BenchSuite = {
  name: 'depthnet',
  async run({ log }) {
    if (!hasData('landmarks3d/3ddfa_aflw2000/AFLW2000-3D.pts68.npy')) throw new Error('AFLW2000-3D data missing');
    const faces = await loadAflw2000(DATA_DIR);
    const pts = (xy: Float64Array) => Array.from({ length: 68 }, (_, i) => [xy[2 * i]!, xy[2 * i + 1]!] as [number, number]);
    const pairs: KeypointPair[] = Array.from({ length: PAIRS }, (_, i) => ({
      source: pts(faces[(i * 7) % faces.length]!.xy),
      target: pts(faces[(i * 13 + 1) % faces.length]!.xy),
    }));
    const net = await loadDepthNet(MODEL);
    try {
      net.predict(pairs.slice(0, 64)); // warm-up
      const t0 = performance.now();
      const preds = net.predict(pairs);
      const seconds = (performance.now() - t0) / 1000;
      const rate = preds.length / seconds;
      log(`${preds.length} pairs in ${seconds.toFixed(2)} s: ${rate.toFixed(0)} predictions/s (network in plain typed-array code, no TF.js)`);
      const flat = pairs.slice(0, 2000).map((p) => ({ s: p.source.flat(), t: p.target.flat(), z: preds[0]!.depth }));
      const t1 = performance.now();
      for (const f of flat) solveAffine(f.s, f.z, f.t);
      const solveRate = flat.length / ((performance.now() - t1) / 1000);
      log(`closed form alone: ${solveRate.toFixed(0)} solves/s`);
      return {
        pairs: preds.length,
        seconds,
        predictionsPerSecond: rate,
        closedFormSolvesPerSecond: solveRate,
        network: 'dense-stack.ts (float64 accumulation, no TF.js)',
        model: path.relative(process.cwd(), MODEL),
        variant: net.meta.variant,
      };
    } finally {
      net.dispose();
    }
  },
};
export default suite;
