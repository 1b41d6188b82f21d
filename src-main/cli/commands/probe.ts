import type { Command } from '../command.ts';
import { parseOptions } from '../parse-options.ts';
import { probe } from '../../media/probe.ts';
import { formatRational } from '../../../src-shared/media.ts';

export const probeCommand: Command = {
  name: 'probe',
  usage: `Usage: depthswap probe <file> [--json]

Prints the probe result (validated ffprobe output). --json prints it as JSON on stdout.`,
  async run(args, io) {
    const { values, positionals } = parseOptions(args, { json: { type: 'boolean' } }, { min: 1, max: 1 });
    const info = await probe(positionals[0]!, { signal: io.signal });
    if (values.json) {
      io.stdout.write(JSON.stringify(info, null, 2) + '\n');
      return 0;
    }
    const audio =
      info.audio.map((a) => `${a.codec} ${a.sampleRate} Hz ${a.channels} ch`).join(', ') || 'none';
    io.stdout.write(
      [
        `file        ${info.path}`,
        `container   ${info.container}`,
        `video       ${info.videoCodec}${info.videoProfile ? ` (${info.videoProfile})` : ''} ${info.width}x${info.height} ${info.pixelFormat}`,
        `frame rate  ${formatRational(info.frameRate)} (${(info.frameRate.num / info.frameRate.den).toFixed(3)} fps)`,
        `frames      ${info.frameCount} (${info.durationSeconds.toFixed(3)} s)`,
        `timecode    ${info.startTimecode ?? 'none'}`,
        `colour      ${info.color.primaries ?? '?'}/${info.color.transfer ?? '?'}/${info.color.matrix ?? '?'} ${info.color.range ?? ''}`,
        `rotation    ${info.rotation}`,
        `audio       ${audio}`,
        ...(info.variableFrameRate
          ? [
              `VARIABLE    frame rate (average ${info.variableFrameRate.averageFps.toFixed(3)} fps): frame rate and frames above are those of the conform 'depthswap transcode' makes; swap and analysis refuse it`,
            ]
          : []),
      ].join('\n') + '\n',
    );
    return 0;
  },
};
