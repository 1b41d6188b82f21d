// `depthswap swap`: the source face onto every frame of a target clip, encoded with audio and timecode.
import path from 'node:path';
import type { Command } from '../command.ts';
import { UsageError } from '../command.ts';
import { intOption, oneOf, parseOptions, threadsOption } from '../parse-options.ts';
import { progressPrinter } from '../progress-bar.ts';
import { parseFramesOption } from './transcode.ts';
import type { FrameRange } from '../../../src-shared/frame-range.ts';

function parseSourceFramesOption(text: string | undefined): 'auto' | FrameRange | undefined {
  if (text === undefined) return undefined;
  if (text === 'auto') return 'auto';
  try {
    return parseFramesOption(text);
  } catch (err) {
    throw new UsageError(`--source-frames must be auto, N or A-B (${(err as Error).message})`);
  }
}
import { OUTPUT_FORMATS } from '../../../src-shared/media.ts';
import { MIRROR_MODES } from '../../../src-shared/geometry/mirror.ts';
import { swapClip } from '../../swap/swap-clip.ts';
import { COLOR_MODES } from '../../swap/swap-frame.ts';
import { DEFAULT_DEPTHNET_DIR } from '../../depthnet/depthnet.ts';
import { defaultStateDir } from '../../util/state-dir.ts';
import { cleanupOption } from './cleanup-option.ts';

export const swapCommand: Command = {
  name: 'swap',
  usage: `Usage: depthswap swap --source <image|clip> [--source-frame N | --source-frames auto|N|A-B] [--source-face N] --target <clip> --out <file>
                      --format prores-hq|prores-4444|h264 [--frames A-B] [--track T] [--no-color-transfer]
                      [--color-mode local|global]
                      [--mirror auto|on|off] [--poisson] [--smooth SIGMA] [--threads N] [--model DIR]
                      [--erode F] [--feather F] [--exclude-mouth] [--expression F]
                      [--contact-sheet FILE.png [--sheet-frames N]]
                      [--analysis FILE] [--state-dir DIR] [--cleanup DIR [--cleanup-strength S]]
                      [--overwrite] [--json]

  --source             the face to put in: a still image, or a clip with --source-frame (default 0)
  --source-face        which face of a multi-face source: 0 = the largest (default), 1 = the next, ...
                       (ordered by keypoint extent, ties left to right; a profile face is refused)
  --source-frames      pose-matched source: analyse the source clip (auto: all frames, or N / A-B) and warp
                       each target frame from the source frame whose head pose and expression match best
                       (hysteresis, cross-fade at switches; mirrored frames as fallback unless --mirror off)
  --target             the clip to put it into; frames without a face are passed through unchanged
  --out                output file (.mov for ProRes, .mp4 for H.264); written only when complete
  --format             prores-hq, prores-4444 (the face matte in alpha) or h264
  --frames             inclusive range of target frames, e.g. 1001-1100; default all
  --track              only the face of this analysis track (default: every face)
  --no-color-transfer  keep the source's colours (default: match the target's skin in Lab)
  --color-mode         local (default): the Lab transfer plus a low-frequency colour field matched along
                       the matte's edge, so forehead and cheeks meet the skin without a step; global: Lab only
  --mirror             auto (from both faces' yaw), on, off: warp the mirrored source
  --poisson            gradient-domain blend after the colour transfer (slower)
  --erode              shrink the face matte by F x the face size (default 0.03), e.g. 0.06 to keep a
                       source's shadowed jaw or background out
  --feather            soften the matte edge over F x the face size (default 0.08)
  --exclude-mouth      leave the mouth interior to the target (its own teeth and tongue)
  --expression         how much of the target's expression the face takes, 0 (the source's, as the
                       DepthNets paper) to 1 (the target's lips, eyelids, brows, jaw; default 1; see
                       docs/expression.md)
  --smooth             temporal smoothing of affine and depth, Gaussian sigma in frames (default 2, 0 = off)
  --contact-sheet      also write a PNG grid of evenly spaced frames of the range, the target above the
                       swapped frame, labelled with frame number and timecode (never over an input)
  --sheet-frames       how many frames the contact sheet shows (default 12)
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
        'source-face': { type: 'string' },
        'source-frames': { type: 'string' },
        target: { type: 'string' },
        out: { type: 'string' },
        format: { type: 'string' },
        frames: { type: 'string' },
        track: { type: 'string' },
        'no-color-transfer': { type: 'boolean' },
        'color-mode': { type: 'string' },
        mirror: { type: 'string' },
        poisson: { type: 'boolean' },
        erode: { type: 'string' },
        feather: { type: 'string' },
        'exclude-mouth': { type: 'boolean' },
        smooth: { type: 'string' },
        expression: { type: 'string' },
        'contact-sheet': { type: 'string' },
        'sheet-frames': { type: 'string' },
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
    const colorMode = oneOf('color-mode', values['color-mode'], COLOR_MODES);
    const sourceFrame = intOption('source-frame', values['source-frame'], 0);
    const sourceFace = intOption('source-face', values['source-face'], 0);
    const sourceFrames = parseSourceFramesOption(values['source-frames']);
    if (sourceFrames && sourceFrame !== undefined)
      throw new UsageError('give either --source-frame N (one frame) or --source-frames (pose-matched)');
    const track = intOption('track', values.track, 0);
    const threads = threadsOption(values.threads);
    const sheetFrames = intOption('sheet-frames', values['sheet-frames'], 1);
    if (sheetFrames !== undefined && !values['contact-sheet'])
      throw new UsageError('--sheet-frames needs --contact-sheet');
    if (values['contact-sheet'] !== undefined && !values['contact-sheet'].toLowerCase().endsWith('.png'))
      throw new UsageError(`--contact-sheet must name a .png file (got ${values['contact-sheet']})`);
    const range = parseFramesOption(values.frames);
    let smooth: number | undefined;
    if (values.smooth !== undefined) {
      smooth = Number(values.smooth);
      if (!Number.isFinite(smooth) || smooth < 0)
        throw new UsageError(`--smooth must be a number >= 0 (got ${values.smooth})`);
    }
    let expression: number | undefined;
    if (values.expression !== undefined) {
      expression = Number(values.expression);
      if (values.expression.trim() === '' || !Number.isFinite(expression) || expression < 0 || expression > 1)
        throw new UsageError(`--expression must be a number from 0 to 1 (got ${values.expression})`);
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
        ...(colorMode ? { colorMode } : {}),
        poisson: Boolean(values.poisson),
        ...(Object.keys(mask).length > 0 ? { mask } : {}),
        modelDir: path.resolve(values.model ?? DEFAULT_DEPTHNET_DIR),
        overwrite: Boolean(values.overwrite),
        signal: io.signal,
        onProgress: bar.update,
        stateDir: path.resolve(values['state-dir'] ?? defaultStateDir(io.env)),
        ...(values.analysis ? { analysisFile: path.resolve(values.analysis) } : {}),
        ...(sourceFrame !== undefined ? { sourceFrame } : {}),
        ...(sourceFace !== undefined ? { sourceFace } : {}),
        onWarning: (w) => io.stderr.write(`warning: ${w}\n`),
        ...(sourceFrames ? { sourceFrames } : {}),
        ...(track !== undefined ? { track } : {}),
        ...(threads !== undefined ? { threads } : {}),
        ...(range ? { range } : {}),
        ...(smooth !== undefined ? { smoothingSigma: smooth } : {}),
        ...(expression !== undefined ? { expression } : {}),
        ...(values['contact-sheet']
          ? {
              contactSheet: {
                path: path.resolve(values['contact-sheet']),
                ...(sheetFrames !== undefined ? { frames: sheetFrames } : {}),
              },
            }
          : {}),
      });
      bar.end();
      if (values.json) io.stdout.write(JSON.stringify(summary, null, 2) + '\n');
      else {
        io.stderr.write(
          `wrote ${summary.out}: ${summary.frames} frames (${summary.framesSwapped} swapped, ${summary.framesPassedThrough} passed through) in ${summary.totalSeconds} s\n` +
            (summary.analysis.target.file
              ? `target analysis ${summary.analysis.target.reused ? 'reused from' : 'saved to'} ${summary.analysis.target.file}\n`
              : 'target analysis not cached\n') +
            (summary.contactSheet ? `contact sheet ${summary.contactSheet}\n` : ''),
        );
      }
      return 0;
    } finally {
      bar.end();
    }
  },
};
