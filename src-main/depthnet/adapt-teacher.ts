// The multi-frame rigid teacher of an adaptation: one rigid 3D shape for the person's keypoints over all the
// track's frames (robust Tomasi–Kanade factorisation with the orthographic metric upgrade,
// src-shared/depthnet/rigid-factorization.ts), hence a depth of every keypoint in every frame that is exactly
// consistent across frames. The keypoints that slide over the face (face-api's jaw contour follows the
// silhouette) are down-weighted where they slide, so the shape is that of the rigid points, not the
// detector's. Its depths, in the network's normalised units and unit RMS, with the sign of the base model's
// depth convention, are the target of the adaptation's teacher term (adapt-loss.ts).
//
// The teacher needs the head to turn out of the image plane: with a pose spread below TEACHER_MIN_SPREAD_DEG
// the metric upgrade is ill-conditioned (the bas-relief ambiguity) and the teacher is not used.
import type { Tensor } from '@tensorflow/tfjs';
import { tf } from '../ml/runtime.ts';
import { factorizeRigid, alignDepthSign } from '../../src-shared/depthnet/rigid-factorization.ts';
import { pearson } from '../../src-shared/depthnet/metrics.ts';
import { prepareFace, unitRms } from './features.ts';
import type { DepthNet } from './depthnet.ts';
import type { PreparedSet } from './training-data.ts';

export const TEACHER_MIN_SPREAD_DEG = 20;
/** Targets per frame used to read the base model's depth (for the sign and the agreement report). */
const REFERENCE_TARGETS = 8;

export interface TeacherReport {
  used: boolean;
  /** Why not, when not used. */
  reason?: string;
  /** Weighted RMS residual of the keypoints from the rigid model (pixels) and the robust scale. */
  rmsPx: number;
  /** Mean robust weight of the jaw contour (0-16) and of the inner 51 points. */
  jawWeight: number;
  innerWeight: number;
  /** Mean per-frame |Pearson| between the teacher's depth and the base model's. */
  agreement: number;
}

export interface Teacher {
  /** Per frame of the track: unit-RMS depth in the network's units (null when not used). */
  depths: Float64Array[] | null;
  report: TeacherReport;
}

/** Base model's unit depth of each frame, averaged over a few evenly spread targets. */
function referenceDepths(net: DepthNet, xys: readonly Float64Array[]): Float64Array[] {
  const norms = xys.map((xy) => prepareFace(xy).norm);
  const n = norms.length;
  const step = Math.max(1, Math.floor(n / REFERENCE_TARGETS));
  const rows: { source: Float64Array; target: Float64Array }[] = [];
  const owner: number[] = [];
  norms.forEach((s, i) => {
    for (let j = (i + 1) % n, k = 0; k < Math.min(REFERENCE_TARGETS, n - 1); k++, j = (j + step) % n) {
      if (j === i) j = (j + 1) % n;
      rows.push({ source: s, target: norms[j]! });
      owner.push(i);
    }
  });
  const raw = net.predictRaw(rows);
  const sums = norms.map(() => new Float64Array(68));
  raw.forEach((r, k) => {
    const acc = sums[owner[k]!]!;
    for (let p = 0; p < 68; p++) acc[p] = acc[p]! + r.depth[p]!;
  });
  return sums.map((s) => unitRms(s));
}

/** The teacher of a track's frames (keypoints in pixels), or why it is not used. */
export function rigidTeacher(net: DepthNet, xys: readonly Float64Array[], spreadDeg: number): Teacher {
  const r = factorizeRigid(xys, { robust: true, cauchy: 2 });
  const mean = (w: Float64Array[], a: number, b: number) =>
    w.reduce((s, x) => s + x.subarray(a, b).reduce((u, v) => u + v, 0) / (b - a), 0) / w.length;
  const reference = referenceDepths(net, xys);
  // unit RMS: the same in pixels as in the network's normalised units (a per-frame scale)
  const depths = alignDepthSign(r.depths, reference).map((z) => unitRms(z));
  const agreement = depths.reduce((s, z, i) => s + Math.abs(pearson(z, reference[i]!)), 0) / depths.length;
  const report: TeacherReport = {
    used: spreadDeg >= TEACHER_MIN_SPREAD_DEG,
    rmsPx: r.rms,
    jawWeight: mean(r.weights, 0, 17),
    innerWeight: mean(r.weights, 17, 68),
    agreement,
  };
  if (!report.used) {
    report.reason =
      `head pose spread ${spreadDeg.toFixed(1)} deg < ${TEACHER_MIN_SPREAD_DEG} deg: ` +
      'the rigid factorisation cannot fix the depth (bas-relief ambiguity)';
    return { depths: null, report };
  }
  return { depths, report };
}

/** The teacher's depth of each row's source frame, [B, N], for a batch of (source, target) pairs. */
export function teacherBatch(depths: readonly Float64Array[], pairs: readonly [number, number][]): Tensor {
  const out = new Float32Array(pairs.length * 68);
  pairs.forEach(([i], k) => out.set(depths[i]!, k * 68));
  return tf.tensor2d(out, [pairs.length, 68]);
}

/**
 * The base model's unit depth on replayed pairs of other people, [B, N]: the anchor that keeps the adapted
 * network's depth for other faces where it was while it learns the person's (adapt-loss.ts anchorTf).
 */
export function anchorBatch(base: DepthNet, set: PreparedSet, pairs: readonly [number, number][]): Tensor {
  const raw = base.predictRaw(
    pairs.map(([i, j]) => ({
      source: set.faces[i]!.norm,
      target: set.faces[j]!.norm,
      templateDepth: set.templ[i]!,
    })),
  );
  const out = new Float32Array(pairs.length * 68);
  raw.forEach((r, k) => out.set(r.depth, k * 68));
  return tf.tensor2d(out, [pairs.length, 68]);
}
