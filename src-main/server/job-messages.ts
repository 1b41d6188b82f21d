// Messages between the job runner (engine process) and its worker threads.
import type { Progress } from '../../src-shared/progress.ts';

export interface AnalysisJobSpec {
  kind: 'analysis';
  clipPath: string;
  start?: number;
  end?: number;
  outPath: string;
}

export type JobSpec = AnalysisJobSpec;

export type WorkerMessage =
  | { type: 'progress'; progress: Progress }
  | { type: 'done'; outputPath: string }
  | { type: 'failed'; error: string; cancelled: boolean };

export type ParentMessage = { type: 'cancel' };
