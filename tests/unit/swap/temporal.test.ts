import { describe, expect, it } from 'vitest';
import { segmentsOf, smoothTrack } from '../../../src-main/swap/temporal-smoothing.ts';

describe('temporal smoothing of a track', () => {
  it('keeps steady (linear) motion exactly, ends included', () => {
    const samples = Array.from({ length: 30 }, (_, f) => ({ frame: f + 100, values: [3 * f + 1, -0.5 * f] }));
    const out = smoothTrack(samples, { sigmaFrames: 3 });
    out.forEach((v, f) => {
      expect(v[0]).toBeCloseTo(3 * f + 1, 9);
      expect(v[1]).toBeCloseTo(-0.5 * f, 9);
    });
  });

  it('removes most frame-to-frame jitter', () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 2 - 1;
    const samples = Array.from({ length: 200 }, (_, f) => ({
      frame: f,
      values: [10 * Math.sin(f / 30) + rand()],
    }));
    const out = smoothTrack(samples, { sigmaFrames: 2 });
    const err = (vals: number[]) =>
      Math.sqrt(vals.reduce((s, v, f) => s + (v - 10 * Math.sin(f / 30)) ** 2, 0) / vals.length);
    const before = err(samples.map((s) => s.values[0]!));
    const after = err(out.map((v) => v[0]!));
    expect(after).toBeLessThan(before * 0.5);
  });

  it('does not smooth across a gap (lost face or cut)', () => {
    const samples = [
      ...Array.from({ length: 10 }, (_, f) => ({ frame: f, values: [0] })),
      ...Array.from({ length: 10 }, (_, f) => ({ frame: f + 12, values: [100] })),
    ];
    const out = smoothTrack(samples, { sigmaFrames: 4 });
    expect(out.slice(0, 10).every((v) => v[0] === 0)).toBe(true);
    expect(out.slice(10).every((v) => Math.abs(v[0]! - 100) < 1e-9)).toBe(true);
    expect(segmentsOf([0, 1, 2, 5, 6, 9])).toEqual([
      [0, 3],
      [3, 5],
      [5, 6],
    ]);
  });

  it('rejects unsorted frames', () => {
    expect(() =>
      smoothTrack([
        { frame: 2, values: [0] },
        { frame: 1, values: [0] },
      ]),
    ).toThrow(/sorted/);
  });
});
