// The plain forward pass of the DepthNet MLP equals TF.js's on the shipped model, and a model it cannot run
// is refused with a clear error.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync, readFileSync, copyFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { initTf, tf } from '../../../src-main/ml/runtime.ts';
import { loadLayersModel } from '../../../src-main/depthnet/model-io.ts';
import { loadDenseForward, parseDenseStack } from '../../../src-main/depthnet/dense-stack.ts';
import { DEFAULT_DEPTHNET_DIR } from '../../../src-main/depthnet/depthnet.ts';
import { mulberry32 } from '../../../src-shared/depthnet/rng.ts';

const INPUTS = 272;

describe('DepthNet forward pass without TF.js', () => {
  it('equals TF.js model.predict on the shipped model', async () => {
    await initTf();
    const model = await loadLayersModel(DEFAULT_DEPTHNET_DIR);
    const forward = await loadDenseForward(DEFAULT_DEPTHNET_DIR, INPUTS);
    const rng = mulberry32(7);
    const rows = 64;
    const input = Float32Array.from({ length: rows * INPUTS }, () => 2 * rng() - 1);
    try {
      const expected = tf.tidy(() =>
        (model.predict(tf.tensor2d(input, [rows, INPUTS])) as tf.Tensor).dataSync(),
      );
      const got = forward(input, rows);
      expect(got.length).toBe(expected.length);
      let worst = 0;
      for (let i = 0; i < got.length; i++) worst = Math.max(worst, Math.abs(got[i]! - expected[i]!));
      expect(worst).toBeLessThan(1e-4);
    } finally {
      model.dispose();
    }
  });

  it('refuses other layer kinds, wrong shapes, short weights and a missing weight file', async () => {
    const json = JSON.parse(readFileSync(path.join(DEFAULT_DEPTHNET_DIR, 'model.json'), 'utf8')) as {
      modelTopology: { config: { layers: { class_name: string }[] } };
    };
    const weights = new Uint8Array(readFileSync(path.join(DEFAULT_DEPTHNET_DIR, 'weights.bin')));
    expect(() => parseDenseStack(json, weights.subarray(0, 1000), INPUTS)).toThrow(/weights are 1000 bytes/);
    expect(() => parseDenseStack(json, weights, 100)).toThrow(/shape \[272, 256\], expected \[100, 256\]/);
    const conv = structuredClone(json);
    conv.modelTopology.config.layers[1]!.class_name = 'Conv2D';
    expect(() => parseDenseStack(conv, weights, INPUTS)).toThrow(/layer 1 is not a Dense layer/);
    expect(() => parseDenseStack({ hello: 1 }, weights, INPUTS)).toThrow(
      /not a Sequential TF.js layers model/,
    );
    const dir = mkdtempSync(path.join(os.tmpdir(), 'dense-'));
    copyFileSync(path.join(DEFAULT_DEPTHNET_DIR, 'model.json'), path.join(dir, 'model.json'));
    await expect(loadDenseForward(dir, INPUTS)).rejects.toThrow(/weight file weights.bin is missing/);
    writeFileSync(path.join(dir, 'model.json'), '{"modelTopology": ');
    await expect(loadDenseForward(dir, INPUTS)).rejects.toThrow(/not valid JSON/);
  });
});
