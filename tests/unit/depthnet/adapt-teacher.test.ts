import { describe, expect, it } from 'vitest';
import { rigidTeacher, TEACHER_MIN_SPREAD_DEG } from '../../../src-main/depthnet/adapt-teacher.ts';
import { loadDepthNet } from '../../../src-main/depthnet/depthnet.ts';
import { pearson } from '../../../src-shared/depthnet/metrics.ts';
import { CANONICAL_FACE_3D } from '../../../src-shared/geometry/canonical-face.ts';
import { posedKeypoints } from '../../support/synthetic-analysis.ts';

const frames = (from: number, to: number, n: number) =>
  Array.from({ length: n }, (_, i) => {
    const yaw = from + ((to - from) * i) / (n - 1);
    return Float64Array.from(posedKeypoints(yaw, 10 * Math.sin((Math.PI * (i - (n - 1) / 2)) / 4)).flat());
  });

describe('the adaptation’s rigid teacher', () => {
  it('gives every frame a unit depth, signed like the base model’s, when the head turns enough', async () => {
    const net = await loadDepthNet();
    const xys = frames(-40, 40, 17);
    const t = rigidTeacher(net, xys, 80);
    expect(t.report.used).toBe(true);
    expect(t.report.rmsPx).toBeLessThan(0.01); // an exactly rigid face
    expect(t.report.agreement).toBeGreaterThan(0.8);
    expect(t.depths).toHaveLength(17);
    for (const z of t.depths!) {
      const ss = z.reduce((s, v) => s + v * v, 0) / z.length;
      expect(ss).toBeCloseTo(1, 3);
    }
    // the middle frame (yaw 0, pitch 0) sees the canonical face frontally: its depth is the teacher's
    const frontal = CANONICAL_FACE_3D.map((p) => p[2]);
    const r = pearson(t.depths![8]!, frontal);
    expect(Math.abs(r)).toBeGreaterThan(0.99);
  });

  it(`is not used below ${TEACHER_MIN_SPREAD_DEG} degrees of head pose spread, and says why`, async () => {
    const net = await loadDepthNet();
    const t = rigidTeacher(net, frames(-4, 4, 12), 8);
    expect(t.report.used).toBe(false);
    expect(t.depths).toBeNull();
    expect(t.report.reason).toMatch(/8\.0 deg < 20 deg/);
  });
});
