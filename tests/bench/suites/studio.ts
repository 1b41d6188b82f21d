// Studio responsiveness: how long the viewer waits for a frame from `depthswap serve`'s frame route
// (cold seek to a random frame, cache hit, timeline thumbnail), on a long-GOP 720p clip, and the API
// round trip over the WebSocket. Measures only.
import path from 'node:path';
import { mkdirSync, writeFileSync } from 'node:fs';
import WebSocket from 'ws';
import type { BenchSuite } from '../run.ts';
import { dataPath, hasData, REPO_ROOT } from '../../support/shared-data.ts';
import { MediaCache } from '../../../src-main/server/media-cache.ts';
import { createEngine } from '../../../src-main/server/engine.ts';
import { startServer } from '../../../src-main/server/serve.ts';

const CLIP = 'video/liveportrait/s18.mp4';

function stats(ms: number[]) {
  const s = [...ms].sort((a, b) => a - b);
  const q = (p: number) => Math.round(s[Math.min(s.length - 1, Math.floor(p * s.length))]! * 10) / 10;
  return { median: q(0.5), p95: q(0.95), max: q(1), n: s.length };
}

const suite: BenchSuite = {
  name: 'studio',
  async run({ log, outDir }) {
    if (!hasData(CLIP)) return { skipped: `no ${CLIP}` };
    const clip = dataPath(CLIP);
    const media = new MediaCache(createEngine(false, path.join(REPO_ROOT, 'resources/models/depthnet')));
    const info = await media.info(clip);
    const frames = Array.from({ length: 12 }, (_, i) => Math.floor(((i * 7919) % 97) / 97 * (info.frameCount - 1)));
    const time = async (fn: () => Promise<unknown>) => {
      const t = performance.now();
      await fn();
      return performance.now() - t;
    };
    const cold: number[] = [];
    for (const f of frames) cold.push(await time(() => media.frame(clip, f, 1920)));
    const warm: number[] = [];
    for (const f of frames) warm.push(await time(() => media.frame(clip, f, 1920)));
    const thumbs: number[] = [];
    for (const f of frames) thumbs.push(await time(() => media.frame(clip, f, 160)));
    log(`frame (cold seek, ${info.width}x${info.height}) ms ${JSON.stringify(stats(cold))}`);
    log(`frame (cache hit) ms ${JSON.stringify(stats(warm))}`);
    log(`thumbnail 160 px (cold) ms ${JSON.stringify(stats(thumbs))}`);

    const rendererDir = path.join(outDir, 'studio-renderer');
    mkdirSync(rendererDir, { recursive: true });
    writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html>');
    const server = await startServer({ port: 0, rendererDir, stateDir: path.join(outDir, 'studio-state'), home: outDir, version: 'bench' });
    const origin = `http://127.0.0.1:${server.port}`;
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api/ws?token=${server.token}`, { origin });
    await new Promise((r) => ws.on('open', r));
    const rtt: number[] = [];
    for (let id = 1; id <= 50; id++) {
      const t = performance.now();
      await new Promise<void>((resolve) => {
        ws.once('message', () => resolve());
        ws.send(JSON.stringify({ id, method: 'app.info', args: {} }));
      });
      rtt.push(performance.now() - t);
    }
    ws.close();
    await server.close();
    log(`API round trip (app.info over WebSocket) ms ${JSON.stringify(stats(rtt))}`);
    return {
      clip: CLIP,
      frameColdMs: stats(cold),
      frameCacheHitMs: stats(warm),
      thumbnailColdMs: stats(thumbs),
      apiRoundTripMs: stats(rtt),
    };
  },
};

export default suite;
