// The product path: a source face (image or a frame of a clip) onto every frame of a target clip. Analyses
// both, predicts depth and affine with the shipped DepthNet, smooths them along each track, warps and
// composites every frame with a face in worker threads, passes the others through unchanged, and encodes
// with the target's audio and timecode. Frames stream: at most `pool.capacity` frames are in memory.
import type { FaceAnalyzer } from '../analysis/face-analyzer.ts';
import { getAnalyzer, type AnalyzerSource } from '../analysis/analysis-store.ts';
import { loadDepthNet } from '../depthnet/depthnet.ts';
import { readFrames, type RawFrame } from '../media/frame-reader.ts';
import { openFrameWriter, type FrameWriter } from '../media/frame-writer.ts';
import { probe } from '../media/probe.ts';
import { checkRange, rangeLength, type FrameRange } from '../../src-shared/frame-range.ts';
import type { OutputFormat } from '../../src-shared/media.ts';
import type { AnalysisFile } from '../../src-shared/analysis/schema.ts';
import { EtaEstimator, type ProgressListener } from '../../src-shared/progress.ts';
import { mirrorKeypoints, type MirrorMode } from '../../src-shared/geometry/mirror.ts';
import { throwIfCancelled } from '../util/cancel.ts';
import { DEFAULT_EXPRESSION } from '../../src-shared/geometry/expression.ts';
import type { MouthMode } from './expression-track.ts';
import { mirrorImage } from './image.ts';
import { computePlacements, flatten } from './placements.ts';
import { createSwapPool, defaultThreads, type SwapPool, type SwappedFrame } from './swap-pool.ts';
import { DEFAULT_COLOR_MODE, type ColorMode, type SwapSource } from './swap-frame.ts';
import type { MaskOptions } from './face-mask.ts';
import { checkSheetPath, ContactSheet, writeContactSheet } from './contact-sheet.ts';
import { checkSourceFace, type SourceFaceSummary } from './source-check.ts';
import { analyseTarget, cachedAnalysisPath, findSourceFace, type TargetAnalysis } from './swap-analysis.ts';
import { matchSourceFrames, type MatchedSources } from './source-frames.ts';
import { computeMatchedPlacements } from './source-placements.ts';
import type { CleanupSpec } from '../cleanup/apply-frame.ts';

export interface SwapClipOptions {
  source: string;
  /** Frame of a source clip to take the face from (default 0). */
  sourceFrame?: number;
  /** Which face of the source, in the source-face order (source-face.ts: 0 = the largest). */
  sourceFace?: number;
  /** A review PNG of `frames` (default 12) evenly spaced frames, target above swapped (contact-sheet.ts). */
  contactSheet?: { path: string; frames?: number };
  /**
   * One-line notices that do not stop the render: the source face much smaller than the target's, a profile
   * or closed eyes (once each), an analysis cache that cannot be used or written.
   */
  onWarning?: (message: string) => void;
  /** Pose-matched source frames from a source clip: 'auto' (all its frames) or a range (source-frames.ts). */
  sourceFrames?: 'auto' | FrameRange;
  target: string;
  out: string;
  format: OutputFormat;
  range?: FrameRange;
  /**
   * Frames whose analysis the temporal steps (mirror choice, smoothing) look at, a superset of `range`
   * (default: `range`). A chunk of a longer render passes the whole context (src-main/render/context.ts)
   * so that chunks rendered apart and joined are identical to one pass.
   */
  contextRange?: FrameRange;
  track?: number;
  colorTransfer?: boolean;
  /** Global Lab transfer only, or with the local seam colour field (default DEFAULT_COLOR_MODE). */
  colorMode?: ColorMode;
  poisson?: boolean;
  /** Matte erode / feather (fractions of the face size) and mouth-interior exclusion (face-mask.ts). */
  mask?: MaskOptions;
  mirror?: MirrorMode;
  /** Keep the target's audio for the range (default true). */
  audio?: boolean;
  /** Keep the target's start timecode, shifted to the range's first frame (default true); false: none. */
  timecode?: boolean;
  smoothingSigma?: number;
  /** Container metadata tags of the output (frame-writer.ts `metadata`). */
  metadata?: Record<string, string>;
  /** Expression transfer 0..1 (expression-track.ts; default DEFAULT_EXPRESSION). */
  expression?: number;
  /** How the mouth follows the target with expression > 0 (expression-track.ts MouthMode). */
  expressionMouth?: MouthMode;
  /** Frames that define the target's neutral expression, around the range (placements.ts; default the range). */
  expressionContext?: FrameRange;
  modelDir: string;
  threads?: number;
  overwrite?: boolean;
  signal?: AbortSignal;
  onProgress?: ProgressListener;
  /**
   * A face analyzer to use (it is not disposed), or a function giving one when first needed; otherwise one is
   * created, only if something needs analysing.
   */
  analyzer?: AnalyzerSource;
  /**
   * Reuse and keep analysis files in `<stateDir>/analysis/` (the studio's folder; see swap-analysis.ts).
   * Without it (and without `analysisFile`) both inputs are analysed afresh and nothing is written.
   */
  stateDir?: string;
  /** The target's analysis file (e.g. from `depthswap analyze --out`), instead of the one in stateDir. */
  analysisFile?: string;
  /**
   * The target's analysis already at hand (the studio's, with the user's keypoint edits): used as it is;
   * nothing is analysed or written for the target.
   */
  targetAnalysis?: AnalysisFile;
  /** A trained cleanup model applied to every swapped face before encoding (see src-main/cleanup/). */
  cleanup?: CleanupSpec & { onWarning?: (line: string) => void };
}

export interface AnalysisUse {
  /** The analysis file used (null: none). */
  file: string | null;
  /** True when it held everything needed: nothing was analysed now. */
  reused: boolean;
}

export interface StageTimes {
  decode: number;
  analysis: number;
  depth: number;
  warp: number;
  composite: number;
  encode: number;
}

export interface SwapSummary {
  out: string;
  frames: number;
  framesSwapped: number;
  framesPassedThrough: number;
  /** Mean milliseconds per output frame for each stage (analysis and depth: whole-clip cost / frames). */
  msPerFrame: StageTimes;
  totalSeconds: number;
  analysis: { target: AnalysisUse; source: AnalysisUse };
  /** The source face used and the target face's median size over the range (px). */
  sourceFace: SourceFaceSummary;
  /** Warnings about the source face (also given to onWarning as they arise). */
  warnings: string[];
  /** The contact sheet written (null: none asked for). */
  contactSheet: string | null;
  /** Pose-matched source frames: how many were considered, and the source frame each target frame used. */
  sourceFrames?: {
    candidates: number;
    used: number[];
    /** Target frame -> the source frame of its (first) face, and whether its mirror image was used. */
    perFrame: Record<string, { frame: number; mirrored: boolean }>;
  };
}

function swapSource(picture: RawFrame, keypoints: Float64Array): SwapSource {
  const texture = {
    width: picture.width,
    height: picture.height,
    channels: picture.channels,
    data: picture.data,
  };
  return {
    normal: { texture, keypoints },
    mirrored: { texture: mirrorImage(texture), keypoints: mirrorKeypoints(keypoints, picture.width) },
  };
}

/**
 * The face analyzer, created on first use only (a render whose analyses are all in files never loads TF.js
 * or the face models), and disposed at the end when created here.
 */
function lazyAnalyzer(given: AnalyzerSource | undefined): {
  get: () => Promise<FaceAnalyzer>;
  dispose(): void;
} {
  let created: Promise<FaceAnalyzer> | null = null;
  return {
    get: () => {
      if (given) return getAnalyzer(given);
      created ??= import('../analysis/face-analyzer.ts').then((m) => m.createFaceAnalyzer());
      return created;
    },
    dispose: () => {
      void created?.then(
        (a) => a.dispose(),
        () => undefined,
      );
      created = null;
    },
  };
}

export async function swapClip(opts: SwapClipOptions): Promise<SwapSummary> {
  const started = performance.now();
  if (opts.expression !== undefined && !(opts.expression >= 0 && opts.expression <= 1))
    throw new Error(`expression must be between 0 and 1 (got ${opts.expression})`);
  const signal = opts.signal;
  const sig = signal ? { signal } : {};
  if (opts.contactSheet) {
    checkSheetPath(opts.contactSheet.path, [opts.source, opts.target, opts.out], opts.overwrite ?? false);
  }
  const analyzer = lazyAnalyzer(opts.analyzer);
  const times: StageTimes = { decode: 0, analysis: 0, depth: 0, warp: 0, composite: 0, encode: 0 };
  // Everything that does not depend on the target's analysis starts at once: the source face (probe, decode,
  // its analysis file), the target's probe, then the encoder and the decoder (ffmpeg processes that start up
  // meanwhile). An existing output is refused before any analysis is spent. The analyses stop with the
  // caller's signal, and also when anything else fails: nothing keeps running after swapClip settles.
  const stopAnalyses = new AbortController();
  const stop = (): void => stopAnalyses.abort();
  signal?.addEventListener('abort', stop, { once: true });
  const analysisSig = { signal: stopAnalyses.signal };
  const warned = new Set<string>();
  const onWarning = (line: string) => {
    if (!warned.has(line)) opts.onWarning?.(line);
    warned.add(line);
  };
  const unwritable = (dir: string) =>
    onWarning(`the state folder ${dir} is not writable: the render continues without caching analyses`);
  const cachePath = (media: string) => {
    const p = opts.stateDir ? cachedAnalysisPath(opts.stateDir, media) : null;
    if (opts.stateDir && !p) unwritable(opts.stateDir);
    return p;
  };
  const sourceTask = findSourceFace(analyzer.get, opts.source, {
    file: cachePath(opts.source),
    onWarning,
    ...(opts.sourceFrame !== undefined ? { sourceFrame: opts.sourceFrame } : {}),
    ...(opts.sourceFace !== undefined ? { sourceFace: opts.sourceFace } : {}),
    ...(opts.sourceFrames ? { allowProfile: true } : {}),
    ...analysisSig,
  });
  sourceTask.catch(() => undefined); // awaited below; this only marks it handled meanwhile
  let targetTask: Promise<TargetAnalysis> | null = null;
  let writer: FrameWriter | null = null;
  let frames: AsyncGenerator<RawFrame> | null = null;
  let pool: SwapPool | null = null;
  try {
    const info = await probe(opts.target, sig);
    if (info.isImage) throw new Error(`the target must be a clip, not a still image: ${opts.target}`);
    const range = checkRange(opts.range, info.frameCount);
    const total = rangeLength(range);
    const alpha = opts.format === 'prores-4444';
    const rotated = info.rotation === 90 || info.rotation === 270;
    writer = await openFrameWriter({
      out: opts.out,
      format: opts.format,
      width: rotated ? info.height : info.width,
      height: rotated ? info.width : info.height,
      frameRate: info.frameRate,
      pixelFormat: alpha ? 'rgba' : 'rgb24',
      expectedFrames: total,
      source: { info, range },
      inputs: { target: opts.target, source: opts.source, analysis: opts.analysisFile },
      overwrite: opts.overwrite ?? false,
      audio: opts.audio ?? true,
      ...(opts.timecode === false ? { timecode: null } : {}),
      ...(opts.metadata ? { metadata: opts.metadata } : {}),
      ...sig,
    });
    frames = readFrames(opts.target, { range, info, pixelFormat: alpha ? 'rgba' : 'rgb24', ...sig });
    let pending: Promise<IteratorResult<RawFrame>> | null = frames.next();
    pending.catch(() => undefined); // awaited in the frame loop

    const t0 = performance.now();
    const targetFile = opts.analysisFile ?? cachePath(opts.target);
    targetTask = opts.targetAnalysis
      ? Promise.resolve({ analysis: opts.targetAnalysis, file: null, reused: true, reason: 'given' })
      : analyseTarget(analyzer.get, opts.target, {
          file: targetFile,
          given: opts.analysisFile !== undefined,
          inputs: { source: opts.source, output: opts.out },
          onWarning,
          range,
          info,
          ...analysisSig,
          onProgress: (p) => opts.onProgress?.({ ...p, stage: 'analyse' }),
        });
    targetTask.catch(() => undefined); // awaited below; this only marks it handled meanwhile
    if (opts.cleanup) {
      const { checkCleanupForRender } = await import('../cleanup/render-check.ts');
      await checkCleanupForRender(
        opts.cleanup,
        opts.target,
        info,
        opts.cleanup.onWarning ?? (() => undefined),
      );
    }
    const found = await sourceTask;
    const source = swapSource(found.picture, flatten(found.keypoints));
    const swapOptions = {
      colorTransfer: opts.colorTransfer ?? true,
      colorMode: opts.colorMode ?? DEFAULT_COLOR_MODE,
      poisson: opts.poisson ?? false,
      ...(opts.mask ? { mask: opts.mask } : {}),
    };
    // A frame or two (a studio preview) is swapped in this thread: starting a worker would cost more.
    const cleanup = opts.cleanup
      ? { cleanup: { dir: opts.cleanup.dir, strength: opts.cleanup.strength } }
      : {};
    const threads = opts.threads ?? (total <= 2 ? 0 : defaultThreads());
    // The workers start while the target's analysis is read or computed (pose-matched: once the frames are chosen).
    if (!opts.sourceFrames)
      pool = createSwapPool({ source, options: swapOptions, matteToAlpha: alpha, ...cleanup }, threads);
    const target = await targetTask;
    let matched: MatchedSources | null = null;
    if (opts.sourceFrames) {
      matched = await matchSourceFrames({
        source: opts.source,
        ...(opts.sourceFrames !== 'auto' ? { sourceRange: opts.sourceFrames } : {}),
        target: target.analysis,
        range: opts.contextRange ?? range,
        ...(opts.track !== undefined ? { track: opts.track } : {}),
        mirror: (opts.mirror ?? 'auto') !== 'off',
        analyzer: analyzer.get,
        file: opts.stateDir ? cachedAnalysisPath(opts.stateDir, opts.source) : null,
        ...analysisSig,
        onProgress: (p) => opts.onProgress?.({ ...p, stage: 'analyse source' }),
      });
      const sources = matched.sources;
      pool = createSwapPool(
        { source: sources[0] ?? source, sources, options: swapOptions, matteToAlpha: alpha, ...cleanup },
        threads,
      );
    }
    const used: SwapSummary['analysis'] = {
      target: { file: target.file, reused: target.reused },
      source: { file: found.file, reused: found.reused },
    };
    times.analysis = performance.now() - t0;
    const checked = checkSourceFace(
      found.keypoints,
      target.analysis,
      range,
      opts.track,
      opts.sourceFace ?? 0,
    );
    for (const w of checked.warnings) opts.onWarning?.(w);
    analyzer.dispose();
    throwIfCancelled(signal);
    const t1 = performance.now();
    const net = await loadDepthNet(opts.modelDir);
    let placements: Awaited<ReturnType<typeof computePlacements>>;
    try {
      placements = matched
        ? computeMatchedPlacements({
            analysis: target.analysis,
            range: opts.contextRange ?? range,
            ...(opts.track !== undefined ? { track: opts.track } : {}),
            sources: matched.sources,
            choices: matched.choices,
            smoothingSigma: opts.smoothingSigma ?? 2,
            predict: (pairs) => net.predict(pairs),
          })
        : computePlacements({
            analysis: target.analysis,
            range: opts.contextRange ?? range,
            ...(opts.track !== undefined ? { track: opts.track } : {}),
            sourceKeypoints: source.normal.keypoints,
            mirroredKeypoints: source.mirrored.keypoints,
            mirror: opts.mirror ?? 'auto',
            smoothingSigma: opts.smoothingSigma ?? 2,
            expression: opts.expression ?? DEFAULT_EXPRESSION,
            ...(opts.expressionMouth ? { expressionMouth: opts.expressionMouth } : {}),
            ...(opts.expressionContext ? { expressionContext: opts.expressionContext } : {}),
            predict: (pairs) => net.predict(pairs),
          });
    } finally {
      net.dispose();
    }
    times.depth = performance.now() - t1;
    throwIfCancelled(signal);

    const swapper = pool!;
    const out = writer;
    let swapped = 0;
    let passed = 0;
    const eta = new EtaEstimator(total, 'swap');
    const inFlight: Promise<SwappedFrame | RawFrame>[] = [];
    const inFlightIndex: number[] = [];
    const outW = rotated ? info.height : info.width;
    const outH = rotated ? info.width : info.height;
    const sheet = opts.contactSheet
      ? new ContactSheet(
          range,
          opts.contactSheet.frames ?? 12,
          outW,
          outH,
          info.frameRate,
          info.startTimecode,
        )
      : null;
    let done = 0;
    const drainOne = async () => {
      const r = await inFlight.shift()!;
      const index = inFlightIndex.shift()!;
      const data = 'matte' in r ? r.frame.data : r.data;
      sheet?.keepSwapped(index, 'matte' in r ? r.frame : r);
      if ('matte' in r) {
        times.warp += r.warpMs;
        times.composite += r.compositeMs;
      }
      const t = performance.now();
      await out.write(data);
      times.encode += performance.now() - t;
      done++;
      opts.onProgress?.(eta.update(done));
    };
    for (;;) {
      const t = performance.now();
      const next = await (pending ?? frames.next());
      pending = null;
      times.decode += performance.now() - t;
      if (next.done) break;
      throwIfCancelled(signal);
      const frame = next.value;
      const faces = placements.get(frame.index) ?? [];
      sheet?.keepTarget(frame.index, frame);
      inFlightIndex.push(frame.index);
      if (faces.length > 0) {
        swapped++;
        const job = swapper.swap(frame, faces);
        job.catch(() => undefined); // awaited in order by drainOne; this only marks it handled meanwhile
        inFlight.push(job);
      } else {
        passed++;
        if (alpha) for (let o = 3; o < frame.data.length; o += 4) frame.data[o] = 0;
        inFlight.push(Promise.resolve(frame));
      }
      while (inFlight.length >= swapper.capacity) await drainOne();
    }
    while (inFlight.length > 0) await drainOne();
    const t = performance.now();
    const result = await out.finish();
    times.encode += performance.now() - t;
    const sheetFile =
      sheet && opts.contactSheet ? await writeContactSheet(sheet, opts.contactSheet.path, signal) : null;
    const frameCount = Math.max(1, result.frames);
    const per = (ms: number) => Math.round((ms / frameCount) * 100) / 100;
    return {
      out: result.path,
      frames: result.frames,
      framesSwapped: swapped,
      framesPassedThrough: passed,
      msPerFrame: {
        decode: per(times.decode),
        analysis: per(times.analysis),
        depth: per(times.depth),
        warp: per(times.warp),
        composite: per(times.composite),
        encode: per(times.encode),
      },
      totalSeconds: Math.round((performance.now() - started) / 10) / 100,
      analysis: used,
      sourceFace: checked.summary,
      warnings: checked.warnings,
      contactSheet: sheetFile,
      ...(matched ? { sourceFrames: matchedSummary(matched) } : {}),
    };
  } catch (err) {
    await writer?.abort();
    throw err;
  } finally {
    stopAnalyses.abort();
    signal?.removeEventListener('abort', stop);
    await Promise.allSettled([sourceTask, targetTask]);
    analyzer.dispose();
    await frames?.return(undefined);
    await pool?.close();
  }
}

function matchedSummary(m: MatchedSources): NonNullable<SwapSummary['sourceFrames']> {
  const perFrame: NonNullable<SwapSummary['sourceFrames']>['perFrame'] = {};
  for (const choices of m.choices.values())
    for (const [f, c] of choices) perFrame[String(f)] ??= { frame: m.frames[c.frame]!, mirrored: c.mirrored };
  return { candidates: m.candidates, used: m.frames, perFrame };
}
