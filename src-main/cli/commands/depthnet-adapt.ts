// `depthswap depthnet adapt`: fine-tune a DepthNet on the frames of one person in a clip (adapt.ts).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { UsageError, type CliIo } from '../command.ts';
import { intOption, parseOptions } from '../parse-options.ts';
import { progressPrinter } from '../progress-bar.ts';
import { parseFramesOption } from './transcode.ts';
import { loadAnalysis } from '../../analysis/analysis-store.ts';
import { clipIdentity, sameClip } from '../../analysis/clip-identity.ts';
import { probe } from '../../media/probe.ts';
import { DEFAULT_ADAPT_SETTINGS, adaptDepthNet, type AdaptResult } from '../../depthnet/adapt.ts';
import { DEFAULT_DEPTHNET_DIR } from '../../depthnet/depthnet.ts';
import type { AnalysisFile } from '../../../src-shared/analysis/schema.ts';

export const ADAPT_USAGE = `  depthswap depthnet adapt --analysis A.json --out DIR2 [--model DIR] [--clip MEDIA] [--track T]
                           [--frames A-B] [--steps N] [--seed S] [--fresh] [--json] [--data DIR]

adapt    fine-tunes the model on one person of a clip: pairs of that track's frames far apart in head pose,
         the paper's closed-form loss plus multi-frame depth consistency, AFLW2000-3D TRAIN pairs replayed.
         Needs a track with >= 8 analysed frames whose head pose varies by >= 5 degrees. --clip checks the
         analysis is of that clip (else the clip at the analysis's path is checked when it exists);
         --frames adapts on part of the clip only. Refused (exit 1, no model written) when it makes the
         AFLW2000-3D TEST error > 1.1x the base model's or DepthCorr more than 2 lower; the numbers are in
         DIR2/adapt-report.json. Checkpoints to DIR2/checkpoint and resumes from it (--fresh: start over).`;

/** The analysis, checked to be of `clip` (or of the clip at its recorded path, when that exists). */
async function checkedAnalysis(
  file: string,
  clip: string | undefined,
  signal: AbortSignal,
): Promise<AnalysisFile> {
  const analysis = await loadAnalysis(file);
  const media = clip ?? (existsSync(analysis.clip.path) ? analysis.clip.path : null);
  if (media) {
    const info = await probe(media, { signal });
    if (!sameClip(analysis.clip, await clipIdentity(media, info)))
      throw new Error(
        clip
          ? `${file} is an analysis of another clip (${analysis.clip.path}), not of ${clip}`
          : `${file} no longer matches ${media} (the clip changed since it was analysed); analyse it again`,
      );
  }
  return analysis;
}

function summary(r: AdaptResult): string {
  const f = (v: number) => v.toFixed(5);
  return (
    `track ${r.track}: ${r.frames} frames (pose spread ${r.poseSpreadDeg.toFixed(1)} deg), ${r.steps} steps (from ${r.resumedFrom})\n` +
    `  on the track's frames: keypoint error ${f(r.onTrack.before.mseNorm)} -> ${f(r.onTrack.after.mseNorm)}, ` +
    `depth consistency ${f(r.onTrack.before.consistency)} -> ${f(r.onTrack.after.consistency)}\n` +
    (r.teacher.used
      ? `  rigid teacher: the keypoints fit one rigid shape to ${r.teacher.rmsPx.toFixed(2)} px\n`
      : `  rigid teacher not used: ${r.teacher.reason}\n`) +
    `  AFLW2000-3D TEST (other people): error ${f(r.guard.shipped.mseNorm)} -> ${f(r.guard.adapted.mseNorm)}, ` +
    `DepthCorr ${r.guard.shipped.depthCorr.toFixed(2)} -> ${r.guard.adapted.depthCorr.toFixed(2)}\n`
  );
}

export async function adapt(
  args: string[],
  io: CliIo,
  dataDir: (v: string | undefined) => string,
): Promise<number> {
  const { values } = parseOptions(
    args,
    {
      model: { type: 'string' },
      analysis: { type: 'string' },
      clip: { type: 'string' },
      track: { type: 'string' },
      frames: { type: 'string' },
      out: { type: 'string' },
      steps: { type: 'string' },
      seed: { type: 'string' },
      fresh: { type: 'boolean' },
      json: { type: 'boolean' },
      data: { type: 'string' },
    },
    { min: 0, max: 0 },
  );
  if (!values.analysis) throw new UsageError('adapt needs --analysis A.json (from depthswap analyze --out)');
  if (!values.out) throw new UsageError('adapt needs --out DIR2 (the adapted model folder)');
  const track = intOption('track', values.track, 0);
  const range = parseFramesOption(values.frames);
  const settings = {
    ...DEFAULT_ADAPT_SETTINGS,
    seed: intOption('seed', values.seed) ?? DEFAULT_ADAPT_SETTINGS.seed,
    steps: intOption('steps', values.steps, 1) ?? DEFAULT_ADAPT_SETTINGS.steps,
  };
  const analysis = await checkedAnalysis(path.resolve(values.analysis), values.clip, io.signal);
  const bar = progressPrinter(io);
  try {
    const result = await adaptDepthNet({
      modelDir: path.resolve(values.model ?? DEFAULT_DEPTHNET_DIR),
      analysis,
      ...(track !== undefined ? { track } : {}),
      ...(range ? { range } : {}),
      outDir: path.resolve(values.out),
      dataDir: dataDir(values.data),
      settings,
      fresh: values.fresh ?? false,
      signal: io.signal,
      onProgress: bar.update,
      log: bar.log,
    });
    bar.end();
    if (values.json) io.stdout.write(JSON.stringify(result, null, 2) + '\n');
    else io.stdout.write(summary(result));
    if (!result.accepted) {
      io.stderr.write(
        `adaptation refused (rolled back, no model in ${values.out}): ${result.guard.reason}\n`,
      );
      return 1;
    }
    if (!values.json) io.stdout.write(`adapted model in ${values.out}\n`);
    return 0;
  } finally {
    bar.end();
  }
}
