// Streams decoded frames of a clip as 8-bit RGB/RGBA, for any frame range [start, end), frame-accurately:
// frame n is the n-th decoded frame, also after a seek. Memory is bounded: one frame is assembled at a time
// and ffmpeg is paused by back-pressure while the consumer works.
import type { FrameRange } from '../../src-shared/frame-range.ts';
import { checkRange } from '../../src-shared/frame-range.ts';
import type { MediaInfo } from '../../src-shared/media.ts';
import { spawnTool } from './ffmpeg-process.ts';
import { probe } from './probe.ts';
import { toRgbFilter } from './color-args.ts';
import { conformArgs, requireConstantRate } from './vfr.ts';
import { CancelledError, throwIfCancelled } from '../util/cancel.ts';
import { readAhead } from '../util/read-ahead.ts';

export type PixelFormat = 'rgb24' | 'rgba';

export interface RawFrame {
  /** Index of the frame in the clip (0-based decoded order). */
  index: number;
  width: number;
  height: number;
  channels: 3 | 4;
  /** Row-major pixels, `channels` bytes each, no padding. */
  data: Uint8Array;
}

export interface ReadFramesOptions {
  range?: FrameRange;
  pixelFormat?: PixelFormat;
  /** A probe result already at hand (saves one ffprobe run). */
  info?: MediaInfo;
  signal?: AbortSignal;
  /**
   * Decode frames no taller than this (aspect kept, even width): for analysis, which needs no more pixels
   * than its networks see. Frames keep their full size when they are not taller.
   */
  maxHeight?: number;
  /**
   * Conform a variable-frame-rate clip to its standard rate (only `transcode` does, and says so); without
   * it such a clip is refused (media/vfr.ts).
   */
  conformVariableRate?: boolean;
  /**
   * The range the caller renders, when it reads a margin around it (a render's colour smoothing): a
   * truncation is reported in its terms. Default: `range`.
   */
  reportRange?: FrameRange;
  /**
   * Frames decoded ahead of the consumer (default 0): the decoder's pipe is drained while the consumer
   * works, instead of only when it asks for the next frame. Each costs one frame of memory.
   */
  readAhead?: number;
}

/** Size of decoded frames: the display size, after the rotation ffmpeg applies on decode. */
export function displaySize(info: MediaInfo): { width: number; height: number } {
  const swap = info.rotation === 90 || info.rotation === 270;
  return swap ? { width: info.height, height: info.width } : { width: info.width, height: info.height };
}

/** The size frames are decoded at under a `maxHeight` cap (the display size when no cap applies). */
export function decodedSize(info: MediaInfo, maxHeight?: number): { width: number; height: number } {
  const full = displaySize(info);
  if (!maxHeight || full.height <= maxHeight) return full;
  const width = Math.max(2, 2 * Math.round((full.width * maxHeight) / full.height / 2));
  return { width, height: maxHeight };
}

/**
 * Input-side seek to half a frame before frame n: ffmpeg's accurate seek then decodes from the previous key
 * frame and drops every frame before that time, so the first frame out is frame n. Half a frame of margin
 * absorbs timestamp rounding.
 */
export function seekArgs(start: number, info: MediaInfo): string[] {
  if (start <= 0) return [];
  const seconds = info.videoStartSeconds + ((start - 0.5) * info.frameRate.den) / info.frameRate.num;
  return ['-ss', seconds.toFixed(6)];
}

export function readFrames(path: string, opts: ReadFramesOptions = {}): AsyncGenerator<RawFrame> {
  const frames = readFramesInOrder(path, opts);
  return opts.readAhead ? readAhead(frames, opts.readAhead) : frames;
}

async function* readFramesInOrder(path: string, opts: ReadFramesOptions): AsyncGenerator<RawFrame> {
  const info = opts.info ?? (await probe(path, opts.signal ? { signal: opts.signal } : {}));
  if (!opts.conformVariableRate) requireConstantRate(info);
  const range = checkRange(opts.range, info.frameCount);
  const pixelFormat = opts.pixelFormat ?? 'rgb24';
  const channels = pixelFormat === 'rgba' ? 4 : 3;
  const full = displaySize(info);
  const { width, height } = decodedSize(info, opts.maxHeight);
  const resize = width !== full.width || height !== full.height ? { width, height } : undefined;
  const frameBytes = width * height * channels;
  const count = range.end - range.start;
  if (count <= 0) return;
  throwIfCancelled(opts.signal);
  const args = [
    '-v',
    'error',
    '-nostdin',
    ...seekArgs(range.start, info),
    '-i',
    path,
    '-map',
    '0:v:0',
    '-an',
    '-sn',
    '-dn',
    '-vf',
    toRgbFilter(info.color, info.height, pixelFormat, resize),
    ...conformArgs(info),
    '-frames:v',
    String(count),
    '-f',
    'rawvideo',
    'pipe:1',
  ];
  const proc = spawnTool('ffmpeg', args, {
    streamStdout: true,
    ...(opts.signal ? { signal: opts.signal } : {}),
  });
  let index = range.start;
  let frame = new Uint8Array(frameBytes);
  let filled = 0;
  try {
    for await (const chunk of proc.stdout as AsyncIterable<Buffer>) {
      let offset = 0;
      while (offset < chunk.length) {
        const n = Math.min(frameBytes - filled, chunk.length - offset);
        frame.set(chunk.subarray(offset, offset + n), filled);
        filled += n;
        offset += n;
        if (filled === frameBytes) {
          yield { index, width, height, channels, data: frame };
          index++;
          frame = new Uint8Array(frameBytes);
          filled = 0;
        }
      }
    }
    await proc.done;
    if (opts.signal?.aborted) throw new CancelledError();
    if (index < range.end) {
      // Fewer frames than the clip's header promises: a truncated or damaged file. Every reader (swap,
      // transcode, analysis) fails instead of delivering what it could decode as if it were the whole range.
      const r = opts.reportRange ?? range;
      const decoded = Math.max(0, Math.min(index, r.end) - r.start);
      // Only the margin beyond the caller's range is missing: every frame it renders was read.
      if (opts.reportRange && index >= r.end) return;
      throw new Error(
        `decoded ${decoded} of ${r.end - r.start} frames (frames ${r.start}-${r.end - 1}): ${path} is truncated or damaged`,
      );
    }
  } finally {
    proc.kill();
  }
}

/** Decodes exactly one frame. */
export async function readFrame(
  path: string,
  index: number,
  opts: Omit<ReadFramesOptions, 'range'> = {},
): Promise<RawFrame> {
  for await (const f of readFrames(path, { ...opts, range: { start: index, end: index + 1 } })) return f;
  throw new Error(`frame ${index} could not be decoded from ${path}`);
}
