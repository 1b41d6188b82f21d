// The analyses a swap needs, reusing analysis files: the target clip's (tracked faces over the range) and
// the source face's. Files live in a cache folder, not beside the media: source folders are often
// read-only (camera cards, shared volumes) and an output folder is a deliverable that should hold no
// side files. The folder is the one `depthswap serve` uses (`<state dir>/analysis/<name>-<hash>.analysis.json`),
// so a clip analysed in the studio is not analysed again by `depthswap swap`, and the other way round.
//
//   const t = await analyseTarget(analyzer, target, { file, range, info, signal, onProgress });
//   const s = await findSourceFace(analyzer, source, { file, sourceFrame, signal });
import path from 'node:path';
import { accessSync, constants, existsSync, mkdirSync } from 'node:fs';
import type { AnalyzeClipOptions } from '../analysis/face-analyzer.ts';
import { makeAnalysisFile, DEFAULT_MAX_GAP } from '../analysis/analysis-file.ts';
import { buildTrackOutput } from '../../src-shared/analysis/tracking.ts';
import { DEFAULT_ONE_EURO } from '../../src-shared/analysis/one-euro.ts';
import {
  analyzeClipCached,
  getAnalyzer,
  guardAnalysisOutput,
  loadAnalysis,
  saveAnalysis,
  type AnalyzerSource,
} from '../analysis/analysis-store.ts';
import { WriteRefusedError } from '../util/write-guard.ts';
import { clipIdentity, sameClip } from '../analysis/clip-identity.ts';
import { analysisPathFor } from '../util/state-dir.ts';
import { decodeImage } from '../media/image.ts';
import { readFrame, type RawFrame } from '../media/frame-reader.ts';
import { probe } from '../media/probe.ts';
import type { AnalysisFile } from '../../src-shared/analysis/schema.ts';
import type { MediaInfo } from '../../src-shared/media.ts';
import type { Point2 } from '../../src-shared/analysis/pts.ts';
import { chooseSourceFace } from '../../src-shared/geometry/source-face.ts';

export { defaultStateDir } from '../util/state-dir.ts';

/**
 * The analysis file of a clip or image in a state folder (the folder is created when missing), or null when
 * the folder cannot be created (a read-only home on a render node): the swap then runs without the cache.
 */
export function cachedAnalysisPath(stateDir: string, media: string): string | null {
  const file = analysisPathFor(stateDir, media);
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    accessSync(path.dirname(file), constants.W_OK);
  } catch {
    return null;
  }
  return file;
}

export interface TargetAnalysis {
  analysis: AnalysisFile;
  /** The file it was read from / written to (null: not cached). */
  file: string | null;
  /** True when every frame of the range came from the file (nothing analysed now). */
  reused: boolean;
  reason: string;
}

export interface AnalyseTargetOptions extends AnalyzeClipOptions {
  /** The analysis file to reuse and extend (null: none). */
  file: string | null;
  /** True when the user named `file` (--analysis): a file that may not be written is then an error. */
  given?: boolean;
  /** The operation's other inputs (the source face): never written over. */
  inputs?: Readonly<Record<string, string | null | undefined>>;
  overwrite?: boolean;
  /** A one-line notice (the cache file is kept and not used). */
  onWarning?: (line: string) => void;
}

export async function analyseTarget(
  analyzer: AnalyzerSource,
  target: string,
  opts: AnalyseTargetOptions,
): Promise<TargetAnalysis> {
  const { file, given, inputs, overwrite, onWarning, ...clipOpts } = opts;
  const fresh = async (reason: string): Promise<TargetAnalysis> => ({
    analysis: await (await getAnalyzer(analyzer)).analyzeClip(target, clipOpts),
    file: null,
    reused: false,
    reason,
  });
  if (!file) return fresh('no analysis file');
  try {
    const r = await analyzeClipCached(analyzer, target, file, {
      ...clipOpts,
      ...(inputs ? { inputs } : {}),
      ...(overwrite !== undefined ? { overwrite } : {}),
      label: given ? '--analysis' : 'the cached analysis',
    });
    return { analysis: r.analysis, file, reused: r.computed.length === 0, reason: r.reason };
  } catch (err) {
    // A cache file in the state folder that this build cannot use (corrupt, newer version) is kept for
    // whoever can read it, and the render goes on without the cache; a file the user named is an error.
    if (given || !(err instanceof WriteRefusedError)) throw err;
    onWarning?.(`${err.message}; rendering without the analysis cache`);
    return fresh('the cached analysis is unusable');
  }
}

export interface FoundSourceFace {
  picture: RawFrame;
  /** 68 keypoints of the chosen face (source-face.ts: largest first, or `sourceFace`), source pixels. */
  keypoints: Point2[];
  file: string | null;
  reused: boolean;
}

/** The chosen face (source-face.ts, the rule the depth view uses too), or an error with the reason. */
function chosen(
  faces: readonly (readonly Point2[])[],
  index: number,
  source: string,
  allowProfile = false,
): Point2[] {
  const c = chooseSourceFace(faces, index, { allowProfile });
  if (!c.ok)
    throw new Error(
      c.reason === 'no face found'
        ? `no face found in the source ${source}`
        : `source ${source}: ${c.reason}`,
    );
  return c.keypoints;
}

/** Faces of one frame from an analysis file of the same media, or null (absent, stale, unreadable). */
async function storedFaces(file: string, info: MediaInfo, media: string, frame: number) {
  if (!existsSync(file)) return null;
  try {
    const a = await loadAnalysis(file);
    if (!sameClip(a.clip, await clipIdentity(media, info))) return null;
    if (!a.ranges.some((r) => frame >= r.start && frame < r.end)) return null;
    // Raw keypoints: the source is one still picture, its face needs no smoothing over time.
    return (a.frames[String(frame)]?.faces ?? []).filter((f) => !f.interpolated).map((f) => f.raw);
  } catch {
    return null;
  }
}

/**
 * The chosen face of the source (source-face.ts: largest first, or the `sourceFace`-th; an image, or frame `sourceFrame` of a clip). With `file`: an image's
 * detection is read from it when it holds this very image, else detected and saved there; a clip's frame
 * is read from the clip's analysis when one covers it (e.g. from the studio), else detected (the file
 * is then left alone: one detected frame is not a tracked analysis).
 */
export async function findSourceFace(
  analyzer: AnalyzerSource,
  source: string,
  opts: {
    file: string | null;
    sourceFrame?: number;
    sourceFace?: number;
    /** Pose-matched sources: this frame is only the fallback, so a profile is accepted. */
    allowProfile?: boolean;
    signal?: AbortSignal;
    info?: MediaInfo;
    onWarning?: (line: string) => void;
  },
): Promise<FoundSourceFace> {
  const sig = opts.signal ? { signal: opts.signal } : {};
  const info = opts.info ?? (await probe(source, sig));
  const n = info.isImage ? 0 : (opts.sourceFrame ?? 0);
  if (!info.isImage && n >= info.frameCount)
    throw new Error(`--source-frame ${n} is outside the source clip (0-${info.frameCount - 1})`);
  const [picture, stored] = await Promise.all([
    info.isImage
      ? decodeImage(source, { pixelFormat: 'rgb24', info, ...sig })
      : readFrame(source, n, { pixelFormat: 'rgb24', info, ...sig }),
    opts.file ? storedFaces(opts.file, info, source, n) : null,
  ]);
  const index = opts.sourceFace ?? 0;
  if (stored && stored.length > 0) {
    return {
      picture,
      keypoints: chosen(stored, index, source, opts.allowProfile),
      file: opts.file,
      reused: true,
    };
  }
  const detector = await getAnalyzer(analyzer);
  const faces = await detector.detectImage(picture);
  const keypoints = chosen(
    faces.map((f) => f.keypoints as Point2[]),
    index,
    source,
    opts.allowProfile,
  );
  if (opts.file && info.isImage) {
    // Only a cache: a file that may not be replaced, or a failing write, costs a detection next time.
    try {
      const analysis = await imageAnalysis(source, info, detector.backend, faces);
      await guardAnalysisOutput(opts.file, { identity: analysis.clip, label: 'the cached source analysis' });
      await saveAnalysis(opts.file, analysis);
    } catch (err) {
      opts.onWarning?.(`${err instanceof Error ? err.message : String(err)}; the source face is not cached`);
    }
  }
  return { picture, keypoints, file: info.isImage ? opts.file : null, reused: false };
}

async function imageAnalysis(
  source: string,
  info: MediaInfo,
  backend: string,
  faces: { keypoints: readonly (readonly [number, number])[]; confidence: number }[],
): Promise<AnalysisFile> {
  const tracklets = faces.map((f, i) => ({
    id: i,
    obs: [
      {
        frame: 0,
        keypoints: f.keypoints.map((p) => [p[0], p[1]] as Point2),
        confidence: f.confidence,
        detected: true,
      },
    ],
  }));
  const out = buildTrackOutput(tracklets, [0], [], 1, DEFAULT_ONE_EURO);
  const settings = {
    mode: 'detect' as const,
    detectEvery: 1,
    mirror: true,
    smoothing: DEFAULT_ONE_EURO,
    maxGap: DEFAULT_MAX_GAP,
  };
  const id = await clipIdentity(source, info);
  return makeAnalysisFile(id, settings, backend, { start: 0, end: 1 }, out.frames, out.tracks, [], 0);
}
