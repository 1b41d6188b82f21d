// The per-frame state machine of clip analysis. Feed frames in order; it keeps the active tracklets.
// Tracking mode: each active face is re-measured from a crop around its previous keypoints (one landmark
// pass, mirrored); the detector runs every `detectEvery` frames, after a cut, when no face is active, or when
// a face's confidence drops. Detect mode: the detector runs on every frame (slow, for comparison).
import { frameToTensor, coveringRegion, regionToTensor, type PixelFrame } from '../ml/frame-tensor.ts';
import type { SquareCrop } from '../ml/crop-box.ts';
import type { LandmarkResult } from '../ml/landmark-pass.ts';
import type { FaceModels } from '../ml/face-api-models.ts';
import { landmarkPass, confidenceFromSpread } from '../ml/landmark-pass.ts';
import { cropFromKeypoints, KEYPOINT_CROP } from '../ml/crop-box.ts';
import { findFaces, facesFromDetections, type FaceSearchOptions } from './image-faces.ts';
import { DEFAULT_DETECTOR, detectFaces, type DetectorOptions } from '../ml/face-detector.ts';
import { iou, pointsBox } from '../../src-shared/analysis/geometry.ts';
import type { Observation, Tracklet } from '../../src-shared/analysis/tracking.ts';
import type { Point2 } from '../../src-shared/analysis/pts.ts';
import { DEFAULT_DETECT_EVERY } from './analysis-file.ts';

export interface TrackerOptions {
  mode: 'tracking' | 'detect';
  detectEvery: number;
  search: FaceSearchOptions;
  /** A tracked face below this confidence triggers the detector. */
  redetectBelow: number;
  /** A face below this confidence (and not confirmed by the detector) is lost. */
  loseBelow: number;
  /** A new track starts only from a detection whose landmarks are at least this confident. */
  startAbove: number;
  /** Tracked faces overlapping more than this are the same face (the younger one is dropped). */
  duplicateIou: number;
  /** Tracking mode with no face in view: the detector runs every n-th frame (and on every cut). */
  idleDetectEvery: number;
  /** A confidence drop triggers the detector at most this often (frames). */
  minRedetectGap: number;
  /**
   * Tracking mode, faces in view: the periodic look for new faces uses this cheaper detector set (the full
   * ensemble of `search.detector` runs on the first frame, after cuts and while no face is in view).
   */
  periodicDetector: DetectorOptions;
}

export const DEFAULT_TRACKER: Omit<TrackerOptions, 'search'> = {
  mode: 'tracking',
  detectEvery: DEFAULT_DETECT_EVERY,
  redetectBelow: 0.6,
  loseBelow: 0.35,
  startAbove: 0.5,
  duplicateIou: 0.5,
  idleDetectEvery: 3,
  minRedetectGap: 3,
  periodicDetector: { ...DEFAULT_DETECTOR, detectors: ['tiny'], tinyInputSize: 416 },
};

/** One landmark pass on crops, from a tensor of only the region around them (not the whole frame). */
async function trackPass(
  models: FaceModels,
  frame: PixelFrame,
  crops: SquareCrop[],
  mirror: boolean,
): Promise<LandmarkResult[]> {
  const bounds = crops.map((c) => {
    const reach = c.angle ? (c.size / 2) * Math.SQRT2 : c.size / 2;
    return { x: c.x + c.size / 2 - reach, y: c.y + c.size / 2 - reach, size: 2 * reach };
  });
  const region = coveringRegion(frame, bounds);
  if (!region) return crops.map(() => ({ keypoints: [], spread: Infinity }));
  const image = regionToTensor(frame, region);
  try {
    const local = crops.map((c) => ({ x: c.x - region.x, y: c.y - region.y, size: c.size }));
    const res = await landmarkPass(models.landmarks, image, local, { mirror });
    return res.map((r) => ({
      ...r,
      keypoints: r.keypoints.map(([x, y]): Point2 => [x + region.x, y + region.y]),
    }));
  } finally {
    image.dispose();
  }
}

interface Active {
  tracklet: Tracklet;
  keypoints: Point2[];
}

export class ClipTracker {
  private readonly models: FaceModels;
  private readonly opts: TrackerOptions;
  private active: Active[] = [];
  private readonly done: Tracklet[] = [];
  private nextId = 0;
  private lastDetect = -Infinity;
  detections = 0;

  constructor(models: FaceModels, opts: TrackerOptions) {
    this.models = models;
    this.opts = opts;
  }

  private end(a: Active): void {
    this.done.push(a.tracklet);
  }

  /** Processes frame `index` ([1, H, W, 3] tensor); `cut` ends every active track first. */
  async push(index: number, frame: PixelFrame, cut: boolean): Promise<void> {
    if (cut) {
      for (const a of this.active) this.end(a);
      this.active = [];
    }
    const o = this.opts;
    let tracked: { a: Active; keypoints: Point2[]; confidence: number }[] = [];
    if (o.mode === 'tracking' && this.active.length > 0) {
      const res = await trackPass(
        this.models,
        frame,
        this.active.map((a) => cropFromKeypoints(a.keypoints, KEYPOINT_CROP, o.search.align)),
        o.search.mirror,
      );
      tracked = this.active.map((a, i) => {
        const r = res[i] ?? { keypoints: a.keypoints, spread: 1 };
        return { a, keypoints: r.keypoints, confidence: confidenceFromSpread(r.spread) };
      });
    }
    const since = index - this.lastDetect;
    const needDetect =
      o.mode === 'detect' ||
      cut ||
      (this.active.length === 0 && since >= o.idleDetectEvery) ||
      since >= o.detectEvery ||
      (since >= o.minRedetectGap && tracked.some((t) => t.confidence < o.redetectBelow));
    const next: Active[] = [];
    const observe = (a: Active, keypoints: Point2[], confidence: number, detected: boolean): void => {
      const obs: Observation = { frame: index, keypoints, confidence, detected };
      a.tracklet.obs.push(obs);
      a.keypoints = keypoints;
      next.push(a);
    };
    if (needDetect) {
      this.lastDetect = index;
      this.detections++;
      const cheap = o.mode === 'tracking' && !cut && this.active.length > 0;
      const image = frameToTensor(frame);
      const claimed = new Set<Active>();
      let faces;
      try {
        if (cheap) {
          // The periodic look for new faces: a detection on a confidently tracked face only confirms it.
          const dets = await detectFaces(this.models, image, o.periodicDetector);
          const fresh = dets.filter((d) => {
            const t = tracked.find(
              (x) =>
                !claimed.has(x.a) &&
                x.confidence >= o.loseBelow &&
                iou(d.box, pointsBox(x.keypoints)) >= 0.25,
            );
            if (!t) return true;
            claimed.add(t.a);
            observe(t.a, t.keypoints, t.confidence, true);
            return false;
          });
          faces = await facesFromDetections(this.models, image, fresh, o.search);
        } else faces = await findFaces(this.models, image, o.search);
      } finally {
        image.dispose();
      }
      for (const f of faces) {
        const box = pointsBox(f.keypoints);
        let best: Active | null = null;
        let bestIou = 0.3;
        for (const a of this.active) {
          if (claimed.has(a)) continue;
          const v = iou(box, pointsBox(a.keypoints));
          if (v > bestIou) {
            bestIou = v;
            best = a;
          }
        }
        if (best) {
          claimed.add(best);
          if (f.confidence >= o.loseBelow) observe(best, f.keypoints, f.confidence, true);
          else this.end(best);
        } else if (f.confidence >= o.startAbove) {
          observe(
            { tracklet: { id: this.nextId++, obs: [] }, keypoints: f.keypoints },
            f.keypoints,
            f.confidence,
            true,
          );
        }
      }
      // Faces the detector missed this time (profile, motion blur) stay while their landmarks are confident.
      for (const t of tracked) {
        if (claimed.has(t.a)) continue;
        if (t.confidence >= o.loseBelow) observe(t.a, t.keypoints, t.confidence, false);
        else this.end(t.a);
      }
      for (const a of this.active)
        if (!claimed.has(a) && !next.includes(a) && o.mode === 'detect') this.end(a);
    } else {
      for (const t of tracked) {
        if (t.confidence >= o.loseBelow) observe(t.a, t.keypoints, t.confidence, false);
        else this.end(t.a);
      }
    }
    // Two tracks that converged onto one face: keep the older.
    next.sort((x, y) => x.tracklet.id - y.tracklet.id);
    const kept: Active[] = [];
    for (const a of next) {
      if (kept.some((k) => iou(pointsBox(k.keypoints), pointsBox(a.keypoints)) > o.duplicateIou)) {
        a.tracklet.obs.pop();
        if (a.tracklet.obs.length > 0) this.end(a);
      } else kept.push(a);
    }
    this.active = kept;
  }

  /** Ends every track and returns all tracklets. */
  finish(): Tracklet[] {
    for (const a of this.active) this.end(a);
    this.active = [];
    return this.done.filter((t) => t.obs.length > 0);
  }
}
