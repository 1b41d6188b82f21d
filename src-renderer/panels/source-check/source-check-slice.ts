// The source-face check's state slice: results of the engine's check (render/source-report.ts) by check
// key, and the key being checked now, so the Inspector and the export dialog show the same answer without
// asking twice.
import type { SourceCheck } from '../../../src-shared/api/schemas.ts';

export interface SourceCheckSlice {
  sourceChecks: Record<string, SourceCheck>;
  /** The check job of each key asked for (its status is in the jobs; '' while it is being started). */
  sourceCheckJobs: Record<string, string>;
}

export function initialSourceCheck(): SourceCheckSlice {
  return { sourceChecks: {}, sourceCheckJobs: {} };
}
