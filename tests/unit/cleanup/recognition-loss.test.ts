// The optional recognition identity term: face-api's FaceRecognitionNet on the aligned crop, with the
// gradient flowing through the net into what made the crop, and into the generators in a training step.
import { describe, it, expect, beforeAll } from 'vitest';
import { tf, initTf } from '../../../src-main/ml/runtime.ts';
import { installWasmTrainingKernels } from '../../../src-main/ml/wasm-training-kernels.ts';
import { CleanupConfigSchema } from '../../../src-main/cleanup/config.ts';
import { CycleGan } from '../../../src-main/cleanup/cyclegan.ts';
import { loadRecognitionTerm, type RecognitionTerm } from '../../../src-main/cleanup/recognition-loss.ts';
import { syntheticCrop } from './synthetic.ts';

describe('recognition identity term', () => {
  let term: RecognitionTerm;
  beforeAll(async () => {
    await initTf();
    installWasmTrainingKernels();
    term = await loadRecognitionTerm();
    return () => term.dispose();
  });

  it('is ~0 for the same crop, > 0 for another, and has a finite non-zero gradient', () => {
    const a = syntheticCrop(48, 1, false);
    const b = syntheticCrop(48, 2, true);
    const same = tf.tidy(() => term.distance(a.rgb, a.rgb).dataSync()[0]!);
    const other = tf.tidy(() => term.distance(b.rgb, a.rgb).dataSync()[0]!);
    expect(same).toBeLessThan(1e-3);
    expect(other).toBeGreaterThan(0.01);
    const g = tf.tidy(() => {
      const grad = tf.grad((x: tf.Tensor) => term.distance(x as tf.Tensor4D, a.rgb))(b.rgb);
      return [tf.sum(tf.abs(grad)).dataSync()[0]!, tf.all(tf.isFinite(grad)).dataSync()[0]!];
    });
    expect(g[0]).toBeGreaterThan(0);
    expect(g[1]).toBe(1);
    tf.dispose([a.rgb, a.matte, b.rgb, b.matte]);
  });

  it('joins the generators loss in a step (reported, no tensors left behind); refused without the net', () => {
    const config = CleanupConfigSchema.parse({
      size: 32,
      ngf: 2,
      ndf: 2,
      blocks: 1,
      discLayers: 2,
      poolSize: 2,
      recognitionWeight: 1,
    });
    const gan = new CycleGan(config, 3);
    const a = syntheticCrop(32, 5, true);
    const b = syntheticCrop(32, 6, false);
    const pair = { a: a.rgb, matteA: a.matte, b: b.rgb, matteB: b.matte };
    expect(() => gan.step(pair, 0)).toThrow(/recognition term/);
    gan.recognition = term;
    // The image pools (2 each) fill during the first steps.
    for (let s = 0; s < 3; s++) gan.step(pair, s);
    const before = tf.memory().numTensors;
    const losses = gan.step(pair, 3);
    expect(tf.memory().numTensors).toBe(before);
    expect(losses.recognition).toBeGreaterThanOrEqual(0);
    expect(Number.isFinite(losses.g)).toBe(true);
    gan.recognition = null;
    gan.dispose();
    tf.dispose([a.rgb, a.matte, b.rgb, b.matte]);
  });
});
