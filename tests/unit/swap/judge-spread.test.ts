import { describe, expect, it } from 'vitest';
import { judgeSpread, type JudgedFrame } from '../../eval/swap-measures.ts';
import { canonicalFace } from './fixtures.ts';

/** A judged frame whose inner lips are parted by `gap` outer-eye distances, with a given descriptor. */
function frame(index: number, gap: number, descriptor: number[]): JudgedFrame {
  const { xy } = canonicalFace(200, 150, 150);
  const eye = Math.hypot(xy[72]! - xy[90]!, xy[73]! - xy[91]!);
  for (const [up, down] of [
    [61, 67],
    [62, 66],
    [63, 65],
  ] as const) {
    const mid = (xy[2 * up + 1]! + xy[2 * down + 1]!) / 2;
    xy[2 * up + 1] = mid - (gap * eye) / 2;
    xy[2 * down + 1] = mid + (gap * eye) / 2;
    xy[2 * down] = xy[2 * up]!;
  }
  return { frame: index, keypoints: xy, descriptor: Float32Array.from(descriptor) };
}

describe('judgeSpread', () => {
  it('averages descriptor distances over similar-mouth and different-mouth pairs separately', () => {
    const target = new Map<number, JudgedFrame>([
      [0, frame(0, 0.02, [0, 0])],
      [3, frame(3, 0.025, [0.3, 0])],
      [6, frame(6, 0.1, [0, 0.5])],
      [9, { frame: 9, keypoints: null, descriptor: null }],
    ]);
    const s = judgeSpread(target);
    expect(s.pairs).toEqual([1, 2]);
    expect(s.similarMouth).toBeCloseTo(0.3, 6);
    expect(s.differentMouth).toBeCloseTo((0.5 + Math.hypot(0.3, 0.5)) / 2, 6);
  });
});
