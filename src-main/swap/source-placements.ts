// Placements for pose-matched source frames: like placements.ts, but each target face is warped from its
// chosen source frame (and, during a cross-fade, also from the previous one, weighted). Depth and affine
// are predicted per (source frame, target) pair and smoothed along each run of the same pick; expression
// transfer (expression-track.ts) runs per run too, from that source frame's own keypoints.
import type { AnalysisFile } from '../../src-shared/analysis/schema.ts';
import type { FrameRange } from '../../src-shared/frame-range.ts';
import type { Affine2x4 } from '../../src-shared/geometry/affine.ts';
import type { SourceChoice } from '../../src-shared/geometry/source-frame-choice.ts';
import type { MouthMode } from './expression-track.ts';
import { affineFromRows, toPoints, withExpression, type PredictFn } from './placements.ts';
import type { FaceInFrame, SwapSource } from './swap-frame.ts';
import { smoothTrack } from './temporal-smoothing.ts';

interface Pending {
  frame: number;
  track: number;
  source: number;
  mirrored: boolean;
  weight: number;
  target: [number, number][];
}

export function computeMatchedPlacements(input: {
  analysis: AnalysisFile;
  range: FrameRange;
  track?: number;
  sources: readonly SwapSource[];
  choices: Map<number, Map<number, SourceChoice>>;
  smoothingSigma?: number;
  predict: PredictFn;
  /** Expression transfer 0..1 (as placements.ts; default 0). */
  expression?: number;
  expressionSigma?: number;
  expressionMouth?: MouthMode;
}): Map<number, FaceInFrame[]> {
  const pending: Pending[] = [];
  for (let f = input.range.start; f < input.range.end; f++) {
    const entry = input.analysis.frames[String(f)];
    if (!entry) continue;
    for (const face of entry.faces) {
      if (input.track !== undefined && face.track !== input.track) continue;
      const c = input.choices.get(face.track)?.get(f);
      if (!c) continue;
      const target = face.keypoints.map(([x, y]) => [x, y] as [number, number]);
      const w = c.fade?.weight ?? 0;
      pending.push({ frame: f, track: face.track, source: c.frame, mirrored: c.mirrored, weight: 1, target });
      if (c.fade && w > 0)
        pending.push({
          frame: f,
          track: face.track,
          source: c.fade.frame,
          mirrored: c.fade.mirrored,
          weight: w,
          target,
        });
    }
  }
  const kp = (p: Pending) => {
    const s = input.sources[p.source]!;
    return toPoints(p.mirrored ? s.mirrored.keypoints : s.normal.keypoints);
  };
  const predictions = pending.length
    ? input.predict(pending.map((p) => ({ source: kp(p), target: p.target })))
    : [];
  const runs = new Map<string, number[]>();
  pending.forEach((p, i) => {
    const key = `${p.track}:${p.source}:${p.mirrored}`;
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
    const placed: FaceInFrame[] = indices.map((i, k) => {
      const v = smoothed[k]!;
      const p = pending[i]!;
      return {
        affine: Array.from(v.subarray(0, 8)) as unknown as Affine2x4,
        depth: v.subarray(8),
        mirrored: p.mirrored,
        source: p.source,
        track: p.track,
        ...(p.weight < 1 ? { weight: p.weight } : {}),
      };
    });
    const first = pending[indices[0]!]!;
    const s = input.sources[first.source]!;
    const run = indices.map((i) => pending[i]!);
    withExpression(first.mirrored ? s.mirrored.keypoints : s.normal.keypoints, placed, run, input);
    placed.forEach((face, k) => {
      const p = pending[indices[k]!]!;
      const list = out.get(p.frame) ?? [];
      list.push(face);
      out.set(p.frame, list);
    });
  }
  // The full-weight pick first, the fading one over it.
  for (const list of out.values()) list.sort((a, b) => (b.weight ?? 1) - (a.weight ?? 1));
  return out;
}
