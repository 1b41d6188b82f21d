import { describe, expect, it } from 'vitest';
import { computePlacements, toPoints, type PredictFn } from '../../../src-main/swap/placements.ts';
import { affineFromPose, applyAffine } from '../../../src-shared/geometry/affine.ts';
import { mirrorKeypoints } from '../../../src-shared/geometry/mirror.ts';
import type { AnalysisFile, FrameEntry } from '../../../src-shared/analysis/schema.ts';
import { canonicalFace } from './fixtures.ts';

const src = canonicalFace(100, 200, 200);
const srcTurned = applyAffine(affineFromPose({ yawDeg: 30, tx: 0 }), src.xy, src.depth).xy;

function analysisWithYaws(yaws: number[]): AnalysisFile {
  const frames: Record<string, FrameEntry> = {};
  yaws.forEach((yaw, f) => {
    const kp = toPoints(applyAffine(affineFromPose({ yawDeg: yaw, tx: 300, ty: 200 }), src.xy, src.depth).xy);
    frames[String(f)] = {
      cut: false,
      faces: [
        {
          track: 0,
          box: [0, 0, 1, 1],
          confidence: 1,
          keypoints: kp,
          raw: kp,
          interpolated: false,
          detected: true,
        },
      ],
    };
  });
  return { frames } as unknown as AnalysisFile;
}

// A test-edge stand-in for DepthNet: the affine that maps the canonical depth onto the target exactly.
const predict: PredictFn = (pairs) =>
  pairs.map(() => ({
    depth: Array.from(src.depth),
    affine: [
      [1, 0, 0, 5],
      [0, 1, 0, 7],
    ],
  }));

describe('placements from an analysis', () => {
  it('mirrors when the target turns the other way, with hysteresis, and smooths per run', () => {
    const yaws = [30, 25, 10, 0, -5, -12, -20, -30, -30, -5, 5, 30];
    const out = computePlacements({
      analysis: analysisWithYaws(yaws),
      range: { start: 0, end: yaws.length },
      sourceKeypoints: srcTurned,
      mirroredKeypoints: mirrorKeypoints(srcTurned, 400),
      mirror: 'auto',
      predict,
    });
    const mirrored = yaws.map((_, f) => out.get(f)![0]!.mirrored);
    // Source at +30: plain while the target faces the same way, mirrored once clearly turned the other way,
    // and it stays mirrored through near-frontal frames until the plain source is clearly better.
    expect(mirrored.slice(0, 4)).toEqual([false, false, false, false]);
    expect(mirrored.slice(6, 9)).toEqual([true, true, true]);
    expect(mirrored[9]).toBe(true);
    expect(mirrored[11]).toBe(false);
    out.get(0)![0]!.affine.forEach((v, i) => expect(v).toBeCloseTo([1, 0, 0, 5, 0, 1, 0, 7][i]!, 9));
  });

  it('honours --mirror on/off and --track', () => {
    const analysis = analysisWithYaws([30, -30]);
    const base = {
      analysis,
      range: { start: 0, end: 2 },
      sourceKeypoints: srcTurned,
      mirroredKeypoints: mirrorKeypoints(srcTurned, 400),
      predict,
    };
    expect([...computePlacements({ ...base, mirror: 'on' }).values()].every((f) => f[0]!.mirrored)).toBe(
      true,
    );
    expect([...computePlacements({ ...base, mirror: 'off' }).values()].every((f) => !f[0]!.mirrored)).toBe(
      true,
    );
    // A track that does not exist swaps nothing: an error listing the tracks, not an empty render.
    expect(() => computePlacements({ ...base, mirror: 'off', track: 3 })).toThrow(
      /track 3 does not exist; the analysis has track\(s\) 0 \(frames 0-1\)/,
    );
  });
});
