// probe(): what a media file is, from ffprobe's JSON validated with zod (see ffprobe-schema.ts).
import { access, stat } from 'node:fs/promises';
import { constants } from 'node:fs';
import type { AudioStreamInfo, MediaInfo, Rational } from '../../src-shared/media.ts';
import { ffprobeOutputSchema, type FfprobeOutput, type FfprobeStream } from './ffprobe-schema.ts';
import { runTool, lastErrorLine } from './ffmpeg-process.ts';
import { detectVariableRate } from './vfr.ts';
import { describeKind, NOT_MEDIA, sniffKind } from '../util/file-kind.ts';

const IMAGE_FORMATS = /(^|,)(image2|[a-z0-9]+_pipe)(,|$)/;

/** Parses '30000/1001' into a reduced rational; null for '0/0' or garbage. */
export function parseRational(text: string | undefined): Rational | null {
  if (!text) return null;
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!m) return null;
  const num = Number(m[1]);
  const den = Number(m[2]);
  if (num <= 0 || den <= 0) return null;
  const g = gcd(num, den);
  return { num: num / g, den: den / g };
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

function finite(text: string | undefined): number | null {
  if (text === undefined) return null;
  const n = Number(text);
  return Number.isFinite(n) ? n : null;
}

function rotationOf(s: FfprobeStream): number {
  const fromMatrix = s.side_data_list?.find((d) => typeof d.rotation === 'number')?.rotation;
  const raw = fromMatrix ?? finite(s.tags?.['rotate']) ?? 0;
  // ffprobe's display-matrix rotation is counter-clockwise; the rotate tag is clockwise.
  const clockwise = fromMatrix !== undefined ? -raw : raw;
  return (((Math.round(clockwise / 90) * 90) % 360) + 360) % 360;
}

function normaliseRange(r: string | undefined): 'tv' | 'pc' | null {
  if (r === 'tv' || r === 'mpeg') return 'tv';
  if (r === 'pc' || r === 'jpeg') return 'pc';
  return null;
}

function known(v: string | undefined): string | null {
  return v && v !== 'unknown' && v !== 'reserved' ? v : null;
}

/** Turns validated ffprobe output into MediaInfo. Pure, so it is tested on recorded JSON. */
export function mediaInfoFromProbe(path: string, out: FfprobeOutput): MediaInfo {
  const video = out.streams.find((s) => s.codec_type === 'video' && !s.disposition?.['attached_pic']);
  if (!video || !video.width || !video.height || !video.codec_name) {
    throw new Error(`${path} has no video stream`);
  }
  if (/(^|,)tty(,|$)/.test(out.format.format_name)) throw new Error(`${path} is a text file, not media`);
  const isImage = IMAGE_FORMATS.test(out.format.format_name);
  const frameRate =
    parseRational(video.r_frame_rate) ??
    parseRational(video.avg_frame_rate) ??
    (isImage ? { num: 25, den: 1 } : null);
  if (!frameRate) throw new Error(`${path}: the video stream has no usable frame rate`);
  const duration = finite(video.duration) ?? finite(out.format.duration) ?? 0;
  const counted = finite(video.nb_read_packets) ?? finite(video.nb_frames);
  const frameCount = isImage ? 1 : (counted ?? Math.round((duration * frameRate.num) / frameRate.den));
  const timecode =
    video.tags?.['timecode'] ??
    out.streams.find((s) => s.codec_type === 'data' && s.tags?.['timecode'])?.tags?.['timecode'] ??
    out.format.tags?.['timecode'] ??
    null;
  const audio: AudioStreamInfo[] = out.streams
    .filter((s) => s.codec_type === 'audio')
    .map((s) => ({
      index: s.index,
      codec: s.codec_name ?? 'unknown',
      sampleRate: finite(s.sample_rate) ?? 0,
      channels: s.channels ?? 0,
      channelLayout: s.channel_layout ?? null,
    }));
  return {
    path,
    container: out.format.format_name,
    width: video.width,
    height: video.height,
    frameRate,
    frameCount,
    durationSeconds: duration,
    videoStartSeconds: Math.max(0, (finite(video.start_time) ?? 0) - (finite(out.format.start_time) ?? 0)),
    startTimecode: timecode,
    videoCodec: video.codec_name,
    videoProfile: video.profile ?? null,
    pixelFormat: video.pix_fmt ?? 'unknown',
    color: {
      primaries: known(video.color_primaries),
      transfer: known(video.color_transfer),
      matrix: known(video.color_space),
      range: normaliseRange(video.color_range),
    },
    rotation: rotationOf(video),
    audio,
    isImage,
  };
}

async function checkReadable(path: string): Promise<void> {
  let st;
  try {
    st = await stat(path);
  } catch {
    throw new Error(`file not found: ${path}`);
  }
  if (!st.isFile()) throw new Error(`not a file: ${path}`);
  if (st.size === 0) throw new Error(`empty file (0 bytes): ${path}`);
  // By content, not name: ffprobe would show a text file (a password file named .ans) as a picture.
  const kind = await sniffKind(path);
  if (kind && NOT_MEDIA.includes(kind)) throw new Error(`not a media file: ${path} is ${describeKind(kind)}`);
  await access(path, constants.R_OK).catch(() => {
    throw new Error(`file is not readable: ${path}`);
  });
}

/** Probes a media file. `countFrames` demuxes the file to count video packets when the header has no count. */
export async function probe(path: string, opts: { signal?: AbortSignal } = {}): Promise<MediaInfo> {
  await checkReadable(path);
  const base = ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams'];
  const run = async (extra: string[]) => {
    let stdout: Buffer;
    try {
      stdout = await runTool(
        'ffprobe',
        [...base, ...extra, '-i', path],
        opts.signal ? { signal: opts.signal } : {},
      );
    } catch (err) {
      const reason =
        err instanceof Error ? lastErrorLine(err.message.replace(/^ffprobe failed \([^)]*\): /, '')) : '';
      throw new Error(`not a readable media file: ${path} (${reason})`);
    }
    const parsed = ffprobeOutputSchema.safeParse(JSON.parse(stdout.toString('utf8')));
    if (!parsed.success)
      throw new Error(`unexpected ffprobe output for ${path}: ${parsed.error.issues[0]?.message ?? ''}`);
    return parsed.data;
  };
  let out = await run([]);
  const video = out.streams.find((s) => s.codec_type === 'video');
  const isImage = IMAGE_FORMATS.test(out.format.format_name);
  if (video && !isImage && finite(video.nb_frames) === null) {
    // Matroska, MPEG-TS and others carry no frame count in the header: count packets (demux only, fast).
    out = await run(['-count_packets', '-select_streams', 'v:0']).then((counted) => ({
      ...out,
      streams: out.streams.map((s) =>
        s.index === video.index ? { ...s, nb_read_packets: counted.streams[0]?.nb_read_packets } : s,
      ),
    }));
  }
  const info = mediaInfoFromProbe(path, out);
  if (info.isImage) return info;
  const v = out.streams.find((s) => s.codec_type === 'video' && !s.disposition?.['attached_pic']);
  const vfr = await detectVariableRate(
    path,
    info.frameRate,
    parseRational(v?.avg_frame_rate),
    info.durationSeconds,
    opts.signal,
  );
  // A variable-rate clip is described by its conform (frame n = the n-th frame at the conform rate).
  return vfr
    ? { ...info, frameRate: vfr.conformRate, frameCount: vfr.conformFrames, variableFrameRate: vfr }
    : info;
}
