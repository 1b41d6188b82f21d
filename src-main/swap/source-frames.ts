// Pose-matched source frames for a swap whose source is a clip: analyse the source clip (every frame of the
// given range, reusing its analysis file), and for each tracked target face choose per frame the source
// frame that matches its pose and expression (src-shared/geometry/source-frame-choice.ts). The choice runs
// over each target track's WHOLE analysis, not the render range, so render-farm chunks agree. Only the
// source frames that are used are decoded and sent to the swap workers.
import { analyzeClipCached, getAnalyzer, type AnalyzerSource } from '../analysis/analysis-store.ts';
import { readFrame } from '../media/frame-reader.ts';
import { probe } from '../media/probe.ts';
import { sourceFaceOrder } from '../../src-shared/geometry/source-face.ts';
import {
  chooseSourceFrames,
  faceState,
  type ChoiceOptions,
  type SourceCandidate,
  type SourceChoice,
} from '../../src-shared/geometry/source-frame-choice.ts';
import type { AnalysisFile } from '../../src-shared/analysis/schema.ts';
import type { FrameRange } from '../../src-shared/frame-range.ts';
import type { MediaInfo } from '../../src-shared/media.ts';
import type { ProgressListener } from '../../src-shared/progress.ts';
import { swapSource } from './swap-source.ts';
import type { SwapSource } from './swap-frame.ts';

export interface MatchedSources {
  /** The used source frames' pictures (index = position), as the swap workers take them. */
  sources: SwapSource[];
  /** Source clip frame of each entry of `sources`. */
  frames: number[];
  /** Per target track, per target frame: the choice, with `frame` = an index into `sources`. */
  choices: Map<number, Map<number, SourceChoice>>;
  /** Source frames analysed and considered. */
  candidates: number;
}

/** The track of the source clip with the most detected frames, as candidates. */
export function sourceCandidates(analysis: AnalysisFile): SourceCandidate[] {
  const byTrack = new Map<number, SourceCandidate[]>();
  for (const [f, entry] of Object.entries(analysis.frames))
    for (const face of entry.faces) {
      if (face.interpolated) continue;
      const list = byTrack.get(face.track) ?? [];
      list.push({ frame: Number(f), ...faceState(face.keypoints.flat()) });
      byTrack.set(face.track, list);
    }
  let best: SourceCandidate[] = [];
  for (const list of byTrack.values()) if (list.length > best.length) best = list;
  return best.sort((a, b) => a.frame - b.frame);
}

/** Per target track: the choice for each frame of the track's whole analysis (frame order). */
export function targetChoices(
  target: AnalysisFile,
  candidates: readonly SourceCandidate[],
  opts: ChoiceOptions & { track?: number },
): Map<number, Map<number, SourceChoice>> {
  const frames = Object.keys(target.frames)
    .map(Number)
    .sort((a, b) => a - b);
  const tracks = new Map<number, { frame: number; xy: number[] }[]>();
  for (const f of frames)
    for (const face of target.frames[String(f)]!.faces) {
      if (opts.track !== undefined && face.track !== opts.track) continue;
      const list = tracks.get(face.track) ?? [];
      list.push({ frame: f, xy: face.keypoints.flat() });
      tracks.set(face.track, list);
    }
  const out = new Map<number, Map<number, SourceChoice>>();
  for (const [track, list] of tracks) {
    const picks = chooseSourceFrames(
      candidates,
      list.map((e) => faceState(e.xy)),
      opts,
    );
    const m = new Map<number, SourceChoice>();
    list.forEach((e, i) => {
      const p = picks[i];
      if (p) m.set(e.frame, p);
    });
    out.set(track, m);
  }
  return out;
}

export interface SourceFrameChoiceOptions {
  source: string;
  /** Source frames to consider (default: all). */
  sourceRange?: FrameRange;
  target: AnalysisFile;
  track?: number;
  mirror: boolean;
  analyzer: AnalyzerSource;
  /** The source clip's analysis file (reused and extended), or null. */
  file: string | null;
  signal?: AbortSignal;
  onProgress?: ProgressListener;
}

export interface SourceFrameChoices {
  info: MediaInfo;
  candidates: SourceCandidate[];
  /** Keypoints of each candidate's face (source clip frame -> 68 x,y interleaved). */
  keypoints: Map<number, number[]>;
  /** Per target track, per target frame: the choice, in source clip frames. */
  byClipFrame: Map<number, Map<number, SourceChoice>>;
}

/**
 * The source clip analysed (its analysis file reused and extended) and, for every frame of each target
 * track's whole analysis, the source clip frame chosen: what the render swaps from, and what the studio
 * shows per target frame.
 */
export async function chooseSourceClipFrames(opts: SourceFrameChoiceOptions): Promise<SourceFrameChoices> {
  const sig = opts.signal ? { signal: opts.signal } : {};
  const info = await probe(opts.source, sig);
  if (info.isImage) throw new Error('--source-frames needs a source clip, not a still image');
  const analysis = opts.file
    ? (
        await analyzeClipCached(opts.analyzer, opts.source, opts.file, {
          info,
          ...(opts.sourceRange ? { range: opts.sourceRange } : {}),
          ...sig,
          ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
        })
      ).analysis
    : await (
        await getAnalyzer(opts.analyzer)
      ).analyzeClip(opts.source, {
        info,
        ...(opts.sourceRange ? { range: opts.sourceRange } : {}),
        ...sig,
        ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
      });
  const inRange = (f: number) =>
    !opts.sourceRange || (f >= opts.sourceRange.start && f < opts.sourceRange.end);
  const candidates = sourceCandidates(analysis).filter((c) => inRange(c.frame));
  if (candidates.length === 0) throw new Error(`no face found in the source clip ${opts.source}`);
  const keypoints = new Map<number, number[]>();
  for (const c of candidates) {
    // The largest face by the one source-face rule (source-face.ts), as for a single source picture.
    const faces = analysis.frames[String(c.frame)]!.faces;
    const face = faces[sourceFaceOrder(faces.map((f) => f.keypoints))[0]!]!;
    keypoints.set(c.frame, face.keypoints.flat());
  }
  const byClipFrame = targetChoices(opts.target, candidates, {
    mirror: opts.mirror,
    ...(opts.track !== undefined ? { track: opts.track } : {}),
  });
  return { info, candidates, keypoints, byClipFrame };
}

export async function matchSourceFrames(
  opts: SourceFrameChoiceOptions & {
    /** Target frames that will be rendered: only the source frames they use are decoded. */
    range: FrameRange;
    /** Paint each used source frame's mouth over with its lips (expression transfer; swap-source.ts). */
    clearMouth: boolean;
  },
): Promise<MatchedSources> {
  const sig = opts.signal ? { signal: opts.signal } : {};
  const { info, candidates, keypoints: kp, byClipFrame } = await chooseSourceClipFrames(opts);
  // The source frames the render range uses (current picks and cross-fade partners).
  const used = new Set<number>();
  for (const m of byClipFrame.values())
    for (const [f, c] of m)
      if (f >= opts.range.start && f < opts.range.end) {
        used.add(c.frame);
        if (c.fade) used.add(c.fade.frame);
      }
  const frames = [...used].sort((a, b) => a - b);
  const index = new Map(frames.map((f, i) => [f, i]));
  const sources: SwapSource[] = [];
  for (const f of frames) {
    const picture = await readFrame(opts.source, f, { pixelFormat: 'rgb24', info, ...sig });
    sources.push(swapSource(picture, Float64Array.from(kp.get(f)!), { clearMouth: opts.clearMouth }));
  }
  const choices = new Map<number, Map<number, SourceChoice>>();
  for (const [track, m] of byClipFrame) {
    const re = new Map<number, SourceChoice>();
    for (const [f, c] of m) {
      if (f < opts.range.start || f >= opts.range.end) continue;
      re.set(f, {
        frame: index.get(c.frame)!,
        mirrored: c.mirrored,
        fade: c.fade ? { ...c.fade, frame: index.get(c.fade.frame)! } : null,
      });
    }
    choices.set(track, re);
  }
  return { sources, frames, choices, candidates: candidates.length };
}
