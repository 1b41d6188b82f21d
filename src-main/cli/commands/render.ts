// `depthswap render <project.dsproj>`: renders a project as the studio would (its keypoint edits, settings,
// cleanup model); `depthswap render --concat <segments...>`: joins rendered segments (ProRes by stream
// copy; the lossless intermediates of an H.264 job encoded once).
import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from '../command.ts';
import { UsageError } from '../command.ts';
import { intOption, oneOf, parseOptions } from '../parse-options.ts';
import { progressPrinter } from '../progress-bar.ts';
import { parseFramesOption } from './transcode.ts';
import { OUTPUT_FORMATS } from '../../../src-shared/media.ts';
import { formatInclusiveRange } from '../../../src-shared/frame-range.ts';
import { DEFAULT_DEPTHNET_DIR } from '../../depthnet/depthnet.ts';
import { defaultStateDir } from '../../util/state-dir.ts';
import { runRenderSpec } from '../../render/render-engine.ts';
import { specFromProjectFile } from '../../render/project-spec.ts';
import { concatSegments } from '../../render/concat.ts';

/** The joined segments (checked as one job's by the join), once the output is complete. */
async function removeSegments(segments: string[]): Promise<void> {
  for (const s of segments) await rm(path.resolve(s), { force: true });
}

export const renderCommand: Command = {
  name: 'render',
  usage: `Usage: depthswap render <project.dsproj> [--clip ID] [--frames A-B] --out <file>
                        [--format prores-hq|prores-4444|h264] [--no-audio] [--no-timecode]
                        [--intermediate] [--overwrite] [--state-dir DIR] [--model DIR] [--threads N] [--json]
       depthswap render --concat <segment...> --out <file> [--format F] [--no-audio] [--no-timecode]
                        [--remove-segments] [--overwrite] [--json]

Renders a project as the studio's Render now does: the clip's analysis with the project's keypoint edits
(keyframes) on its primary face, the active source face, the swap settings (mask, colour, Poisson, mirror)
and the cleanup model setting. The mirror choice and the temporal smoothing look at the whole analysed
span of the clip, not only at --frames, so renders of any split of a range, joined with --concat, are
frame-identical (ffmpeg framemd5) to one render of the whole range. ProRes parts are joined by stream copy;
H.264 parts are rendered with --intermediate (lossless) and encoded once by the join, since x264 run on
each part apart is not identical to one run.

  --clip         the clip to render (default: the project's active clip)
  --frames       inclusive range of the clip's frames, e.g. 0-49; default the whole clip. Outside the
                 clip is an error, not clamped
  --out          output file (.mov for ProRes, .mp4/.mov for H.264); appears only when complete
  --format       default: the project's first render preset (its audio and timecode settings too);
                 with --format, the project's preset of that format, else audio and timecode kept
  --no-audio     leave the clip's audio out; --no-timecode: write no start timecode
  --state-dir    analysis cache and source-face detections (default: $XDG_STATE_HOME/depthswap); a clip the
                 project has not analysed is analysed there once, as a whole
  --model        DepthNet model folder (default: the shipped one)
  --threads      warp + composite worker threads (default: cores - 1)
  --intermediate write a lossless intermediate of the part (FFV1 in .mkv, no audio or timecode) for a
                 later --concat, which encodes the joined parts once to the format (what the queue and the
                 farm do for H.264 jobs)

  --concat       join segments made by depthswap render (or by the queue / a farm) into --out. Every
                 render tags its file (metadata key depthswap_render: the clip, the frames it holds, the
                 job's range and preset), so the join needs only the segments: they must be of one job,
                 given in frame order without gap or overlap, and of one codec. ProRes segments are joined
                 with -c:v copy; intermediates (--intermediate) are encoded once to the preset's format
                 (or --format) as a one-pass render would; a mix, or several H.264 segments, are refused.
                 The clip's audio is added once for the joined range (sample-accurate, as a one-pass render
                 writes it) and its start timecode shifted to the first frame, as the preset says.
  --remove-segments  remove the segments once the joined file is complete (a farm's concat task does;
                 after a failure they are kept, so the join can be run again)
  --json         print a summary on stdout`,
  async run(args, io) {
    const { values, positionals } = parseOptions(
      args,
      {
        clip: { type: 'string' },
        frames: { type: 'string' },
        out: { type: 'string' },
        format: { type: 'string' },
        'no-audio': { type: 'boolean' },
        'no-timecode': { type: 'boolean' },
        concat: { type: 'boolean' },
        intermediate: { type: 'boolean' },
        'remove-segments': { type: 'boolean' },
        overwrite: { type: 'boolean' },
        'state-dir': { type: 'string' },
        model: { type: 'string' },
        threads: { type: 'string' },
        json: { type: 'boolean' },
      },
      { min: 1, max: Number.MAX_SAFE_INTEGER },
    );
    if (!values.out) throw new UsageError('--out is required');
    const keep = {
      ...(values['no-audio'] ? { audio: false } : {}),
      ...(values['no-timecode'] ? { timecode: false } : {}),
    };
    const bar = progressPrinter(io);
    try {
      if (values.concat) {
        for (const o of ['clip', 'frames', 'threads', 'model', 'state-dir', 'intermediate'] as const)
          if (values[o] !== undefined) throw new UsageError(`--${o} does not apply to --concat`);
        const joinFormat = oneOf('format', values.format, OUTPUT_FORMATS);
        const r = await concatSegments({
          ...(joinFormat ? { format: joinFormat } : {}),
          segments: positionals.map((p) => path.resolve(p)),
          out: values.out,
          overwrite: Boolean(values.overwrite),
          signal: io.signal,
          onProgress: bar.update,
          ...keep,
        });
        bar.end();
        if (values['remove-segments']) await removeSegments(positionals);
        if (values.json) io.stdout.write(JSON.stringify(r, null, 2) + '\n');
        else
          io.stderr.write(
            `wrote ${r.out}: frames ${formatInclusiveRange(r.range)} (${r.frames}) from ${positionals.length} segments ` +
              `(${r.mode === 'copy' ? 'stream copy' : 'intermediates encoded once'}), ` +
              `${r.audioStreams} audio stream(s), timecode ${r.timecode ?? 'none'}\n`,
          );
        return 0;
      }
      if (values['remove-segments']) throw new UsageError('--remove-segments applies to --concat');
      if (positionals.length !== 1)
        throw new UsageError('expected one project file (or --concat and segments)');
      const format = oneOf('format', values.format, OUTPUT_FORMATS);
      const threads = intOption('threads', values.threads, 0);
      const range = parseFramesOption(values.frames);
      const spec = await specFromProjectFile(positionals[0]!, {
        out: values.out,
        ...(values.clip ? { clipId: values.clip } : {}),
        ...(range ? { range } : {}),
        ...(format ? { format } : {}),
        ...keep,
        signal: io.signal,
      });
      const r = await runRenderSpec(spec, {
        modelDir: path.resolve(values.model ?? DEFAULT_DEPTHNET_DIR),
        stateDir: path.resolve(values['state-dir'] ?? defaultStateDir(io.env)),
        overwrite: Boolean(values.overwrite),
        ...(values.intermediate ? { intermediate: true } : {}),
        ...(threads !== undefined ? { threads } : {}),
        signal: io.signal,
        onProgress: bar.update,
      });
      bar.end();
      if (values.json) io.stdout.write(JSON.stringify(r, null, 2) + '\n');
      else {
        const s = r.summary;
        io.stderr.write(
          `wrote ${r.out}: frames ${formatInclusiveRange(r.part)} (${s.frames}; ${s.framesSwapped} swapped, ` +
            `${s.framesPassedThrough} passed through), ${r.keyframes} keyframe(s) applied, in ${s.totalSeconds} s\n`,
        );
        if (r.cleanupModel) io.stderr.write(`cleanup model applied: ${r.cleanupModel}\n`);
      }
      return 0;
    } finally {
      bar.end();
    }
  },
};
