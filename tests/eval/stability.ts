// Temporal stability of clip analysis: mean frame-to-frame keypoint motion (pixels, and in outer-eye-corner
// distances) over consecutive frames of each track, for the raw network output and for the smoothed keypoints.
// `node tests/eval/stability.ts [clip...]` (default: liveportrait d0.mp4 and s18.mp4). Measures only.
import { createFaceAnalyzer, type FaceAnalyzer } from '../../src-main/analysis/face-analyzer.ts';
import { interocularDistance, meanPointDistance } from '../../src-shared/analysis/geometry.ts';
import type { AnalysisFile } from '../../src-shared/analysis/schema.ts';
import { dataPath, hasData } from '../support/shared-data.ts';

export interface Stability {
  pairs: number;
  rawPx: number;
  smoothPx: number;
  rawRel: number;
  smoothRel: number;
}

export function motionStats(a: AnalysisFile): Stability {
  let pairs = 0;
  let rawPx = 0;
  let smoothPx = 0;
  let rawRel = 0;
  let smoothRel = 0;
  for (const [key, entry] of Object.entries(a.frames)) {
    const prev = a.frames[String(Number(key) - 1)];
    if (!prev || entry.cut) continue;
    for (const face of entry.faces) {
      const p = prev.faces.find((f) => f.track === face.track);
      if (!p) continue;
      const eyes = interocularDistance(face.raw);
      const r = meanPointDistance(face.raw, p.raw);
      const s = meanPointDistance(face.keypoints, p.keypoints);
      pairs++;
      rawPx += r;
      smoothPx += s;
      rawRel += r / eyes;
      smoothRel += s / eyes;
    }
  }
  const n = Math.max(1, pairs);
  return { pairs, rawPx: rawPx / n, smoothPx: smoothPx / n, rawRel: rawRel / n, smoothRel: smoothRel / n };
}

export async function measureStability(
  analyzer: FaceAnalyzer,
  clip: string,
): Promise<Stability & { msPerFrame: number }> {
  const a = await analyzer.analyzeClip(clip, { mode: 'tracking' });
  return { ...motionStats(a), msPerFrame: a.msPerFrame };
}

export const STABILITY_CLIPS = ['video/liveportrait/d0.mp4', 'video/liveportrait/s18.mp4'];

if (import.meta.url === `file://${process.argv[1]}`) {
  const clips = process.argv.slice(2);
  const list = clips.length > 0 ? clips : STABILITY_CLIPS.filter((c) => hasData(c)).map((c) => dataPath(c));
  const analyzer = await createFaceAnalyzer();
  try {
    for (const clip of list) {
      const s = await measureStability(analyzer, clip);
      console.log(
        `${clip}: ${s.pairs} frame pairs; mean motion raw ${s.rawPx.toFixed(2)} px (${s.rawRel.toFixed(4)} eye dist), ` +
          `smoothed ${s.smoothPx.toFixed(2)} px (${s.smoothRel.toFixed(4)}); ${s.msPerFrame.toFixed(1)} ms/frame`,
      );
    }
  } finally {
    analyzer.dispose();
  }
}
