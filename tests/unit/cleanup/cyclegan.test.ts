import { describe, it, expect, beforeAll } from 'vitest';
import { tf, initTf } from '../../../src-main/ml/runtime.ts';
import { installWasmTrainingKernels } from '../../../src-main/ml/wasm-training-kernels.ts';
import { CleanupConfigSchema, learningRateAt } from '../../../src-main/cleanup/config.ts';
import { CycleGan, type StepLosses } from '../../../src-main/cleanup/cyclegan.ts';
import { buildGenerator } from '../../../src-main/cleanup/generator.ts';
import { buildDiscriminator } from '../../../src-main/cleanup/discriminator.ts';
import { runGenerator } from '../../../src-main/cleanup/residual.ts';
import { faceMean, syntheticCrop } from './synthetic.ts';

const tiny = CleanupConfigSchema.parse({ size: 16, ngf: 2, ndf: 2, blocks: 1, discLayers: 2, poolSize: 3 });

describe('CycleGAN networks', () => {
  beforeAll(async () => {
    const report = await initTf();
    installWasmTrainingKernels();
    console.log(`backend: ${report.choice} (${report.detail})`);
  });

  it('builds the published shapes: ResNet generator and PatchGAN discriminator', () => {
    const config = CleanupConfigSchema.parse({ size: 64, ngf: 8, ndf: 8, blocks: 3, discLayers: 3 });
    const g = buildGenerator(config, 1, 'g');
    const d = buildDiscriminator(config, 1, 'd');
    expect(g.outputs[0]!.shape).toEqual([null, 64, 64, 3]);
    // 3 stride-2 layers: 64 -> 8 patches a side.
    expect(d.outputs[0]!.shape).toEqual([null, 8, 8, 1]);
    const convs = g.layers.filter((l) => l.getClassName() === 'Conv2D').length;
    expect(convs).toBe(1 + 2 + 2 * 3 + 1);
    expect(g.layers.filter((l) => l.getClassName() === 'Conv2DTranspose').length).toBe(2);
    g.dispose();
    d.dispose();
  });

  it('leaves everything outside the matte exactly as it was and bounds the change inside', () => {
    const g = buildGenerator(tiny, 3, 'g');
    // Large weights so the raw output is far from 0.
    g.setWeights(g.getWeights().map((w) => tf.mul(w, 40)));
    const { rgb, matte } = syntheticCrop(16, 5, true);
    const out = runGenerator(g, rgb, matte, tiny);
    const [o, x, m] = [out.dataSync(), rgb.dataSync(), matte.dataSync()];
    let changed = 0;
    for (let i = 0; i < o.length; i++) {
      const mi = m[Math.floor(i / 3)]!;
      if (mi === 0) expect(o[i]).toBe(x[i]);
      else expect(Math.abs(o[i]! - x[i]!)).toBeLessThanOrEqual(tiny.residualScale + 1e-6);
      if (Math.abs(o[i]! - x[i]!) > 1e-3) changed++;
    }
    expect(changed).toBeGreaterThan(0);
    tf.dispose([g, rgb, matte, out] as unknown as tf.Tensor[]);
  });

  it('decays the learning rate linearly over the second half', () => {
    expect(learningRateAt(tiny, 0, 100)).toBe(2e-4);
    expect(learningRateAt(tiny, 49, 100)).toBe(2e-4);
    expect(learningRateAt(tiny, 75, 100)).toBeCloseTo(2e-4 * (1 - 25 / 51), 10);
    expect(learningRateAt(tiny, 100, 100)).toBeGreaterThanOrEqual(0);
  });

  it('leaks no tensors across 50 training steps and repeated inference, none after dispose', () => {
    const start = tf.memory().numTensors;
    const gan = new CycleGan(tiny, 1);
    const a = syntheticCrop(16, 1, true);
    const b = syntheticCrop(16, 2, false);
    const real = syntheticCrop(16, 1, false);
    // With every term of the defaults on: matte-weighted patches, self-regularisation, the paired colour term.
    const pair = { a: a.rgb, matteA: a.matte, b: b.rgb, matteB: b.matte, realA: real.rgb };
    const counts: number[] = [];
    for (let s = 0; s < 50; s++) {
      gan.step(pair, s);
      counts.push(tf.memory().numTensors);
    }
    // Adam's moments appear at the first step, the pool fills over the first poolSize steps.
    const settled = counts.slice(tiny.poolSize + 1);
    expect(new Set(settled).size).toBe(1);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 20; i++) gan.clean(a.rgb, a.matte).dispose();
    expect(tf.memory().numTensors).toBe(before);
    gan.dispose();
    tf.dispose([a.rgb, a.matte, b.rgb, b.matte, real.rgb, real.matte]);
    expect(tf.memory().numTensors).toBe(start);
  });

  it('learns a synthetic colour cast: cycle and adversarial losses fall, G(A) moves toward B', () => {
    const config = CleanupConfigSchema.parse({
      size: 24,
      ngf: 4,
      ndf: 4,
      blocks: 1,
      discLayers: 2,
      poolSize: 4,
      learningRate: 2e-3,
      // The defaults' cells scaled to this 24 px crop as they are to 128 px: the residual's low-pass an
      // eighth of the crop (16 of 128), the paired colour term's a quarter (32 of 128).
      lowpassCell: 3,
      colourCell: 6,
    });
    const gan = new CycleGan(config, 7);
    const as = Array.from({ length: 6 }, (_, i) => syntheticCrop(24, 100 + i, true));
    const bs = Array.from({ length: 6 }, (_, i) => syntheticCrop(24, 200 + i, false));
    // Paired as the real crop sets are: each A crop's own frame without the cast (the paired colour term's reference).
    const reals = Array.from({ length: 6 }, (_, i) => syntheticCrop(24, 100 + i, false));
    const held = syntheticCrop(24, 999, true);
    const bMean = faceMean(bs[0]!.rgb, bs[0]!.matte).map(
      (_, c) => bs.reduce((s, b) => s + faceMean(b.rgb, b.matte)[c]!, 0) / bs.length,
    );
    const dist = (m: number[]) => Math.hypot(...m.map((v, c) => v - bMean[c]!));
    const before = tf.tidy(() => dist(faceMean(gan.clean(held.rgb, held.matte), held.matte)));
    // 100 steps: the cycle loss starts near 0 (the residual starts near 0) and is noisy step to step.
    const STEPS = 100;
    const last = [STEPS - 10, STEPS] as const;
    const losses: StepLosses[] = [];
    for (let s = 0; s < STEPS; s++) {
      const a = as[s % as.length]!;
      const b = bs[(s * 5 + 1) % bs.length]!;
      const realA = reals[s % as.length]!.rgb;
      losses.push(gan.step({ a: a.rgb, matteA: a.matte, b: b.rgb, matteB: b.matte, realA }, s));
    }
    const avg = (k: 'cycle' | 'gan' | 'd' | 'colour', from: number, to: number) =>
      losses.slice(from, to).reduce((s, l) => s + l[k], 0) / (to - from);
    const after = tf.tidy(() => dist(faceMean(gan.clean(held.rgb, held.matte), held.matte)));
    console.log(
      `cycle ${avg('cycle', 0, 10).toFixed(4)} -> ${avg('cycle', ...last).toFixed(4)}, G gan ${avg('gan', 0, 10).toFixed(4)} -> ${avg('gan', ...last).toFixed(4)}, D ${avg('d', 0, 10).toFixed(4)} -> ${avg('d', ...last).toFixed(4)}, colour ${avg('colour', 0, 10).toFixed(4)} -> ${avg('colour', ...last).toFixed(4)}, |G(A) - B| ${before.toFixed(3)} -> ${after.toFixed(3)}`,
    );
    expect(avg('cycle', ...last)).toBeLessThan(avg('cycle', 0, 10));
    // The adversarial game: the discriminators' LSGAN loss falls (they learn to tell A from B); the
    // generators' adversarial term is its opponent and rises meanwhile, as in any GAN's first steps.
    expect(avg('d', ...last)).toBeLessThan(avg('d', 0, 10));
    expect(avg('colour', ...last)).toBeLessThan(avg('colour', 0, 10));
    expect(after).toBeLessThan(before * 0.8);
    gan.dispose();
    tf.dispose([...as, ...bs, ...reals, held].flatMap((c) => [c.rgb, c.matte]));
  }, 300_000); // about 40 s on an idle 2-core machine; several times that under load
});
