// Studio responsiveness: how long the viewer waits for a frame from `depthswap serve`'s frame route
// (cold seek to a random frame, cache hit, timeline thumbnail), on a long-GOP 720p clip, the API
// round trip over the WebSocket, and a swap preview (one frame through the render path in the job worker,
// on an analysed clip, as after a settings change) with its matte image, and Preview I-O of 30 frames at
// full and at proxy size. Measures only.
import path from 'node:path';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import WebSocket from 'ws';
import type { BenchSuite } from '../run.ts';
import { dataPath, hasData, REPO_ROOT } from '../../support/shared-data.ts';
import { MediaCache } from '../../../src-main/server/media-cache.ts';
import { PathSet } from '../../../src-main/server/path-set.ts';
import { createEngine } from '../../../src-main/server/engine.ts';
import { startServer } from '../../../src-main/server/serve.ts';
import { JobRunner } from '../../../src-main/server/jobs.ts';
import type { RenderJobSpec } from '../../../src-main/server/job-messages.ts';
import { DEFAULT_SWAP } from '../../../src-shared/project/schema.ts';
import { RENDER_SPEC_FORMAT, RENDER_SPEC_VERSION } from '../../../src-shared/render/spec.ts';
import { makeProxy } from '../../../src-main/proxy/make-proxy.ts';
import { frameResponse } from '../../../src-main/server/frame-route.ts';
import { runTool } from '../../../src-main/media/ffmpeg-process.ts';
import { existsSync } from 'node:fs';

/**
 * Scrubbing from the proxy, as the viewer asks for frames (the frame route with proxy=1): random-seek
 * latency, and sequential playback throughput against the clip's rate. Makes the proxy first (timed).
 */
async function proxyTimes(clip: string, stateDir: string, log: (l: string) => void) {
  const made = await makeProxy({ clip, stateDir, force: true });
  const media = new MediaCache(
    createEngine(false, path.join(REPO_ROOT, 'resources/models/depthnet')),
    new PathSet([path.dirname(clip)]),
    stateDir,
  );
  const info = await media.info(clip);
  const url = (i: number) =>
    new URL(`http://bench/api/frame?path=${encodeURIComponent(clip)}&index=${i}&maxWidth=1920&proxy=1`);
  const seek: number[] = [];
  let state = 12345;
  for (let k = 0; k < 60; k++) {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    const i = state % info.frameCount;
    const t = performance.now();
    const r = await frameResponse(url(i), media);
    seek.push(performance.now() - t);
    if (r.headers['x-frame-source'] !== 'proxy') throw new Error('the frame did not come from the proxy');
  }
  const n = Math.min(info.frameCount, 150);
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await frameResponse(url(i), media);
  const playFps = n / ((performance.now() - t0) / 1000);
  const clipFps = info.frameRate.num / info.frameRate.den;
  log(
    `proxy of ${info.width}x${info.height}: made in ${made.seconds.toFixed(1)} s (${made.width}x${made.height}); ` +
      `random seek ms ${JSON.stringify(stats(seek))}; sequential ${playFps.toFixed(0)} frames/s (clip ${clipFps.toFixed(2)} fps)`,
  );
  return {
    size: `${info.width}x${info.height}`,
    proxySize: `${made.width}x${made.height}`,
    makeSeconds: Math.round(made.seconds * 10) / 10,
    randomSeekMs: stats(seek),
    playbackFramesPerSecond: Math.round(playFps),
    clipFps: Math.round(clipFps * 100) / 100,
  };
}

/** A 1080p long-GOP H.264 clip made from the 720p one (the shared data has no 1080p clip). */
async function clip1080(clip: string, dir: string): Promise<string> {
  const out = path.join(dir, 's18-1080p.mp4');
  if (existsSync(out)) return out;
  mkdirSync(dir, { recursive: true });
  await runTool('ffmpeg', ['-v', 'error', '-nostdin', '-y', '-i', clip, '-vf', 'scale=1920:1080', '-c:v', 'libx264', '-preset', 'veryfast', '-g', '250', '-an', out]);
  return out;
}

const FACE = 'faces/face_recognition/obama.jpg';

/** Runs one job to its end; resolves with its output path (rejects with its error). */
function runJob(jobs: { runner: JobRunner; ends: Map<string, (e: Error | string) => void> }, spec: Parameters<JobRunner['start']>[0]) {
  return new Promise<string>((resolve, reject) => {
    const id = jobs.runner.start(spec);
    jobs.ends.set(id, (r) => (typeof r === 'string' ? resolve(r) : reject(r)));
  });
}

/** A job runner over the studio's job worker, with a way to await each job's end. */
function jobRunner() {
  const ends = new Map<string, (e: Error | string) => void>();
  const runner = new JobRunner(new URL('../../../src-main/server/job-worker.ts', import.meta.url), (name, payload) => {
    if (!('jobId' in payload)) return;
    const end = ends.get(payload.jobId);
    if (!end) return;
    if (name === 'job.done' && 'outputPath' in payload) end(payload.outputPath);
    else if (name === 'job.failed' && 'error' in payload) end(new Error(payload.error));
  });
  return { runner, ends };
}

/**
 * Preview I-O of 30 frames of the 720p clip (analysed), as the studio's job runs it: at full size and at the
 * scrub proxy's size (the default), twice each, alternating; seconds per preview and the speed-up.
 */
async function rangePreviewTimes(clip: string, outDir: string, log: (l: string) => void) {
  const jobs = jobRunner();
  try {
    const dir = path.join(outDir, 'studio-range-preview');
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const analysisPath = path.join(dir, 's18.analysis.json');
    const range = { start: 60, end: 90 };
    await runJob(jobs, { kind: 'analysis', clipPath: clip, ...range, outPath: analysisPath });
    const spec = (resolution: 'full' | 'proxy', k: number): RenderJobSpec => ({
      ...previewJob(clip, analysisPath, range, path.join(dir, `range-${resolution}-${k}.mov`), dir, {
        audio: true,
        swap: DEFAULT_SWAP,
      }),
      resolution,
    });
    // The first run detects the source face into the state folder: not timed.
    await runJob(jobs, spec('proxy', 0));
    const seconds: Record<'full' | 'proxy', number[]> = { full: [], proxy: [] };
    for (let k = 1; k <= 2; k++) {
      for (const resolution of ['full', 'proxy'] as const) {
        const t = performance.now();
        await runJob(jobs, spec(resolution, k));
        seconds[resolution].push((performance.now() - t) / 1000);
      }
    }
    const full = stats(seconds.full);
    const proxy = stats(seconds.proxy);
    const speedUp = Math.round((full.median / proxy.median) * 100) / 100;
    log(`Preview I-O, 30 frames of 720p: full ${JSON.stringify(full)} s, proxy (960x540) ${JSON.stringify(proxy)} s, ${speedUp}x faster`);
    return { frames: 30, fullSeconds: full, proxySeconds: proxy, speedUp };
  } finally {
    await jobs.runner.dispose();
  }
}

/** A preview render job of the bench's clip and face (its state folder in `dir`). */
function previewJob(
  clip: string,
  analysis: string,
  range: { start: number; end: number },
  out: string,
  dir: string,
  opts: { audio: boolean; swap: typeof DEFAULT_SWAP },
): RenderJobSpec {
  return {
    kind: 'preview',
    spec: {
      format: RENDER_SPEC_FORMAT,
      version: RENDER_SPEC_VERSION,
      name: 'bench',
      project: null,
      clipId: 'clip-1',
      target: clip,
      source: { path: dataPath(FACE), frame: 0 },
      analysis,
      face: 0,
      keyframes: [],
      interpolation: { mode: 'linear', outside: 'none' },
      range,
      preset: { format: 'prores-4444', audio: opts.audio, timecode: false },
      out,
      swap: opts.swap,
    },
    modelDir: path.join(REPO_ROOT, 'resources/models/depthnet'),
    overwrite: true,
    stateDir: path.join(dir, 'state'),
  };
}

/** Seconds per swap preview of one 720p frame, and the matte image's cold / cached milliseconds. */
async function previewTimes(media: MediaCache, clip: string, outDir: string, log: (l: string) => void) {
  const jobs = jobRunner();
  const runner = jobs.runner;
  try {
    const dir = path.join(outDir, 'studio-preview');
    mkdirSync(dir, { recursive: true });
    rmSync(path.join(dir, 'state'), { recursive: true, force: true }); // the first preview detects the source face
    const analysisPath = path.join(dir, 's18.analysis.json');
    await runJob(jobs, { kind: 'analysis', clipPath: clip, start: 60, end: 61, outPath: analysisPath });
    const seconds: number[] = [];
    const matteCold: number[] = [];
    const matteWarm: number[] = [];
    for (const erode of [3, 6, 9]) {
      const spec = previewJob(
        clip,
        analysisPath,
        { start: 60, end: 61 },
        path.join(dir, `preview-erode-${erode}.mov`),
        dir,
        { audio: false, swap: { ...DEFAULT_SWAP, maskErode: erode } },
      );
      let t = performance.now();
      const out = await runJob(jobs, spec);
      seconds.push((performance.now() - t) / 1000);
      t = performance.now();
      await media.frame(out, 0, 1920, undefined, true);
      matteCold.push(performance.now() - t);
      t = performance.now();
      await media.frame(out, 0, 1920, undefined, true);
      matteWarm.push(performance.now() - t);
    }
    log(`swap preview (one 720p frame, analysed clip) s ${JSON.stringify(stats(seconds))}`);
    log(`matte image (cold / cached) ms ${JSON.stringify(stats(matteCold))} / ${JSON.stringify(stats(matteWarm))}`);
    return { previewSeconds: stats(seconds), matteColdMs: stats(matteCold), matteCachedMs: stats(matteWarm) };
  } finally {
    await runner.dispose();
  }
}

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
    const proxyState = path.join(outDir, 'studio-proxy-state');
    const proxy720 = await proxyTimes(clip, proxyState, log);
    const proxy1080 = await proxyTimes(await clip1080(clip, path.join(outDir, 'studio-clips')), proxyState, log);
    const preview = hasData(FACE) ? await previewTimes(media, clip, outDir, log) : { skipped: `no ${FACE}` };
    const rangePreview = hasData(FACE) ? await rangePreviewTimes(clip, outDir, log) : { skipped: `no ${FACE}` };
    return {
      proxy720,
      proxy1080,
      clip: CLIP,
      frameColdMs: stats(cold),
      frameCacheHitMs: stats(warm),
      thumbnailColdMs: stats(thumbs),
      apiRoundTripMs: stats(rtt),
      preview,
      rangePreview,
    };
  },
};

export default suite;
