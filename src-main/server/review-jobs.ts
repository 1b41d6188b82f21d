// The studio's review jobs in the job worker, run from the job's render spec (validated again at this
// boundary) and written as JSON for their load method: the source-face check (render/source-report.ts,
// 'source.checkLoad') and the pose-matched source frames (render/source-frames-report.ts,
// 'source.framesLoad').
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { parseRenderSpec } from '../../src-shared/render/spec.ts';
import { SourceCheckSchema, SourceFramesSchema } from '../../src-shared/api/schemas.ts';
import type { ProgressListener } from '../../src-shared/progress.ts';
import { sourceReport } from '../render/source-report.ts';
import { sourceFramesReport } from '../render/source-frames-report.ts';
import { writeFileAtomic } from '../util/atomic-write.ts';
import type { SourceCheckJobSpec, SourceFramesJobSpec } from './job-messages.ts';

async function writeJson(out: string, value: unknown): Promise<string> {
  await mkdir(path.dirname(out), { recursive: true });
  await writeFileAtomic(out, JSON.stringify(value));
  return out;
}

export async function runSourceCheck(job: SourceCheckJobSpec, signal: AbortSignal): Promise<string> {
  const spec = parseRenderSpec(job.spec, 'source check job');
  return writeJson(
    job.out,
    SourceCheckSchema.parse(await sourceReport(spec, { stateDir: job.stateDir, signal })),
  );
}

export async function runSourceFrames(
  job: SourceFramesJobSpec,
  signal: AbortSignal,
  onProgress: ProgressListener,
): Promise<string> {
  const spec = parseRenderSpec(job.spec, 'source frames job');
  const report = await sourceFramesReport(spec, { stateDir: job.stateDir, signal, onProgress });
  return writeJson(job.out, SourceFramesSchema.parse(report));
}
