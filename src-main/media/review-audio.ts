// The audio of a rendered file as the viewer plays it under review (Preview I-O, a finished export): its
// first audio stream from the first video frame on, for exactly the video's length, as 16-bit PCM WAV at
// 48 kHz (stereo, or mono for a mono source), which every browser's Web Audio decodes. Written under its
// final name only when complete; made once per file version.
import { mkdir, rename, stat } from 'node:fs/promises';
import path from 'node:path';
import { createHash } from 'node:crypto';
import type { MediaInfo } from '../../src-shared/media.ts';
import { runTool } from './ffmpeg-process.ts';
import { discardPartial, releasePartial, temporaryPath, trackPartial } from '../util/partial-files.ts';

/** Longer files are reviewed without sound (their WAV would be too large to hand to the page at once). */
export const REVIEW_AUDIO_MAX_SECONDS = 20 * 60;

export class NoReviewAudioError extends Error {
  override name = 'NoReviewAudioError';
}

/** Where the review WAV of `file` (as it is now: path, size, modification time) is kept. */
export async function reviewAudioPath(stateDir: string, file: string): Promise<string> {
  const abs = path.resolve(file);
  const st = await stat(abs);
  const hash = createHash('sha1')
    .update(`${abs}\u0000${st.size}\u0000${Math.round(st.mtimeMs)}`)
    .digest('hex')
    .slice(0, 16);
  const base = path.basename(abs, path.extname(abs)).replace(/[^\w.-]+/g, '_');
  return path.join(stateDir, 'review-audio', `${base}-${hash}.wav`);
}

/** ffmpeg arguments that write the review WAV of `info`'s file to `out`. */
export function reviewAudioArgs(info: MediaInfo, out: string): string[] {
  const stream = info.audio[0];
  if (!stream) throw new NoReviewAudioError(`${info.path} has no audio`);
  const seconds = (info.frameCount * info.frameRate.den) / info.frameRate.num;
  const start = info.videoStartSeconds > 0 ? ['-ss', info.videoStartSeconds.toFixed(6)] : [];
  return [
    '-v',
    'error',
    '-nostdin',
    '-y',
    ...start,
    '-i',
    info.path,
    '-map',
    '0:a:0',
    '-vn',
    '-sn',
    '-dn',
    '-ac',
    String(Math.min(2, Math.max(1, stream.channels))),
    '-ar',
    '48000',
    // Padded with silence to the video's length, never longer: frame n and sample n/fps line up to the end.
    '-af',
    `apad=whole_dur=${seconds.toFixed(6)}`,
    '-t',
    seconds.toFixed(6),
    '-c:a',
    'pcm_s16le',
    '-f',
    'wav',
    out,
  ];
}

/** The review WAV of `info`'s file, made now unless it exists; its path. */
export async function makeReviewAudio(
  info: MediaInfo,
  stateDir: string,
  signal?: AbortSignal,
): Promise<string> {
  if (info.audio.length === 0) throw new NoReviewAudioError(`${info.path} has no audio`);
  const seconds = (info.frameCount * info.frameRate.den) / info.frameRate.num;
  if (seconds > REVIEW_AUDIO_MAX_SECONDS)
    throw new NoReviewAudioError(
      `${info.path} is longer than ${REVIEW_AUDIO_MAX_SECONDS / 60} minutes: it is reviewed without sound`,
    );
  const out = await reviewAudioPath(stateDir, info.path);
  if (await stat(out).catch(() => null)) return out;
  await mkdir(path.dirname(out), { recursive: true });
  const tmp = temporaryPath(out);
  trackPartial(tmp);
  try {
    await runTool('ffmpeg', reviewAudioArgs(info, tmp), signal ? { signal } : {});
    await rename(tmp, out);
    return out;
  } catch (err) {
    await discardPartial(tmp);
    throw err;
  } finally {
    releasePartial(tmp);
  }
}
