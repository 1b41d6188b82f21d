// From the target's analysis to per-frame placements of the source face: for every frame and tracked face,
// choose the mirrored or plain source from both yaws (with hysteresis, so the choice does not flicker),
// predict depth + affine for the (source, target) keypoint pair, and smooth affine and depth along each run
// of a track (consecutive frames with the same mirror choice).
import { checkTrack } from '../../src-shared/analysis/track-check.ts';
import type { AnalysisFile } from '../../src-shared/analysis/schema.ts';
import type { FrameRange } from '../../src-shared/frame-range.ts';
import type { Affine2x4 } from '../../src-shared/geometry/affine.ts';
import { chooseMirror, type MirrorMode } from '../../src-shared/geometry/mirror.ts';
import { estimateYawDeg } from '../../src-shared/geometry/yaw.ts';
import type { FaceInFrame } from './swap-frame.ts';
import { smoothTrack } from './temporal-smoothing.ts';
import { expressionOffsets, type MouthMode } from './expression-track.ts';

type Point = [number, number];

/** The DepthNet call: 68 [x, y] pixels per side -> depth[68] (source pixels) and a 2x4 affine (rows). */
export type PredictFn = (
  pairs: { source: Point[]; target: Point[] }[],
) => { depth: number[]; affine: number[][] }[];

export interface PlacementInput {
  analysis: AnalysisFile;
  range: FrameRange;
  /** Only this track (default: every face in the frame). */
  track?: number;
  /** Source keypoints (interleaved x,y) and those of the mirrored source picture. */
  sourceKeypoints: Float64Array;
  mirroredKeypoints: Float64Array;
  mirror: MirrorMode;
  /** Temporal smoothing width in frames (0 = off). Default 2. */
  smoothingSigma?: number;
  /** Degrees by which the other choice must be better before the mirror choice switches. Default 10. */
  mirrorMarginDeg?: number;
  predict: PredictFn;
  /** Expression transfer 0..1 (expression-track.ts; default 0: the source's expression, as the paper). */
  expression?: number;
  /** Smoothing of the expression offsets, sigma in frames (default DEFAULT_EXPRESSION_SIGMA). */
  expressionSigma?: number;
  /** How the mouth follows the target (expression-track.ts; default DEFAULT_MOUTH_MODE). */
  expressionMouth?: MouthMode;
  /**
   * With expression > 0: the frames whose target keypoints define the track's neutral expression (and
   * whose placements the smoothing sees), a window around `range` (e.g. the whole clip, so a one-frame
   * preview or a chunk of a render gets the offsets of a one-pass render). Only `range` is returned.
   * Ignored at expression 0 (the placement of the paper, unchanged). Default: `range`.
   */
  expressionContext?: FrameRange;
}

export function toPoints(xy: ArrayLike<number>): Point[] {
  const out: Point[] = [];
  for (let i = 0; i + 1 < xy.length; i += 2) out.push([xy[i]!, xy[i + 1]!]);
  return out;
}

export function flatten(points: readonly (readonly [number, number])[]): Float64Array {
  const out = new Float64Array(points.length * 2);
  points.forEach(([x, y], i) => {
    out[2 * i] = x;
    out[2 * i + 1] = y;
  });
  return out;
}

export function affineFromRows(rows: number[][]): Affine2x4 {
  const r0 = rows[0];
  const r1 = rows[1];
  if (!r0 || !r1 || r0.length !== 4 || r1.length !== 4) throw new Error('affine must be 2 rows of 4 numbers');
  const m = [...r0, ...r1];
  if (!m.every(Number.isFinite)) throw new Error('affine has a non-finite entry');
  return m as unknown as Affine2x4;
}

interface Pending {
  frame: number;
  track: number;
  mirrored: boolean;
  target: Point[];
}

export function computePlacements(input: PlacementInput): Map<number, FaceInFrame[]> {
  const margin = input.mirrorMarginDeg ?? 10;
  const srcYaw = estimateYawDeg(input.sourceKeypoints);
  if (input.track !== undefined) checkTrack(input.analysis, input.track, input.range);
  const lastChoice = new Map<number, boolean>();
  const pending: Pending[] = [];
  const ctx = (input.expression ?? 0) > 0 && input.expressionContext ? input.expressionContext : input.range;
  const from = Math.min(ctx.start, input.range.start);
  const to = Math.max(ctx.end, input.range.end);
  for (let f = from; f < to; f++) {
    const entry = input.analysis.frames[String(f)];
    if (!entry) continue;
    for (const face of entry.faces) {
      if (input.track !== undefined && face.track !== input.track) continue;
      const tgtYaw = estimateYawDeg(flatten(face.keypoints));
      let mirrored: boolean;
      const prev = lastChoice.get(face.track);
      if (input.mirror !== 'auto' || prev === undefined) {
        mirrored = chooseMirror(srcYaw, tgtYaw, input.mirror, margin);
      } else {
        const errPlain = Math.abs(srcYaw - tgtYaw);
        const errMirror = Math.abs(-srcYaw - tgtYaw);
        mirrored = prev ? !(errPlain + margin < errMirror) : errMirror + margin < errPlain;
      }
      lastChoice.set(face.track, mirrored);
      pending.push({ frame: f, track: face.track, mirrored, target: face.keypoints.map(([x, y]) => [x, y]) });
    }
  }
  const src = toPoints(input.sourceKeypoints);
  const srcMirrored = toPoints(input.mirroredKeypoints);
  const predictions = pending.length
    ? input.predict(pending.map((p) => ({ source: p.mirrored ? srcMirrored : src, target: p.target })))
    : [];
  // Group into runs: same track, same mirror choice, consecutive frames.
  const runs = new Map<string, number[]>();
  pending.forEach((p, i) => {
    const key = `${p.track}:${p.mirrored}`;
    const list = runs.get(key) ?? [];
    list.push(i);
    runs.set(key, list);
  });
  const out = new Map<number, FaceInFrame[]>();
  for (const indices of runs.values()) {
    const samples = indices.map((i) => {
      const pred = predictions[i]!;
      return { frame: pending[i]!.frame, values: [...affineFromRows(pred.affine), ...pred.depth] };
    });
    const smoothed = smoothTrack(samples, { sigmaFrames: input.smoothingSigma ?? 2 });
    const placed = indices.map((i, k) => {
      const v = smoothed[k]!;
      const p = pending[i]!;
      const face: FaceInFrame = {
        affine: Array.from(v.subarray(0, 8)) as unknown as Affine2x4,
        depth: v.subarray(8),
        mirrored: p.mirrored,
        track: p.track,
      };
      return face;
    });
    const first = pending[indices[0]!]!;
    const run = indices.map((i) => pending[i]!);
    withExpression(first.mirrored ? input.mirroredKeypoints : input.sourceKeypoints, placed, run, input);
    placed.forEach((face, k) => {
      const p = pending[indices[k]!]!;
      if (p.frame < input.range.start || p.frame >= input.range.end) return;
      const list = out.get(p.frame) ?? [];
      list.push(face);
      out.set(p.frame, list);
    });
  }
  return out;
}

/**
 * Expression transfer for one run of a track (expression-track.ts): each placed face gets its offsets and
 * the target's keypoints, from the run's source keypoints; nothing at expression 0.
 */
export function withExpression(
  sourceKeypoints: Float64Array,
  placed: FaceInFrame[],
  run: readonly { frame: number; target: Point[] }[],
  opts: { expression?: number; expressionSigma?: number; expressionMouth?: MouthMode },
): void {
  const offsets = expressionOffsets(
    sourceKeypoints,
    placed.map((face, k) => ({ frame: run[k]!.frame, target: flatten(run[k]!.target), ...face })),
    {
      amount: opts.expression ?? 0,
      ...(opts.expressionSigma !== undefined ? { sigmaFrames: opts.expressionSigma } : {}),
      ...(opts.expressionMouth !== undefined ? { mouth: opts.expressionMouth } : {}),
    },
  );
  if (!offsets) return;
  placed.forEach((face, k) => {
    face.offsets = offsets[k]!;
    face.targetKeypoints = flatten(run[k]!.target);
  });
}
