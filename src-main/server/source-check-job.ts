// The source-face check in the job worker: render/source-report.ts run from the job's render spec
// (validated again at this boundary), written as JSON for 'source.checkLoad'.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { parseRenderSpec } from '../../src-shared/render/spec.ts';
import { SourceCheckSchema } from '../../src-shared/api/schemas.ts';
import { sourceReport } from '../render/source-report.ts';
import { writeFileAtomic } from '../util/atomic-write.ts';
import type { SourceCheckJobSpec } from './job-messages.ts';

export async function runSourceCheck(job: SourceCheckJobSpec, signal: AbortSignal): Promise<string> {
  const spec = parseRenderSpec(job.spec, 'source check job');
  const report = SourceCheckSchema.parse(await sourceReport(spec, { stateDir: job.stateDir, signal }));
  await mkdir(path.dirname(job.out), { recursive: true });
  await writeFileAtomic(job.out, JSON.stringify(report));
  return job.out;
}
