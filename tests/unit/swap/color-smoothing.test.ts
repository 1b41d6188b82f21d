import { describe, expect, it } from 'vitest';
import {
  colorTrackKey,
  recordColorStats,
  smoothColorStats,
  withSmoothedColor,
} from '../../../src-main/swap/color-smoothing.ts';
import type { ColorStatsPair } from '../../../src-main/swap/color-transfer.ts';
import type { FaceInFrame } from '../../../src-main/swap/swap-frame.ts';
import { IDENTITY_AFFINE } from '../../../src-shared/geometry/affine.ts';

const pair = (l: number, spread = 10): ColorStatsPair => ({
  source: { mean: [60, 10, 15], std: [12, 4, 5], count: 900 },
  target: { mean: [l, 12, 18], std: [spread, 4, 5], count: 900 },
});
const face = (track: number, extra: Partial<FaceInFrame> = {}): FaceInFrame => ({
  affine: IDENTITY_AFFINE,
  depth: new Float64Array(68),
  mirrored: false,
  track,
  ...extra,
});

describe('colour statistics smoothed along the track', () => {
  it('a still face keeps its statistics; noise between frames is averaged out', () => {
    const still = new Map([-3, -2, -1, 0, 1, 2, 3].map((f) => [f, pair(55)]));
    smoothColorStats(still, 0)!.target.mean.forEach((v, c) => expect(v).toBeCloseTo([55, 12, 18][c]!, 9));
    // Alternating +-2 L* (a shimmer): the smoothed means move far less.
    const noisy = new Map(Array.from({ length: 21 }, (_, f) => [f, pair(55 + (f % 2 ? 2 : -2))]));
    const out = Array.from({ length: 13 }, (_, i) => smoothColorStats(noisy, i + 4)!.target.mean[0]);
    for (const v of out) expect(Math.abs(v - 55)).toBeLessThan(0.5);
  });

  it("a frame whose own statistics are missing is not recoloured, as without smoothing; radius 0 is the frame's own", () => {
    const m = new Map<number, ColorStatsPair | null>([
      [0, pair(50)],
      [1, null],
      [2, pair(60)],
    ]);
    expect(smoothColorStats(m, 1)).toBeNull();
    expect(smoothColorStats(m, 0, 0)).toBe(m.get(0));
    // Frame 0 sees frame 2 (the gap is skipped), weighted less than itself.
    const s = smoothColorStats(m, 0)!.target.mean[0];
    expect(s).toBeGreaterThan(50);
    expect(s).toBeLessThan(55);
  });

  it('tracks, source frames, mirror sides and cross-fades never share statistics', () => {
    const keys = new Set([
      colorTrackKey(face(0), 0),
      colorTrackKey(face(1), 0),
      colorTrackKey(face(0, { mirrored: true }), 0),
      colorTrackKey(face(0, { source: 2 }), 0),
      colorTrackKey(face(0, { weight: 0.4 }), 0),
    ]);
    expect(keys.size).toBe(5);
    const byTrack = new Map<string, Map<number, ColorStatsPair | null>>();
    for (let f = 0; f < 5; f++) recordColorStats(byTrack, [face(0), face(1)], f, [pair(50), pair(70)]);
    const [a, b] = withSmoothedColor([face(0), face(1)], 2, byTrack);
    expect(a!.colorStats!.target.mean[0]).toBeCloseTo(50, 9);
    expect(b!.colorStats!.target.mean[0]).toBeCloseTo(70, 9);
  });
});
