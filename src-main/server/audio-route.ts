// GET /api/audio?path=... -> audio/wav: the review audio of a rendered file (media/review-audio.ts), for the
// viewer to play a Preview I-O or an export with its sound. Shared by serve's HTTP server and the Electron
// app:// protocol, like the frame route; only media of this studio is served.
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { MediaCache } from './media-cache.ts';
import type { RouteResponse } from './frame-route.ts';
import { errorMessage } from './dispatch.ts';
import { makeReviewAudio, NoReviewAudioError } from '../media/review-audio.ts';

const AudioQuerySchema = z.object({ path: z.string().min(1) });

export async function audioResponse(
  url: URL,
  media: MediaCache,
  signal?: AbortSignal,
): Promise<RouteResponse> {
  const text = { 'content-type': 'text/plain' };
  const parsed = AudioQuerySchema.safeParse(Object.fromEntries(url.searchParams));
  if (!parsed.success) return { status: 400, headers: text, body: 'bad audio request' };
  const { path } = parsed.data;
  if (!(await media.reachable.has(path)))
    return { status: 403, headers: text, body: 'not a media file of this studio' };
  try {
    if (!media.stateDir) throw new NoReviewAudioError('this engine keeps no review audio (no state folder)');
    const info = await media.info(path);
    const wav = await makeReviewAudio(info, media.stateDir, signal);
    return {
      status: 200,
      headers: { 'content-type': 'audio/wav', 'cache-control': 'private, max-age=3600' },
      body: await readFile(wav),
    };
  } catch (err) {
    // 204: the file has no sound to play (the viewer plays it muted and says why).
    if (err instanceof NoReviewAudioError)
      return { status: 204, headers: { ...text, 'x-no-audio': err.message.slice(0, 300) }, body: '' };
    return { status: 404, headers: text, body: errorMessage(err) };
  }
}
