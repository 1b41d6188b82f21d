// What swapClip (swap-clip.ts) takes and what it answers: the options of one swap render and its summary
// (frames, stage times, analyses used, source face, warnings). The CLI's --json prints the summary.
import type { AnalyzerSource } from '../analysis/analysis-store.ts';
import type { FrameRange } from '../../src-shared/frame-range.ts';
import type { OutputFormat } from '../../src-shared/media.ts';
import type { AnalysisFile } from '../../src-shared/analysis/schema.ts';
import type { ProgressListener } from '../../src-shared/progress.ts';
import type { MirrorMode } from '../../src-shared/geometry/mirror.ts';
import type { MouthMode } from './expression-track.ts';
import type { ColorMode } from './swap-frame.ts';
import type { MaskOptions } from './face-mask.ts';
import type { SourceFaceSummary } from './source-check.ts';
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
   * Decode the target no taller than this (aspect kept, even width; frame-reader.ts) and swap at that
   * size: the analysis is scaled to match and the output has the smaller size (the studio's proxy-size
   * preview). Absent, or not smaller than the clip: full size, exactly as without it.
   */
  maxHeight?: number;
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
  /**
   * Write a lossless intermediate (.mkv) of a chunk of a `format` job instead of `format`; the join encodes
   * the job's intermediates once (render/intermediate.ts). No audio, no timecode.
   */
  intermediate?: boolean;
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
  /** Face-frames whose swap reused the warp of the frame's colour-statistics pass (warp-cache.ts). */
  warpsReused: number;
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
