// One contiguous chunk of a clip analysis: decode, detect cuts, track, and return the RAW tracklets (before
// linking, keypoints in full-frame pixels) with the chunk's cuts and frame numbers. face-analyzer.ts runs the
// first chunk in-process and later ones in worker threads (analysis-worker.ts), then links all tracklets once
// over the whole range, so tracks continue across a chunk boundary exactly as in one pass.
// A later chunk's cut detector is seeded with the frames just before the chunk (decoded, not analysed), so a
// cut right at the boundary is found and the detector's recent-change window matches a single pass.
import type { FaceModels } from '../ml/face-api-models.ts';
import { ClipTracker, type TrackerOptions } from './clip-tracker.ts';
import { decodedSize, displaySize, readFrames } from '../media/frame-reader.ts';
import type { FrameRange } from '../../src-shared/frame-range.ts';
import type { MediaInfo } from '../../src-shared/media.ts';
import { CutDetector, DEFAULT_CUT_PARAMS, frameSignature } from '../../src-shared/analysis/shot-cuts.ts';
import type { Tracklet } from '../../src-shared/analysis/tracking.ts';
import { rescalePoints } from '../../src-shared/analysis/geometry.ts';
import { throwIfCancelled } from '../util/cancel.ts';

/** Frames before a later chunk fed to its cut detector only: the detector's window plus the previous frame. */
export const CUT_SEED_FRAMES = DEFAULT_CUT_PARAMS.window + 1;
/**
 * A worker needs ~1.5-2 s (TF.js, wasm, models) before its first frame: about this many frames of tracking at
 * 720p. The in-process chunk is longer by this much so both finish together.
 */
export const WORKER_STARTUP_FRAMES = 40;
/** A range shorter than this is analysed in one pass (a worker would get too few frames to pay off). */
export const MIN_PARALLEL_FRAMES = 90;

/** Plain data (structured-clonable): what a chunk needs besides the models. */
export interface ChunkRequest {
  path: string;
  range: FrameRange;
  /** Frames before `range.start` that only seed the cut detector (0 for the first chunk). */
  seed: number;
  info: MediaInfo;
  /** 0 = full size. */
  maxHeight: number;
  tracker: TrackerOptions;
}

export interface ChunkResult {
  tracklets: Tracklet[];
  cuts: number[];
  frameNumbers: number[];
  detections: number;
}

/**
 * Splits `range` into up to `parts` contiguous chunks; the first (in-process) one is longer by
 * WORKER_STARTUP_FRAMES * (parts - 1) / parts. All but the first are seeded for cut detection.
 */
export function planChunks(range: FrameRange, parts: number): { range: FrameRange; seed: number }[] {
  const total = range.end - range.start;
  const n =
    total < MIN_PARALLEL_FRAMES ? 1 : Math.max(1, Math.min(Math.floor(parts), Math.floor(total / 45)));
  if (n === 1) return [{ range, seed: 0 }];
  const rest = (total - WORKER_STARTUP_FRAMES) / n;
  const out: { range: FrameRange; seed: number }[] = [];
  for (let i = 0; i < n; i++) {
    const start = i === 0 ? range.start : range.start + Math.round(WORKER_STARTUP_FRAMES + rest * i);
    const end = i === n - 1 ? range.end : range.start + Math.round(WORKER_STARTUP_FRAMES + rest * (i + 1));
    out.push({ range: { start, end }, seed: i === 0 ? 0 : Math.min(CUT_SEED_FRAMES, start) });
  }
  return out;
}

export async function analyzeChunk(
  models: FaceModels,
  req: ChunkRequest,
  opts: { signal?: AbortSignal; onFrame?: () => void } = {},
): Promise<ChunkResult> {
  const { signal } = opts;
  const tracker = new ClipTracker(models, req.tracker);
  const cutDetector = new CutDetector();
  const cuts: number[] = [];
  const frameNumbers: number[] = [];
  const full = displaySize(req.info);
  const decoded = decodedSize(req.info, req.maxHeight || undefined);
  let fed = 0;
  for await (const frame of readFrames(req.path, {
    range: { start: req.range.start - req.seed, end: req.range.end },
    info: req.info,
    pixelFormat: 'rgb24',
    ...(req.maxHeight ? { maxHeight: req.maxHeight } : {}),
    ...(signal ? { signal } : {}),
  })) {
    throwIfCancelled(signal);
    const first = fed === 0;
    fed++;
    const { cut } = cutDetector.push(frameSignature(frame.data, frame.width, frame.height, frame.channels));
    if (frame.index < req.range.start) continue;
    if (cut && !first) cuts.push(frame.index);
    await tracker.push(frame.index, frame, cut && !first);
    frameNumbers.push(frame.index);
    opts.onFrame?.();
  }
  const tracklets = tracker.finish().map((t) => ({
    ...t,
    obs: t.obs.map((o) => ({ ...o, keypoints: rescalePoints(o.keypoints, decoded, full) })),
  }));
  return { tracklets, cuts, frameNumbers, detections: tracker.detections };
}

/** Concatenates chunk results in order, renumbering tracklet ids so they stay unique. */
export function joinChunks(results: readonly ChunkResult[]): ChunkResult {
  const out: ChunkResult = { tracklets: [], cuts: [], frameNumbers: [], detections: 0 };
  let nextId = 0;
  for (const r of results) {
    const base = nextId;
    for (const t of r.tracklets) {
      out.tracklets.push({ ...t, id: base + t.id });
      nextId = Math.max(nextId, base + t.id + 1);
    }
    out.cuts.push(...r.cuts);
    out.frameNumbers.push(...r.frameNumbers);
    out.detections += r.detections;
  }
  return out;
}
