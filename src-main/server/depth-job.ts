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
import { writeFileAtomic } from '../project/atomic-write.ts';
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
    if (faces.length === 0) throw new Error(`no face found in the source ${spec.source}`);
    const biggest = faces.reduce((a, b) => (b.box[2] * b.box[3] > a.box[2] * a.box[3] ? b : a));
    keypoints = biggest.keypoints.map((p): [number, number] => [p[0], p[1]]);
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
