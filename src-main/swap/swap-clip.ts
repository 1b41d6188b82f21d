// The product path: a source face (image or a frame of a clip) onto every frame of a target clip. Analyses
// both, predicts depth and affine with the shipped DepthNet, smooths them along each track, warps and
// composites every frame with a face in worker threads, passes the others through unchanged, and encodes
// with the target's audio and timecode. Frames stream: at most `pool.capacity` frames are in memory.
import { lazyAnalyzer } from '../analysis/analysis-store.ts';
import { loadDepthNet } from '../depthnet/depthnet.ts';
import { decodedSize, displaySize, readFrames, type RawFrame } from '../media/frame-reader.ts';
import { openFrameWriter, type FrameWriter } from '../media/frame-writer.ts';
import { probe } from '../media/probe.ts';
import { checkRange, rangeLength } from '../../src-shared/frame-range.ts';
import { scaleAnalysis } from '../../src-shared/analysis/scale.ts';
import { checkTrack } from '../../src-shared/analysis/track-check.ts';
import { EtaEstimator } from '../../src-shared/progress.ts';
import { throwIfCancelled } from '../util/cancel.ts';
import { DEFAULT_EXPRESSION } from '../../src-shared/geometry/expression.ts';
import { swapSource } from './swap-source.ts';
import { computePlacements, flatten } from './placements.ts';
import { createSwapPool, defaultThreads, type SwapPool, type SwappedFrame } from './swap-pool.ts';
import { DEFAULT_COLOR_MODE, type FaceInFrame } from './swap-frame.ts';
import type { ColorStatsPair } from './color-transfer.ts';
import { COLOR_SMOOTHING_RADIUS, recordColorStats, withSmoothedColor } from './color-smoothing.ts';
import { checkSheetPath, ContactSheet, writeContactSheet } from './contact-sheet.ts';
import { checkSourceFace } from './source-check.ts';
import { analyseTarget, cachedAnalysisPath, findSourceFace, type TargetAnalysis } from './swap-analysis.ts';
import { matchSourceFrames, type MatchedSources } from './source-frames.ts';
import { computeMatchedPlacements } from './source-placements.ts';
import { clipPixelFormat, clipWriterOptions } from './clip-writer.ts';
import type { StageTimes, SwapClipOptions, SwapSummary } from './swap-clip-options.ts';

export type { AnalysisUse, StageTimes, SwapClipOptions, SwapSummary } from './swap-clip-options.ts';

export async function swapClip(opts: SwapClipOptions): Promise<SwapSummary> {
  const started = performance.now();
  if (opts.expression !== undefined && !(opts.expression >= 0 && opts.expression <= 1))
    throw new Error(`expression must be between 0 and 1 (got ${opts.expression})`);
  const signal = opts.signal;
  const sig = signal ? { signal } : {};
  if (opts.contactSheet) {
    await checkSheetPath(
      opts.contactSheet.path,
      { source: opts.source, target: opts.target, 'the output': opts.out },
      opts.overwrite ?? false,
    );
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
    // The size frames are decoded, swapped and encoded at: the display size, or smaller under maxHeight.
    const fullSize = displaySize(info);
    const size = decodedSize(info, opts.maxHeight);
    writer = await openFrameWriter({
      ...clipWriterOptions({
        out: opts.out,
        format: opts.format,
        info,
        range,
        inputs: { target: opts.target, source: opts.source, analysis: opts.analysisFile },
        overwrite: opts.overwrite ?? false,
        audio: opts.audio ?? true,
        timecode: opts.timecode !== false,
        ...(opts.metadata ? { metadata: opts.metadata } : {}),
        ...(opts.intermediate ? { lossless: true } : {}),
        ...sig,
      }),
      width: size.width,
      height: size.height,
    });
    // Colour statistics are smoothed along the track (color-smoothing.ts): the frames just outside the range
    // are read too, for their statistics only, so a chunk's border frames see what a one-pass render sees.
    const radius = (opts.colorTransfer ?? true) ? COLOR_SMOOTHING_RADIUS : 0;
    const read = {
      start: Math.max(0, range.start - radius),
      end: Math.min(info.frameCount, range.end + radius),
    };
    frames = readFrames(opts.target, {
      range: read,
      reportRange: range,
      info,
      pixelFormat: clipPixelFormat(opts.format),
      readAhead: 2, // the decoder's pipe is drained while the frame loop waits on the workers
      ...(opts.maxHeight !== undefined ? { maxHeight: opts.maxHeight } : {}),
      ...sig,
    });
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
    const expression = opts.expression ?? DEFAULT_EXPRESSION;
    // With expression transfer the output's mouth interior is the target's: the source's is painted over.
    const clearMouth = expression > 0;
    const source = swapSource(found.picture, flatten(found.keypoints), { clearMouth });
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
    // The analysis at the decoded size (the same object at full size); the source-frame choice and the
    // source-face check read the analysis as made, so they say what the full-size render says.
    const placed = scaleAnalysis(target.analysis, fullSize, size);
    // The track must have a face in the frames asked for (the placements also see the read margin).
    if (opts.track !== undefined) checkTrack(target.analysis, opts.track, opts.contextRange ?? range);
    let matched: MatchedSources | null = null;
    if (opts.sourceFrames) {
      matched = await matchSourceFrames({
        source: opts.source,
        ...(opts.sourceFrames !== 'auto' ? { sourceRange: opts.sourceFrames } : {}),
        target: target.analysis,
        range: opts.contextRange ?? read,
        ...(opts.track !== undefined ? { track: opts.track } : {}),
        mirror: (opts.mirror ?? 'auto') !== 'off',
        clearMouth,
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
            analysis: placed,
            range: opts.contextRange ?? read,
            ...(opts.track !== undefined ? { track: opts.track } : {}),
            sources: matched.sources,
            choices: matched.choices,
            smoothingSigma: opts.smoothingSigma ?? 2,
            expression,
            ...(opts.expressionMouth ? { expressionMouth: opts.expressionMouth } : {}),
            predict: (pairs) => net.predict(pairs),
          })
        : computePlacements({
            analysis: placed,
            range: opts.contextRange ?? read,
            ...(opts.track !== undefined ? { track: opts.track } : {}),
            sourceKeypoints: source.normal.keypoints,
            mirroredKeypoints: source.mirrored.keypoints,
            mirror: opts.mirror ?? 'auto',
            smoothingSigma: opts.smoothingSigma ?? 2,
            expression,
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
    const sheet = opts.contactSheet
      ? new ContactSheet(
          range,
          opts.contactSheet.frames ?? 12,
          size.width,
          size.height,
          info.frameRate,
          info.startTimecode,
        )
      : null;
    let done = 0;
    let warpsReused = 0;
    const drainOne = async () => {
      const r = await inFlight.shift()!;
      const index = inFlightIndex.shift()!;
      const data = 'matte' in r ? r.frame.data : r.data;
      sheet?.keepSwapped(index, 'matte' in r ? r.frame : r);
      if ('matte' in r) {
        times.warp += r.warpMs;
        times.composite += r.compositeMs;
        warpsReused += r.reusedWarps;
      }
      const t = performance.now();
      await out.write(data);
      times.encode += performance.now() - t;
      done++;
      opts.onProgress?.(eta.update(done));
    };
    // Each frame with a face goes through two jobs: its faces' colour statistics, then (once the frames
    // `radius` ahead have theirs) the swap with the statistics smoothed along each track. Frames outside
    // the range only give statistics. Without colour transfer, frames go straight to the swap.
    const statsByTrack = new Map<string, Map<number, ColorStatsPair | null>>();
    const waiting: { index: number; faces: FaceInFrame[]; ready: Promise<RawFrame> }[] = [];
    const inRange = (f: number) => f >= range.start && f < range.end;
    const release = async () => {
      const e = waiting.shift()!;
      const frame = await e.ready;
      if (!inRange(e.index)) return;
      sheet?.keepTarget(e.index, frame);
      inFlightIndex.push(e.index);
      if (e.faces.length > 0) {
        swapped++;
        const faces = radius > 0 ? withSmoothedColor(e.faces, e.index, statsByTrack) : e.faces;
        const job = swapper.swap(frame, faces, e.index);
        job.catch(() => undefined); // awaited in order by drainOne; this only marks it handled meanwhile
        inFlight.push(job);
      } else {
        passed++;
        if (alpha) for (let o = 3; o < frame.data.length; o += 4) frame.data[o] = 0;
        inFlight.push(Promise.resolve(frame));
      }
      while (inFlight.length >= swapper.capacity) await drainOne();
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
      let ready: Promise<RawFrame> = Promise.resolve(frame);
      if (radius > 0 && faces.length > 0) {
        ready = swapper.stats(frame, faces, frame.index).then((r) => {
          recordColorStats(statsByTrack, faces, frame.index, r.stats);
          times.warp += r.warpMs; // the swap reuses these warps (warp-cache.ts)
          return { ...frame, data: r.frame.data };
        });
        ready.catch(() => undefined); // awaited in order by release; this only marks it handled meanwhile
      }
      waiting.push({ index: frame.index, faces, ready });
      // A frame is swapped once the statistics of the frames up to `radius` after it are in.
      while (waiting.length > radius) {
        await Promise.all(waiting.slice(0, radius + 1).map((w) => w.ready));
        await release();
      }
    }
    while (waiting.length > 0) {
      await Promise.all(waiting.map((w) => w.ready));
      await release();
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
      warpsReused,
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
