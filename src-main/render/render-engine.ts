// The one place a render runs from its spec (src-shared/render/spec.ts): the studio's Render now (through
// the job worker), `depthswap render`, every chunk of a queued job and a farm task call runRenderSpec.
// It checks the referenced files exist, takes the clip's analysis (the project's, else the whole clip
// analysed once into the state folder), applies the keypoint edits to the primary face, and swaps the
// part asked for with the temporal context of the whole analysed span (context.ts), so parts add up.
import { depthModelFor } from '../depthnet/adapted-models.ts';
import { cleanupModelPath } from '../farm/preflight.ts';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseAnalysis, type AnalysisFile } from '../../src-shared/analysis/schema.ts';
import { readFile } from 'node:fs/promises';
import type { FrameRange } from '../../src-shared/frame-range.ts';
import { maskOptions } from '../../src-shared/project/schema.ts';
import type { RenderSpec } from '../../src-shared/render/spec.ts';
import type { ProgressListener } from '../../src-shared/progress.ts';
import { probe } from '../media/probe.ts';
import { displaySize } from '../media/frame-reader.ts';
import { proxySizeOf } from '../proxy/proxy-path.ts';
import { lazyAnalyzer, loadAnalysis, type AnalyzerSource } from '../analysis/analysis-store.ts';
import { swapClip, type SwapSummary } from '../swap/swap-clip.ts';
import { analyseTarget, cachedAnalysisPath, findSourceFace } from '../swap/swap-analysis.ts';
import { applyEdits } from './edited-analysis.ts';
import { withPrimaryChain } from './primary-face.ts';
import { contextRange } from './context.ts';
import { segmentTag } from './segment-tag.ts';

export interface RenderRunOptions {
  modelDir: string;
  /** The state folder: analysis cache, source-face detections. */
  stateDir: string;
  /** Render only this part of spec.range (a chunk); default the whole range. */
  part?: FrameRange;
  /** Write here instead of spec.out (a chunk's temporary segment). */
  out?: string;
  /**
   * Write a lossless intermediate (`out` ends in .mkv) instead of the preset's format: a chunk of a job whose
   * format is not intra-only (H.264), encoded once at the join (render/intermediate.ts). No audio, no timecode.
   */
  intermediate?: boolean;
  /** Override the preset's audio / timecode (a chunk segment carries neither: the join adds them). */
  audio?: boolean;
  timecode?: boolean;
  overwrite?: boolean;
  /**
   * Where a clip without a usable analysis is analysed: the whole clip (default; every chunk then sees the
   * same tracks) or only the part (a one-frame preview of a clip not analysed yet).
   */
  analyse?: 'clip' | 'part';
  /**
   * Bound the temporal context to this many frames either side of the part (a preview of a long clip stays
   * quick; it may then differ from the final render where a mirror choice depends on older frames).
   * Default: unbounded, as every render and chunk must be.
   */
  contextMargin?: number;
  /**
   * 'proxy': decode, swap and encode at the scrub proxy's size (longest side 960 px; the studio's Preview
   * I-O default, faster); 'full' (default): the clip's size, as every export.
   */
  resolution?: RenderResolution;
  /** Also write the review contact sheet of the part (swap/contact-sheet.ts). */
  contactSheet?: { path: string; frames?: number };
  threads?: number;
  analyzer?: AnalyzerSource;
  signal?: AbortSignal;
  onProgress?: ProgressListener;
}

export type RenderResolution = 'full' | 'proxy';

export interface RenderResult {
  out: string;
  part: FrameRange;
  summary: SwapSummary;
  /** Frames whose analysis the temporal steps looked at. */
  context: FrameRange;
  /** Keyframes applied (0: none). */
  keyframes: number;
  /** The cleanup model folder applied (the clip's setting, resolved), or null for none. */
  cleanupModel: string | null;
}

export class MissingInputError extends Error {
  override name = 'MissingInputError';
}

/** Every file the render reads must be there (a farm node sees the media at the same paths, or not). */
export function checkInputs(spec: RenderSpec): void {
  const files: [string, string][] = [
    ['clip', spec.target],
    ['source face', spec.source.path],
  ];
  if (spec.analysis) files.push(['analysis', spec.analysis]);
  for (const [what, file] of files) {
    if (!existsSync(file))
      throw new MissingInputError(`the ${what} file is missing on this machine: ${file}`);
  }
}

function inside(part: FrameRange, range: FrameRange): boolean {
  return part.start >= range.start && part.end <= range.end && part.end > part.start;
}

async function targetAnalysis(
  spec: RenderSpec,
  frameCount: number,
  opts: RenderRunOptions,
  info: Awaited<ReturnType<typeof probe>>,
): Promise<AnalysisFile> {
  if (spec.analysis) {
    const stored = parseAnalysis(await readFile(spec.analysis, 'utf8'), spec.analysis);
    const part = opts.part ?? spec.range;
    if (contextRange(stored, part)) return stored;
  }
  // Not analysed (or not over this part): the whole clip, once, into the state folder, so every chunk of a
  // job sees the same tracks whichever runs first.
  const file = cachedAnalysisPath(opts.stateDir, spec.target);
  const analyzer = lazyAnalyzer(opts.analyzer);
  try {
    const r = await analyseTarget(analyzer.get, spec.target, {
      file,
      range: opts.analyse === 'part' ? (opts.part ?? spec.range) : { start: 0, end: frameCount },
      info,
      ...(opts.signal ? { signal: opts.signal } : {}),
      ...(opts.onProgress ? { onProgress: (p) => opts.onProgress?.({ ...p, stage: 'analyse' }) } : {}),
    });
    // What the file holds (keypoints rounded to 1/1000 px), not the in-memory result: the first render and
    // every later one (another chunk, another runner) then see the very same numbers.
    return r.file ? await loadAnalysis(r.file) : r.analysis;
  } finally {
    analyzer.dispose();
  }
}

/**
 * The source face's detection is kept in the state folder with its keypoints rounded to 1/1000 px; the
 * render that first detects it would otherwise use the unrounded ones and differ (slightly) from every
 * later render. Detect and save it first, so the swap always reads it from the file.
 */
async function sourceDetected(spec: RenderSpec, opts: RenderRunOptions): Promise<void> {
  const file = cachedAnalysisPath(opts.stateDir, spec.source.path);
  if (!file || existsSync(file)) return;
  const analyzer = lazyAnalyzer(opts.analyzer);
  try {
    await findSourceFace(analyzer.get, spec.source.path, {
      file,
      sourceFrame: spec.source.frame,
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
  } finally {
    analyzer.dispose();
  }
}

export async function runRenderSpec(spec: RenderSpec, opts: RenderRunOptions): Promise<RenderResult> {
  const part = opts.part ?? spec.range;
  if (!inside(part, spec.range))
    throw new Error(
      `frames ${part.start}-${part.end - 1} are outside the job's range ${spec.range.start}-${spec.range.end - 1}`,
    );
  checkInputs(spec);
  const sig = opts.signal ? { signal: opts.signal } : {};
  const info = await probe(spec.target, sig);
  if (info.isImage) throw new Error(`the clip must be a video, not a still image: ${spec.target}`);
  if (part.end > info.frameCount)
    throw new Error(
      `frames ${part.start}-${part.end - 1} are outside the clip (frames 0-${info.frameCount - 1})`,
    );
  await sourceDetected(spec, opts);
  const stored = await targetAnalysis(spec, info.frameCount, opts, info);
  const { analysis: chained, track } = withPrimaryChain(stored);
  const analysis = track === null ? chained : applyEdits(chained, track, spec.keyframes, spec.interpolation);
  const full = contextRange(analysis, part) ?? part;
  const margin = opts.contextMargin;
  const context =
    margin === undefined
      ? full
      : { start: Math.max(full.start, part.start - margin), end: Math.min(full.end, part.end + margin) };
  const out = path.resolve(opts.out ?? spec.out);
  const shown = displaySize(info);
  const proxyHeight = opts.resolution === 'proxy' ? proxySizeOf(shown.width, shown.height).height : null;
  // The clip's cleanup model: a folder (absolute, or relative to the project file) or an id in the state folder.
  const cleanupDir = cleanupModelPath(spec.project, spec.swap.cleanupModel, opts.stateDir);
  const summary = await swapClip({
    source: spec.source.path,
    sourceFrame: spec.source.frame,
    target: spec.target,
    out,
    format: spec.preset.format,
    range: part,
    ...(proxyHeight !== null && proxyHeight < shown.height ? { maxHeight: proxyHeight } : {}),
    contextRange: context,
    targetAnalysis: analysis,
    ...(track !== null ? { track } : {}),
    colorTransfer: spec.swap.colorTransfer,
    poisson: spec.swap.poisson,
    mask: maskOptions(spec.swap),
    mirror: spec.swap.mirror,
    expression: spec.swap.expression,
    colorMode: spec.swap.colorMode,
    audio: !opts.intermediate && (opts.audio ?? spec.preset.audio),
    timecode: !opts.intermediate && (opts.timecode ?? spec.preset.timecode),
    metadata: segmentTag(spec, part, opts.intermediate ? 'intermediate' : 'delivery'),
    ...(opts.intermediate ? { intermediate: true } : {}),
    // The DepthNet adapted to this source when the clip's settings say so (depthnet/adapted-models.ts).
    modelDir: depthModelFor(opts.modelDir, opts.stateDir, spec.swap, spec.source.path),
    ...(spec.swap.sourceFrames === 'pose-matched' ? { sourceFrames: 'auto' as const } : {}),
    overwrite: opts.overwrite ?? false,
    stateDir: opts.stateDir,
    ...(opts.contactSheet ? { contactSheet: opts.contactSheet } : {}),
    ...(cleanupDir ? { cleanup: { dir: cleanupDir, strength: spec.swap.cleanupStrength } } : {}),
    ...(opts.threads !== undefined ? { threads: opts.threads } : {}),
    ...(opts.analyzer ? { analyzer: opts.analyzer } : {}),
    ...sig,
    ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
  });
  return {
    out: summary.out,
    part,
    summary,
    context,
    keyframes: track === null ? 0 : spec.keyframes.length,
    cleanupModel: cleanupDir,
  };
}
