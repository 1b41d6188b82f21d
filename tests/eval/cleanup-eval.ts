// Cleanup eval: trains the cleanup on a target clip with a source face (time-boxed), then on frames held
// out of training (index % 10 == 9) renders each one with and without the cleanup through swapClip
// (ProRes 4444: the engine's matte in alpha), decodes the encoded file and reports, per variant:
//   seam: excess edge energy on the matte's ramp (mean |grad L| where 0.15 < m < 0.85, minus the real
//         frame's there; lower is better),
//   colour: distance (Lab, ΔE of the means) of the face region (m > 0.5) to the real target face there,
//   identity: face-api recognition distance of the output face to the source and to the target (an
//         independent judge: faces re-detected on the output), share nearer the source.
// Writes OUT/eval.json and adds the numbers to the model's cleanup.json and model card.
// Usage: nice -n 10 node tests/eval/cleanup-eval.ts [--minutes 20] [--steps 400] [--frames 12] [--out DIR]
//        [--source faces/liveportrait/d9.jpg] [--target video/liveportrait/d3.mp4] [--ngf 12] [--blocks 3]
//        [--recognition-weight W] [--config '{"residualScale":0.12}'] [--cache DIR]
import { parseArgs } from 'node:util';
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { dataPath, testOutputDir } from '../support/shared-data.ts';
import { DEFAULT_DEPTHNET_DIR } from '../../src-main/depthnet/depthnet.ts';
import { CleanupConfigSchema } from '../../src-main/cleanup/config.ts';
import { buildTrainingCrops, HOLD_OUT } from '../../src-main/cleanup/training-crops.ts';
import { trainCleanup } from '../../src-main/cleanup/train.ts';
import { CleanupMetaSchema, saveCleanupMeta } from '../../src-main/cleanup/model-meta.ts';
import { modelCard } from '../../src-main/cleanup/model-card.ts';
import { writeFileAtomic } from '../../src-main/util/atomic-write.ts';
import { swapClip } from '../../src-main/swap/swap-clip.ts';
import { DEFAULT_COLOR_MODE } from '../../src-main/swap/swap-frame.ts';
import { readFrame } from '../../src-main/media/frame-reader.ts';
import { labOf } from '../../src-main/swap/lab.ts';
import { createFaceAnalyzer } from '../../src-main/analysis/face-analyzer.ts';
import { descriptorDistance, loadFaceDescriptorNet } from '../../src-main/ml/face-descriptor.ts';
import { isCancelled } from '../../src-main/util/cancel.ts';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '20' },
    steps: { type: 'string', default: '400' },
    frames: { type: 'string', default: '12' },
    out: { type: 'string' },
    source: { type: 'string', default: 'faces/liveportrait/d9.jpg' },
    target: { type: 'string', default: 'video/liveportrait/d3.mp4' },
    ngf: { type: 'string' },
    blocks: { type: 'string' },
    'recognition-weight': { type: 'string' },
    /** Any CleanupConfig fields as JSON, e.g. '{"residualScale":0.12}' (applied last). */
    config: { type: 'string' },
    /** A folder for the crop cache and the analyses, shared by several runs (default: inside --out). */
    cache: { type: 'string' },
  },
});
const out = path.resolve(values.out ?? testOutputDir('cleanup-eval'));
const source = dataPath(values.source);
const target = dataPath(values.target);
const cacheDir = values.cache ? path.resolve(values.cache) : null;
const stateDir = cacheDir ? path.join(cacheDir, 'state') : path.join(out, 'state');
const modelDir = path.join(out, 'model');
await mkdir(out, { recursive: true });
const config = CleanupConfigSchema.parse({
  ...(values.ngf ? { ngf: Number(values.ngf), ndf: Number(values.ngf) } : {}),
  ...(values.blocks ? { blocks: Number(values.blocks) } : {}),
  ...(values['recognition-weight'] ? { recognitionWeight: Number(values['recognition-weight']) } : {}),
  ...(values.config ? (JSON.parse(values.config) as Record<string, unknown>) : {}),
});
const inputs = {
  source,
  target,
  // As `depthswap cleanup train` makes them and as swapClip renders the held-out frames below (the
  // local seam colour): the crops the model learns from are what it is applied to.
  swap: { colorTransfer: true, colorMode: DEFAULT_COLOR_MODE, poisson: false },
  mirror: 'auto' as const,
  modelDir: DEFAULT_DEPTHNET_DIR,
  stateDir,
};

// 1. Train, time-boxed (the checkpoint at the cut is the model evaluated).
const crops = await buildTrainingCrops(inputs, {
  size: config.size,
  cacheDir: cacheDir ? path.join(cacheDir, 'crops') : path.join(modelDir, 'crops'),
  log: console.log,
});
const stop = new AbortController();
const timer = setTimeout(() => stop.abort(), Number(values.minutes) * 60_000);
const t0 = Date.now();
try {
  await trainCleanup({
    outDir: modelDir,
    a: crops.a,
    b: crops.b,
    config,
    steps: Number(values.steps),
    seed: 1,
    checkpointEvery: 25,
    signal: stop.signal,
    log: console.log,
    clip: crops.clip,
    source,
    data: `aligned crops of ${path.basename(target)} (every 10th frame held out)`,
  });
} catch (err) {
  if (!isCancelled(err, stop.signal)) throw err;
  console.log('training time box reached: evaluating the last checkpoint');
} finally {
  clearTimeout(timer);
}
const trainSeconds = (Date.now() - t0) / 1000;

// 2. Held-out frames, rendered with and without the cleanup.
// The frames with a face that training never saw (kept with the cached crops too).
const held = crops.heldOut.filter(HOLD_OUT);
if (held.length === 0) throw new Error('no held-out frame with a face');
const step = Math.max(1, Math.floor(held.length / Number(values.frames)));
const frames = held.filter((_, i) => i % step === 0).slice(0, Number(values.frames));
const analyzer = await createFaceAnalyzer();
const descriptors = await loadFaceDescriptorNet();

function luminance(d: Uint8Array, ch: number, p: number): number {
  return 0.299 * d[p * ch]! + 0.587 * d[p * ch + 1]! + 0.114 * d[p * ch + 2]!;
}
function seamEnergy(
  img: Uint8Array,
  ch: number,
  matte: Uint8Array,
  w: number,
  h: number,
): { sum: number; n: number } {
  let sum = 0;
  let n = 0;
  for (let y = 1; y < h - 1; y++) {
    for (let x = 1; x < w - 1; x++) {
      const p = y * w + x;
      const m = matte[p]! / 255;
      if (m <= 0.15 || m >= 0.85) continue;
      const gx = luminance(img, ch, p + 1) - luminance(img, ch, p - 1);
      const gy = luminance(img, ch, p + w) - luminance(img, ch, p - w);
      sum += Math.hypot(gx, gy);
      n++;
    }
  }
  return { sum, n };
}
function meanLab(img: Uint8Array, ch: number, matte: Uint8Array): number[] {
  const acc = [0, 0, 0];
  const lab = new Float64Array(3);
  let n = 0;
  for (let p = 0; p < matte.length; p++) {
    if (matte[p]! <= 127) continue;
    labOf(img[p * ch]!, img[p * ch + 1]!, img[p * ch + 2]!, lab);
    for (let c = 0; c < 3; c++) acc[c]! += lab[c]!;
    n++;
  }
  return acc.map((v) => v / Math.max(1, n));
}

const srcPicture = await readFrame(source, 0, { pixelFormat: 'rgb24' });
const srcFace = (await analyzer.detectImage(srcPicture))[0];
if (!srcFace) throw new Error('no face in the source');
const [srcDesc] = await descriptors.describe(srcPicture, [srcFace.keypoints]);

type Row = { frame: number; seam: number; colour: number; dSource: number; dTarget: number };
const rows: Record<'plain' | 'cleaned', Row[]> = { plain: [], cleaned: [] };
for (const f of frames) {
  const real = await readFrame(target, f, { pixelFormat: 'rgb24' });
  const realFace = (await analyzer.detectImage(real))[0];
  if (!realFace) continue;
  const [tgtDesc] = await descriptors.describe(real, [realFace.keypoints]);
  for (const variant of ['plain', 'cleaned'] as const) {
    const file = path.join(out, `${variant}-${f}.mov`);
    await swapClip({
      source,
      target,
      out: file,
      format: 'prores-4444',
      range: { start: f, end: f + 1 },
      modelDir: DEFAULT_DEPTHNET_DIR,
      stateDir,
      overwrite: true,
      ...(variant === 'cleaned' ? { cleanup: { dir: modelDir, strength: 1, onWarning: console.warn } } : {}),
    });
    const rgba = await readFrame(file, 0, { pixelFormat: 'rgba' });
    const matte = new Uint8Array(rgba.width * rgba.height);
    for (let p = 0; p < matte.length; p++) matte[p] = rgba.data[p * 4 + 3]!;
    const seamOut = seamEnergy(rgba.data, 4, matte, rgba.width, rgba.height);
    const seamReal = seamEnergy(real.data, 3, matte, real.width, real.height);
    const a = meanLab(rgba.data, 4, matte);
    const b = meanLab(real.data, 3, matte);
    const rgb = { ...rgba, channels: 3 as const, data: new Uint8Array(matte.length * 3) };
    for (let p = 0; p < matte.length; p++)
      for (let c = 0; c < 3; c++) rgb.data[p * 3 + c] = rgba.data[p * 4 + c]!;
    const outFace = (await analyzer.detectImage(rgb))[0];
    if (!outFace) continue;
    const [outDesc] = await descriptors.describe(rgb, [outFace.keypoints]);
    rows[variant].push({
      frame: f,
      seam: seamOut.sum / Math.max(1, seamOut.n) - seamReal.sum / Math.max(1, seamReal.n),
      colour: Math.hypot(a[0]! - b[0]!, a[1]! - b[1]!, a[2]! - b[2]!),
      dSource: descriptorDistance(outDesc!, srcDesc!),
      dTarget: descriptorDistance(outDesc!, tgtDesc!),
    });
  }
  console.log(`frame ${f}: ${JSON.stringify({ plain: rows.plain.at(-1), cleaned: rows.cleaned.at(-1) })}`);
}
analyzer.dispose();
descriptors.dispose();

const mean = (xs: number[]) => xs.reduce((s, v) => s + v, 0) / Math.max(1, xs.length);
const summary = Object.fromEntries(
  (['plain', 'cleaned'] as const).map((v) => [
    v,
    {
      frames: rows[v].length,
      seam: mean(rows[v].map((r) => r.seam)),
      colourDeltaE: mean(rows[v].map((r) => r.colour)),
      recognitionToSource: mean(rows[v].map((r) => r.dSource)),
      recognitionToTarget: mean(rows[v].map((r) => r.dTarget)),
      nearerSource: mean(rows[v].map((r) => (r.dSource < r.dTarget ? 1 : 0))),
    },
  ]),
);
// The identity bound: the cleaned output's distance to the source within 0.05 of the plain swap's.
const shifts = rows.cleaned.map((r) => {
  const plain = rows.plain.find((p) => p.frame === r.frame);
  return plain ? r.dSource - plain.dSource : NaN;
});
const identityShift = {
  mean: mean(shifts),
  max: Math.max(...shifts),
  within005: mean(shifts.map((d) => (d <= 0.05 ? 1 : 0))),
};
const meta = CleanupMetaSchema.parse(JSON.parse(await readFile(path.join(modelDir, 'cleanup.json'), 'utf8')));
const result = {
  source: values.source,
  target: values.target,
  steps: meta.steps,
  trainSeconds,
  heldOutFrames: frames,
  summary,
  identityShift,
  rows,
};
await writeFile(path.join(out, 'eval.json'), JSON.stringify(result, null, 2) + '\n');
meta.metrics = {
  eval: { heldOutFrames: frames.length, trainSeconds: Math.round(trainSeconds), ...summary, identityShift },
};
await saveCleanupMeta(modelDir, meta);
await writeFileAtomic(path.join(modelDir, 'MODEL_CARD.md'), modelCard(meta));
console.log(JSON.stringify({ steps: meta.steps, summary, identityShift }, null, 2));
