// Cleanup diagnosis: what a trained generator does to domain-A crops. For a few crops of the crop cache
// it reports the raw generator output's saturation (|tanh| > 0.9: the residual at its bound), the change
// in 255 levels per channel on the matte's ramp (the seam, 0.15 < m < 0.85) and inside (m >= 0.85), split
// into the upper and lower half of the crop (the forehead seam is in the upper), and writes a sheet:
// rows A, G(A), the change x gain (default 4) around grey, and the residual's weight map.
// Usage: node tests/eval/cleanup-diagnose.ts MODEL_DIR CROPS_DIR OUT.png [--count 8] [--gain 4]
import { parseArgs } from 'node:util';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { initTf, tf } from '../../src-main/ml/runtime.ts';
import { loadLayersModel } from '../../src-main/ml/training/layers-io.ts';
import { GENERATOR_DIR, loadCleanupMeta } from '../../src-main/cleanup/model-meta.ts';
import { loadCropSet } from '../../src-main/cleanup/crop-set.ts';
import { cropTensors } from '../../src-main/cleanup/sampler.ts';
import { sheetIndices } from '../../src-main/cleanup/sample-sheet.ts';
import { applyResidual, matteWeight } from '../../src-main/cleanup/residual.ts';
import { encodeImage } from '../../src-main/media/image.ts';
import '../../src-main/cleanup/instance-norm.ts';
import '../../src-main/cleanup/reflection-pad.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { count: { type: 'string', default: '8' }, gain: { type: 'string', default: '4' } },
});
const [modelDir, cropsDir, outPng] = positionals;
if (!modelDir || !cropsDir || !outPng) {
  console.error(
    'usage: node tests/eval/cleanup-diagnose.ts MODEL_DIR CROPS_DIR OUT.png [--count 8] [--gain 4]',
  );
  process.exit(2);
}
await initTf();
const meta = await loadCleanupMeta(modelDir);
const model = await loadLayersModel(path.join(modelDir, GENERATOR_DIR), 'cleanup');
const key = (JSON.parse(await readFile(path.join(cropsDir, 'a.json'), 'utf8')) as { key: string }).key;
const set = await loadCropSet(cropsDir, 'a', key);
if (!set) throw new Error(`${cropsDir}: no crop set a`);
const s = set.size;
const gain = Number(values.gain);
const idx = sheetIndices(set.count, Number(values.count));
const cols = idx.length;
const sheet = new Uint8Array(cols * s * 4 * s * 3);
const put = (row: number, col: number, px: (p: number, c: number) => number) => {
  for (let y = 0; y < s; y++)
    for (let x = 0; x < s; x++)
      for (let c = 0; c < 3; c++)
        sheet[((row * s + y) * cols * s + col * s + x) * 3 + c] = Math.max(
          0,
          Math.min(255, Math.round(px(y * s + x, c))),
        );
};
type Acc = { sum: number[]; abs: number; n: number };
const acc = (): Acc => ({ sum: [0, 0, 0], abs: 0, n: 0 });
const regions: Record<string, Acc> = {
  'ramp, upper half': acc(),
  'ramp, lower half': acc(),
  'inside, upper half': acc(),
  'inside, lower half': acc(),
};
let saturated = 0;
let inMatte = 0;
let maxAbs = 0;
idx.forEach((i, col) => {
  tf.tidy(() => {
    const { rgb, matte } = cropTensors(set, i);
    const raw = model.apply(tf.concat([rgb, matte], 3)) as tf.Tensor4D;
    const out = applyResidual(rgb, matte, raw, meta.config);
    const [x, o, m, r] = [rgb.dataSync(), out.dataSync(), matte.dataSync(), raw.dataSync()];
    const w = matteWeight(matte, meta.config.interiorWeight).dataSync();
    for (let p = 0; p < s * s; p++) {
      const mp = m[p]!;
      if (mp <= 0.02) continue;
      const upper = Math.floor(p / s) < s / 2;
      const where = `${mp < 0.85 ? 'ramp' : 'inside'}, ${upper ? 'upper' : 'lower'} half`;
      const a = regions[where]!;
      let absSum = 0;
      for (let c = 0; c < 3; c++) {
        const d = (o[p * 3 + c]! - x[p * 3 + c]!) * 127.5;
        a.sum[c]! += d;
        absSum += Math.abs(d);
        maxAbs = Math.max(maxAbs, Math.abs(d));
        if (Math.abs(r[p * 3 + c]!) > 0.9) saturated++;
      }
      a.abs += absSum / 3;
      a.n++;
      inMatte += 3;
    }
    put(0, col, (p, c) => (x[p * 3 + c]! + 1) * 127.5);
    put(1, col, (p, c) => (o[p * 3 + c]! + 1) * 127.5);
    put(2, col, (p, c) => 128 + gain * (o[p * 3 + c]! - x[p * 3 + c]!) * 127.5);
    put(3, col, (p) => 255 * w[p]!);
  });
});
const report = {
  model: modelDir,
  steps: meta.steps,
  residual: {
    residualScale: meta.config.residualScale,
    interiorWeight: meta.config.interiorWeight,
    lowpassCell: meta.config.lowpassCell,
    highWeight: meta.config.highWeight,
    boundLevels: meta.config.residualScale * 127.5,
  },
  crops: cols,
  rawSaturatedShare: saturated / Math.max(1, inMatte),
  maxChangeLevels: maxAbs,
  change: Object.fromEntries(
    Object.entries(regions).map(([k, a]) => [
      k,
      {
        meanRGB: a.sum.map((v) => +(v / Math.max(1, a.n)).toFixed(2)),
        meanAbs: +(a.abs / Math.max(1, a.n)).toFixed(2),
      },
    ]),
  ),
};
console.log(JSON.stringify(report, null, 2));
const png = await encodeImage({ width: cols * s, height: 4 * s, channels: 3, data: sheet, index: 0 }, 'png');
await writeFile(outPng, png);
model.dispose();
