import { describe, it, expect } from 'vitest';
import {
  planChunks,
  joinChunks,
  CUT_SEED_FRAMES,
  MIN_PARALLEL_FRAMES,
  WORKER_STARTUP_FRAMES,
} from '../../../src-main/analysis/clip-chunk.ts';

describe('planChunks', () => {
  it('keeps a short range or parts=1 in one unseeded chunk', () => {
    expect(planChunks({ start: 3, end: 3 + MIN_PARALLEL_FRAMES - 1 }, 2)).toEqual([
      { range: { start: 3, end: 2 + MIN_PARALLEL_FRAMES }, seed: 0 },
    ]);
    expect(planChunks({ start: 0, end: 1000 }, 1)).toEqual([{ range: { start: 0, end: 1000 }, seed: 0 }]);
  });
  it('covers the range contiguously; the first chunk is longer by the worker start-up; later ones seeded', () => {
    const c = planChunks({ start: 10, end: 310 }, 2);
    expect(c).toHaveLength(2);
    expect(c[0]!.range.start).toBe(10);
    expect(c[0]!.range.end).toBe(c[1]!.range.start);
    expect(c[1]!.range.end).toBe(310);
    const len = (i: number): number => c[i]!.range.end - c[i]!.range.start;
    expect(len(0) - len(1)).toBe(WORKER_STARTUP_FRAMES);
    expect(c[0]!.seed).toBe(0);
    expect(c[1]!.seed).toBe(CUT_SEED_FRAMES);
  });
});

describe('joinChunks', () => {
  it('renumbers tracklet ids uniquely and concatenates cuts and frames in order', () => {
    const obs = (frame: number) => ({ frame, keypoints: [], confidence: 1, detected: true });
    const j = joinChunks([
      {
        tracklets: [
          { id: 0, obs: [obs(0)] },
          { id: 2, obs: [obs(1)] },
        ],
        cuts: [1],
        frameNumbers: [0, 1],
        detections: 1,
      },
      { tracklets: [{ id: 0, obs: [obs(2)] }], cuts: [2], frameNumbers: [2], detections: 2 },
    ]);
    expect(j.tracklets.map((t) => t.id)).toEqual([0, 2, 3]);
    expect(j.cuts).toEqual([1, 2]);
    expect(j.frameNumbers).toEqual([0, 1, 2]);
    expect(j.detections).toBe(3);
  });
});
