// The app:// protocol as a plain function from a request to a web Response: the built renderer from
// dist/renderer with a strict CSP, frames under /api/frame and review audio under /api/audio (same paths as
// `depthswap serve`).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { AUDIO_PATH, FRAME_PATH } from '../../src-shared/api/contract.ts';
import { frameResponse } from '../server/frame-route.ts';
import { audioResponse } from '../server/audio-route.ts';
import type { MediaCache } from '../server/media-cache.ts';
import { APP_HOST } from './ipc.ts';
import { contentTypeOf } from '../server/mime.ts';
import { userMessage } from '../util/user-message.ts';

export const APP_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' blob: data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

export async function appProtocolResponse(
  request: { url: string; signal?: AbortSignal },
  rendererDir: string,
  media: MediaCache,
): Promise<Response> {
  const url = new URL(request.url);
  if (url.host !== APP_HOST) return new Response('not found', { status: 404 });
  if (url.pathname === FRAME_PATH || url.pathname === AUDIO_PATH) {
    const route = url.pathname === FRAME_PATH ? frameResponse : audioResponse;
    const r = await route(url, media, request.signal);
    return new Response(new Uint8Array(Buffer.from(r.body)), { status: r.status, headers: r.headers });
  }
  let rel: string;
  try {
    rel = url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname).replace(/^\/+/, '');
  } catch (err) {
    return new Response(userMessage(err), { status: 400 });
  }
  const root = path.resolve(rendererDir);
  const file = path.resolve(root, rel);
  if (!file.startsWith(root + path.sep)) return new Response('forbidden', { status: 403 });
  try {
    const body = await readFile(file);
    return new Response(new Uint8Array(body), {
      status: 200,
      headers: {
        'content-type': contentTypeOf(path.extname(file)),
        'content-security-policy': APP_CSP,
        'x-content-type-options': 'nosniff',
      },
    });
  } catch {
    return new Response('not found', { status: 404 });
  }
}
