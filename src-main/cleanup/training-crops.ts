// The cleanup's training data, made by the swap engine's own render path: the target's analysis, the
// source face, the DepthNet's placements and swapFrame with the project's settings, exactly as a render
// runs them before encoding. For each used frame with a face: domain A = the swapped frame's aligned crop
// with its matte, domain B = the same crop of the real frame (the target's own face, same matte), plus,
// when the source is a clip, the source person's real frames (source-crops.ts; up to half as many). Frames
// with index % 10 == 9 are held out (for the eval). Cached in DIR/crops (made once per inputs).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../util/atomic-write.ts';
import { getAnalyzer, type AnalyzerSource } from '../analysis/analysis-store.ts';
import type { FaceAnalyzer } from '../analysis/face-analyzer.ts';
import { clipIdentity } from '../analysis/clip-identity.ts';
import { loadDepthNet } from '../depthnet/depthnet.ts';
import { readFrames } from '../media/frame-reader.ts';
import { probe } from '../media/probe.ts';
import { placedKeypoints } from './placed-keypoints.ts';
import type { MirrorMode } from '../../src-shared/geometry/mirror.ts';
import type { AnalysisFile, ClipIdentity } from '../../src-shared/analysis/schema.ts';
import { EtaEstimator, type ProgressListener } from '../../src-shared/progress.ts';
import { throwIfCancelled } from '../util/cancel.ts';
import { swapSource } from '../swap/swap-source.ts';
import { DEFAULT_EXPRESSION } from '../../src-shared/geometry/expression.ts';
import { computePlacements, flatten } from '../swap/placements.ts';
import { swapFrame, type SwapOptions, type SwapSource } from '../swap/swap-frame.ts';
import { analyseTarget, cachedAnalysisPath, findSourceFace } from '../swap/swap-analysis.ts';
import { cleanupCropBox, CLEANUP_CROP, sampleCrop, yawFromKeypoints } from './crop-warp.ts';
import { cropSetOf, loadCropSet, saveCropSet, type CropSet } from './crop-set.ts';
import { sourceClipCrops } from './source-crops.ts';

export interface CropInputs {
  source: string;
  sourceFrame?: number;
  target: string;
  swap: SwapOptions;
  mirror: MirrorMode;
  smoothingSigma?: number;
  /** Expression transfer 0..1 as the render applies it (default DEFAULT_EXPRESSION). */
  expression?: number;
  track?: number;
  /** DepthNet model folder. */
  modelDir: string;
  stateDir?: string;
  analysisFile?: string;
  /** The target's analysis at hand (a project's, with its keypoint edits). */
  targetAnalysis?: AnalysisFile;
}

export interface TrainingCrops {
  a: CropSet;
  b: CropSet;
  clip: ClipIdentity;
  /** Frames held out of training (with a face), also when the crops came from the cache. */
  heldOut: number[];
  cached: boolean;
}

export const HOLD_OUT = (frame: number): boolean => frame % 10 === 9;

const HeldOutSchema = z.object({ key: z.string(), frames: z.array(z.number().int().nonnegative()) });
const heldOutPath = (dir: string) => path.join(dir, 'held-out.json');

/** The held-out frames saved with the crops made from `key`, or null (absent, damaged, other inputs). */
async function loadHeldOut(dir: string, key: string): Promise<number[] | null> {
  try {
    const saved = HeldOutSchema.parse(JSON.parse(await readFile(heldOutPath(dir), 'utf8')));
    return saved.key === key ? saved.frames : null;
  } catch {
    return null;
  }
}

export async function buildTrainingCrops(
  inputs: CropInputs,
  opts: {
    size: number;
    cacheDir: string;
    /** At most this many crops per domain (frames are strided evenly). */
    maxCrops?: number;
    analyzer?: AnalyzerSource;
    signal?: AbortSignal;
    onProgress?: ProgressListener;
    log?: (line: string) => void;
  },
): Promise<TrainingCrops> {
  const sig = opts.signal ? { signal: opts.signal } : {};
  const info = await probe(inputs.target, sig);
  if (info.isImage) throw new Error(`the target must be a clip, not a still image: ${inputs.target}`);
  const clip = await clipIdentity(inputs.target, info);
  const srcInfo = await probe(inputs.source, sig);
  const srcId = await clipIdentity(inputs.source, srcInfo);
  const maxCrops = opts.maxCrops ?? 400;
  const key = JSON.stringify({
    v: 2,
    target: { ...clip, path: undefined },
    source: { ...srcId, path: undefined },
    sourceFrame: inputs.sourceFrame ?? 0,
    swap: inputs.swap,
    mirror: inputs.mirror,
    smoothing: inputs.smoothingSigma ?? 2,
    expression: inputs.expression ?? DEFAULT_EXPRESSION,
    track: inputs.track ?? null,
    edited: inputs.targetAnalysis ? 'project' : null,
    size: opts.size,
    crop: CLEANUP_CROP,
    maxCrops,
  });
  const cachedA = await loadCropSet(opts.cacheDir, 'a', key);
  const cachedB = await loadCropSet(opts.cacheDir, 'b', key);
  const cachedHeldOut = await loadHeldOut(opts.cacheDir, key);
  if (cachedA && cachedB && cachedHeldOut) {
    opts.log?.(`crops: ${cachedA.count} + ${cachedB.count} from the cache in ${opts.cacheDir}`);
    return { a: cachedA, b: cachedB, clip, heldOut: cachedHeldOut, cached: true };
  }

  // The face analyzer (TF.js and the face models) is created only if an analysis is missing.
  const made: { analyzer: Promise<FaceAnalyzer> | null } = { analyzer: null };
  const analyzer = () => {
    if (opts.analyzer) return getAnalyzer(opts.analyzer);
    made.analyzer ??= import('../analysis/face-analyzer.ts').then((m) => m.createFaceAnalyzer());
    return made.analyzer;
  };
  try {
    const found = await findSourceFace(analyzer, inputs.source, {
      file: inputs.stateDir ? cachedAnalysisPath(inputs.stateDir, inputs.source) : null,
      ...(inputs.sourceFrame !== undefined ? { sourceFrame: inputs.sourceFrame } : {}),
      ...sig,
    });
    const kp = flatten(found.keypoints);
    const expression = inputs.expression ?? DEFAULT_EXPRESSION;
    const source: SwapSource = swapSource(found.picture, kp, { clearMouth: expression > 0 });
    const range = { start: 0, end: info.frameCount };
    const target = inputs.targetAnalysis
      ? inputs.targetAnalysis
      : (
          await analyseTarget(analyzer, inputs.target, {
            file:
              inputs.analysisFile ??
              (inputs.stateDir ? cachedAnalysisPath(inputs.stateDir, inputs.target) : null),
            range,
            info,
            ...sig,
            onProgress: (p) => opts.onProgress?.({ ...p, stage: 'analyse' }),
          })
        ).analysis;
    const net = await loadDepthNet(inputs.modelDir);
    let placements: ReturnType<typeof computePlacements>;
    try {
      placements = computePlacements({
        analysis: target,
        range,
        ...(inputs.track !== undefined ? { track: inputs.track } : {}),
        sourceKeypoints: source.normal.keypoints,
        mirroredKeypoints: source.mirrored.keypoints,
        mirror: inputs.mirror,
        smoothingSigma: inputs.smoothingSigma ?? 2,
        expression,
        expressionContext: range,
        predict: (pairs) => net.predict(pairs),
      });
    } finally {
      net.dispose();
    }
    const withFace = [...placements.keys()].sort((x, y) => x - y);
    const training = withFace.filter((f) => !HOLD_OUT(f));
    const heldOut = withFace.filter(HOLD_OUT);
    const stride = Math.max(1, Math.ceil(training.length / maxCrops));
    const use = new Set(training.filter((_, i) => i % stride === 0));
    if (use.size === 0) throw new Error(`${inputs.target}: no frame with a face to train on`);
    const a: { data: Uint8Array; yaw: number; frame: number }[] = [];
    const b: { data: Uint8Array; yaw: number; frame: number }[] = [];
    const eta = new EtaEstimator(use.size, 'crops');
    for await (const frame of readFrames(inputs.target, { range, info, pixelFormat: 'rgb24', ...sig })) {
      throwIfCancelled(opts.signal);
      if (!use.has(frame.index)) continue;
      const faces = placements.get(frame.index) ?? [];
      const real = { width: frame.width, height: frame.height, channels: frame.channels, data: frame.data };
      const swapped = { ...real, data: Uint8Array.from(frame.data) };
      const { matte } = swapFrame(swapped, source, faces, inputs.swap);
      for (const face of faces) {
        const srcKp = face.mirrored ? source.mirrored.keypoints : source.normal.keypoints;
        const placed = placedKeypoints(srcKp, face);
        const box = cleanupCropBox(placed);
        const yaw = yawFromKeypoints(placed);
        a.push({ data: sampleCrop(swapped, matte, box, opts.size), yaw, frame: frame.index });
        b.push({ data: sampleCrop(real, matte, box, opts.size), yaw, frame: frame.index });
      }
      opts.onProgress?.(eta.update(a.length));
    }
    // The source person's own frames join domain B when the source is a clip.
    const fromSource = srcInfo.isImage
      ? []
      : await sourceClipCrops(
          inputs.source,
          srcInfo,
          (
            await analyseTarget(analyzer, inputs.source, {
              file: inputs.stateDir ? cachedAnalysisPath(inputs.stateDir, inputs.source) : null,
              range: { start: 0, end: srcInfo.frameCount },
              info: srcInfo,
              ...sig,
              onProgress: (p) => opts.onProgress?.({ ...p, stage: 'analyse' }),
            })
          ).analysis,
          { size: opts.size, maxCrops: Math.ceil(maxCrops / 2), swap: inputs.swap, ...sig },
        );
    const setA = cropSetOf(opts.size, a);
    const setB = cropSetOf(opts.size, [...b, ...fromSource]);
    await saveCropSet(opts.cacheDir, 'a', key, setA);
    await saveCropSet(opts.cacheDir, 'b', key, setB);
    await writeFileAtomic(heldOutPath(opts.cacheDir), JSON.stringify({ key, frames: heldOut }));
    opts.log?.(
      `crops: ${setA.count} swapped + ${b.length} real of ${path.basename(inputs.target)} (every ${stride} frame(s), ${heldOut.length} held out)` +
        (fromSource.length
          ? ` + ${fromSource.length} real of the source ${path.basename(inputs.source)}`
          : ''),
    );
    return { a: setA, b: setB, clip, heldOut, cached: false };
  } finally {
    void made.analyzer?.then(
      (x) => x.dispose(),
      () => undefined,
    );
  }
}
