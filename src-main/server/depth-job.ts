// The depth view's data, computed in the job worker: the source face's 68 keypoints (detected on the
// source picture) and the depth DepthNet predicts for them against the target's (edited) keypoints at one
// frame, written as JSON for 'depth.load'.
import { readFile } from 'node:fs/promises';
import { createFaceAnalyzer } from '../analysis/face-analyzer.ts';
import { parseAnalysis } from '../../src-shared/analysis/schema.ts';
import { decodeImage } from '../media/image.ts';
import { readFrame } from '../media/frame-reader.ts';
import { probe } from '../media/probe.ts';
import { loadDepthNet } from '../depthnet/depthnet.ts';
import { editedKeypoints } from '../../src-shared/project/keyframes.ts';
import type { Interpolation, Keyframe } from '../../src-shared/project/schema.ts';
import { primaryFaces } from '../render/primary-face.ts';
import { writeFileAtomic } from '../util/atomic-write.ts';
import { chooseSourceFace } from '../../src-shared/geometry/source-face.ts';
import type { DepthResult } from '../../src-shared/api/schemas.ts';

export interface DepthJobSpec {
  kind: 'depth';
  source: string;
  sourceFrame: number;
  analysisPath: string;
  frame: number;
  keyframes: Keyframe[];
  interpolation: Interpolation;
  modelDir: string;
  out: string;
}

export async function runDepth(spec: DepthJobSpec, signal: AbortSignal): Promise<string> {
  const analysis = parseAnalysis(await readFile(spec.analysisPath, 'utf8'), spec.analysisPath);
  const face = primaryFaces(analysis).get(spec.frame);
  if (!face) throw new Error(`no tracked face at frame ${spec.frame} to predict the depth against`);
  const target = editedKeypoints(face.keypoints, spec.keyframes, spec.frame, spec.interpolation);
  const info = await probe(spec.source, { signal });
  const picture = info.isImage
    ? await decodeImage(spec.source, { pixelFormat: 'rgb24', signal })
    : await readFrame(spec.source, spec.sourceFrame, { pixelFormat: 'rgb24', info, signal });
  const analyzer = await createFaceAnalyzer();
  let keypoints: [number, number][];
  try {
    const faces = await analyzer.detectImage(picture);
    // The swap's rule (source-face.ts), so the depth view shows the face the swap uses.
    const choice = chooseSourceFace(faces.map((f) => f.keypoints));
    if (!choice.ok) throw new Error(`${choice.reason} in the source ${spec.source}`);
    keypoints = choice.keypoints;
  } finally {
    analyzer.dispose();
  }
  const net = await loadDepthNet(spec.modelDir);
  let depth: number[];
  try {
    const [prediction] = net.predict([{ source: keypoints, target }]);
    if (!prediction) throw new Error('DepthNet returned no prediction');
    depth = prediction.depth;
  } finally {
    net.dispose();
  }
  const result: DepthResult = {
    source: spec.source,
    sourceFrame: spec.sourceFrame,
    width: picture.width,
    height: picture.height,
    frame: spec.frame,
    keypoints,
    depth,
  };
  await writeFileAtomic(spec.out, JSON.stringify(result));
  return spec.out;
}
