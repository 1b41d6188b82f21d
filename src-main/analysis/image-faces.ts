// Faces in one frame: detect, then two passes of the 68-point network (the second on a crop re-centred on
// the first pass's keypoints, each pass averaged with its mirror image), then drop duplicates.
import type { tf } from '../ml/runtime.ts';
import type { FaceModels } from '../ml/face-api-models.ts';
import { detectFaces, type Detection, type DetectorOptions } from '../ml/face-detector.ts';
import { landmarkPass, confidenceFromSpread, type LandmarkResult } from '../ml/landmark-pass.ts';
import { cropFromKeypoints, KEYPOINT_CROP } from '../ml/crop-box.ts';
import { iou, pointsBox, type Box } from '../../src-shared/analysis/geometry.ts';
import type { Point2 } from '../../src-shared/analysis/pts.ts';
import type { ShapeModel } from '../../src-shared/analysis/shape-model.ts';
import { regularizeKeypoints, type PriorNoise } from '../../src-shared/analysis/keypoint-prior.ts';

export interface Face {
  /** Detector box [x, y, w, h], source pixels. */
  box: Box;
  /** Detector score 0..1. */
  score: number;
  /** 68 [x, y] keypoints, source pixels (0-based, pixel centres at integers), iBUG order. */
  keypoints: Point2[];
  /** 0..1 landmark confidence (agreement of the direct and mirrored predictions). */
  confidence: number;
}

export interface FaceSearchOptions {
  detector: DetectorOptions;
  mirror: boolean;
  /** Landmark passes after the detector crop (>= 1; 2 = one re-centred refinement). */
  passes: number;
  /** Refinement crops rotated so the eyes are level. */
  align: boolean;
  /**
   * Optional statistical shape prior on the final keypoints (src-shared/analysis/keypoint-prior.ts). Off by
   * default: on the tuning data it did not improve the network's keypoints (README, analysis section).
   */
  shapePrior?: ShapePrior;
}

export interface ShapePrior {
  model: ShapeModel;
  noise: PriorNoise;
}

/** Refines keypoints by re-cropping around them `passes - 1` more times. */
export async function refineKeypoints(
  models: FaceModels,
  image: tf.Tensor4D,
  start: LandmarkResult[],
  extraPasses: number,
  mirror: boolean,
  align = false,
): Promise<RefinedKeypoints[]> {
  let cur: RefinedKeypoints[] = start;
  for (let i = 0; i < extraPasses && cur.length > 0; i++) {
    const prev = cur;
    const next = await landmarkPass(
      models.landmarks,
      image,
      prev.map((c) => cropFromKeypoints(c.keypoints, KEYPOINT_CROP, align)),
      { mirror },
    );
    cur = next.map((r, j) => ({ ...r, passShift: pointShifts(prev[j]?.keypoints ?? [], r.keypoints) }));
  }
  return cur;
}

/** A landmark result after refinement passes. */
export interface RefinedKeypoints extends LandmarkResult {
  /** Per point: how far (source pixels) the last refinement pass moved it (absent after a single pass). */
  passShift?: number[];
}

function pointShifts(a: readonly Point2[], b: readonly Point2[]): number[] {
  return b.map((q, i) => {
    const p = a[i] ?? q;
    return Math.hypot(p[0] - q[0], p[1] - q[1]);
  });
}

export async function findFaces(
  models: FaceModels,
  image: tf.Tensor4D,
  opts: FaceSearchOptions,
): Promise<Face[]> {
  return facesFromDetections(models, image, await detectFaces(models, image, opts.detector), opts);
}

/** Landmark passes for detections already made. */
export async function facesFromDetections(
  models: FaceModels,
  image: tf.Tensor4D,
  dets: readonly Detection[],
  opts: FaceSearchOptions,
): Promise<Face[]> {
  if (dets.length === 0) return [];
  const first = await landmarkPass(
    models.landmarks,
    image,
    dets.map((d) => d.crop),
    { mirror: opts.mirror },
  );
  const refined = await refineKeypoints(
    models,
    image,
    first,
    Math.max(0, opts.passes - 1),
    opts.mirror,
    opts.align,
  );
  const faces = dets.map((d, i): Face => {
    const r: RefinedKeypoints = refined[i] ?? { keypoints: [], spread: 1 };
    const prior = opts.shapePrior;
    const keypoints =
      prior && r.keypoints.length > 0
        ? regularizeKeypoints(prior.model, r.keypoints, r, prior.noise)
        : r.keypoints;
    return { box: d.box, score: d.score, keypoints, confidence: confidenceFromSpread(r.spread) };
  });
  // Two detections may converge on one face: keep the more confident.
  const kept: Face[] = [];
  for (const f of [...faces].sort((a, b) => b.score - a.score)) {
    if (!kept.some((k) => iou(pointsBox(k.keypoints), pointsBox(f.keypoints)) > 0.5)) kept.push(f);
  }
  return kept;
}
