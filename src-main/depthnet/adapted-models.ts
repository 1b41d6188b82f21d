// Where the studio keeps the DepthNet adapted to a source clip, and which model a render uses: the shipped
// one, or (project setting "depth model: adapted") the one adapted to the project's source.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SwapSettings } from '../../src-shared/project/schema.ts';

/** `<stateDir>/depthnet/<name>-<hash of the source's absolute path>/`. */
export function adaptedModelDir(stateDir: string, source: string): string {
  const abs = path.resolve(source);
  const tag = createHash('sha1').update(abs).digest('hex').slice(0, 12);
  const name = path
    .basename(abs)
    .replace(/[^\w.-]+/g, '_')
    .slice(0, 40);
  return path.join(stateDir, 'depthnet', `${name}-${tag}`);
}

export function hasAdaptedModel(stateDir: string, source: string): boolean {
  return existsSync(path.join(adaptedModelDir(stateDir, source), 'depthnet.json'));
}

/** The model folder a render or depth view uses for this source; throws when "adapted" has none yet. */
export function depthModelFor(
  shippedDir: string,
  stateDir: string,
  swap: Pick<SwapSettings, 'depthModel'>,
  source: string,
): string {
  if (swap.depthModel !== 'adapted') return shippedDir;
  if (!hasAdaptedModel(stateDir, source))
    throw new Error(
      `the depth model is set to "adapted to this source" but ${path.basename(source)} has no adapted model: run "Adapt to source" first`,
    );
  return adaptedModelDir(stateDir, source);
}

/** One line of what the adaptation measured (from adapt-report.json), or null. */
export async function adaptedSummary(stateDir: string, source: string): Promise<string | null> {
  try {
    const r = JSON.parse(
      await readFile(path.join(adaptedModelDir(stateDir, source), 'adapt-report.json'), 'utf8'),
    ) as { frames?: number; accepted?: boolean; guard?: { reason?: string } };
    return `${r.accepted ? 'adapted' : 'refused'} on ${r.frames ?? '?'} frames; ${r.guard?.reason ?? ''}`;
  } catch {
    return null;
  }
}

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The AFLW2000-3D data the adaptation replays and is guarded on: $DEPTHSWAP_DATA or ../shared/data. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(env['DEPTHSWAP_DATA'] ?? path.join(REPO_ROOT, '..', 'shared', 'data'));
}
