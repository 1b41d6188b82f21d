// The one place that decides whether an operation may write a path. Every command and API call that writes
// asks here first (then writes through util/atomic-write.ts or the frame writer's partial):
//
//   const out = await checkWrite(values.out, {
//     kind: 'media',                                   // what is being written
//     inputs: { target: opts.target, source: opts.source, analysis: opts.analysisFile },
//     overwrite: values.overwrite,                     // the user said --overwrite
//     label: '--out',                                  // how the user named it (for the message)
//   });                                                 // -> absolute path, or throws WriteRefusedError
//
// Rules, in order (the first that applies decides):
//  1. Never an input of the operation: compared by real path (symlinks resolved) and by device + inode
//     (hard links), whatever --overwrite says.
//  2. Never a folder, and the folder the file goes in must exist and be writable.
//  3. Never a file of another kind than the one being written (kind sniffed from the bytes, not the name:
//     a clip named notes.json is media). An analysis or project this build cannot read (corrupt, or from a
//     newer version) counts as another kind: it is kept for the build that can.
//  4. An existing file of exactly this kind only with `overwrite` (the user said so) or `update` (the
//     operation extends this very file: an analysis of the same clip, a project saved over itself).
//
// Which entry point to use (new commands such as `render` and `queue` included):
//  - an encode: media/output-path.ts checkOutputPath(out, format, { inputs, overwrite }) (the frame
//    writer calls it; pass every file the job reads as `inputs`);
//  - an analysis: analysis/analysis-store.ts guardAnalysisOutput / analyzeClipCached (adds the clip-identity
//    rule), then mergeIntoAnalysisFile (locked merge) or saveAnalysis;
//  - a project: project/project-file.ts writeProjectFile(path, project, now, { existing, inputs });
//  - anything else (a job spec, a report, .pts): checkWrite here, then util/atomic-write.ts writeFileAtomic.
// A refusal is a WriteRefusedError (the CLI exits 1 with its message; the API returns it as the error).
import { access, readFile, realpath, stat } from 'node:fs/promises';
import { constants } from 'node:fs';
import path from 'node:path';
import { ANALYSIS_VERSION, parseAnalysis } from '../../src-shared/analysis/schema.ts';
import { describeKind, sniffKind } from './file-kind.ts';
import { parseProjectText } from '../../src-shared/project/migrate.ts';

/** The kinds an operation writes. */
export type WriteKind = 'media' | 'image' | 'analysis' | 'project' | 'pts' | 'json';

export interface WritePlan {
  kind: WriteKind;
  /** Every file the operation reads, by role ('target', 'source', ...); missing entries are skipped. */
  inputs?: Readonly<Record<string, string | null | undefined>>;
  /** The user asked to replace an existing file of the same kind (--overwrite, --force). */
  overwrite?: boolean;
  /** The operation updates the existing file in place (extend an analysis, re-save a project). */
  update?: boolean;
  /** How the user named this path, e.g. '--out' (default: 'the output'). */
  label?: string;
  /** The option that says "replace it" (default '--overwrite'; `project new` has --force). */
  overwriteFlag?: string;
}

/** A write refused to protect a file; the message names the file, why, and what to do. */
export class WriteRefusedError extends Error {
  override name = 'WriteRefusedError';
}

/** Why this build cannot keep working with an existing analysis or project file, or null when it can. */
async function unreadableReason(file: string, kind: 'analysis' | 'project'): Promise<string | null> {
  const text = await readFile(file, 'utf8');
  try {
    if (kind === 'analysis') {
      const version = /"version"\s*:\s*(\d+)/.exec(text.slice(0, 4096))?.[1];
      if (version !== undefined && Number(version) > ANALYSIS_VERSION) {
        return `it was written by a newer DepthSwap (analysis version ${version}; this build reads ${ANALYSIS_VERSION})`;
      }
      parseAnalysis(text, 'it');
    } else parseProjectText(text);
    return null;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

async function sameFile(a: string, b: string): Promise<boolean> {
  const [ra, rb] = await Promise.all([
    realpath(a).catch(() => path.resolve(a)),
    realpath(b).catch(() => path.resolve(b)),
  ]);
  if (ra === rb) return true;
  const [sa, sb] = await Promise.all([stat(a).catch(() => null), stat(b).catch(() => null)]);
  return sa !== null && sb !== null && sa.dev === sb.dev && sa.ino === sb.ino;
}

/** Throws WriteRefusedError unless `target` may be written by this operation; returns its absolute path. */
export async function checkWrite(target: string, plan: WritePlan): Promise<string> {
  const abs = path.resolve(target);
  const label = plan.label ?? 'the output';
  for (const [role, input] of Object.entries(plan.inputs ?? {})) {
    if (input && (await sameFile(abs, input))) {
      throw new WriteRefusedError(
        `${label} would overwrite the input ${abs} (the ${role} of this operation); inputs are never written over: choose another name`,
      );
    }
  }
  const dir = path.dirname(abs);
  const dirStat = await stat(dir).catch(() => null);
  if (!dirStat?.isDirectory()) throw new WriteRefusedError(`${label}: output folder does not exist: ${dir}`);
  await access(dir, constants.W_OK).catch(() => {
    throw new WriteRefusedError(`${label}: output folder is not writable: ${dir}`);
  });
  const existing = await sniffKind(abs);
  if (existing === null) return abs;
  const sameKind =
    existing === plan.kind ||
    existing === 'empty' ||
    (plan.kind === 'json' && existing === 'json') ||
    (plan.kind === 'pts' && existing === 'pts');
  if (!sameKind) {
    throw new WriteRefusedError(
      `${label} ${abs} is ${describeKind(existing)}, not ${describeKind(plan.kind)}: it is not replaced; choose another name`,
    );
  }
  if (existing === 'analysis' || existing === 'project') {
    const why = await unreadableReason(abs, existing);
    if (why !== null) {
      throw new WriteRefusedError(
        `${label} ${abs} is ${describeKind(existing)} this build cannot read (${why}): it is kept as it is; choose another name`,
      );
    }
  }
  if (!plan.overwrite && !plan.update) {
    throw new WriteRefusedError(
      `${label} already exists: ${abs} (pass ${plan.overwriteFlag ?? '--overwrite'} to replace it)`,
    );
  }
  return abs;
}
