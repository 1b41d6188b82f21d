// `depthswap serve` over real sockets: token and origin checks, the API over WebSocket, frames over HTTP
// from a real clip, and the app:// protocol function with the same routes.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import WebSocket from 'ws';
import { startServer, type RunningServer } from '../../../src-main/server/serve.ts';
import { appProtocolResponse } from '../../../src-main/shell/protocol.ts';
import { MediaCache } from '../../../src-main/server/media-cache.ts';
import { createEngine } from '../../../src-main/server/engine.ts';
import { dataPath, hasData, REPO_ROOT, testOutputDir } from '../../support/shared-data.ts';

const MODEL_DIR = path.join(REPO_ROOT, 'resources/models/depthnet');

const dir = testOutputDir('serve');
const renderer = path.join(dir, 'renderer');
const clip = 'video/liveportrait/d0.mp4';

function call(
  ws: WebSocket,
  id: number,
  method: string,
  args: unknown,
): Promise<{ ok: boolean; result?: unknown; error?: { code: string; message: string } }> {
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData) => {
      const msg = JSON.parse(data.toString()) as { id?: number; response?: never };
      if (msg.id === id) {
        ws.off('message', onMessage);
        resolve(msg.response!);
      }
    };
    ws.on('message', onMessage);
    ws.send(JSON.stringify({ id, method, args }));
  });
}

describe.skipIf(!hasData(clip))('depthswap serve', () => {
  let server: RunningServer;
  beforeAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(renderer, { recursive: true });
    writeFileSync(path.join(renderer, 'index.html'), '<!doctype html><title>t</title>');
    server = await startServer({
      port: 0,
      rendererDir: renderer,
      stateDir: path.join(dir, 'state'),
      home: dir,
      version: 't',
    });
  });
  afterAll(async () => server?.close());

  it('serves the UI and refuses a foreign Host or a missing token', async () => {
    const base = `http://127.0.0.1:${server.port}`;
    const index = await fetch(`${base}/`);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    expect((await fetch(`${base}/../../etc/passwd`)).status).not.toBe(200);
    const q = `path=${encodeURIComponent(dataPath(clip))}&index=3`;
    expect((await fetch(`${base}/api/frame?${q}`)).status).toBe(403);
    const wrong = new WebSocket(`ws://127.0.0.1:${server.port}/api/ws?token=nope`, { origin: base });
    await expect(new Promise((res, rej) => (wrong.on('open', res), wrong.on('error', rej)))).rejects.toThrow(
      /403/,
    );
    const foreign = new WebSocket(`ws://127.0.0.1:${server.port}/api/ws?token=${server.token}`, {
      origin: 'https://evil.example',
    });
    await expect(
      new Promise((res, rej) => (foreign.on('open', res), foreign.on('error', rej))),
    ).rejects.toThrow(/403/);
  });

  it('answers the API over WebSocket and frames over HTTP', async () => {
    const base = `http://127.0.0.1:${server.port}`;
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api/ws?token=${server.token}`, { origin: base });
    await new Promise((res) => ws.on('open', res));
    const info = await call(ws, 1, 'media.probe', { path: dataPath(clip) });
    expect(info.ok).toBe(true);
    expect(info.result).toMatchObject({ width: 512, height: 512, frameRate: { num: 25, den: 1 } });
    const bad = await call(ws, 2, 'media.probe', {});
    expect(bad).toMatchObject({ ok: false, error: { code: 'bad-arguments' } });
    ws.close();

    const frame = await fetch(
      `${base}/api/frame?path=${encodeURIComponent(dataPath(clip))}&index=10&maxWidth=256&token=${server.token}`,
    );
    expect(frame.status).toBe(200);
    expect(frame.headers.get('content-type')).toBe('image/jpeg');
    const bytes = new Uint8Array(await frame.arrayBuffer());
    expect([bytes[0], bytes[1]]).toEqual([0xff, 0xd8]);
    const outside = await fetch(
      `${base}/api/frame?path=${encodeURIComponent(dataPath(clip))}&index=100000&token=${server.token}`,
    );
    expect(outside.status).toBe(404);
    expect(await outside.text()).toMatch(/outside the clip/);
    // The matte view's route: a clip without alpha has no matte (a clear reason, not a black picture).
    const noMatte = await fetch(
      `${base}/api/frame?path=${encodeURIComponent(dataPath(clip))}&index=10&matte=1&token=${server.token}`,
    );
    expect(noMatte.status).toBe(404);
    expect(await noMatte.text()).toMatch(/has no matte/);
  });

  it('the app:// protocol serves the same routes and nothing outside the renderer', async () => {
    const media = new MediaCache(createEngine(true, MODEL_DIR));
    const ok = await appProtocolResponse({ url: 'app://studio/index.html' }, renderer, media);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
    const traversal = await appProtocolResponse(
      { url: 'app://studio/%2e%2e/%2e%2e/package.json' },
      renderer,
      media,
    );
    expect(traversal.status).not.toBe(200);
    const other = await appProtocolResponse({ url: 'app://elsewhere/index.html' }, renderer, media);
    expect(other.status).toBe(404);
    const frameUrl = `app://studio/api/frame?path=${encodeURIComponent(dataPath(clip))}&index=0&maxWidth=64`;
    // Not imported into this studio yet: not served.
    expect((await appProtocolResponse({ url: frameUrl }, renderer, media)).status).toBe(403);
    await media.reachable.add(dataPath(clip));
    const frame = await appProtocolResponse({ url: frameUrl }, renderer, media);
    expect(frame.status).toBe(200);
    expect(frame.headers.get('content-type')).toBe('image/jpeg');
  });
});
