// `depthswap swap`: the source face onto every frame of a target clip, encoded with audio and timecode.
import path from 'node:path';
import type { Command } from '../command.ts';
import { UsageError } from '../command.ts';
import { intOption, oneOf, parseOptions } from '../parse-options.ts';
import { progressPrinter } from '../progress-bar.ts';
import { parseFramesOption } from './transcode.ts';
import { OUTPUT_FORMATS } from '../../../src-shared/media.ts';
import { MIRROR_MODES } from '../../../src-shared/geometry/mirror.ts';
import { swapClip } from '../../swap/swap-clip.ts';
import { DEFAULT_DEPTHNET_DIR } from '../../depthnet/depthnet.ts';
import { defaultStateDir } from '../../util/state-dir.ts';
import { cleanupOption } from './cleanup-option.ts';

export const swapCommand: Command = {
  name: 'swap',
  usage: `Usage: depthswap swap --source <image|clip> [--source-frame N] --target <clip> --out <file>
                      --format prores-hq|prores-4444|h264 [--frames A-B] [--track T] [--no-color-transfer]
                      [--mirror auto|on|off] [--poisson] [--smooth SIGMA] [--threads N] [--model DIR]
                      [--erode F] [--feather F] [--exclude-mouth]
                      [--analysis FILE] [--state-dir DIR] [--cleanup DIR [--cleanup-strength S]]
                      [--overwrite] [--json]

  --source             the face to put in: a still image, or a clip with --source-frame (default 0)
  --target             the clip to put it into; frames without a face are passed through unchanged
  --out                output file (.mov for ProRes, .mp4 for H.264); written only when complete
  --format             prores-hq, prores-4444 (the face matte in alpha) or h264
  --frames             inclusive range of target frames, e.g. 1001-1100; default all
  --track              only the face of this analysis track (default: every face)
  --no-color-transfer  keep the source's colours (default: match the target's skin in Lab)
  --mirror             auto (from both faces' yaw), on, off: warp the mirrored source
  --poisson            gradient-domain blend after the colour transfer (slower)
  --erode              shrink the face matte by F x the face size (default 0.03), e.g. 0.06 to keep a
                       source's shadowed jaw or background out
  --feather            soften the matte edge over F x the face size (default 0.08)
  --exclude-mouth      leave the mouth interior to the target (its own teeth and tongue)
  --smooth             temporal smoothing of affine and depth, Gaussian sigma in frames (default 2, 0 = off)
  --threads            worker threads for warp + composite (default: cores - 1)
  --model              DepthNet model folder (default: the shipped resources/models/depthnet)
  --analysis           the target's analysis file to reuse and extend (e.g. from depthswap analyze --out)
  --state-dir          analysis files of both inputs are kept and reused in DIR/analysis, shared with
                       depthswap serve (default: $XDG_STATE_HOME/depthswap, i.e. ~/.local/state/depthswap);
                       never beside the media, whose folder may be read-only
  --cleanup            a cleanup model folder (depthswap cleanup train --out DIR): each swapped face is
                       cleaned before encoding; a model trained on another clip gives a warning
  --cleanup-strength   0..1, how much of the cleanup's change is applied (default 1)
  --json               print a summary on stdout: frames, swapped, passed through, ms per frame per stage`,
  async run(args, io) {
    const { values } = parseOptions(
      args,
      {
        source: { type: 'string' },
        'source-frame': { type: 'string' },
        target: { type: 'string' },
        out: { type: 'string' },
        format: { type: 'string' },
        frames: { type: 'string' },
        track: { type: 'string' },
        'no-color-transfer': { type: 'boolean' },
        mirror: { type: 'string' },
        poisson: { type: 'boolean' },
        erode: { type: 'string' },
        feather: { type: 'string' },
        'exclude-mouth': { type: 'boolean' },
        smooth: { type: 'string' },
        threads: { type: 'string' },
        model: { type: 'string' },
        analysis: { type: 'string' },
        'state-dir': { type: 'string' },
        overwrite: { type: 'boolean' },
        json: { type: 'boolean' },
        cleanup: { type: 'string' },
        'cleanup-strength': { type: 'string' },
      },
      { min: 0, max: 0 },
    );
    if (!values.source) throw new UsageError('--source is required');
    if (!values.target) throw new UsageError('--target is required');
    if (!values.out) throw new UsageError('--out is required');
    const format = oneOf('format', values.format, OUTPUT_FORMATS);
    if (!format) throw new UsageError('--format is required');
    const mirror = oneOf('mirror', values.mirror, MIRROR_MODES) ?? 'auto';
    const sourceFrame = intOption('source-frame', values['source-frame'], 0);
    const track = intOption('track', values.track, 0);
    const threads = intOption('threads', values.threads, 0);
    const range = parseFramesOption(values.frames);
    let smooth: number | undefined;
    if (values.smooth !== undefined) {
      smooth = Number(values.smooth);
      if (!Number.isFinite(smooth) || smooth < 0)
        throw new UsageError(`--smooth must be a number >= 0 (got ${values.smooth})`);
    }
    const fraction = (name: string, v: string | undefined): number | undefined => {
      if (v === undefined) return undefined;
      const n = Number(v);
      if (!Number.isFinite(n) || n < 0 || n > 0.5)
        throw new UsageError(`--${name} must be a fraction of the face size, 0 to 0.5 (got ${v})`);
      return n;
    };
    const erode = fraction('erode', values.erode);
    const feather = fraction('feather', values.feather);
    const mask = {
      ...(erode !== undefined ? { erode } : {}),
      ...(feather !== undefined ? { feather } : {}),
      ...(values['exclude-mouth'] ? { excludeMouth: true } : {}),
    };
    const cleanup = cleanupOption(values.cleanup, values['cleanup-strength'], io);
    const bar = progressPrinter(io);
    try {
      const summary = await swapClip({
        ...(cleanup ? { cleanup } : {}),
        source: values.source,
        target: values.target,
        out: values.out,
        format,
        mirror,
        colorTransfer: !values['no-color-transfer'],
        poisson: Boolean(values.poisson),
        ...(Object.keys(mask).length > 0 ? { mask } : {}),
        modelDir: path.resolve(values.model ?? DEFAULT_DEPTHNET_DIR),
        overwrite: Boolean(values.overwrite),
        signal: io.signal,
        onProgress: bar.update,
        stateDir: path.resolve(values['state-dir'] ?? defaultStateDir(io.env)),
        ...(values.analysis ? { analysisFile: path.resolve(values.analysis) } : {}),
        ...(sourceFrame !== undefined ? { sourceFrame } : {}),
        ...(track !== undefined ? { track } : {}),
        ...(threads !== undefined ? { threads } : {}),
        ...(range ? { range } : {}),
        ...(smooth !== undefined ? { smoothingSigma: smooth } : {}),
      });
      bar.end();
      if (values.json) io.stdout.write(JSON.stringify(summary, null, 2) + '\n');
      else {
        io.stderr.write(
          `wrote ${summary.out}: ${summary.frames} frames (${summary.framesSwapped} swapped, ${summary.framesPassedThrough} passed through) in ${summary.totalSeconds} s\n` +
            `target analysis ${summary.analysis.target.reused ? 'reused from' : 'saved to'} ${summary.analysis.target.file}\n`,
        );
      }
      return 0;
    } finally {
      bar.end();
    }
  },
};
