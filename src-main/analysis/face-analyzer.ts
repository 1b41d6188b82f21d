// Face analysis API for the swap engine, the studio and the CLI.
//
//   const analyzer = await createFaceAnalyzer();            // loads TF.js + models from disk (no network)
//   const faces = await analyzer.detectImage(rawFrame);     // Face[]: box, score, 68 keypoints (iBUG), confidence
//   const file = await analyzer.analyzeClip(path, { range, mode: 'tracking', onProgress, signal });
//   analyzer.dispose();                                     // frees the model weights
//
// `analyzeClip` decodes the frames (src-main/media), detects and tracks faces, detects shot cuts, links
// tracks over short misses (interpolated, flagged), smooths keypoints (One-Euro) and returns an AnalysisFile
// (src-shared/analysis/schema.ts). Saving, loading and incremental re-analysis: ./analysis-store.ts.
// No module-level model state: every model lives in the analyzer object.
import { availableParallelism } from 'node:os';
import { tf } from '../ml/runtime.ts';
import { loadFaceModels, type FaceModels } from '../ml/face-api-models.ts';
import { frameToTensor, type PixelFrame } from '../ml/frame-tensor.ts';
import { DEFAULT_DETECTOR } from '../ml/face-detector.ts';
import { findFaces, type Face, type FaceSearchOptions } from './image-faces.ts';
import { DEFAULT_TRACKER, type TrackerOptions } from './clip-tracker.ts';
import { analyzeChunk, joinChunks, planChunks, type ChunkResult } from './clip-chunk.ts';
import { runChunkInWorker } from './chunk-worker.ts';
import { probe } from '../media/probe.ts';
import { checkRange, rangeLength, type FrameRange } from '../../src-shared/frame-range.ts';
import { frameRateToNumber, type MediaInfo } from '../../src-shared/media.ts';
import { EtaEstimator, type ProgressListener } from '../../src-shared/progress.ts';
import { buildTrackOutput, linkTracklets } from '../../src-shared/analysis/tracking.ts';
import { DEFAULT_ONE_EURO } from '../../src-shared/analysis/one-euro.ts';
import type { AnalysisFile, AnalysisSettings } from '../../src-shared/analysis/schema.ts';
import { DEFAULT_MAX_GAP, makeAnalysisFile } from './analysis-file.ts';
import { throwIfCancelled } from '../util/cancel.ts';
import { clipIdentity } from './clip-identity.ts';

export type { Face } from './image-faces.ts';

export interface AnalyzerOptions {
  modelDir?: string;
  search?: Partial<FaceSearchOptions>;
}

export interface AnalyzeClipOptions {
  range?: FrameRange;
  mode?: 'tracking' | 'detect';
  detectEvery?: number;
  onProgress?: ProgressListener;
  signal?: AbortSignal;
  /** A probe result at hand. */
  info?: MediaInfo;
  /**
   * Analyse frames scaled down to at most this height (default 720; 0 = full size). The landmark network
   * sees a 112-pixel crop, so a face that is larger than that in the scaled frame loses nothing, and a 1080p
   * or 4K clip is analysed at the cost of a 720p one. Keypoints are always in full-frame pixels.
   */
  maxHeight?: number;
  /**
   * Chunks analysed at once (default min(2, cores)): a range of 60 frames or more is split into contiguous
   * chunks, the first analysed in-process and the others in worker threads; tracks are linked across chunks.
   */
  parallel?: number;
}

/** Default `parallel`: one chunk per core, at most two. */
export function defaultParallel(): number {
  return Math.min(2, availableParallelism());
}

export const DEFAULT_ANALYSIS_MAX_HEIGHT = 720;

export interface FaceAnalyzer {
  /** TF.js backend in use, e.g. 'wasm'. */
  readonly backend: string;
  readonly models: FaceModels;
  detectImage(frame: PixelFrame): Promise<Face[]>;
  analyzeClip(path: string, opts?: AnalyzeClipOptions): Promise<AnalysisFile>;
  dispose(): void;
}

export const DEFAULT_SEARCH: FaceSearchOptions = {
  detector: DEFAULT_DETECTOR,
  mirror: true,
  passes: 2,
  align: true,
};
export const MIN_TRACK_FRAMES = 3;

export async function createFaceAnalyzer(opts: AnalyzerOptions = {}): Promise<FaceAnalyzer> {
  const models = await loadFaceModels(opts.modelDir ? { modelDir: opts.modelDir } : {});
  const search: FaceSearchOptions = { ...DEFAULT_SEARCH, ...opts.search };
  return {
    backend: models.backend.backend,
    models,
    async detectImage(frame) {
      const image = frameToTensor(frame);
      try {
        return await findFaces(models, image, search);
      } finally {
        image.dispose();
      }
    },
    analyzeClip(path, clipOpts = {}) {
      // Eye-aligned crops follow the noisy eye angle from frame to frame: steadier keypoints without them.
      // The optional shape prior applies to still images only (tracked frames would not get it).
      const { shapePrior: _unused, ...clipSearch } = search;
      return analyzeClipWith(models, { ...clipSearch, align: false }, path, clipOpts);
    },
    dispose() {
      models.dispose();
    },
  };
}

async function analyzeClipWith(
  models: FaceModels,
  search: FaceSearchOptions,
  path: string,
  opts: AnalyzeClipOptions,
): Promise<AnalysisFile> {
  const signal = opts.signal;
  const info = opts.info ?? (await probe(path, signal ? { signal } : {}));
  const identity = await clipIdentity(path, info);
  const range = checkRange(opts.range, info.frameCount);
  const settings: AnalysisSettings = {
    mode: opts.mode ?? 'tracking',
    detectEvery: opts.detectEvery ?? DEFAULT_TRACKER.detectEvery,
    mirror: search.mirror,
    smoothing: DEFAULT_ONE_EURO,
    maxGap: DEFAULT_MAX_GAP,
  };
  const trackerOpts: TrackerOptions = {
    ...DEFAULT_TRACKER,
    mode: settings.mode,
    detectEvery: settings.detectEvery,
    search,
  };
  const total = rangeLength(range);
  const eta = new EtaEstimator(total, 'analyze');
  const started = performance.now();
  const maxHeight = opts.maxHeight ?? DEFAULT_ANALYSIS_MAX_HEIGHT;
  const chunks = planChunks(range, opts.parallel ?? defaultParallel());
  let done = 0;
  const onFrame = (): void => {
    done++;
    opts.onProgress?.(eta.update(done));
  };
  // The first chunk runs here, later ones in worker threads, all at once. A failure in one stops the others,
  // and nothing is returned or thrown before every worker has exited.
  const inner = new AbortController();
  const stop = (): void => inner.abort();
  signal?.addEventListener('abort', stop, { once: true });
  let settled: PromiseSettledResult<ChunkResult>[];
  let firstError: { err: unknown } | null = null;
  try {
    settled = await Promise.allSettled(
      chunks.map((c, i) => {
        const request = { path, range: c.range, seed: c.seed, info, maxHeight, tracker: trackerOpts };
        const run =
          i === 0
            ? analyzeChunk(models, request, { signal: inner.signal, onFrame })
            : runChunkInWorker({ modelDir: models.modelDir, request }, { signal: inner.signal, onFrame });
        return run.catch((err: unknown) => {
          firstError ??= { err };
          inner.abort();
          throw err;
        });
      }),
    );
  } finally {
    signal?.removeEventListener('abort', stop);
  }
  throwIfCancelled(signal);
  // The first failure is the cause; the others are the stops it triggered.
  if (firstError) throw (firstError as { err: unknown }).err;
  const joined = joinChunks(settled.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : [])));
  const { frameNumbers, cuts, tracklets: measured } = joined;
  const msPerFrame = frameNumbers.length > 0 ? (performance.now() - started) / frameNumbers.length : 0;
  const fps = frameRateToNumber(info.frameRate) || 25;
  const linked = linkTracklets(measured, cuts, { maxGap: settings.maxGap, minIou: 0.3 });
  // A face seen for one or two frames of a longer clip is a false detection, not a person to swap.
  const kept = frameNumbers.length >= 10 ? linked.filter((t) => t.obs.length >= MIN_TRACK_FRAMES) : linked;
  const out = buildTrackOutput(kept, frameNumbers, cuts, fps, settings.smoothing);
  return makeAnalysisFile(
    identity,
    settings,
    models.backend.backend,
    range,
    out.frames,
    out.tracks,
    cuts,
    msPerFrame,
  );
}

/** Tensors alive now: for leak checks around repeated inference. */
export function liveTensors(): number {
  return tf.memory().numTensors;
}
