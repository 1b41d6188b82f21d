import { describe, it, expect } from 'vitest';
import { tf, initTf } from '../../../src-main/ml/runtime.ts';
import { installFastWasmConcat } from '../../../src-main/ml/wasm-concat.ts';

describe('fast wasm Concat', () => {
  it('gives the same values as before on every axis and dtype', async () => {
    const report = await initTf();
    if (report.backend !== 'wasm') return;
    const a = tf.randomUniform([2, 5, 7, 3]);
    const b = tf.randomUniform([2, 5, 7, 1]);
    const c = tf.randomUniform([2, 5, 7, 40]);
    const cases = () => [
      tf.concat([a, b, c], 3),
      tf.concat([a, a], 0),
      tf.concat([a, a], 2),
      tf.concat([a.cast('int32'), b.cast('int32')], 3),
    ];
    const before = await Promise.all(cases().map((t) => t.array()));
    expect(installFastWasmConcat()).toBe(true);
    expect(installFastWasmConcat()).toBe(true);
    const after = await Promise.all(cases().map((t) => t.array()));
    expect(after).toEqual(before);
  });
});
