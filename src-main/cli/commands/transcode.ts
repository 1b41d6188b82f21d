import type { Command } from '../command.ts';
import { UsageError } from '../command.ts';
import { intOption, oneOf, parseOptions } from '../parse-options.ts';
import { progressPrinter } from '../progress-bar.ts';
import { transcode } from '../../media/transcode.ts';
import { OUTPUT_FORMATS } from '../../../src-shared/media.ts';
import {
  formatInclusiveRange,
  parseInclusiveRange,
  type FrameRange,
} from '../../../src-shared/frame-range.ts';

export function parseFramesOption(text: string | undefined): FrameRange | undefined {
  if (text === undefined) return undefined;
  try {
    return parseInclusiveRange(text);
  } catch (err) {
    throw new UsageError(`--frames: ${err instanceof Error ? err.message : String(err)}`);
  }
}

export const transcodeCommand: Command = {
  name: 'transcode',
  usage: `Usage: depthswap transcode <in> <out> --format prores-hq|prores-4444|h264 [--frames A-B] [--crf N] [--no-audio] [--overwrite] [--json]

  --format     prores-hq (ProRes 422 HQ .mov), prores-4444 (ProRes 4444 + alpha .mov), h264 (.mp4, +faststart)
  --frames     inclusive range of source frames, e.g. 1001-1100 (100 frames); default: all
  --crf        H.264 quality, 0-51 (default 18)
  --no-audio   drop the audio (kept by default: copied when possible, else PCM in .mov / AAC in .mp4)
  --overwrite  replace an existing output (never the input)
  --json       print a JSON summary on stdout`,
  async run(args, io) {
    const { values, positionals } = parseOptions(
      args,
      {
        format: { type: 'string' },
        frames: { type: 'string' },
        crf: { type: 'string' },
        'no-audio': { type: 'boolean' },
        overwrite: { type: 'boolean' },
        json: { type: 'boolean' },
      },
      { min: 2, max: 2 },
    );
    const format = oneOf('format', values.format, OUTPUT_FORMATS);
    if (!format) throw new UsageError('--format is required');
    const crf = intOption('crf', values.crf, 0);
    if (crf !== undefined && crf > 51) throw new UsageError('--crf must be between 0 and 51');
    const range = parseFramesOption(values.frames);
    const bar = progressPrinter(io);
    try {
      const result = await transcode({
        input: positionals[0]!,
        output: positionals[1]!,
        format,
        ...(range ? { range } : {}),
        ...(crf !== undefined ? { crf } : {}),
        audio: !values['no-audio'],
        overwrite: Boolean(values.overwrite),
        signal: io.signal,
        onProgress: bar.update,
      });
      bar.end();
      if (result.conformed) io.stderr.write(`depthswap transcode: ${result.conformed}\n`);
      const fps = result.frames / result.seconds;
      if (values.json) {
        io.stdout.write(JSON.stringify({ ...result, frames: result.frames, fps }, null, 2) + '\n');
      } else {
        io.stderr.write(
          `wrote ${result.path}: frames ${formatInclusiveRange(result.range)} (${result.frames}) in ${result.seconds.toFixed(1)} s, ${fps.toFixed(1)} fps\n`,
        );
      }
      return 0;
    } finally {
      bar.end();
    }
  },
};
