// What a token holder can reach through `depthswap serve` (issue 13), over real sockets and real files:
// frames only of imported media, no file contents in any error, paths from the page treated as untrusted,
// the file manager only for files the engine wrote, the render call guarded like the CLI, a bad %-escape a
// plain 400, and the job queue (with a worker that writes a partial and is terminated mid-way).
import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import {
  copyFileSync,
  mkdirSync,
  readdirSync,
  rmSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import WebSocket from 'ws';
import { startServer, type RunningServer } from '../../../src-main/server/serve.ts';
import { JobRunner } from '../../../src-main/server/jobs.ts';
import type { EventSink } from '../../../src-main/server/dispatch.ts';
import { probe } from '../../../src-main/media/probe.ts';
import { projectFromMedia } from '../../../src-main/project/create.ts';
import { dataPath, hasData, REPO_ROOT, testOutputDir } from '../../support/shared-data.ts';
import { sha256 } from './support.ts';

const CLIP = 'video/liveportrait/d0.mp4';
const FACE = 'faces/face_recognition/obama.jpg';
const dir = testOutputDir('hardening-studio');
const SECRET = 'root:$6$S3CRET-HASH-never-in-a-message:19000:0:99999:7:::';
let server: RunningServer;
let ws: WebSocket;
let nextId = 1;

type Reply = { ok: boolean; result?: unknown; error?: { code: string; message: string } };
function call(method: string, args: unknown): Promise<Reply> {
  const id = nextId++;
  return new Promise((resolve) => {
    const on = (data: WebSocket.RawData) => {
      const msg = JSON.parse(data.toString()) as { id?: number; response?: Reply };
      if (msg.id === id && msg.response) {
        ws.off('message', on);
        resolve(msg.response);
      }
    };
    ws.on('message', on);
    ws.send(JSON.stringify({ id, method, args }));
  });
}

const frameUrl = (p: string) =>
  `http://127.0.0.1:${server.port}/api/frame?token=${server.token}&path=${encodeURIComponent(p)}&index=0&maxWidth=64`;

describe.skipIf(!hasData(CLIP, FACE))('the studio server: what a token holder can reach', () => {
  beforeAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(path.join(dir, 'renderer'), { recursive: true });
    writeFileSync(path.join(dir, 'renderer', 'index.html'), '<!doctype html><title>t</title>');
    copyFileSync(dataPath(CLIP), path.join(dir, 'clip.mp4'));
    copyFileSync(dataPath(CLIP), path.join(dir, 'not-imported.mp4'));
    copyFileSync(dataPath(FACE), path.join(dir, 'face.jpg'));
    for (const name of ['shadow', 'shadow.json', 'shadow.dsproj', 'shadow.ans', 'shadow.analysis.json'])
      writeFileSync(path.join(dir, name), SECRET + '\n');
    server = await startServer({
      port: 0,
      rendererDir: path.join(dir, 'renderer'),
      stateDir: path.join(dir, 'state'),
      home: dir,
      version: 't',
    });
    const host = `127.0.0.1:${server.port}`;
    ws = new WebSocket(`ws://${host}/api/ws?token=${server.token}`, { origin: `http://${host}` });
    await new Promise((r) => ws.once('open', r));
  });
  afterAll(async () => {
    ws?.close();
    await server?.close();
  });

  it('serves frames only of media this studio imported', async () => {
    const clip = path.join(dir, 'clip.mp4');
    expect((await fetch(frameUrl(clip))).status).toBe(403);
    expect((await call('media.probe', { path: clip })).ok).toBe(true);
    const ok = await fetch(frameUrl(clip));
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('image/jpeg');
    // Variants: another clip on disk, a text file, a symlink to an imported clip swapped to another file.
    expect((await fetch(frameUrl(path.join(dir, 'not-imported.mp4')))).status).toBe(403);
    const secret = await fetch(frameUrl(path.join(dir, 'shadow.ans')));
    expect(secret.status).toBe(403);
    expect(await secret.text()).not.toContain('S3CRET');
    const link = path.join(dir, 'link.mp4');
    symlinkSync(clip, link);
    expect((await call('media.probe', { path: link })).ok).toBe(true);
    expect((await fetch(frameUrl(link))).status).toBe(200);
    unlinkSync(link);
    symlinkSync(path.join(dir, 'not-imported.mp4'), link);
    expect((await fetch(frameUrl(link))).status).toBe(403);
  });

  it('never puts a file’s contents in an error', async () => {
    const calls: [string, unknown][] = [
      ['project.open', { path: path.join(dir, 'shadow.dsproj') }],
      ['project.open', { path: path.join(dir, 'shadow') }],
      ['analysis.frames', { analysisPath: path.join(dir, 'shadow.analysis.json'), start: 0, end: 10 }],
      ['depth.load', { path: path.join(dir, 'shadow.json') }],
      ['media.probe', { path: path.join(dir, 'shadow.ans') }],
      ['media.probe', { path: path.join(dir, 'shadow') }],
    ];
    for (const [method, args] of calls) {
      const r = await call(method, args);
      expect(r.ok, method).toBe(false);
      expect(r.error?.message, method).not.toMatch(/S3CRET|root:|\$6\$/);
      expect(r.error?.message.split('\n'), method).toHaveLength(1);
    }
  });

  it('treats fs.list paths as untrusted and says "File not found"', async () => {
    const missing = await call('fs.list', { dir: path.join(dir, 'no-such-folder') });
    expect(missing.error?.message).toBe(`File not found: ${path.join(dir, 'no-such-folder')}`);
    expect((await call('fs.list', { dir: 'relative/folder' })).error?.message).toMatch(
      /not an absolute folder/,
    );
    expect((await call('fs.list', { dir: `${dir}\u0000/etc` })).error?.code).toBe('bad-arguments');
    expect((await call('fs.list', { dir: path.join(dir, 'shadow') })).error?.message).toMatch(/not a folder/);
    const ok = await call('fs.list', { dir });
    expect(ok.ok).toBe(true);
  });

  it('shows in the file manager only files the engine wrote', async () => {
    for (const p of [path.join(dir, 'shadow'), path.join(dir, 'clip.mp4'), '/etc/passwd']) {
      const r = await call('shell.reveal', { path: p });
      expect(r.ok).toBe(false);
      expect(r.error?.message).toMatch(/only files this studio wrote/);
    }
  });

  it('refuses a render over its own inputs before any work, like the CLI', async () => {
    const clip = path.join(dir, 'clip.mp4');
    const face = path.join(dir, 'face.jpg');
    const project = projectFromMedia(await probe(clip), await probe(face));
    const sums = [sha256(clip), sha256(face)];
    const base = {
      project,
      clipId: 'clip-1',
      start: 0,
      end: 2,
      audio: true,
      timecode: true,
      overwrite: true,
    };
    const cases: [string, string, RegExp][] = [
      [clip, 'h264', /would overwrite the input .*clip\.mp4 \(the target clip/],
      [path.join(dir, 'shadow.mov'), 'prores-hq', /is a text file, not a video/],
      [face.replace(/\.jpg$/, '.mov'), 'prores-hq', /./],
    ];
    copyFileSync(face, face.replace(/\.jpg$/, '.mov'));
    for (const [outPath, format, message] of cases) {
      if (outPath.endsWith('shadow.mov')) copyFileSync(path.join(dir, 'shadow'), outPath);
      const r = await call('render.start', { ...base, outPath, format });
      expect(r.ok, outPath).toBe(false);
      expect(r.error?.message).toMatch(message);
    }
    expect([sha256(clip), sha256(face)]).toEqual(sums);
  });

  it('answers a malformed %-escape with a plain 400', async () => {
    for (const bad of ['/%', '/%E0%A4%A', '/assets/%zz.js']) {
      const r = await fetch(`http://127.0.0.1:${server.port}${bad}`);
      expect(r.status).toBe(400);
      expect(await r.text()).toMatch(/malformed %-escape|malformed address/);
    }
  });
});

describe('the studio job queue', () => {
  const workerDir = path.join(dir, 'worker');
  const partials = path.join(workerDir, 'out');
  beforeAll(() => {
    rmSync(workerDir, { recursive: true, force: true });
    mkdirSync(partials, { recursive: true });
    // A stand-in job worker speaking the job protocol: it writes a tracked partial and waits to be stopped.
    writeFileSync(
      path.join(workerDir, 'hold.ts'),
      `import { parentPort, threadId } from 'node:worker_threads';
import { writeFileSync } from 'node:fs';
import { temporaryPath, trackPartial } from ${JSON.stringify(path.join(REPO_ROOT, 'src-main/util/partial-files.ts'))};
const p = temporaryPath(${JSON.stringify(path.join(partials, 'render.mov'))});
writeFileSync(p, 'half a render ' + threadId);
trackPartial(p);
parentPort!.postMessage({ type: 'progress', progress: { done: 0, total: 1, fraction: 0, rate: 0, etaSeconds: null, stage: 'hold' } });
setInterval(() => undefined, 1000);
`,
    );
  });

  it('runs at most the limit, queues the rest, cancels a queued job, and leaves no partial', async () => {
    const events: { name: string; payload: unknown }[] = [];
    const emit: EventSink = (name, payload) => void events.push({ name, payload });
    const jobs = new JobRunner(new URL(`file://${path.join(workerDir, 'hold.ts')}`), emit, {
      running: 2,
      previews: 1,
    });
    const spec = { kind: 'depth' as const, out: path.join(partials, 'x.json') } as never;
    const ids = Array.from({ length: 5 }, () => jobs.start(spec));
    expect(jobs.counts).toEqual({ running: 2, queued: 3 });
    expect(jobs.cancel(ids[4]!)).toBe(true);
    expect(jobs.counts).toEqual({ running: 2, queued: 2 });
    expect(events.some((e) => e.name === 'job.failed')).toBe(true);
    // Both running workers wrote their partial; dispose terminates them (they ignore cancel) and removes them.
    for (let i = 0; i < 100 && readdirSync(partials).length < 2; i++)
      await new Promise((r) => setTimeout(r, 50));
    expect(readdirSync(partials)).toHaveLength(2);
    await new Promise((r) => setTimeout(r, 200));
    await jobs.dispose(300);
    expect(readdirSync(partials)).toEqual([]);
    expect(jobs.counts).toEqual({ running: 0, queued: 0 });
  }, 60_000);
});
