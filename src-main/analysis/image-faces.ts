// Faces in one frame: detect, then two passes of the 68-point network (the second on a crop re-centred on
// the first pass's keypoints, each pass averaged with its mirror image), then drop duplicates.
import type { tf } from '../ml/runtime.ts';
import type { FaceModels } from '../ml/face-api-models.ts';
import { detectFaces, type Detection, type DetectorOptions } from '../ml/face-detector.ts';
import { landmarkPass, confidenceFromSpread } from '../ml/landmark-pass.ts';
import { cropFromKeypoints, KEYPOINT_CROP } from '../ml/crop-box.ts';
import { iou, pointsBox, type Box } from '../../src-shared/analysis/geometry.ts';
import type { Point2 } from '../../src-shared/analysis/pts.ts';

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
}

/** Refines keypoints by re-cropping around them `passes - 1` more times. */
export async function refineKeypoints(
  models: FaceModels,
  image: tf.Tensor4D,
  start: { keypoints: Point2[]; spread: number }[],
  extraPasses: number,
  mirror: boolean,
  align = false,
): Promise<{ keypoints: Point2[]; spread: number }[]> {
  let cur = start;
  for (let i = 0; i < extraPasses && cur.length > 0; i++) {
    cur = await landmarkPass(
      models.landmarks,
      image,
      cur.map((c) => cropFromKeypoints(c.keypoints, KEYPOINT_CROP, align)),
      { mirror },
    );
  }
  return cur;
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
    const r = refined[i] ?? { keypoints: [], spread: 1 };
    return { box: d.box, score: d.score, keypoints: r.keypoints, confidence: confidenceFromSpread(r.spread) };
  });
  // Two detections may converge on one face: keep the more confident.
  const kept: Face[] = [];
  for (const f of [...faces].sort((a, b) => b.score - a.score)) {
    if (!kept.some((k) => iou(pointsBox(k.keypoints), pointsBox(f.keypoints)) > 0.5)) kept.push(f);
  }
  return kept;
}
