// The source-face panel's state slice: results of the engine's source-face check (render/source-report.ts)
// and of the pose-matched source frames (render/source-frames-report.ts) by key, and the job asked for each
// key, so the Inspector and the export dialog show the same answer without asking twice.
import type { SourceCheck, SourceFrames } from '../../../src-shared/api/schemas.ts';

export interface SourceCheckSlice {
  sourceChecks: Record<string, SourceCheck>;
  sourceFrameChoices: Record<string, SourceFrames>;
  /** The job of each key asked for (its status is in the jobs; '' while it is being started). */
  sourceCheckJobs: Record<string, string>;
}

export function initialSourceCheck(): SourceCheckSlice {
  return { sourceChecks: {}, sourceFrameChoices: {}, sourceCheckJobs: {} };
}
