// The frame writer's options for a render of a clip's range: its display size, rate, pixel layout (RGBA
// for ProRes 4444's matte), audio and start timecode for the range, tags. One home, so that a one-pass
// render (swap-clip.ts) and the join that encodes a chunked job's intermediates once (render/join-encode.ts)
// give the encoder the very same command line, frames and all.
import type { FrameRange } from '../../src-shared/frame-range.ts';
import type { MediaInfo, OutputFormat } from '../../src-shared/media.ts';
import type { FrameWriterOptions } from '../media/frame-writer.ts';
import { displaySize, type PixelFormat } from '../media/frame-reader.ts';

export interface ClipWriterInput {
  out: string;
  format: OutputFormat;
  /** The clip rendered (its probe): size, rate, audio, timecode. */
  info: MediaInfo;
  range: FrameRange;
  /** Files the operation reads, never written over (write guard). */
  inputs: Readonly<Record<string, string | null | undefined>>;
  overwrite: boolean;
  audio: boolean;
  /** false: no start timecode; true: the clip's, shifted to range.start. */
  timecode: boolean;
  metadata?: Record<string, string>;
  /** A lossless intermediate of a chunk (no audio, no timecode) instead of `format`. */
  lossless?: boolean;
  signal?: AbortSignal;
}

/** RGBA carries the matte into ProRes 4444's alpha; every other format gets RGB. */
export function clipPixelFormat(format: OutputFormat): PixelFormat {
  return format === 'prores-4444' ? 'rgba' : 'rgb24';
}

export function clipWriterOptions(x: ClipWriterInput): FrameWriterOptions {
  const { width, height } = displaySize(x.info);
  return {
    out: x.out,
    format: x.format,
    width,
    height,
    frameRate: x.info.frameRate,
    pixelFormat: clipPixelFormat(x.format),
    expectedFrames: x.range.end - x.range.start,
    source: { info: x.info, range: x.range },
    inputs: x.inputs,
    overwrite: x.overwrite,
    audio: x.lossless ? false : x.audio,
    ...(x.lossless || !x.timecode ? { timecode: null } : {}),
    ...(x.metadata ? { metadata: x.metadata } : {}),
    ...(x.lossless ? { lossless: true } : {}),
    ...(x.signal ? { signal: x.signal } : {}),
  };
}
