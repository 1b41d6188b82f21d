// ffmpeg arguments for each output format (pure, unit tested). Colour is always written as bt709, limited
// range, and tagged so; frame rate is the source's exact rational.
import type { AudioStreamInfo, MediaInfo, OutputFormat, Rational } from '../../src-shared/media.ts';
import type { FrameRange } from '../../src-shared/frame-range.ts';

export interface VideoEncodeSpec {
  format: OutputFormat;
  /** x264 constant rate factor (h264 only). */
  crf: number;
}

/** x264 threads for every H.264 encode (see videoCodecArgs). 1 to 8 gave one output on 360p frames; 16 another. */
export const X264_THREADS = 8;

export function videoCodecArgs(spec: VideoEncodeSpec): string[] {
  switch (spec.format) {
    case 'prores-hq':
      return ['-c:v', 'prores_ks', '-profile:v', '3', '-vendor', 'apl0', '-pix_fmt', 'yuv422p10le'];
    case 'prores-4444':
      return [
        '-c:v',
        'prores_ks',
        '-profile:v',
        '4',
        '-vendor',
        'apl0',
        '-pix_fmt',
        'yuva444p10le',
        '-alpha_bits',
        '16',
      ];
    case 'h264':
      return [
        '-c:v',
        'libx264',
        '-preset',
        'medium',
        '-crf',
        String(spec.crf),
        '-pix_fmt',
        'yuv420p',
        '-profile:v',
        'high',
        // A fixed encoder thread count, not one from this machine's cores: x264's output depends on it
        // (frame threads bound the motion search), so the editor's workstation and a farm node with one CPU
        // must encode the same frames into the same file (a chunked job's join encode = a one-pass render).
        '-threads',
        String(X264_THREADS),
      ];
  }
}

/**
 * A lossless intermediate of RGB(A) frames (render/intermediate.ts): FFV1 version 3, intra-only, sliced
 * with CRCs. The RGB frames are stored as they are (bgr0 / bgra, a lossless repacking of rgb24 / rgba), so
 * decoding gives back the very bytes that were written. Measured on 720p frames: 246 KB a frame, 9 % of
 * raw RGB (docs/render.md).
 */
export const LOSSLESS_CODEC_ARGS: readonly string[] = [
  '-c:v',
  'ffv1',
  '-level',
  '3',
  '-g',
  '1',
  '-slices',
  '4',
  '-slicecrc',
  '1',
];

export function encodePixelFormat(format: OutputFormat): string {
  return format === 'prores-hq' ? 'yuv422p10le' : format === 'prores-4444' ? 'yuva444p10le' : 'yuv420p';
}

/**
 * RGB(A) in, bt709 limited-range YUV out. `setparams` stamps the colour properties on the frames themselves:
 * prores_ks takes them from there (the -colorspace options alone leave a ProRes .mov untagged).
 */
export function toYuvFilter(format: OutputFormat): string {
  return (
    `scale=out_color_matrix=bt709:out_range=tv:flags=bicubic+accurate_rnd+full_chroma_int:threads=0,format=${encodePixelFormat(format)},` +
    'setparams=colorspace=bt709:color_primaries=bt709:color_trc=bt709:range=tv'
  );
}

export const COLOR_TAGS = [
  '-color_primaries',
  'bt709',
  '-color_trc',
  'bt709',
  '-colorspace',
  'bt709',
  '-color_range',
  'tv',
];

const COPYABLE: Record<'mov' | 'mp4', readonly string[]> = {
  mov: [
    'aac',
    'alac',
    'mp3',
    'ac3',
    'pcm_s16le',
    'pcm_s24le',
    'pcm_s32le',
    'pcm_f32le',
    'pcm_s16be',
    'pcm_s24be',
  ],
  mp4: ['aac', 'alac', 'mp3', 'ac3', 'eac3', 'opus', 'flac'],
};

/**
 * How audio is carried: copied when the whole, unshifted source audio goes into a container that takes its
 * codec; otherwise re-encoded sample-accurately (PCM 24-bit in .mov, AAC in .mp4).
 */
export function audioCodecArgs(
  stream: AudioStreamInfo,
  container: 'mov' | 'mp4',
  trimmed: boolean,
): string[] {
  if (!trimmed && COPYABLE[container].includes(stream.codec)) return ['-c:a', 'copy'];
  return container === 'mov' ? ['-c:a', 'pcm_s24le'] : ['-c:a', 'aac', '-b:a', '320k'];
}

export function rateArg(rate: Rational): string {
  return `${rate.num}/${rate.den}`;
}

/** Seconds of frame `n` after the first frame. */
export function frameTime(n: number, rate: Rational): number {
  return (n * rate.den) / rate.num;
}

/**
 * The source clip's audio for a frame range, as an extra ffmpeg input: the input arguments (seek and
 * duration on the source), the -map and codec arguments of each stream (`input` is its input index).
 * Empty when the clip has no audio. The frame writer and the segment join use it, so a render in one pass
 * and a joined one carry the very same samples.
 */
export function sourceAudioArgs(
  info: MediaInfo,
  range: FrameRange,
  container: 'mov' | 'mp4',
  input: number,
): { input: string[]; output: string[] } {
  const audio = info.audio;
  if (audio.length === 0) return { input: [], output: [] };
  const start = info.videoStartSeconds + frameTime(range.start, info.frameRate);
  const duration = frameTime(range.end - range.start, info.frameRate);
  const inArgs = start > 0 ? ['-ss', start.toFixed(6)] : [];
  inArgs.push('-t', duration.toFixed(6), '-i', info.path);
  const trimmed = range.start !== 0 || range.end !== info.frameCount || info.videoStartSeconds > 0.001;
  const maps = audio.flatMap((_, i) => ['-map', `${input}:a:${i}`]);
  const codecs = audio.flatMap((stream, i) =>
    audioCodecArgs(stream, container, trimmed).map((a) =>
      a === '-c:a' ? `-c:a:${i}` : a === '-b:a' ? `-b:a:${i}` : a,
    ),
  );
  return { input: inArgs, output: [...maps, ...codecs] };
}
