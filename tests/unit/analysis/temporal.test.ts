import { describe, it, expect } from 'vitest';
import { OneEuroFilter, KeypointSmoother, DEFAULT_ONE_EURO } from '../../../src-shared/analysis/one-euro.ts';
import { CutDetector, frameSignature, signatureDistance } from '../../../src-shared/analysis/shot-cuts.ts';
import {
  interpolateGap,
  linkTracklets,
  buildTrackOutput,
  type Tracklet,
} from '../../../src-shared/analysis/tracking.ts';
import type { Point2 } from '../../../src-shared/analysis/pts.ts';

function face(cx: number, cy: number, s = 50): Point2[] {
  return Array.from({ length: 68 }, (_, i): Point2 => [cx + s * Math.cos(i), cy + s * Math.sin(i)]);
}

/** Deterministic pseudo-random numbers in [-1, 1]. */
function noise(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return (s / 2147483648) * 2 - 1;
  };
}

describe('One-Euro filter', () => {
  it('removes most jitter from a still value', () => {
    const f = new OneEuroFilter(DEFAULT_ONE_EURO);
    const rnd = noise(1);
    let rawMotion = 0;
    let smoothMotion = 0;
    let prevRaw = 100;
    let prevSmooth = f.filter(100, 0, 50);
    for (let i = 0; i < 200; i++) {
      const raw = 100 + rnd();
      const smooth = f.filter(raw, 1 / 30, 50);
      rawMotion += Math.abs(raw - prevRaw);
      smoothMotion += Math.abs(smooth - prevSmooth);
      prevRaw = raw;
      prevSmooth = smooth;
    }
    expect(smoothMotion).toBeLessThan(rawMotion * 0.35);
  });
  it('follows a fast move with little lag', () => {
    const f = new OneEuroFilter(DEFAULT_ONE_EURO);
    f.filter(0, 0, 50);
    let out = 0;
    // one face size (50 px) per 5 frames at 30 fps: a fast turn
    for (let i = 1; i <= 15; i++) out = f.filter(i * 10, 1 / 30, 50);
    expect(150 - out).toBeLessThan(10);
  });
  it('a smoother passes the first frame through and resets', () => {
    const s = new KeypointSmoother();
    const p = face(100, 100);
    expect(s.next(p, 0, 50)).toEqual(p);
    s.reset();
    const q = face(300, 300);
    expect(s.next(q, 1 / 30, 50)).toEqual(q);
  });
});

function solid(w: number, h: number, rgb: [number, number, number], stripe = 0): Uint8Array {
  const d = new Uint8Array(w * h * 3);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const o = (y * w + x) * 3;
      const on = stripe > 0 && Math.floor(x / stripe) % 2 === 0;
      d[o] = on ? 255 - rgb[0] : rgb[0];
      d[o + 1] = rgb[1];
      d[o + 2] = rgb[2];
    }
  return d;
}

describe('shot cuts', () => {
  it('a change of scene is a cut; small changes are not', () => {
    const a = frameSignature(solid(64, 36, [20, 40, 200], 8), 64, 36, 3);
    const a2 = frameSignature(solid(64, 36, [24, 40, 196], 8), 64, 36, 3);
    const b = frameSignature(solid(64, 36, [230, 200, 30]), 64, 36, 3);
    expect(signatureDistance(a, a2)).toBeLessThan(0.05);
    expect(signatureDistance(a, b)).toBeGreaterThan(0.2);
    const d = new CutDetector();
    const seq = [a, a2, a, a2, a, b, b, b];
    const cuts = seq.map((s, i) => (d.push(s).cut ? i : -1)).filter((i) => i >= 0);
    expect(cuts).toEqual([5]);
  });
});

function tracklet(id: number, from: number, to: number, cx0: number): Tracklet {
  const obs = [];
  for (let f = from; f <= to; f++)
    obs.push({ frame: f, keypoints: face(cx0 + f, 100), confidence: 0.9, detected: true });
  return { id, obs };
}

describe('tracking', () => {
  it('interpolates a gap linearly and flags it', () => {
    const a = { frame: 0, keypoints: face(0, 0), confidence: 1, detected: true };
    const b = { frame: 4, keypoints: face(40, 0), confidence: 0.8, detected: true };
    const gap = interpolateGap(a, b);
    expect(gap.map((g) => g.frame)).toEqual([1, 2, 3]);
    expect(gap[1]?.keypoints[0]?.[0]).toBeCloseTo(20 + 50);
    expect(gap.every((g) => g.interpolated && !g.detected)).toBe(true);
  });
  it('bridges a short miss, but not a long one and never across a cut', () => {
    const parts = [tracklet(0, 0, 9, 0), tracklet(1, 13, 20, 0), tracklet(2, 40, 50, 0)];
    const linked = linkTracklets(parts, [], { maxGap: 8, minIou: 0.3 });
    expect(linked.map((t) => [t.obs[0]?.frame, t.obs.at(-1)?.frame])).toEqual([
      [0, 20],
      [40, 50],
    ]);
    expect(linked[0]?.obs.filter((o) => o.interpolated).map((o) => o.frame)).toEqual([10, 11, 12]);
    const cut = linkTracklets(parts, [12], { maxGap: 8, minIou: 0.3 });
    expect(cut).toHaveLength(3);
  });
  it('does not link far-apart faces', () => {
    const linked = linkTracklets([tracklet(0, 0, 5, 0), tracklet(1, 7, 9, 400)], [], {
      maxGap: 8,
      minIou: 0.3,
    });
    expect(linked).toHaveLength(2);
  });
  it('builds frame entries with track ids, summaries and smoothed keypoints', () => {
    const out = buildTrackOutput([tracklet(5, 2, 4, 0)], [0, 1, 2, 3, 4], [3], 25, DEFAULT_ONE_EURO, 7);
    expect(out.tracks).toEqual([{ id: 7, first: 2, last: 4, meanConfidence: 0.9 }]);
    expect(out.frames.get(0)?.faces).toEqual([]);
    expect(out.frames.get(3)?.cut).toBe(true);
    const f3 = out.frames.get(3)?.faces[0];
    expect(f3?.track).toBe(7);
    expect(f3?.raw).toHaveLength(68);
    expect(f3?.keypoints).toHaveLength(68);
  });
});
