// A synthetic analysis file: one track whose keypoints are the canonical 3D face under given head poses
// (exact affine cameras), for tests of code that reads tracks (adaptation, source-frame choice).
import { ANALYSIS_FORMAT, ANALYSIS_VERSION, type AnalysisFile } from '../../src-shared/analysis/schema.ts';
import { affineFromPose, applyAffine } from '../../src-shared/geometry/affine.ts';
import { CANONICAL_FACE_3D } from '../../src-shared/geometry/canonical-face.ts';

export function posedKeypoints(yawDeg: number, pitchDeg = 0, scale = 180): [number, number][] {
  const m = affineFromPose({ yawDeg, pitchDeg, scale, tx: 320, ty: 240 });
  const xy = CANONICAL_FACE_3D.flatMap((p) => [p[0], p[1]]);
  const out = applyAffine(
    m,
    xy,
    CANONICAL_FACE_3D.map((p) => p[2]),
  ).xy;
  return Array.from({ length: 68 }, (_, k) => [out[2 * k]!, out[2 * k + 1]!]);
}

export function syntheticAnalysis(
  poses: { yawDeg: number; pitchDeg?: number }[],
  clip: Partial<AnalysisFile['clip']> = {},
  track = 0,
): AnalysisFile {
  const frames: AnalysisFile['frames'] = {};
  poses.forEach((p, f) => {
    const kp = posedKeypoints(p.yawDeg, p.pitchDeg ?? 0);
    const xs = kp.map((q) => q[0]);
    const ys = kp.map((q) => q[1]);
    const x0 = Math.min(...xs);
    const y0 = Math.min(...ys);
    frames[String(f)] = {
      cut: false,
      faces: [
        {
          track,
          box: [x0, y0, Math.max(...xs) - x0, Math.max(...ys) - y0],
          confidence: 1,
          keypoints: kp,
          raw: kp,
          interpolated: false,
          detected: true,
        },
      ],
    };
  });
  return {
    format: ANALYSIS_FORMAT,
    version: ANALYSIS_VERSION,
    clip: {
      path: '/nonexistent/synthetic.mov',
      size: 1,
      mtimeMs: 0,
      width: 640,
      height: 480,
      frameRate: { num: 25, den: 1 },
      frameCount: poses.length,
      isImage: false,
      ...clip,
    },
    settings: {
      mode: 'detect',
      detectEvery: 1,
      mirror: true,
      smoothing: { minCutoff: 1, beta: 0, dCutoff: 1 },
      maxGap: 0,
    },
    backend: 'synthetic',
    createdAt: new Date(0).toISOString(),
    ranges: [{ start: 0, end: poses.length }],
    frames,
    tracks: [{ id: track, first: 0, last: poses.length - 1, meanConfidence: 1 }],
    cuts: [],
    msPerFrame: 0,
  };
}
