// An analysis at another picture size: every keypoint (smoothed and raw), box and the clip's recorded size
// scaled by the ratio of the sizes. A render decoded smaller (the studio's proxy
// preview) swaps against this, so the warp, matte and colour run on the smaller frames.
import type { AnalysisFile, FaceEntry } from './schema.ts';

export interface PictureSize {
  width: number;
  height: number;
}

function scalePoints(points: [number, number][], sx: number, sy: number): [number, number][] {
  return points.map(([x, y]) => [x * sx, y * sy]);
}

function scaleFace(face: FaceEntry, sx: number, sy: number): FaceEntry {
  const [x, y, w, h] = face.box;
  return {
    ...face,
    box: [x * sx, y * sy, w * sx, h * sy],
    keypoints: scalePoints(face.keypoints, sx, sy),
    raw: scalePoints(face.raw, sx, sy),
  };
}

/**
 * `analysis` (made on frames of size `from`) for frames of size `to`. The same object when the sizes are
 * equal: a full-size render uses the analysis exactly as it is.
 */
export function scaleAnalysis(analysis: AnalysisFile, from: PictureSize, to: PictureSize): AnalysisFile {
  if (from.width === to.width && from.height === to.height) return analysis;
  if (!(from.width > 0 && from.height > 0 && to.width > 0 && to.height > 0))
    throw new Error(`cannot scale an analysis from ${from.width}x${from.height} to ${to.width}x${to.height}`);
  const sx = to.width / from.width;
  const sy = to.height / from.height;
  const frames: AnalysisFile['frames'] = {};
  for (const [key, entry] of Object.entries(analysis.frames))
    frames[key] = { ...entry, faces: entry.faces.map((f) => scaleFace(f, sx, sy)) };
  // The recorded size scales with the frames (it bounds the keypoints' validity check).
  const clip = {
    ...analysis.clip,
    width: Math.max(1, Math.round(analysis.clip.width * sx)),
    height: Math.max(1, Math.round(analysis.clip.height * sy)),
  };
  return { ...analysis, clip, frames };
}
