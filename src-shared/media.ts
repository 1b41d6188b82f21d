// Media facts the engine and the UI share. Produced by src-main/media/probe.ts from validated ffprobe JSON.

/** An exact rational, e.g. 30000/1001 for 29.97 fps. */
export interface Rational {
  num: number;
  den: number;
}

export interface AudioStreamInfo {
  index: number;
  codec: string;
  sampleRate: number;
  channels: number;
  channelLayout: string | null;
}

export interface ColorInfo {
  /** e.g. 'bt709', or null when the stream does not say. */
  primaries: string | null;
  transfer: string | null;
  matrix: string | null;
  range: 'tv' | 'pc' | null;
}

export interface MediaInfo {
  path: string;
  /** Container format names as ffprobe reports them, e.g. 'mov,mp4,m4a,3gp,3g2,mj2'. */
  container: string;
  width: number;
  height: number;
  frameRate: Rational;
  /** Number of video frames (decoded frames; frame n is the n-th decoded frame). */
  frameCount: number;
  durationSeconds: number;
  /** Where the first video frame sits after the container's start, in seconds (what ffmpeg's -ss counts from). */
  videoStartSeconds: number;
  /** SMPTE start timecode (e.g. '01:00:00:00' or '00:59:59;28'), or null when the file has none. */
  startTimecode: string | null;
  videoCodec: string;
  videoProfile: string | null;
  pixelFormat: string;
  color: ColorInfo;
  /** Display rotation in degrees (0, 90, 180, 270), from the display matrix or the rotate tag. */
  rotation: number;
  audio: AudioStreamInfo[];
  /** True for a single still image (png, jpeg, ...). */
  isImage: boolean;
  /**
   * Set for a variable-frame-rate clip (src-main/media/vfr.ts): frameRate and frameCount are then those of
   * the conform to `conformRate`, which only `transcode` performs; everything else refuses the clip.
   */
  variableFrameRate?: {
    averageFps: number;
    minInterval: number;
    maxInterval: number;
    conformRate: Rational;
    conformFrames: number;
  } | null;
}

export function frameRateToNumber(r: Rational): number {
  return r.num / r.den;
}

export function formatRational(r: Rational): string {
  return `${r.num}/${r.den}`;
}

export type OutputFormat = 'prores-hq' | 'prores-4444' | 'h264';
export const OUTPUT_FORMATS: readonly OutputFormat[] = ['prores-hq', 'prores-4444', 'h264'];

export function outputExtension(format: OutputFormat): '.mov' | '.mp4' {
  return format === 'h264' ? '.mp4' : '.mov';
}
