// Still images in and out (face photos, single-frame grabs for the UI), all through ffmpeg.
import type { MediaInfo } from '../../src-shared/media.ts';
import { spawnTool } from './ffmpeg-process.ts';
import { probe } from './probe.ts';
import { readFrames, seekArgs, type PixelFormat, type RawFrame } from './frame-reader.ts';
import { toRgbFilter } from './color-args.ts';

export type ImageFormat = 'png' | 'jpeg';

/** Decodes a still image (png, jpeg, ppm, bmp, webp, tiff...) to 8-bit RGB/RGBA. */
export async function decodeImage(
  path: string,
  opts: { pixelFormat?: PixelFormat; signal?: AbortSignal; info?: MediaInfo } = {},
): Promise<RawFrame> {
  const info = opts.info ?? (await probe(path, opts.signal ? { signal: opts.signal } : {}));
  if (!info.isImage)
    throw new Error(`not an image: ${path} (it is ${info.videoCodec} video; use a frame of it instead)`);
  for await (const frame of readFrames(path, { ...opts, info, range: { start: 0, end: 1 } })) return frame;
  throw new Error(`the image could not be decoded: ${path}`);
}

function encoderArgs(format: ImageFormat, quality: number): string[] {
  if (format === 'png') return ['-c:v', 'png', '-pred', 'mixed'];
  // mjpeg's -q:v runs 2 (best) .. 31; map quality 0..1 onto it.
  const q = Math.round(31 - Math.min(1, Math.max(0, quality)) * 29);
  return ['-c:v', 'mjpeg', '-q:v', String(q), '-pix_fmt', 'yuvj444p'];
}

/** Encodes one RGB/RGBA frame as PNG or JPEG. */
export async function encodeImage(
  frame: RawFrame,
  format: ImageFormat,
  opts: { quality?: number; signal?: AbortSignal } = {},
): Promise<Buffer> {
  const pix = frame.channels === 4 ? 'rgba' : 'rgb24';
  if (frame.data.length !== frame.width * frame.height * frame.channels) {
    throw new Error(
      `frame data is ${frame.data.length} bytes, expected ${frame.width}x${frame.height}x${frame.channels}`,
    );
  }
  const proc = spawnTool(
    'ffmpeg',
    [
      '-v',
      'error',
      '-f',
      'rawvideo',
      '-pix_fmt',
      pix,
      '-s',
      `${frame.width}x${frame.height}`,
      '-i',
      'pipe:0',
      '-frames:v',
      '1',
      ...encoderArgs(format, opts.quality ?? 0.9),
      '-f',
      'image2pipe',
      'pipe:1',
    ],
    { stdin: true, ...(opts.signal ? { signal: opts.signal } : {}) },
  );
  proc.stdin!.end(frame.data);
  return proc.done;
}

/**
 * One frame of a clip as PNG or JPEG, optionally scaled down to `maxWidth` (for the viewer and thumbnails),
 * decoded and encoded by a single ffmpeg process.
 */
export async function grabFrame(
  path: string,
  index: number,
  opts: {
    format?: ImageFormat;
    maxWidth?: number;
    quality?: number;
    info?: MediaInfo;
    signal?: AbortSignal;
  } = {},
): Promise<Buffer> {
  const info = opts.info ?? (await probe(path, opts.signal ? { signal: opts.signal } : {}));
  if (!Number.isInteger(index) || index < 0 || index >= info.frameCount) {
    throw new Error(`frame ${index} is outside the clip (frames 0-${info.frameCount - 1})`);
  }
  const format = opts.format ?? 'jpeg';
  let filter = toRgbFilter(info.color, info.height, 'rgb24');
  if (opts.maxWidth && opts.maxWidth < info.width) filter += `,scale=${opts.maxWidth}:-2:flags=area`;
  const data = await spawnTool(
    'ffmpeg',
    [
      '-v',
      'error',
      '-nostdin',
      ...seekArgs(index, info),
      '-i',
      path,
      '-map',
      '0:v:0',
      '-vf',
      filter,
      '-fps_mode',
      'passthrough',
      '-frames:v',
      '1',
      ...encoderArgs(format, opts.quality ?? 0.85),
      '-f',
      'image2pipe',
      'pipe:1',
    ],
    opts.signal ? { signal: opts.signal } : {},
  ).done;
  if (data.length === 0) throw new Error(`frame ${index} could not be decoded from ${path}`);
  return data;
}
