// Soak of `depthswap serve` (issue 13): 2,000 mixed API calls (good and bad: info, folder listings, probes,
// project changes, unknown methods, bad arguments, missing files) and 200 frame requests (imported clip,
// refused paths) against one running server; resident memory at the start and the end (after a GC when
// --expose-gc is on) and the call rates. Measures only.
import path from 'node:path';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import WebSocket from 'ws';
import type { BenchSuite } from '../run.ts';
import { dataPath, hasData } from '../../support/shared-data.ts';
import { startServer } from '../../../src-main/server/serve.ts';
import { probe } from '../../../src-main/media/probe.ts';
import { projectFromMedia } from '../../../src-main/project/create.ts';

const CLIP = 'video/liveportrait/d0.mp4';
const FACE = 'faces/face_recognition/obama.jpg';

const mib = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;

function settle(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  return process.memoryUsage().rss;
}

const suite: BenchSuite = {
  name: 'soak',
  async run({ log, outDir }) {
    if (!hasData(CLIP, FACE)) return { skipped: 'shared test data not found' };
    const dir = path.join(outDir, 'soak');
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(path.join(dir, 'renderer'), { recursive: true });
    writeFileSync(path.join(dir, 'renderer', 'index.html'), '<!doctype html><title>soak</title>');
    const server = await startServer({
      port: 0,
      rendererDir: path.join(dir, 'renderer'),
      stateDir: path.join(dir, 'state'),
      home: dir,
      version: 'soak',
    });
    const host = `127.0.0.1:${server.port}`;
    const ws = new WebSocket(`ws://${host}/api/ws?token=${server.token}`, { origin: `http://${host}` });
    await new Promise((r) => ws.once('open', r));
    const pending = new Map<number, (ok: boolean) => void>();
    ws.on('message', (data) => {
      const msg = JSON.parse(data.toString()) as { id?: number; response?: { ok: boolean } };
      if (msg.id !== undefined && msg.response) pending.get(msg.id)?.(msg.response.ok);
      if (msg.id !== undefined) pending.delete(msg.id);
    });
    let id = 0;
    const call = (method: string, args: unknown) =>
      new Promise<boolean>((resolve) => {
        const n = ++id;
        pending.set(n, resolve);
        ws.send(JSON.stringify({ id: n, method, args }));
      });
    const clip = dataPath(CLIP);
    const project = projectFromMedia(await probe(clip), await probe(dataPath(FACE)));
    const calls: [string, unknown][] = [
      ['app.info', {}],
      ['fs.list', { dir: path.dirname(clip) }],
      ['media.probe', { path: clip }],
      ['project.recent', {}],
      ['project.changed', { path: null, project }],
      ['no.such.method', {}],
      ['fs.list', { dir: 'relative' }],
      ['media.probe', { path: path.join(dir, 'missing.mp4') }],
      ['job.cancel', { jobId: 'no-such-job' }],
      ['project.open', { path: path.join(dir, 'missing.dsproj') }],
    ];
    try {
      // Warm-up (module caches, the first ffprobe), then the baseline.
      for (const [m, a] of calls) await call(m, a);
      const startRss = settle();
      const t0 = performance.now();
      let ok = 0;
      let failed = 0;
      for (let i = 0; i < 2000; i++) {
        const [m, a] = calls[i % calls.length]!;
        if (await call(m, a)) ok++;
        else failed++;
      }
      const apiSeconds = (performance.now() - t0) / 1000;
      const t1 = performance.now();
      const status: Record<number, number> = {};
      for (let i = 0; i < 200; i++) {
        const p = i % 10 === 9 ? path.join(dir, 'renderer', 'index.html') : clip;
        const q = `path=${encodeURIComponent(p)}&index=${(i * 7) % 78}&maxWidth=${i % 2 ? 160 : 320}`;
        const r = await fetch(`http://${host}/api/frame?token=${server.token}&${q}`);
        await r.arrayBuffer();
        status[r.status] = (status[r.status] ?? 0) + 1;
      }
      const frameSeconds = (performance.now() - t1) / 1000;
      const endRss = settle();
      const result = {
        apiCalls: 2000,
        apiOk: ok,
        apiFailedAsExpected: failed,
        apiCallsPerSecond: Math.round(2000 / apiSeconds),
        frameRequests: 200,
        frameStatus: status,
        frameRequestsPerSecond: Math.round((200 / frameSeconds) * 10) / 10,
        startRssMiB: mib(startRss),
        endRssMiB: mib(endRss),
        rssGrowthMiB: mib(endRss - startRss),
        gcExposed: typeof (globalThis as { gc?: unknown }).gc === 'function',
      };
      log(
        `2000 API calls (${ok} ok, ${failed} refused as expected) at ${result.apiCallsPerSecond}/s; 200 frame requests ${JSON.stringify(status)} at ${result.frameRequestsPerSecond}/s`,
      );
      log(`RSS ${result.startRssMiB} MiB at the start, ${result.endRssMiB} MiB at the end (${result.rssGrowthMiB} MiB)`);
      return result;
    } finally {
      ws.close();
      await server.close();
    }
  },
};

export default suite;
