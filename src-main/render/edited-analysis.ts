// The project's keypoint edits applied to an analysis: the primary track's keypoints at every frame become
// tracked keypoints + interpolated keyframe offsets, so the swap engine warps with what the user corrected.
import type { AnalysisFile } from '../../src-shared/analysis/schema.ts';
import type { Interpolation, Keyframe } from '../../src-shared/project/schema.ts';
import { editedKeypoints } from '../../src-shared/project/keyframes.ts';

export function applyEdits(
  analysis: AnalysisFile,
  track: number,
  keyframes: readonly Keyframe[],
  interpolation: Interpolation,
): AnalysisFile {
  if (keyframes.length === 0) return analysis;
  const frames: AnalysisFile['frames'] = {};
  for (const [key, entry] of Object.entries(analysis.frames)) {
    const f = Number(key);
    frames[key] = {
      ...entry,
      faces: entry.faces.map((face) =>
        face.track === track
          ? { ...face, keypoints: editedKeypoints(face.keypoints, keyframes, f, interpolation) }
          : face,
      ),
    };
  }
  return { ...analysis, frames };
}

/** True when the analysis holds every frame of [start, end). */
export function coversRange(analysis: AnalysisFile, start: number, end: number): boolean {
  return analysis.ranges.some((r) => r.start <= start && r.end >= end);
}
