// Messages between the job runner (engine process) and its worker threads.
import type { Progress } from '../../src-shared/progress.ts';
import type { RenderSpec } from '../../src-shared/render/spec.ts';
import type { DepthJobSpec } from './depth-job.ts';
import type { AdaptJobSpec } from './adapt-job.ts';
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

/**
 * A swap render (the final export, a preview through the same code path, or a contact sheet: a render at
 * the proxy's size into the state folder whose job output is the sheet PNG).
 */
export interface RenderJobSpec {
  kind: 'render' | 'preview' | 'contact-sheet';
  /** Validated again in the worker (src-shared/render/spec.ts). */
  spec: RenderSpec;
  modelDir: string;
  overwrite: boolean;
  /** Where analyses and the source face's detection are kept and reused (the server's state folder). */
  stateDir: string;
  /** A preview at the scrub proxy's size ('proxy') or the clip's ('full', the default). */
  resolution?: 'full' | 'proxy';
  /** Also write the review contact sheet (contact-sheet.ts): `frames` evenly spaced frames, PNG. */
  contactSheet?: { path: string; frames: number };
}

/** The source face checked against the clip over the spec's range (render/source-report.ts), as JSON. */
export interface SourceCheckJobSpec {
  kind: 'source-check';
  spec: RenderSpec;
  stateDir: string;
  out: string;
}

/** The scrub proxy of a clip (src-main/proxy/make-proxy.ts). */
export interface ProxyJobSpec {
  kind: 'proxy';
  clipPath: string;
  stateDir: string;
}

/** The pose-matched source frame of every target frame (render/source-frames-report.ts), as JSON. */
export interface SourceFramesJobSpec {
  kind: 'source-frames';
  spec: RenderSpec;
  stateDir: string;
  out: string;
}

export type JobSpec =
  | AnalysisJobSpec
  | RenderJobSpec
  | DepthJobSpec
  | ProxyJobSpec
  | AdaptJobSpec
  | CleanupTrainJobSpec
  | SourceCheckJobSpec
  | SourceFramesJobSpec;

export type WorkerMessage =
  | { type: 'progress'; progress: Progress }
  | { type: 'done'; outputPath: string }
  | { type: 'failed'; error: string; cancelled: boolean };

export type ParentMessage = { type: 'cancel' };
