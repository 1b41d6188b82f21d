import { describe, expect, it } from 'vitest';
import { expressionOffsets, type ExpressionSample } from '../../../src-main/swap/expression-track.ts';
import { computePlacements, toPoints, type PredictFn } from '../../../src-main/swap/placements.ts';
import { placeMesh } from '../../../src-main/swap/warp-face.ts';
import { affineFromPose, applyAffine, type Affine2x4 } from '../../../src-shared/geometry/affine.ts';
import {
  closeMouth,
  eyeOpening,
  innerLipGap,
  outerEyeDistance,
} from '../../../src-shared/geometry/expression.ts';
import { mirrorKeypoints } from '../../../src-shared/geometry/mirror.ts';
import type { AnalysisFile, FrameEntry } from '../../../src-shared/analysis/schema.ts';
import { canonicalFace, texture } from './fixtures.ts';

const src = canonicalFace(100, 200, 200);
/** Opens the inner lips of a keypoint set by `gap` pixels (upper up by gap/2, lower down by gap/2). */
function openMouth(kp: Float64Array, gap: number): Float64Array {
  const out = Float64Array.from(kp);
  for (const i of [49, 50, 51, 52, 53, 61, 62, 63]) out[2 * i + 1] = out[2 * i + 1]! - gap / 2;
  for (const i of [55, 56, 57, 58, 59, 65, 66, 67]) out[2 * i + 1] = out[2 * i + 1]! + gap / 2;
  return out;
}
/** Closes both eyes by `amount` of their opening. */
function blink(kp: Float64Array, amount: number): Float64Array {
  const out = Float64Array.from(kp);
  for (const [u, l] of [
    [37, 41],
    [38, 40],
    [43, 47],
    [44, 46],
  ] as const) {
    const mid = (kp[2 * u + 1]! + kp[2 * l + 1]!) / 2;
    out[2 * u + 1] = kp[2 * u + 1]! + amount * (mid - kp[2 * u + 1]!);
    out[2 * l + 1] = kp[2 * l + 1]! + amount * (mid - kp[2 * l + 1]!);
  }
  return out;
}

// The target: the canonical face at 1.5x, shifted, its mouth opening and closing over 20 frames.
const pose: Affine2x4 = affineFromPose({ scale: 1.5, tx: 100, ty: 50 });
const placedNeutral = applyAffine(pose, src.xy, src.depth).xy;
const gaps = Array.from({ length: 20 }, (_, f) => 12 * Math.max(0, Math.sin((f * Math.PI) / 6)));
const samples: ExpressionSample[] = gaps.map((g, f) => ({
  frame: f,
  target: openMouth(placedNeutral, g),
  affine: pose,
  depth: src.depth,
}));

describe('expression transfer (synthetic keypoints)', () => {
  it('a target that opens its mouth opens the placed lips by the same amount (amount 1)', () => {
    const offsets = expressionOffsets(src.xy, samples, { amount: 1, sigmaFrames: 0 })!;
    gaps.forEach((g, f) => {
      const out = placedNeutral.map((v, k) => v + offsets[f]![k]!);
      // The output's lips part as the target's (same frame pixels: same scale here).
      expect(innerLipGap(out) * outerEyeDistance(out)).toBeCloseTo(
        innerLipGap(samples[f]!.target) * outerEyeDistance(samples[f]!.target),
        6,
      );
      expect(innerLipGap(out) * outerEyeDistance(out)).toBeGreaterThanOrEqual(g);
      // The nose and the outline's upper part keep the source's place.
      for (const k of [0, 1, 2, 14, 15, 16, 27, 30, 33]) {
        expect(offsets[f]![2 * k]).toBeCloseTo(0, 9);
        expect(offsets[f]![2 * k + 1]).toBeCloseTo(0, 9);
      }
    });
  });

  it('half the amount moves the lips half as far; the offsets are linear in it', () => {
    const full = expressionOffsets(src.xy, samples, { amount: 1, sigmaFrames: 0 })!;
    const half = expressionOffsets(src.xy, samples, { amount: 0.5, sigmaFrames: 0 })!;
    full.forEach((o, f) => o.forEach((v, k) => expect(half[f]![k]).toBeCloseTo(v / 2, 9)));
  });

  it('a source with an open mouth onto a closed target: the output lips close', () => {
    const openSource = openMouth(src.xy, 10);
    const placed = applyAffine(pose, openSource, src.depth).xy;
    const closed = gaps.map((_, f) => ({ frame: f, target: placedNeutral, affine: pose, depth: src.depth }));
    const offsets = expressionOffsets(openSource, closed, { amount: 1, sigmaFrames: 0 })!;
    const out = placed.map((v, k) => v + offsets[3]![k]!);
    expect(innerLipGap(placed)).toBeGreaterThan(0.05);
    expect(innerLipGap(out)).toBeCloseTo(innerLipGap(placedNeutral), 9);
    expect(innerLipGap(out)).toBeLessThan(innerLipGap(placed) / 3);
  });

  it('blinks follow the target, relative to its own open eyes', () => {
    const blinking = samples.map((s, f) => ({ ...s, target: blink(placedNeutral, f === 5 ? 1 : 0) }));
    const offsets = expressionOffsets(src.xy, blinking, { amount: 1, sigmaFrames: 0 })!;
    const open = placedNeutral.map((v, k) => v + offsets[4]![k]!);
    const shut = placedNeutral.map((v, k) => v + offsets[5]![k]!);
    expect(eyeOpening(open)).toBeCloseTo(eyeOpening(placedNeutral), 9);
    expect(eyeOpening(shut)).toBeCloseTo(eyeOpening(blinking[5]!.target), 9);
    expect(eyeOpening(shut)).toBeLessThan(eyeOpening(open) / 5);
  });

  it('smoothing keeps a linear opening without lag', () => {
    const ramp = Array.from({ length: 15 }, (_, f) => ({
      frame: f,
      target: openMouth(placedNeutral, f),
      affine: pose,
      depth: src.depth,
    }));
    const raw = expressionOffsets(src.xy, ramp, { amount: 1, sigmaFrames: 0 })!;
    const smooth = expressionOffsets(src.xy, ramp, { amount: 1, sigmaFrames: 2 })!;
    raw.forEach((o, f) => o.forEach((v, k) => expect(smooth[f]![k]).toBeCloseTo(v, 6)));
  });

  it('pushes the outline out to a wider target jaw line (coverage), never in', () => {
    const wide = samples.map((x) => {
      const t = Float64Array.from(x.target);
      for (let k = 0; k <= 16; k++) t[2 * k] = 400 + (t[2 * k]! - 400) * 1.1; // jaw 10 % wider
      return { ...x, target: t };
    });
    const o = expressionOffsets(src.xy, wide, { amount: 1, sigmaFrames: 0 })![3]!;
    const t = wide[3]!.target;
    let cx = 0;
    let cy = 0;
    for (let k = 27; k <= 35; k++) {
      cx += t[2 * k]! / 9;
      cy += t[2 * k + 1]! / 9;
    }
    for (const k of [0, 2, 14, 16]) {
      // Seen from the target's nose, the output's outline point reaches the target's jaw line.
      const ux = t[2 * k]! - cx;
      const uy = t[2 * k + 1]! - cy;
      const rt = Math.hypot(ux, uy);
      const rp =
        ((placedNeutral[2 * k]! + o[2 * k]! - cx) * ux +
          (placedNeutral[2 * k + 1]! + o[2 * k + 1]! - cy) * uy) /
        rt;
      expect(rp).toBeCloseTo(rt, 6);
      expect(Math.abs(o[2 * k]!)).toBeGreaterThan(1);
    }
    const narrow = samples.map((x) => {
      const t = Float64Array.from(x.target);
      for (let k = 0; k <= 16; k++) t[2 * k] = 400 + (t[2 * k]! - 400) * 0.9;
      return { ...x, target: t };
    });
    const n = expressionOffsets(src.xy, narrow, { amount: 1, sigmaFrames: 0, cover: true })![3]!;
    const off = expressionOffsets(src.xy, narrow, { amount: 1, sigmaFrames: 0, cover: false })![3]!;
    for (const k of [0, 2, 14, 16]) expect(n[2 * k]).toBeCloseTo(off[2 * k]!, 9);
  });

  it('amount 0 is no transfer; out of [0, 1] is refused', () => {
    expect(expressionOffsets(src.xy, samples, { amount: 0 })).toBeNull();
    expect(() => expressionOffsets(src.xy, samples, { amount: 1.5 })).toThrow(/\[0, 1\]/);
    expect(() => expressionOffsets(src.xy, samples, { amount: -0.1 })).toThrow(/\[0, 1\]/);
  });

  it('closeMouth removes the inner gap and keeps the corners', () => {
    const open = openMouth(src.xy, 8);
    const c = closeMouth(open);
    expect(innerLipGap(c)).toBeLessThan(1e-9);
    expect(innerLipGap(closeMouth(src.xy))).toBeLessThan(1e-9);
    for (const k of [48, 54, 60, 64]) expect(c[2 * k + 1]).toBe(open[2 * k + 1]);
  });
});

function analysis(targets: Float64Array[]): AnalysisFile {
  const frames: Record<string, FrameEntry> = {};
  targets.forEach((t, f) => {
    const kp = toPoints(t);
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

const predict: PredictFn = (pairs) =>
  pairs.map(() => ({ depth: Array.from(src.depth), affine: [pose.slice(0, 4), pose.slice(4, 8)] }));

describe('expression in the placements and the mesh', () => {
  const input = {
    analysis: analysis(samples.map((s) => Float64Array.from(s.target))),
    range: { start: 0, end: samples.length },
    sourceKeypoints: src.xy,
    mirroredKeypoints: mirrorKeypoints(src.xy, 400),
    mirror: 'off' as const,
    predict,
  };

  it('expression 0 (and no setting) is exactly the placement and mesh of the paper', () => {
    const none = computePlacements(input);
    const zero = computePlacements({ ...input, expression: 0 });
    const tex = texture(400, 400);
    for (let f = 0; f < samples.length; f++) {
      const a = none.get(f)![0]!;
      const b = zero.get(f)![0]!;
      expect(b).toEqual(a);
      expect(b.offsets).toBeUndefined();
      const ma = placeMesh({ texture: tex, keypoints: src.xy }, a, 800, 800)!;
      const mb = placeMesh({ texture: tex, keypoints: src.xy }, b, 800, 800)!;
      expect(Array.from(mb.mesh.xy)).toEqual(Array.from(ma.mesh.xy));
    }
  });

  it('expression 1 moves the mesh lip vertices by the transferred amount, the nose not at all', () => {
    const base = computePlacements(input);
    const moved = computePlacements({ ...input, expression: 1, expressionSigma: 0 });
    const tex = texture(400, 400);
    const f = 3; // gap 12 px
    const a = placeMesh({ texture: tex, keypoints: src.xy }, base.get(f)![0]!, 800, 800)!.mesh.xy;
    const b = placeMesh({ texture: tex, keypoints: src.xy }, moved.get(f)![0]!, 800, 800)!.mesh.xy;
    expect(b[2 * 62 + 1]! - a[2 * 62 + 1]!).toBeCloseTo(-gaps[f]! / 2, 6);
    expect(b[2 * 66 + 1]! - a[2 * 66 + 1]!).toBeCloseTo(gaps[f]! / 2, 6);
    expect(b[2 * 30]).toBeCloseTo(a[2 * 30]!, 9);
    expect(b[2 * 30 + 1]).toBeCloseTo(a[2 * 30 + 1]!, 9);
    expect(moved.get(f)![0]!.targetKeypoints).toBeDefined();
  });

  it('a one-frame range with the clip as context gets the offsets of the whole render at that frame', () => {
    const brow = samples.map((x, f) => {
      const t = Float64Array.from(x.target);
      for (let i = 17; i <= 26; i++) t[2 * i + 1] = t[2 * i + 1]! - (f % 4); // brows moving too
      return t;
    });
    const withBrows = { ...input, analysis: analysis(brow) };
    const whole = computePlacements({ ...withBrows, expression: 1 });
    const one = computePlacements({
      ...withBrows,
      expression: 1,
      range: { start: 7, end: 8 },
      expressionContext: { start: 0, end: samples.length },
    });
    expect([...one.keys()]).toEqual([7]);
    const a = whole.get(7)![0]!.offsets!;
    const b = one.get(7)![0]!.offsets!;
    Array.from(a).forEach((v, k) => expect(b[k]).toBeCloseTo(v, 9));
    // Without the context the brows' relative offsets differ (a one-frame median).
    const alone = computePlacements({ ...withBrows, expression: 1, range: { start: 7, end: 8 } });
    expect(alone.get(7)![0]!.offsets![2 * 19 + 1]).not.toBeCloseTo(a[2 * 19 + 1]!, 3);
    // At expression 0 the context changes nothing.
    const zero = computePlacements({
      ...withBrows,
      range: { start: 7, end: 8 },
      expressionContext: { start: 0, end: 20 },
    });
    expect(zero.get(7)).toEqual(computePlacements({ ...withBrows, range: { start: 7, end: 8 } }).get(7));
  });
});
