// scaleAnalysis: the analysis of a clip for frames decoded smaller (the studio's proxy-size preview).
import { describe, expect, it } from 'vitest';
import { scaleAnalysis } from '../../../src-shared/analysis/scale.ts';
import { validateAnalysis } from '../../../src-shared/analysis/schema.ts';
import { syntheticAnalysis } from '../../support/synthetic-analysis.ts';

describe('scaleAnalysis', () => {
  const a = syntheticAnalysis([{ yawDeg: 0 }, { yawDeg: 20 }]);

  it('is the very same analysis at the same size (a full-size render is unchanged)', () => {
    expect(scaleAnalysis(a, { width: 640, height: 480 }, { width: 640, height: 480 })).toBe(a);
  });

  it('scales keypoints, raw keypoints, boxes and the recorded size, and stays a valid analysis', () => {
    const s = scaleAnalysis(a, { width: 640, height: 480 }, { width: 320, height: 240 });
    expect(s.clip.width).toBe(320);
    expect(s.clip.height).toBe(240);
    const before = a.frames['1']!.faces[0]!;
    const after = s.frames['1']!.faces[0]!;
    after.keypoints.forEach(([x, y], k) => {
      expect(x).toBeCloseTo(before.keypoints[k]![0] / 2, 9);
      expect(y).toBeCloseTo(before.keypoints[k]![1] / 2, 9);
    });
    expect(after.raw[30]![0]).toBeCloseTo(before.raw[30]![0] / 2, 9);
    expect(after.box.map((v) => Math.round(v * 1e6))).toEqual(before.box.map((v) => Math.round(v * 5e5)));
    expect(after.track).toBe(before.track);
    expect(after.confidence).toBe(before.confidence);
    expect(() => validateAnalysis(s)).not.toThrow();
    // The original is not touched.
    expect(a.clip.width).toBe(640);
  });

  it('refuses a size of zero', () => {
    expect(() => scaleAnalysis(a, { width: 640, height: 480 }, { width: 0, height: 240 })).toThrow(
      /cannot scale/,
    );
  });
});
