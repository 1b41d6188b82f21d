// `depthswap farm export`: writes a farm job's submission files (Deadline or OpenCue) and its job.json into a
// folder; each file atomically, and never over an existing file.
import { chmod, mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../util/atomic-write.ts';
import { deadlineFiles } from './deadline.ts';
import type { FarmJobSpec } from './job-spec.ts';
import { OPENCUE_OUTLINE, opencueOutline } from './opencue.ts';

export function exportFiles(spec: FarmJobSpec): Record<string, string> {
  const files: Record<string, string> = { 'job.json': JSON.stringify(spec, null, 2) + '\n' };
  if (spec.engine === 'deadline') Object.assign(files, deadlineFiles(spec));
  else if (spec.engine === 'opencue') files[OPENCUE_OUTLINE] = opencueOutline(spec);
  else throw new Error(`farm export writes Deadline or OpenCue files, not ${spec.engine} (use farm submit)`);
  return files;
}

export async function writeExport(spec: FarmJobSpec, dir: string): Promise<string[]> {
  const files = exportFiles(spec);
  await mkdir(dir, { recursive: true });
  const targets = Object.keys(files).map((name) => path.join(dir, name));
  for (const t of targets) {
    if (await stat(t).catch(() => null)) throw new Error(`${t} already exists (export into a new folder)`);
  }
  for (const [name, text] of Object.entries(files)) await writeFileAtomic(path.join(dir, name), text);
  for (const t of targets) if (t.endsWith('.sh') || t.endsWith('.py')) await chmod(t, 0o755);
  return targets;
}
