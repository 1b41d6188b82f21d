import { describe, it, expect } from 'vitest';
import {
  alignSimilarity,
  applySimilarity,
  invertSimilarity,
  normalizeShape,
} from '../../../src-shared/analysis/procrustes.ts';
import {
  buildShapeModel,
  mirrorShape,
  symmetricEigen,
} from '../../../src-shared/analysis/shape-model-build.ts';
import {
  fitShape,
  mahalanobisLimit,
  solveSpd,
  truncateModel,
  type ShapeModel,
} from '../../../src-shared/analysis/shape-model.ts';
import {
  adaptMean,
  pointVariances,
  regularizeKeypoints,
  toPoints,
  flattenPoints,
} from '../../../src-shared/analysis/keypoint-prior.ts';
import { IBUG_MIRROR } from '../../../src-shared/analysis/ibug.ts';
import { interocularDistance } from '../../../src-shared/analysis/geometry.ts';
import type { Point2 } from '../../../src-shared/analysis/pts.ts';
import { hasData } from '../../support/shared-data.ts';
import { aflwShapes } from '../../eval/shape-prior-data.ts';

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** 68 points: a base face-like layout and two known deformation modes, under random similarities. */
function syntheticSet(count: number, seed: number) {
  const r = rng(seed);
  const base = new Float64Array(136);
  const m1 = new Float64Array(136);
  const m2 = new Float64Array(136);
  for (let i = 0; i < 68; i++) {
    const ang = (2 * Math.PI * i) / 68;
    base[2 * i] = Math.cos(ang) * (1 + 0.3 * Math.sin(3 * ang));
    base[2 * i + 1] = Math.sin(ang) * (1.2 + 0.2 * Math.cos(2 * ang));
    m1[2 * i] = 0.05 * Math.sin(2 * ang);
    m2[2 * i + 1] = 0.04 * Math.cos(5 * ang);
  }
  const make = (c1: number, c2: number): Float64Array => {
    const s = Float64Array.from(base, (v, j) => v + c1 * (m1[j] ?? 0) + c2 * (m2[j] ?? 0));
    const sc = 50 + 100 * r();
    const th = (r() - 0.5) * 0.6;
    return applySimilarity({ a: sc * Math.cos(th), b: sc * Math.sin(th), tx: 500 * r(), ty: 400 * r() }, s);
  };
  const shapes = Array.from({ length: count }, () => make(2 * r() - 1, 2 * r() - 1));
  return { shapes, make };
}

describe('procrustes', () => {
  it('recovers a known similarity, and its inverse undoes it', () => {
    const a = Float64Array.from({ length: 20 }, (_, i) => Math.sin(i * 1.7) * 10);
    const t = { a: 1.5 * Math.cos(0.4), b: 1.5 * Math.sin(0.4), tx: 3, ty: -7 };
    const b = applySimilarity(t, a);
    const est = alignSimilarity(a, b);
    expect(est.a).toBeCloseTo(t.a, 10);
    expect(est.b).toBeCloseTo(t.b, 10);
    expect(est.tx).toBeCloseTo(3, 10);
    expect(est.ty).toBeCloseTo(-7, 10);
    const back = applySimilarity(invertSimilarity(t), b);
    back.forEach((v, i) => expect(v).toBeCloseTo(a[i] ?? NaN, 10));
  });
  it('normalises to centred unit norm; rejects a degenerate shape', () => {
    const n = normalizeShape([1, 2, 3, 4, 5, 9]);
    expect(n[0]! + n[2]! + n[4]!).toBeCloseTo(0, 12);
    expect(Math.hypot(...n)).toBeCloseTo(1, 12);
    expect(() => normalizeShape([1, 1, 1, 1])).toThrow(/degenerate/);
  });
  it('mirrors a shape through the iBUG permutation (twice = identity)', () => {
    const s = Float64Array.from({ length: 136 }, (_, i) => i * 0.5);
    const back = mirrorShape(mirrorShape(s, IBUG_MIRROR), IBUG_MIRROR);
    back.forEach((v, i) => expect(v).toBeCloseTo(s[i] ?? NaN, 12));
  });
});

describe('linear algebra', () => {
  it('Jacobi eigen-decomposition: A v = lambda v', () => {
    const n = 5;
    const r = rng(3);
    const b = Float64Array.from({ length: n * n }, () => r() - 0.5);
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let k = 0; k < n; k++) s += (b[i * n + k] ?? 0) * (b[j * n + k] ?? 0);
        a[i * n + j] = s;
      }
    const { values, vectors } = symmetricEigen(a, n);
    for (let c = 0; c < n; c++) {
      for (let i = 0; i < n; i++) {
        let av = 0;
        for (let k = 0; k < n; k++) av += (a[i * n + k] ?? 0) * (vectors[k * n + c] ?? 0);
        expect(av).toBeCloseTo((values[c] ?? 0) * (vectors[i * n + c] ?? 0), 9);
      }
    }
  });
  it('solves a symmetric positive definite system; rejects an indefinite one', () => {
    const x = solveSpd(Float64Array.from([4, 1, 1, 3]), Float64Array.from([1, 2]), 2);
    expect(4 * x[0]! + x[1]!).toBeCloseTo(1, 12);
    expect(x[0]! + 3 * x[1]!).toBeCloseTo(2, 12);
    expect(() => solveSpd(Float64Array.from([1, 2, 2, 1]), Float64Array.from([1, 1]), 2)).toThrow(/positive/);
  });
});

describe('shape model fit', () => {
  const { shapes, make } = syntheticSet(300, 7);
  const model: ShapeModel = buildShapeModel(shapes, { modes: 6 });
  const precise = (v: number) => new Array<number>(68).fill(v);

  it('learns the two modes that generated the shapes', () => {
    expect(model.variances[1]! / model.variances[0]!).toBeGreaterThan(0.05);
    expect(model.variances[2]! / model.variances[0]!).toBeLessThan(0.01); // Procrustes scaling makes linear modes slightly curved
  });
  it('recovers a known in-model shape exactly (any pose)', () => {
    const truth = make(0.7, -0.4);
    const fit = fitShape(model, truth, precise(1e-4));
    expect(fit.clamped).toBe(0);
    fit.shape.forEach((v, i) => expect(v).toBeCloseTo(truth[i] ?? NaN, 3));
  });
  it('restores an unreliable point from the rest of the shape', () => {
    const truth = make(-0.5, 0.8);
    const measured = Float64Array.from(truth);
    measured[20] = (measured[20] ?? 0) + 40;
    measured[21] = (measured[21] ?? 0) - 30;
    const v = precise(1e-2);
    v[10] = 1e6;
    const fit = fitShape(model, measured, v);
    expect(Math.hypot(fit.shape[20]! - truth[20]!, fit.shape[21]! - truth[21]!)).toBeLessThan(0.5);
    expect(Math.abs(fit.shape[0]! - truth[0]!)).toBeLessThan(0.1);
  });
  it('scales an implausible shape back to the plausibility limit', () => {
    const wild = make(400, 0);
    const fit = fitShape(model, wild, precise(1), { clampSigma: 3, iterations: 3 });
    expect(fit.clamped).toBe(1);
    let d2 = 0;
    for (let a = 0; a < model.variances.length; a++) d2 += fit.coefficients[a]! ** 2 / model.variances[a]!;
    expect(Math.sqrt(d2)).toBeCloseTo(mahalanobisLimit(model.variances.length, 3), 6);
    // A plausible one is left alone.
    expect(fitShape(model, make(0.9, -0.9), precise(1), { clampSigma: 3, iterations: 3 }).clamped).toBe(0);
  });
  it('the limit is the chi-square quantile (Wilson-Hilferty)', () => {
    expect(mahalanobisLimit(20, 3) ** 2).toBeCloseTo(44.35, 0); // chi2(20) at 99.865 %: 44.35 (scipy)
    expect(mahalanobisLimit(1, 0) ** 2).toBeCloseTo(0.46, 1); // median of chi2(1): 0.455
  });
  it('rejects bad input with a clear error', () => {
    expect(() => fitShape(model, new Float64Array(10), precise(1))).toThrow(/5 points, model has 68/);
    const nan = make(0, 0);
    nan[3] = NaN;
    expect(() => fitShape(model, nan, precise(1))).toThrow(/not finite/);
    expect(() => fitShape(model, make(0, 0), precise(0))).toThrow(/not positive/);
  });
  it('truncation moves the dropped variance into the residual', () => {
    const t = truncateModel(model, 1);
    expect(t.variances.length).toBe(1);
    const before =
      model.residual.reduce((a, b) => a + b, 0) + model.variances.slice(1).reduce((a, b) => a + b, 0);
    expect(t.residual.reduce((a, b) => a + b, 0)).toBeCloseTo(before, 9);
  });
});

describe('keypoint prior calculator', () => {
  it('per-point variance grows with the mirror spread and is larger on the jaw', () => {
    const pts: Point2[] = Array.from({ length: 68 }, (_, i): Point2 => [i, (i * 7) % 13]);
    pts[36] = [0, 0];
    pts[45] = [100, 0];
    const noise = { jaw: 0.1, inner: 0.05, spreadGain: 1, shiftGain: 0 };
    const v = pointVariances(pts, { pointSpread: pts.map((_, i) => (i === 40 ? 20 : 0)) }, noise);
    expect(v[0]).toBeCloseTo(100, 9); // (0.1 * 100)^2
    expect(v[30]).toBeCloseTo(25, 9);
    expect(v[40]).toBeCloseTo(25 + 400, 9);
  });
  it('adaptMean moves the mean to another annotation convention', () => {
    const { shapes, make } = syntheticSet(200, 11);
    const model = buildShapeModel(shapes, { modes: 4 });
    // The other convention: points 0-4 drawn 0.01 model units (about a tenth of a face radius) lower.
    const shifted = (flat: Float64Array): Point2[] => {
      const t = alignSimilarity(model.mean, flat);
      return toPoints(flat).map(([x, y], i): Point2 => (i < 5 ? [x - t.b * 0.01, y + t.a * 0.01] : [x, y]));
    };
    const noise = { jaw: 0.05, inner: 0.05, spreadGain: 0, shiftGain: 0 };
    const adapted = adaptMean(
      model,
      Array.from({ length: 30 }, () => shifted(make(0, 0))),
      noise,
    );
    const probe = shifted(make(0.3, -0.2));
    const err = (m: ShapeModel): number =>
      regularizeKeypoints(m, probe, {}, noise).reduce(
        (acc, p, i) => acc + Math.hypot(p[0] - probe[i]![0], p[1] - probe[i]![1]),
        0,
      );
    expect(err(adapted)).toBeLessThan(0.5 * err(model));
  });
  it('round-trips points and leaves its input unchanged', () => {
    const { shapes } = syntheticSet(1, 9);
    const pts = toPoints(shapes[0]!);
    expect(flattenPoints(pts)).toEqual(shapes[0]);
  });
});

describe.skipIf(!hasData('landmarks3d/3ddfa_aflw2000/AFLW2000-3D-Reannotated.pts68.npy'))(
  'shape model of AFLW2000-3D manual annotations (TRAIN rows only)',
  () => {
    it('predicts a hidden half jaw of held-out TRAIN faces from the rest of the face', async () => {
      const all = await aflwShapes();
      const model = buildShapeModel(
        all.filter((s) => s.row % 5 >= 2).map((s) => flattenPoints(s.points)),
        { modes: 20, mirror: IBUG_MIRROR },
      );
      const held = all.filter((s) => s.row % 5 === 1).slice(0, 100);
      let err = 0;
      let kept = 0;
      for (const s of held) {
        const eyes = interocularDistance(s.points);
        // Jaw 0-6 displaced and declared unreliable; everything else trusted.
        const measured = s.points.map(([x, y], i): Point2 => (i <= 6 ? [x + eyes, y] : [x, y]));
        const out = regularizeKeypoints(
          model,
          measured,
          { pointSpread: measured.map((_, i) => (i <= 6 ? 100 * eyes : 0)) },
          { jaw: 0.01, inner: 0.01, spreadGain: 1, shiftGain: 0 },
        );
        const d = out.map((p, i) => Math.hypot(p[0] - s.points[i]![0], p[1] - s.points[i]![1]) / eyes);
        err += d.slice(0, 7).reduce((a, b) => a + b, 0) / 7;
        kept += d.slice(7).reduce((a, b) => a + b, 0) / 61;
      }
      expect(err / held.length).toBeLessThan(0.12);
      expect(kept / held.length).toBeLessThan(0.02);
    }, 60_000);
  },
);
