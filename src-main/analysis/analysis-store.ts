// Analysis files on disk: validated load, guarded and locked saves, and re-analysis that computes only what
// is missing.
//
//   const file = await loadAnalysis(path);   // zod-validated; throws an error naming the problem
//   await guardAnalysisOutput(path, { clip, identity, inputs, overwrite, label }); // util/write-guard.ts rules
//   const merged = await mergeIntoAnalysisFile(path, [part]);  // under a lock: what another process added
//                                                              // meanwhile is kept, never lost
//   const r = await analyzeClipCached(analyzer, clip, outPath, { range, mode, onProgress, signal });
//     -> { analysis, computed: FrameRange[], reason } (computed = [] when the file already covered the range)
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../util/atomic-write.ts';
import { withFileLock } from '../util/file-lock.ts';
import { checkWrite, WriteRefusedError, type WritePlan } from '../util/write-guard.ts';
import {
  parseAnalysis,
  validateAnalysis,
  type AnalysisFile,
  type ClipIdentity,
} from '../../src-shared/analysis/schema.ts';
import { mergeAnalysis, subtractRanges } from '../../src-shared/analysis/merge.ts';
import { checkRange, type FrameRange } from '../../src-shared/frame-range.ts';
import type { FaceAnalyzer, AnalyzeClipOptions } from './face-analyzer.ts';
import { probe } from '../media/probe.ts';
import { clipIdentity, sameClip } from './clip-identity.ts';
import { DEFAULT_DETECT_EVERY } from './analysis-file.ts';

export async function loadAnalysis(file: string): Promise<AnalysisFile> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new Error(`analysis file not found: ${file}`);
    if (code === 'EISDIR') throw new Error(`${file} is a folder, not an analysis file`);
    throw new Error(`cannot read the analysis file ${file} (${code ?? 'error'})`);
  }
  return parseAnalysis(text, file);
}

/** Keypoints to 1/1000 px: a third of the file size, far below any tool's precision. */
function roundFractions(_key: string, value: unknown): unknown {
  return typeof value === 'number' && !Number.isInteger(value) ? Math.round(value * 1000) / 1000 : value;
}

/**
 * Writes an analysis atomically (the caller has checked the path with the write guard). It is validated
 * first, with the same rules as a load: nothing is saved that could not be read back.
 */
export async function saveAnalysis(file: string, data: AnalysisFile): Promise<void> {
  validateAnalysis(data, `the analysis for ${file}`);
  await writeFileAtomic(file, JSON.stringify(data, roundFractions) + '\n');
}

/** Reads, changes and saves an analysis file under its lock (an edit while a render extends it). */
export async function updateAnalysisFile(
  file: string,
  change: (current: AnalysisFile) => AnalysisFile,
): Promise<AnalysisFile> {
  return withFileLock(file, async () => {
    const next = change(await loadAnalysis(file));
    await saveAnalysis(file, next);
    return next;
  });
}

function compatible(a: AnalysisFile, b: AnalysisFile): boolean {
  return (
    sameClip(a.clip, b.clip) &&
    a.settings.mode === b.settings.mode &&
    a.settings.detectEvery === b.settings.detectEvery
  );
}

const covers = (outer: readonly FrameRange[], inner: readonly FrameRange[]) =>
  inner.every((r) => outer.some((o) => o.start <= r.start && o.end >= r.end));

/**
 * Adds newly analysed parts to the analysis file under its lock: the file is read again inside the lock, so
 * ranges another render or studio job saved meanwhile are kept. A part that covers all the file holds
 * replaces it; a file of another clip or other settings is replaced. Returns what was written.
 */
export async function mergeIntoAnalysisFile(
  file: string,
  parts: readonly AnalysisFile[],
): Promise<AnalysisFile> {
  if (parts.length === 0) throw new Error('nothing to save');
  return withFileLock(file, async () => {
    let acc: AnalysisFile | null = existsSync(file) ? await loadAnalysis(file) : null;
    if (acc && !compatible(acc, parts[0]!)) acc = null;
    for (const p of parts) {
      acc = acc && !covers(p.ranges, acc.ranges) ? mergeAnalysis(acc, p) : p;
    }
    await saveAnalysis(file, acc!);
    return acc!;
  });
}

export interface AnalysisOutputCheck {
  /** Identity of the clip being analysed. */
  identity: ClipIdentity;
  /** Every input of the operation (the clip itself is added as 'clip'). */
  inputs?: WritePlan['inputs'];
  /** Replace an analysis of another clip. */
  overwrite?: boolean;
  label?: string;
}

/**
 * The write guard for an analysis file that is read and extended: never an input, never another kind of
 * file, never an analysis this build cannot read (its problem is named), and an analysis of another clip
 * only with overwrite. Returns the existing analysis when it is one of this clip, else null.
 */
export async function guardAnalysisOutput(
  file: string,
  check: AnalysisOutputCheck,
): Promise<AnalysisFile | null> {
  const label = check.label ?? 'the analysis file';
  await checkWrite(file, {
    kind: 'analysis',
    inputs: { clip: check.identity.path, ...check.inputs },
    update: true,
    label,
  });
  if (!existsSync(file)) return null;
  const existing = await loadAnalysis(file);
  if (path.resolve(existing.clip.path) !== path.resolve(check.identity.path) && !check.overwrite) {
    throw new WriteRefusedError(
      `${label} ${file} holds the analysis of another clip (${existing.clip.path}): it is not replaced; choose another file or pass --overwrite`,
    );
  }
  return existing;
}

export interface CachedResult {
  analysis: AnalysisFile;
  /** Ranges computed now (empty: everything was already in the file). */
  computed: FrameRange[];
  /** Why the existing file was (partly) discarded or reused. */
  reason: string;
}

/**
 * An analyzer, or a function that creates one when first needed: loading TF.js and the face models costs
 * ~0.5 s, which a render whose analysis is all in the file should not pay.
 */
export type AnalyzerSource = FaceAnalyzer | (() => Promise<FaceAnalyzer>);

export function getAnalyzer(source: AnalyzerSource): Promise<FaceAnalyzer> {
  return typeof source === 'function' ? source() : Promise.resolve(source);
}

/**
 * The face analyzer, created on first use only (a render whose analyses are all in files never loads TF.js
 * or the face models), and disposed by `dispose` when created here (a given one is the caller's).
 */
export function lazyAnalyzer(given?: AnalyzerSource): { get: () => Promise<FaceAnalyzer>; dispose(): void } {
  let created: Promise<FaceAnalyzer> | null = null;
  return {
    get: () => {
      if (given) return getAnalyzer(given);
      created ??= import('./face-analyzer.ts').then((m) => m.createFaceAnalyzer());
      return created;
    },
    dispose: () => {
      void created?.then(
        (a) => a.dispose(),
        () => undefined,
      );
      created = null;
    },
  };
}

export interface CachedAnalysisOptions extends AnalyzeClipOptions {
  /** Other inputs of the operation (never written over), e.g. a swap's source face. */
  inputs?: WritePlan['inputs'];
  /** Replace an analysis of another clip at `outPath`. */
  overwrite?: boolean;
  /** How the user named outPath, for messages (e.g. '--analysis'). */
  label?: string;
}

/**
 * Analyses the frames of `range` that `outPath` does not hold yet (all of them when the clip changed); the
 * analyzer is only asked for when something is missing. `outPath` is checked by guardAnalysisOutput before
 * any work, and saved with mergeIntoAnalysisFile.
 */
export async function analyzeClipCached(
  analyzer: AnalyzerSource,
  clip: string,
  outPath: string,
  opts: CachedAnalysisOptions = {},
): Promise<CachedResult> {
  const { inputs, overwrite, label, ...clipOpts } = opts;
  const info = opts.info ?? (await probe(clip, opts.signal ? { signal: opts.signal } : {}));
  const identity = await clipIdentity(clip, info);
  const range = checkRange(opts.range, info.frameCount);
  const old = await guardAnalysisOutput(outPath, {
    identity,
    ...(inputs ? { inputs } : {}),
    ...(overwrite !== undefined ? { overwrite } : {}),
    ...(label !== undefined ? { label } : {}),
  });
  let base: AnalysisFile | null = null;
  let reason = 'no previous analysis';
  // Settings not asked for follow the file's, so that a file is extended, never replaced for a default.
  const mode = opts.mode ?? old?.settings.mode ?? 'tracking';
  const every = opts.detectEvery ?? old?.settings.detectEvery ?? DEFAULT_DETECT_EVERY;
  clipOpts.mode = mode;
  clipOpts.detectEvery = every;
  if (old) {
    if (!sameClip(old.clip, identity)) reason = 'the clip changed since the previous analysis';
    else if (old.settings.mode !== mode || old.settings.detectEvery !== every) reason = 'different settings';
    else {
      base = old;
      reason = 'reused the previous analysis';
    }
  }
  const missing = base ? subtractRanges(range, base.ranges) : [range];
  if (missing.length === 0 && base) return { analysis: base, computed: [], reason };
  const parts: AnalysisFile[] = [];
  for (const part of missing) {
    parts.push(await (await getAnalyzer(analyzer)).analyzeClip(clip, { ...clipOpts, info, range: part }));
  }
  const analysis = await mergeIntoAnalysisFile(outPath, parts);
  return { analysis, computed: missing, reason };
}
