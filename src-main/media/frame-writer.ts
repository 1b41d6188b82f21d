// Encodes frames coming from the engine: ProRes 422 HQ, ProRes 4444 (alpha = the face matte) or H.264,
// keeping the source's exact frame rate, start timecode (shifted to the first frame written), audio and
// bt709 colour tags. Output goes to a hidden temporary name and is renamed only when complete.
import { once } from 'node:events';
import path from 'node:path';
import { rename, stat } from 'node:fs/promises';
import type { FrameRange } from '../../src-shared/frame-range.ts';
import type { MediaInfo, OutputFormat, Rational } from '../../src-shared/media.ts';
import { EtaEstimator, type Progress } from '../../src-shared/progress.ts';
import { frameToTimecode } from '../../src-shared/timecode.ts';
import { spawnTool, type ToolProcess } from './ffmpeg-process.ts';
import { checkOutputPath, containerFor } from './output-path.ts';
import {
  discardPartial,
  releasePartial,
  removeStalePartials,
  temporaryPath,
  trackPartial,
} from '../util/partial-files.ts';
import {
  COLOR_TAGS,
  LOSSLESS_CODEC_ARGS,
  rateArg,
  sourceAudioArgs,
  toYuvFilter,
  videoCodecArgs,
} from './encode-args.ts';
import type { PixelFormat } from './frame-reader.ts';
import { CancelledError } from '../util/cancel.ts';
import { diskFullError } from '../util/user-message.ts';

export interface FrameWriterOptions {
  out: string;
  format: OutputFormat;
  width: number;
  height: number;
  frameRate: Rational;
  /** Layout of the frames passed to write(). RGBA carries the matte into ProRes 4444's alpha. */
  pixelFormat: PixelFormat;
  /** Frames that will be written (for progress and ETA). */
  expectedFrames?: number;
  /** The clip the frames come from: its audio and timecode for `range` are carried over. */
  source?: { info: MediaInfo; range: FrameRange };
  /** Keep the source's audio (default true). */
  audio?: boolean;
  /** Override the start timecode (default: the source's, shifted to range.start; none without a source). */
  timecode?: string | null;
  /** Container metadata tags (custom keys are kept: +use_metadata_tags), e.g. the render's description. */
  metadata?: Record<string, string>;
  /**
   * Write a lossless intermediate (FFV1 in .mkv, the RGB(A) frames bit for bit) of a `format` job's chunk
   * instead of encoding `format`: no audio, no timecode, the metadata tags kept (render/intermediate.ts).
   */
  lossless?: boolean;
  /** H.264 quality (x264 CRF, default 18). */
  crf?: number;
  overwrite?: boolean;
  /** Other files the operation reads (the swap's source face, analysis): never written over. */
  inputs?: Readonly<Record<string, string | null | undefined>>;
  signal?: AbortSignal;
  onProgress?: (p: Progress) => void;
}

export interface FrameWriter {
  readonly commandLine: string;
  /** Queues one frame; resolves when ffmpeg is ready for more (back-pressure). */
  write(data: Uint8Array): Promise<void>;
  /** Closes the input, waits for the encode, and moves the file to its final name. */
  finish(): Promise<{ path: string; frames: number }>;
  /** Stops the encode and removes the partial file. Safe to call more than once. */
  abort(): Promise<void>;
}

function inputArgs(opts: FrameWriterOptions): string[] {
  return [
    '-v',
    'error',
    '-nostdin',
    '-y',
    '-f',
    'rawvideo',
    '-pix_fmt',
    opts.pixelFormat,
    '-s',
    `${opts.width}x${opts.height}`,
    '-framerate',
    rateArg(opts.frameRate),
    '-i',
    'pipe:0',
  ];
}

function tagArgs(opts: FrameWriterOptions): string[] {
  return Object.entries(opts.metadata ?? {}).flatMap(([key, value]) => ['-metadata', `${key}=${value}`]);
}

/** The intermediate: the raw frames, losslessly, in Matroska (which keeps custom tags, upper-cased). */
function losslessArgs(opts: FrameWriterOptions, tmp: string): string[] {
  return [
    ...inputArgs(opts),
    ...['-map', '0:v:0', ...LOSSLESS_CODEC_ARGS, ...tagArgs(opts)],
    ...['-progress', 'pipe:3', '-stats_period', '0.5', '-f', 'matroska', tmp],
  ];
}

function buildArgs(opts: FrameWriterOptions, tmp: string): string[] {
  if (opts.lossless) return losslessArgs(opts, tmp);
  const container = containerFor(opts.out);
  const args = inputArgs(opts);
  const source = opts.source;
  const audio =
    source && opts.audio !== false
      ? sourceAudioArgs(source.info, source.range, container, 1)
      : { input: [], output: [] };
  args.push(...audio.input);
  args.push(
    '-map',
    '0:v:0',
    '-vf',
    toYuvFilter(opts.format),
    ...videoCodecArgs({ format: opts.format, crf: opts.crf ?? 18 }),
    ...COLOR_TAGS,
    ...audio.output,
  );
  const timecode =
    opts.timecode !== undefined
      ? opts.timecode
      : source?.info.startTimecode
        ? frameToTimecode(source.range.start, source.info.frameRate, source.info.startTimecode)
        : null;
  if (timecode) args.push('-timecode', timecode);
  const tags = tagArgs(opts);
  args.push(...tags);
  const tagFlag = tags.length > 0 ? '+use_metadata_tags' : '';
  args.push('-movflags', (container === 'mp4' ? '+faststart+write_colr' : '+write_colr') + tagFlag);
  args.push('-progress', 'pipe:3', '-stats_period', '0.5', '-f', container, tmp);
  return args;
}

export async function openFrameWriter(opts: FrameWriterOptions): Promise<FrameWriter> {
  const inputs = { ...opts.inputs, ...(opts.source ? { 'input clip': opts.source.info.path } : {}) };
  const finalPath = await checkOutputPath(opts.out, opts.format, {
    inputs,
    overwrite: opts.overwrite ?? false,
    ...(opts.lossless ? { intermediate: true } : {}),
  });
  if (opts.format === 'h264' && (opts.width % 2 !== 0 || opts.height % 2 !== 0)) {
    throw new Error(`H.264 (4:2:0) needs an even frame size; this one is ${opts.width}x${opts.height}`);
  }
  await removeStalePartials(finalPath);
  const tmp = temporaryPath(finalPath);
  trackPartial(tmp);
  const frameBytes = opts.width * opts.height * (opts.pixelFormat === 'rgba' ? 4 : 3);
  const eta = new EtaEstimator(opts.expectedFrames ?? 0, 'encode');
  const proc: ToolProcess = spawnTool('ffmpeg', buildArgs({ ...opts, out: finalPath }, tmp), {
    stdin: true,
    ...(opts.signal ? { signal: opts.signal } : {}),
    onProgress: (p) => {
      if (opts.onProgress && opts.expectedFrames) opts.onProgress(eta.update(p.frame));
    },
  });
  let written = 0;
  let closed = false;
  const cleanup = async () => {
    proc.kill();
    await proc.done.catch(() => undefined);
    await discardPartial(tmp);
  };
  // A full disk reads as "ffmpeg failed: ... No space left on device": say which folder and how much.
  const explain = async (err: unknown): Promise<unknown> => {
    if (!(err instanceof Error) || !/No space left on device|ENOSPC/i.test(err.message)) return err;
    const size = (await stat(tmp).catch(() => null))?.size ?? 0;
    const expected = opts.expectedFrames ?? written;
    const perFrame = written > 0 ? size / written : frameBytes / 10;
    const needed = Math.max(size, Math.round(perFrame * Math.max(expected, written)));
    return diskFullError(path.dirname(finalPath), 'the encode', needed);
  };
  // If ffmpeg dies early, stop waiting for 'drain'.
  const failed = proc.done.then(
    () => {
      throw new Error('ffmpeg exited before all frames were written');
    },
    (err: unknown) => {
      throw err;
    },
  );
  failed.catch(() => undefined);

  return {
    commandLine: proc.commandLine,
    async write(data) {
      if (closed) throw new Error('frame writer is already closed');
      if (opts.signal?.aborted) {
        await cleanup();
        throw new CancelledError();
      }
      if (data.length !== frameBytes) {
        throw new Error(
          `frame ${written} has ${data.length} bytes, expected ${frameBytes} (${opts.width}x${opts.height} ${opts.pixelFormat})`,
        );
      }
      written++;
      try {
        if (!proc.stdin!.write(data)) await Promise.race([once(proc.stdin!, 'drain'), failed]);
      } catch (err) {
        closed = true;
        // A broken pipe means ffmpeg stopped: its own reason (e.g. "No space left on device") says more.
        const reason = await Promise.race([
          proc.done.then(
            () => err,
            (e: unknown) => e,
          ),
          new Promise((r) => setTimeout(r, 2000).unref()).then(() => err),
        ]);
        const why = await explain(reason);
        await cleanup();
        throw why;
      }
    },
    async finish() {
      if (closed) throw new Error('frame writer is already closed');
      closed = true;
      try {
        proc.stdin!.end();
        await proc.done;
        if (written === 0) throw new Error('no frames were written');
        const st = await stat(tmp);
        if (st.size === 0) throw new Error('the encoder wrote an empty file');
        await rename(tmp, finalPath);
        releasePartial(tmp);
      } catch (err) {
        const why = await explain(err);
        await cleanup();
        throw why;
      }
      return { path: finalPath, frames: written };
    },
    async abort() {
      closed = true;
      await cleanup();
    },
  };
}
