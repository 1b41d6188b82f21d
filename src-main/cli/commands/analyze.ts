// `depthswap analyze <image|clip>`: faces, 68 keypoints, tracks and cuts (issue 3).
import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from '../../util/atomic-write.ts';
import { UsageError, type Command, type CliIo } from '../command.ts';
import { parseOptions, oneOf, intOption } from '../parse-options.ts';
import { progressPrinter } from '../progress-bar.ts';
import { probe } from '../../media/probe.ts';
import { decodeImage } from '../../media/image.ts';
import { createFaceAnalyzer, type Face } from '../../analysis/face-analyzer.ts';
import { makeAnalysisFile, DEFAULT_MAX_GAP } from '../../analysis/analysis-file.ts';
import {
  analyzeClipCached,
  guardAnalysisOutput,
  loadAnalysis,
  saveAnalysis,
  updateAnalysisFile,
} from '../../analysis/analysis-store.ts';
import { checkWrite } from '../../util/write-guard.ts';
import { exportFramePts, importFramePts } from '../../../src-shared/analysis/pts-frame.ts';
import { clipIdentity } from '../../analysis/clip-identity.ts';
import { DEFAULT_TRACKER } from '../../analysis/clip-tracker.ts';
import { parseInclusiveRange } from '../../../src-shared/frame-range.ts';
import { formatPts } from '../../../src-shared/analysis/pts.ts';
import { buildTrackOutput } from '../../../src-shared/analysis/tracking.ts';
import { DEFAULT_ONE_EURO } from '../../../src-shared/analysis/one-euro.ts';
import type { AnalysisFile } from '../../../src-shared/analysis/schema.ts';

const round = (v: number, d = 2): number => Math.round(v * 10 ** d) / 10 ** d;

export function imageJson(faces: readonly Face[]): string {
  return JSON.stringify({
    faces: faces.map((f) => ({
      box: f.box.map((v) => round(v)),
      score: round(f.score, 4),
      keypoints: f.keypoints.map(([x, y]) => [round(x), round(y)]),
    })),
  });
}

export function clipSummaryJson(a: AnalysisFile): string {
  return JSON.stringify({
    frames: Object.keys(a.frames).length,
    tracks: a.tracks.map((t) => ({
      id: t.id,
      first: t.first,
      last: t.last,
      meanConfidence: round(t.meanConfidence, 4),
    })),
    cuts: a.cuts,
    backend: a.backend,
    msPerFrame: round(a.msPerFrame, 1),
  });
}

async function exchangePts(
  input: string,
  values: {
    out?: string;
    frame?: string;
    track?: string;
    'export-pts'?: string;
    'import-pts'?: string;
    overwrite?: boolean;
  },
  io: CliIo,
): Promise<number> {
  const frame = intOption('frame', values.frame, 0);
  const track = intOption('track', values.track, 0);
  if (!values.out || frame === undefined || track === undefined) {
    throw new UsageError('--export-pts/--import-pts need --out <analysis.json> --frame N --track T');
  }
  const out = values.out;
  const imported = values['import-pts'];
  const exported = values['export-pts'];
  const analysis = await loadAnalysis(out);
  if (exported) {
    await checkWrite(exported, {
      kind: 'pts',
      inputs: { clip: input, analysis: out, '--import-pts file': imported },
      overwrite: Boolean(values.overwrite),
      label: '--export-pts',
    });
    await writeFileAtomic(exported, exportFramePts(analysis, frame, track));
    io.stdout.write(`wrote frame ${frame} track ${track} to ${exported}\n`);
  }
  if (imported) {
    await checkWrite(out, {
      kind: 'analysis',
      inputs: { clip: input, '--import-pts file': imported },
      update: true,
      label: '--out',
    });
    const text = await readFile(imported, 'utf8');
    await updateAnalysisFile(out, (current) => importFramePts(current, frame, track, text));
    io.stdout.write(`replaced frame ${frame} track ${track} in ${out} from ${imported}\n`);
  }
  return 0;
}

export const analyzeCommand: Command = {
  name: 'analyze',
  usage: `Usage: depthswap analyze <image|clip> [--out analysis.json] [--frames A-B] [--json]
                         [--mode tracking|detect] [--detect-every N] [--pts face.pts] [--overwrite]
       depthswap analyze <clip> --out analysis.json --frame N --track T (--export-pts F.pts | --import-pts F.pts)

Image: every face with box, score and 68 keypoints (iBUG order, source pixels). --json prints
  {"faces": [{"box": [x, y, w, h], "score": s, "keypoints": [[x, y] x68]}]} on stdout;
  --pts writes the most confident face's keypoints as an iBUG .pts file.
Clip: every frame of --frames (inclusive, default all) is analysed: faces linked into tracks, shot cuts end
  tracks, short misses bridged (flagged interpolated), keypoints smoothed (One-Euro). --out is required;
  an existing --out for the same clip is reused and only missing frames are computed. --json prints a
  summary: {"frames", "tracks": [{"id", "first", "last", "meanConfidence"}], "cuts", "backend", "msPerFrame"}.
  --export-pts F.pts / --import-pts F.pts with --out analysis.json --frame N --track T: write that face's
  keypoints as iBUG .pts, or replace them (an edit from another tool) in the analysis file; no analysis runs.
  --mode tracking (default) runs the detector every --detect-every frames (default ${DEFAULT_TRACKER.detectEvery}) and when
  confidence drops; --mode detect runs it on every frame.
Outputs are never an input, never another kind of file (a clip, an image, a project, an analysis this build
  cannot read); --overwrite replaces an existing .pts, or an analysis of another clip at --out.
Progress with ETA is drawn on stderr when it is a terminal.`,
  async run(args, io) {
    const { values, positionals } = parseOptions(
      args,
      {
        out: { type: 'string' },
        frames: { type: 'string' },
        json: { type: 'boolean' },
        mode: { type: 'string' },
        'detect-every': { type: 'string' },
        pts: { type: 'string' },
        frame: { type: 'string' },
        track: { type: 'string' },
        'export-pts': { type: 'string' },
        'import-pts': { type: 'string' },
        overwrite: { type: 'boolean' },
      },
      { min: 1, max: 1 },
    );
    const input = positionals[0] as string;
    const mode = oneOf('mode', values.mode, ['tracking', 'detect'] as const) ?? 'tracking';
    const detectEvery = intOption('detect-every', values['detect-every'], 1);
    let range;
    if (values.frames !== undefined) {
      try {
        range = parseInclusiveRange(values.frames);
      } catch (err) {
        throw new UsageError(err instanceof Error ? err.message : String(err));
      }
    }
    if (values['export-pts'] || values['import-pts']) return exchangePts(input, values, io);
    const info = await probe(input, { signal: io.signal });
    if (!info.isImage && !values.out) throw new UsageError('a clip needs --out <analysis.json>');
    if (!info.isImage && values.pts) throw new UsageError('--pts is for an image');
    const analyzer = await createFaceAnalyzer();
    try {
      if (info.isImage) {
        // Outputs are checked before any detection: never the image, never another kind of file.
        const id = await clipIdentity(input, info);
        if (values.out) await guardAnalysisOutput(values.out, { identity: id, label: '--out' });
        if (values.pts) {
          await checkWrite(values.pts, {
            kind: 'pts',
            inputs: { image: input, '--out analysis': values.out },
            overwrite: Boolean(values.overwrite),
            label: '--pts',
          });
        }
        const frame = await decodeImage(input, { signal: io.signal });
        const faces = await analyzer.detectImage(frame);
        if (values.pts) {
          const best = [...faces].sort((a, b) => b.confidence * b.score - a.confidence * a.score)[0];
          if (!best) throw new Error(`no face found in ${input}: nothing to write to ${values.pts}`);
          await writeFileAtomic(values.pts, formatPts(best.keypoints));
        }
        if (values.out) {
          const tracklets = faces.map((f, i) => ({
            id: i,
            obs: [{ frame: 0, keypoints: f.keypoints, confidence: f.confidence, detected: true }],
          }));
          const out = buildTrackOutput(tracklets, [0], [], 1, DEFAULT_ONE_EURO);
          const settings = {
            mode,
            detectEvery: 1,
            mirror: true,
            smoothing: DEFAULT_ONE_EURO,
            maxGap: DEFAULT_MAX_GAP,
          };
          const file = makeAnalysisFile(
            id,
            settings,
            analyzer.backend,
            { start: 0, end: 1 },
            out.frames,
            out.tracks,
            [],
            0,
          );
          await saveAnalysis(values.out, file);
        }
        if (values.json) io.stdout.write(imageJson(faces) + '\n');
        else {
          io.stdout.write(`${faces.length} face(s) in ${input}\n`);
          for (const f of faces) {
            const [x, y, w, h] = f.box.map((v) => Math.round(v));
            io.stdout.write(
              `  box ${x},${y} ${w}x${h}  score ${f.score.toFixed(3)}  confidence ${f.confidence.toFixed(3)}\n`,
            );
          }
        }
        return 0;
      }
      const bar = progressPrinter(io);
      let result;
      try {
        result = await analyzeClipCached(analyzer, input, values.out as string, {
          info,
          label: '--out',
          overwrite: Boolean(values.overwrite),
          mode,
          ...(detectEvery !== undefined ? { detectEvery } : {}),
          ...(range ? { range } : {}),
          signal: io.signal,
          onProgress: (p) => bar.update(p),
        });
      } finally {
        bar.end();
      }
      if (values.json) io.stdout.write(clipSummaryJson(result.analysis) + '\n');
      else {
        const a = result.analysis;
        const computed =
          result.computed.map((r) => `${r.start}-${r.end - 1}`).join(', ') || 'nothing (up to date)';
        io.stdout.write(
          `${values.out}: ${Object.keys(a.frames).length} frames, ${a.tracks.length} track(s), cuts at [${a.cuts.join(', ')}]\n` +
            `computed ${computed}; ${result.reason}; ${a.msPerFrame.toFixed(1)} ms/frame on ${a.backend}\n`,
        );
      }
      return 0;
    } finally {
      analyzer.dispose();
    }
  },
};
