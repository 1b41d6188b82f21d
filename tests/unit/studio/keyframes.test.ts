import { describe, it, expect } from 'vitest';
import {
  editedKeypoints,
  moveKeypoints,
  offsetsAt,
  removeKeyframe,
  zeroOffsets,
} from '../../../src-shared/project/keyframes.ts';
import type { Interpolation, Keyframe } from '../../../src-shared/project/schema.ts';

const linearNone: Interpolation = { mode: 'linear', outside: 'none' };

function kf(frame: number, point: number, dx: number, dy: number): Keyframe {
  const offsets = zeroOffsets();
  offsets[point] = [dx, dy];
  return { frame, offsets };
}

describe('keyframe interpolation', () => {
  const keys = [kf(10, 5, 10, 0), kf(20, 5, 20, -10)];

  it('is exact on keyframes and linear between them', () => {
    expect(offsetsAt(keys, 10, linearNone)![5]).toEqual([10, 0]);
    expect(offsetsAt(keys, 15, linearNone)![5]).toEqual([15, -5]);
    expect(offsetsAt(keys, 20, linearNone)![5]).toEqual([20, -10]);
  });

  it('eases with smooth mode (same ends, slower start)', () => {
    const smooth: Interpolation = { mode: 'smooth', outside: 'none' };
    expect(offsetsAt(keys, 15, smooth)![5]).toEqual([15, -5]);
    expect(offsetsAt(keys, 12, smooth)![5]![0]).toBeLessThan(12);
  });

  it('applies no edit outside the keyed span unless the project holds', () => {
    expect(offsetsAt(keys, 5, linearNone)).toBeNull();
    expect(offsetsAt(keys, 25, linearNone)).toBeNull();
    const hold: Interpolation = { mode: 'linear', outside: 'hold' };
    expect(offsetsAt(keys, 5, hold)![5]).toEqual([10, 0]);
    expect(offsetsAt(keys, 99, hold)![5]).toEqual([20, -10]);
  });

  it('adds the offset to the tracked keypoints so the edit follows the motion', () => {
    const tracked = Array.from({ length: 68 }, (_, k) => [100 + k, 200] as const);
    const moved = editedKeypoints(tracked, keys, 15, linearNone);
    expect(moved[5]).toEqual([120, 195]);
    expect(moved[6]).toEqual([106, 200]);
    expect(editedKeypoints(tracked, keys, 30, linearNone)[5]).toEqual([105, 200]);
  });

  it('a move creates a keyframe that starts from the interpolated offsets', () => {
    const next = moveKeypoints(keys, 15, [5, 7], 1, 2, linearNone);
    expect(next.map((k) => k.frame)).toEqual([10, 15, 20]);
    expect(next[1]!.offsets[5]).toEqual([16, -3]);
    expect(next[1]!.offsets[7]).toEqual([1, 2]);
    expect(removeKeyframe(next, 15)).toEqual(keys);
    expect(() => moveKeypoints(keys, 15, [68], 1, 1, linearNone)).toThrow(/keypoint 68/);
  });
});
