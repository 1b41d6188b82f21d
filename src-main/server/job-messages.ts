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

/** A swap render (the final export, or a one-frame preview through the same code path). */
export interface RenderJobSpec {
  kind: 'render' | 'preview';
  /** Validated again in the worker (src-shared/render/spec.ts). */
  spec: RenderSpec;
  modelDir: string;
  overwrite: boolean;
  /** Where analyses and the source face's detection are kept and reused (the server's state folder). */
  stateDir: string;
  /** A preview at the scrub proxy's size ('proxy') or the clip's ('full', the default). */
  resolution?: 'full' | 'proxy';
}

/** The scrub proxy of a clip (src-main/proxy/make-proxy.ts). */
export interface ProxyJobSpec {
  kind: 'proxy';
  clipPath: string;
  stateDir: string;
}

export type JobSpec =
  AnalysisJobSpec | RenderJobSpec | DepthJobSpec | ProxyJobSpec | AdaptJobSpec | CleanupTrainJobSpec;

export type WorkerMessage =
  | { type: 'progress'; progress: Progress }
  | { type: 'done'; outputPath: string }
  | { type: 'failed'; error: string; cancelled: boolean };

export type ParentMessage = { type: 'cancel' };
