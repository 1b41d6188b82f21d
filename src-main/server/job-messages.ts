// Messages between the job runner (engine process) and its worker threads.
import type { Progress } from '../../src-shared/progress.ts';
import type { OutputFormat } from '../../src-shared/media.ts';
import type { Interpolation, Keyframe, SwapSettings } from '../../src-shared/project/schema.ts';
import type { DepthJobSpec } from './depth-job.ts';
import type { CleanupTrainJobSpec } from '../cleanup/cleanup-job.ts';

export interface AnalysisJobSpec {
  kind: 'analysis';
  clipPath: string;
  start?: number;
  end?: number;
  outPath: string;
  /** Merge into the analysis already at outPath instead of replacing it. */
  retrack?: boolean;
}

/** A swap render (the final export, or a one-frame preview through the same code path). */
export interface RenderJobSpec {
  kind: 'render' | 'preview';
  target: string;
  source: string;
  sourceFrame: number;
  out: string;
  format: OutputFormat;
  start: number;
  end: number;
  /** Keep the clip's audio and start timecode (shifted to `start`) in the output. */
  audio: boolean;
  timecode: boolean;
  swap: SwapSettings;
  /** The clip's analysis file (edits are applied to its primary track), or null to analyse now. */
  analysisPath: string | null;
  keyframes: Keyframe[];
  interpolation: Interpolation;
  modelDir: string;
  overwrite: boolean;
  /** Where the source face's detection is kept and reused (the server's state folder). */
  stateDir: string;
}

export type JobSpec = AnalysisJobSpec | RenderJobSpec | DepthJobSpec | CleanupTrainJobSpec;

export type WorkerMessage =
  | { type: 'progress'; progress: Progress }
  | { type: 'done'; outputPath: string }
  | { type: 'failed'; error: string; cancelled: boolean };

export type ParentMessage = { type: 'cancel' };
