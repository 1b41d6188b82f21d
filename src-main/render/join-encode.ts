// The join of a chunked job whose chunks are lossless intermediates (render/intermediate.ts): the decoded
// RGB frames of every segment, in order, go through one frame writer opened with the options a one-pass
// render of the whole range uses (swap/clip-writer.ts), so the encoder sees bit-identical input and
// arguments (the same audio for the range, the same start timecode) and writes a file framemd5-identical
// to a one-pass render. Progress and ETA are the encoder's frames; the output appears only when complete.
import type { FrameRange } from '../../src-shared/frame-range.ts';
import type { OutputFormat } from '../../src-shared/media.ts';
import type { ProgressListener } from '../../src-shared/progress.ts';
import { frameToTimecode } from '../../src-shared/timecode.ts';
import { openFrameWriter, type FrameWriter } from '../media/frame-writer.ts';
import { displaySize, readFrames } from '../media/frame-reader.ts';
import { probe } from '../media/probe.ts';
import { clipPixelFormat, clipWriterOptions } from '../swap/clip-writer.ts';
import { SEGMENT_TAG, type SegmentTag } from './segment-tag.ts';

export interface EncodeJoinOptions {
  segments: string[];
  /** The first segment's tag (clip, preset, name). */
  first: SegmentTag;
  range: FrameRange;
  format: OutputFormat;
  out: string;
  overwrite: boolean;
  audio: boolean;
  timecode: boolean;
  signal?: AbortSignal;
  onProgress?: ProgressListener;
}

export interface EncodeJoinResult {
  out: string;
  frames: number;
  audioStreams: number;
  timecode: string | null;
}

export async function encodeIntermediates(opts: EncodeJoinOptions): Promise<EncodeJoinResult> {
  const sig = opts.signal ? { signal: opts.signal } : {};
  const source = await probe(opts.first.target, sig);
  const size = displaySize(source);
  const total = opts.range.end - opts.range.start;
  // What a one-pass render of the range writes as its tag: the delivery file, in the format encoded.
  const f = opts.first;
  const tag: SegmentTag = {
    v: f.v,
    target: f.target,
    frames: opts.range,
    job: f.job,
    preset: { ...f.preset, format: opts.format },
    name: f.name,
  };
  const inputs = {
    'target clip': opts.first.target,
    ...Object.fromEntries(opts.segments.map((s, i) => [`segment ${i + 1}`, s])),
  };
  const writerOptions = clipWriterOptions({
    out: opts.out,
    format: opts.format,
    info: source,
    range: opts.range,
    inputs,
    overwrite: opts.overwrite,
    audio: opts.audio,
    timecode: opts.timecode,
    metadata: { [SEGMENT_TAG]: JSON.stringify(tag) },
    ...sig,
  });
  const writer: FrameWriter = await openFrameWriter({
    ...writerOptions,
    ...(opts.onProgress ? { onProgress: (p) => opts.onProgress?.({ ...p, stage: 'join (encode)' }) } : {}),
  });
  let written = 0;
  try {
    const pixelFormat = clipPixelFormat(opts.format);
    for (const file of opts.segments) {
      for await (const frame of readFrames(file, { pixelFormat, ...sig })) {
        if (frame.width !== size.width || frame.height !== size.height)
          throw new Error(
            `${file} holds ${frame.width}x${frame.height} frames, the clip ${size.width}x${size.height}: not an intermediate of this clip`,
          );
        await writer.write(frame.data);
        written++;
      }
    }
    if (written !== total) throw new Error(`the segments hold ${written} frames, expected ${total}`);
    const done = await writer.finish();
    return {
      out: done.path,
      frames: done.frames,
      audioStreams: opts.audio ? source.audio.length : 0,
      timecode:
        opts.timecode && source.startTimecode
          ? frameToTimecode(opts.range.start, source.frameRate, source.startTimecode)
          : null,
    };
  } catch (err) {
    await writer.abort();
    throw err;
  }
}
