import { describe, expect, it } from 'vitest';
import {
  chooseSourceFrames,
  faceState,
  parseSourceFrames,
  type FaceState,
  type SourceCandidate,
} from '../../../src-shared/geometry/source-frame-choice.ts';
import { posedKeypoints } from '../../support/synthetic-analysis.ts';
import { mulberry32 } from '../../../src-shared/depthnet/rng.ts';

const state = (yawDeg: number, pitchDeg = 0): FaceState => ({ yawDeg, pitchDeg, mouth: 0.05, eyes: 0.3 });

describe('pose-matched source frame choice', () => {
  // a source clip turning from -40 to 40 degrees of yaw, one frame per 2 degrees
  const sources: SourceCandidate[] = Array.from({ length: 41 }, (_, f) => ({
    frame: f,
    ...state(-40 + 2 * f),
  }));
  const yawOf = new Map(sources.map((s) => [s.frame, s.yawDeg]));

  it('follows the target yaw on a noisy sweep, without flicker', () => {
    const rand = mulberry32(5);
    const n = 200;
    const truth = Array.from({ length: n }, (_, i) => -40 + (80 * i) / (n - 1));
    const targets = truth.map((y) => state(y + (rand() * 2 - 1) * 2)); // +-2 degrees of keypoint noise
    const picks = chooseSourceFrames(sources, targets, { mirror: false });
    let switches = 0;
    picks.forEach((p, i) => {
      expect(p).not.toBeNull();
      const yaw = yawOf.get(p!.frame)!;
      // within the margin (6) + noise (2) + source spacing (2)
      expect(Math.abs(yaw - truth[i]!)).toBeLessThanOrEqual(10);
      if (i > 0 && p!.frame !== picks[i - 1]!.frame) switches++;
    });
    // no flicker: the choice never goes back to a frame it just left; few switches over 80 degrees
    const sequence = picks.map((p) => p!.frame).filter((f, i, a) => i === 0 || f !== a[i - 1]);
    for (let k = 1; k < sequence.length; k++) expect(sequence[k]!).toBeGreaterThan(sequence[k - 1]!);
    expect(switches).toBeLessThanOrEqual(80 / 6 + 1);
    expect(switches).toBeGreaterThanOrEqual(8);
  });

  it('a still target with noise keeps one source frame (hysteresis)', () => {
    const rand = mulberry32(9);
    const targets = Array.from({ length: 100 }, () => state(10 + (rand() * 2 - 1) * 3, (rand() * 2 - 1) * 2));
    const picks = chooseSourceFrames(sources, targets);
    expect(new Set(picks.map((p) => p!.frame)).size).toBe(1);
  });

  it('cross-fades each switch over fadeFrames with a falling weight', () => {
    const targets = [...Array(10).fill(state(-30)), ...Array(10).fill(state(30))] as FaceState[];
    const picks = chooseSourceFrames(sources, targets, { fadeFrames: 4 });
    expect(picks[9]!.fade).toBeNull();
    const w = picks.slice(10, 15).map((p) => p!.fade?.weight ?? 0);
    expect(w[0]).toBeCloseTo(0.8, 6);
    expect(w[3]).toBeCloseTo(0.2, 6);
    expect(w[4]).toBe(0);
    expect(picks[10]!.fade!.frame).toBe(picks[9]!.frame);
  });

  it('falls back to the mirrored source when only the other side was filmed', () => {
    const right = sources.filter((s) => s.yawDeg >= 0);
    const picks = chooseSourceFrames(right, [state(-30)]);
    expect(picks[0]!.mirrored).toBe(true);
    expect(yawOf.get(picks[0]!.frame)).toBeCloseTo(30, 0);
    expect(chooseSourceFrames(right, [state(-30)], { mirror: false })[0]!.mirrored).toBe(false);
  });

  it('prefers the matching expression at the same pose, and skips frames without the face', () => {
    const open: SourceCandidate = { frame: 100, yawDeg: 0, pitchDeg: 0, mouth: 0.3, eyes: 0.3 };
    const closed: SourceCandidate = { frame: 101, yawDeg: 0, pitchDeg: 0, mouth: 0.02, eyes: 0.3 };
    const picks = chooseSourceFrames([open, closed], [{ ...state(0), mouth: 0.28 }, null]);
    expect(picks[0]!.frame).toBe(100);
    expect(picks[1]).toBeNull();
  });

  it('reads pose and mouth from keypoints', () => {
    const s = faceState(Float64Array.from(posedKeypoints(25, -10).flat()));
    expect(s.yawDeg).toBeCloseTo(25, 3);
    expect(s.pitchDeg).toBeCloseTo(-10, 3);
    expect(s.mouth).toBeGreaterThanOrEqual(0);
  });

  it('parses --source-frames', () => {
    expect(parseSourceFrames('auto', 50)).toBeNull();
    expect(parseSourceFrames('7', 50)).toEqual({ start: 7, end: 8 });
    expect(parseSourceFrames('10-19', 50)).toEqual({ start: 10, end: 20 });
    expect(() => parseSourceFrames('60', 50)).toThrow(/outside the source clip/);
    expect(() => parseSourceFrames('x', 50)).toThrow(/auto, N or A-B/);
  });
});
