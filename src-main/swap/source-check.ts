// The source face against the target's: its size in pixels next to the target face's median size over
// the range, and the warnings of source-face.ts (much smaller, turned, eyes closed).
import type { AnalysisFile } from '../../src-shared/analysis/schema.ts';
import type { FrameRange } from '../../src-shared/frame-range.ts';
import { faceSizePx, sourceFaceWarnings } from '../../src-shared/geometry/source-face.ts';

export interface SourceFaceSummary {
  /** Place of the face in the source-face order (0 = the largest). */
  index: number;
  sizePx: number;
  /** Median size of the target face(s) over the range (null: no face in the range). */
  targetSizePx: number | null;
}

export function checkSourceFace(
  keypoints: readonly (readonly [number, number])[],
  analysis: AnalysisFile,
  range: FrameRange,
  track: number | undefined,
  index: number,
): { summary: SourceFaceSummary; warnings: string[] } {
  const sizes: number[] = [];
  for (let f = range.start; f < range.end; f++) {
    for (const face of analysis.frames[String(f)]?.faces ?? []) {
      if (track === undefined || face.track === track) sizes.push(faceSizePx(face.keypoints));
    }
  }
  sizes.sort((a, b) => a - b);
  const targetSizePx = sizes.length ? sizes[sizes.length >> 1]! : null;
  const sizePx = faceSizePx(keypoints);
  return {
    summary: {
      index,
      sizePx: Math.round(sizePx),
      targetSizePx: targetSizePx === null ? null : Math.round(targetSizePx),
    },
    warnings: sourceFaceWarnings(keypoints, targetSizePx ?? undefined),
  };
}
