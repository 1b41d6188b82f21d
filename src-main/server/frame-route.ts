// GET /api/frame?path=...&index=N[&maxWidth=W][&matte=1][&proxy=1] -> image/jpeg (with matte=1: the frame's alpha as a
// grey image/png). Shared by serve's HTTP server and the
// Electron app:// protocol; a plain function from URL to response parts.
import { z } from 'zod';
import type { MediaCache } from './media-cache.ts';
import { errorMessage } from './dispatch.ts';

const FrameQuerySchema = z.object({
  path: z.string().min(1),
  index: z.coerce.number().int().min(0),
  maxWidth: z.coerce.number().int().min(16).max(8192).optional(),
  matte: z.literal('1').optional(),
  proxy: z.literal('1').optional(),
});

export interface RouteResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer | string;
}

export async function frameResponse(
  url: URL,
  media: MediaCache,
  signal?: AbortSignal,
): Promise<RouteResponse> {
  const parsed = FrameQuerySchema.safeParse(Object.fromEntries(url.searchParams));
  if (!parsed.success) {
    return { status: 400, headers: { 'content-type': 'text/plain' }, body: 'bad frame request' };
  }
  const { path, index, maxWidth, matte, proxy } = parsed.data;
  // Only media the open project or this studio imported or wrote: never any image or video on disk.
  if (!(await media.reachable.has(path))) {
    return {
      status: 403,
      headers: { 'content-type': 'text/plain' },
      body: 'not a media file of this studio',
    };
  }
  try {
    // Scrub and playback frames from the clip's proxy (x-frame-source tells which one answered).
    const fromProxy = proxy === '1' && !matte ? await media.proxyFrame(path, index) : null;
    if (fromProxy) {
      return {
        status: 200,
        headers: {
          'content-type': 'image/jpeg',
          'cache-control': 'private, max-age=3600',
          'x-frame-source': 'proxy',
        },
        body: fromProxy,
      };
    }
    const body = await media.frame(path, index, maxWidth, signal, matte === '1');
    return {
      status: 200,
      headers: {
        'content-type': matte ? 'image/png' : 'image/jpeg',
        'cache-control': 'private, max-age=3600',
        'x-frame-source': 'full',
      },
      body,
    };
  } catch (err) {
    return { status: 404, headers: { 'content-type': 'text/plain' }, body: errorMessage(err) };
  }
}
