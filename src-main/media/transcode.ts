// Decode through the frame reader and encode through the frame writer: the path every render takes.
import { checkRange, type FrameRange } from '../../src-shared/frame-range.ts';
import type { OutputFormat } from '../../src-shared/media.ts';
import type { Progress } from '../../src-shared/progress.ts';
import { EtaEstimator } from '../../src-shared/progress.ts';
import { probe } from './probe.ts';
import { displaySize, readFrames } from './frame-reader.ts';
import { openFrameWriter } from './frame-writer.ts';
import { describeConform } from './vfr.ts';

export interface TranscodeOptions {
  input: string;
  output: string;
  format: OutputFormat;
  range?: FrameRange;
  crf?: number;
  audio?: boolean;
  overwrite?: boolean;
  signal?: AbortSignal;
  onProgress?: (p: Progress) => void;
}

export interface TranscodeResult {
  path: string;
  frames: number;
  range: FrameRange;
  seconds: number;
  /** Set when a variable-frame-rate input was conformed: what was done, for stderr. */
  conformed: string | null;
}

export async function transcode(opts: TranscodeOptions): Promise<TranscodeResult> {
  const t0 = performance.now();
  const info = await probe(opts.input, opts.signal ? { signal: opts.signal } : {});
  if (info.isImage) throw new Error(`${opts.input} is a still image, not a clip`);
  const range = checkRange(opts.range, info.frameCount);
  const expected = range.end - range.start;
  const { width, height } = displaySize(info);
  const pixelFormat = opts.format === 'prores-4444' ? 'rgba' : 'rgb24';
  const writer = await openFrameWriter({
    out: opts.output,
    format: opts.format,
    width,
    height,
    frameRate: info.frameRate,
    pixelFormat,
    expectedFrames: expected,
    source: { info, range },
    ...(opts.audio !== undefined ? { audio: opts.audio } : {}),
    ...(opts.crf !== undefined ? { crf: opts.crf } : {}),
    ...(opts.overwrite !== undefined ? { overwrite: opts.overwrite } : {}),
    ...(opts.signal ? { signal: opts.signal } : {}),
  });
  const eta = new EtaEstimator(expected, 'transcode');
  let decoded = 0;
  try {
    for await (const frame of readFrames(opts.input, {
      info,
      range,
      pixelFormat,
      conformVariableRate: true,
      ...(opts.signal ? { signal: opts.signal } : {}),
    })) {
      await writer.write(frame.data);
      decoded++;
      opts.onProgress?.(eta.update(decoded));
    }
    const done = await writer.finish();
    return {
      path: done.path,
      frames: done.frames,
      range,
      seconds: (performance.now() - t0) / 1000,
      conformed: describeConform(info),
    };
  } catch (err) {
    await writer.abort();
    throw err;
  }
}
