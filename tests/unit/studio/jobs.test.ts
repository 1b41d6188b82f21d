// Long jobs in worker threads with the real engine: a render with a keypoint edit reaches done, the project's
// mask erode / feather change the render and its matte (the preview's matte view), and a render cancelled
// mid-way reports 'cancelled' and leaves no output.
import { describe, it, expect, beforeAll } from 'vitest';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { JobRunner } from '../../../src-main/server/jobs.ts';
import type { EventSink } from '../../../src-main/server/dispatch.ts';
import type { EventName, EventPayload } from '../../../src-shared/api/contract.ts';
import type { RenderJobSpec } from '../../../src-main/server/job-messages.ts';
import { DEFAULT_SWAP } from '../../../src-shared/project/schema.ts';
import { RENDER_SPEC_FORMAT, RENDER_SPEC_VERSION, type RenderSpec } from '../../../src-shared/render/spec.ts';
import { moveKeypoints } from '../../../src-shared/project/keyframes.ts';
import { probe } from '../../../src-main/media/probe.ts';
import { readFrame } from '../../../src-main/media/frame-reader.ts';
import { decodeImage } from '../../../src-main/media/image.ts';
import { writeFile } from 'node:fs/promises';
import { alphaToGray, grabMatte } from '../../../src-main/server/matte-image.ts';
import { dataPath, hasData, REPO_ROOT, testOutputDir } from '../../support/shared-data.ts';

const CLIP = 'video/liveportrait/d0.mp4';
const FACE = 'faces/face_recognition/obama.jpg';
const dir = testOutputDir('studio-jobs');
const workerUrl = new URL('../../../src-main/server/job-worker.ts', import.meta.url);

type Event = { [E in EventName]: { name: E; payload: EventPayload<E> } }[EventName];

function runner() {
  const events: Event[] = [];
  const waiters: (() => void)[] = [];
  const emit: EventSink = (name, payload) => {
    events.push({ name, payload } as Event);
    for (const w of waiters.splice(0)) w();
  };
  const until = async (pred: (e: Event) => boolean) => {
    for (;;) {
      const hit = events.find(pred);
      if (hit) return hit;
      await new Promise<void>((r) => waiters.push(r));
    }
  };
  return { jobs: new JobRunner(workerUrl, emit), until };
}

/** The event that ends job `id` (done or failed), whatever other events come in between. */
const endOf = (id: string) => (e: Event) =>
  e.name !== 'job.progress' && 'jobId' in e.payload && e.payload.jobId === id;

const interpolation = { mode: 'linear' as const, outside: 'none' as const };

function spec(out: string, end: number, patch: Partial<RenderSpec> = {}): RenderJobSpec {
  return {
    kind: 'render',
    spec: {
      format: RENDER_SPEC_FORMAT,
      version: RENDER_SPEC_VERSION,
      name: 'test',
      project: null,
      clipId: 'clip-1',
      target: dataPath(CLIP),
      source: { path: dataPath(FACE), frame: 0 },
      analysis: null,
      face: 0,
      keyframes: moveKeypoints([], 1, [30], 6, 3, interpolation),
      interpolation,
      range: { start: 0, end },
      preset: { format: 'h264', audio: true, timecode: true },
      out,
      swap: DEFAULT_SWAP,
      ...patch,
    },
    modelDir: path.join(REPO_ROOT, 'resources/models/depthnet'),
    overwrite: true,
    stateDir: path.join(dir, 'state'),
  };
}

describe.skipIf(!hasData(CLIP, FACE))('job runner (worker threads, real engine)', () => {
  beforeAll(() => {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
  });

  it('renders with the project keypoint edits applied to the stored analysis', async () => {
    const { jobs, until } = runner();
    const analysisPath = path.join(dir, 'd0.analysis.json');
    const a = jobs.start({
      kind: 'analysis',
      clipPath: dataPath(CLIP),
      start: 0,
      end: 2,
      outPath: analysisPath,
    });
    expect(await until(endOf(a))).toMatchObject({
      name: 'job.done',
    });
    const all = Array.from({ length: 68 }, (_, k) => k);
    const plain = spec(path.join(dir, 'plain.mp4'), 1, { analysis: analysisPath, keyframes: [] });
    const edited = spec(path.join(dir, 'edited.mp4'), 1, {
      analysis: analysisPath,
      keyframes: moveKeypoints([], 0, all, 48, 0, interpolation),
    });
    for (const s of [plain, edited]) {
      const id = jobs.start(s);
      expect(await until(endOf(id))).toMatchObject({
        name: 'job.done',
      });
    }
    const f0 = await readFrame(plain.spec.out, 0);
    const f1 = await readFrame(edited.spec.out, 0);
    let diff = 0;
    for (let i = 0; i < f0.data.length; i++) diff += Math.abs(f0.data[i]! - f1.data[i]!);
    // The face moved 48 px to the right in the edited render: the frames differ clearly (a re-render of
    // the same frame from a fresh analysis differs by about 1).
    expect(diff / f0.data.length).toBeGreaterThan(3);
    await jobs.dispose();
  });

  it('applies the mask erode / feather of the project: render and matte change', async () => {
    const { jobs, until } = runner();
    const analysisPath = path.join(dir, 'd0.analysis.json'); // from the test above (frames 0-1)
    // The preview's format: ProRes 4444, the engine's matte in alpha.
    const base: Partial<RenderSpec> = {
      analysis: analysisPath,
      keyframes: [],
      preset: { format: 'prores-4444', audio: true, timecode: true },
    };
    const soft = spec(path.join(dir, 'mask-default.mov'), 1, base);
    const hard = spec(path.join(dir, 'mask-eroded.mov'), 1, {
      ...base,
      swap: { ...DEFAULT_SWAP, maskErode: 12, maskFeather: 1 },
    });
    for (const s of [soft, hard]) {
      const id = jobs.start(s);
      expect(await until(endOf(id))).toMatchObject({ name: 'job.done' });
    }
    const a = await readFrame(soft.spec.out, 0, { pixelFormat: 'rgba' });
    const b = await readFrame(hard.spec.out, 0, { pixelFormat: 'rgba' });
    let rgbDiff = 0;
    const stats = (f: typeof a) => {
      let sum = 0;
      let partial = 0; // feathered pixels: 0 < alpha < 255
      for (let o = 3; o < f.data.length; o += 4) {
        const v = f.data[o]!;
        sum += v;
        if (v > 8 && v < 247) partial++;
      }
      return { mean: sum / (f.data.length / 4), partial };
    };
    for (let i = 0; i < a.data.length; i++) if (i % 4 !== 3) rgbDiff += Math.abs(a.data[i]! - b.data[i]!);
    const sa = stats(a);
    const sb = stats(b);
    // 12 % erosion with a 1 % feather: a smaller matte with a much thinner soft edge, and a visibly
    // different picture at the face's edge.
    expect(sa.mean).toBeGreaterThan(0);
    expect(sb.mean).toBeLessThan(sa.mean * 0.85);
    expect(sb.partial).toBeLessThan(sa.partial * 0.5);
    expect(rgbDiff / ((a.data.length / 4) * 3)).toBeGreaterThan(0.3);

    // The matte view's image is that alpha, as grey.
    const png = await grabMatte(soft.spec.out, 0, { info: await probe(soft.spec.out) });
    await writeFile(path.join(dir, 'matte-default.png'), png);
    const grey = await decodeImage(path.join(dir, 'matte-default.png'), { pixelFormat: 'rgb24' });
    expect([grey.width, grey.height]).toEqual([a.width, a.height]);
    let maxErr = 0;
    for (let p = 0; p < grey.width * grey.height; p++) {
      maxErr = Math.max(maxErr, Math.abs(grey.data[p * 3]! - a.data[p * 4 + 3]!));
      expect(grey.data[p * 3 + 1]).toBe(grey.data[p * 3]);
    }
    expect(maxErr).toBeLessThanOrEqual(1);
    expect(alphaToGray(a, 256).width).toBe(256);
    // A clip without alpha has no matte: a clear error.
    await expect(grabMatte(dataPath(CLIP), 0, { info: await probe(dataPath(CLIP)) })).rejects.toThrow(
      /has no matte/,
    );
    await jobs.dispose();
  }, 180_000);

  it('renders a short range to done', async () => {
    const { jobs, until } = runner();
    const out = path.join(dir, 'three.mp4');
    const jobId = jobs.start(spec(out, 3));
    const end = await until(
      (e) => (e.name === 'job.done' || e.name === 'job.failed') && e.payload.jobId === jobId,
    );
    expect(end).toMatchObject({ name: 'job.done', payload: { outputPath: out } });
    expect((await probe(out)).frameCount).toBe(3);
    await jobs.dispose();
  });

  it('cancels a render mid-way: cancelled, no output, runner still usable', async () => {
    const { jobs, until } = runner();
    const out = path.join(dir, 'cancelled.mp4');
    const jobId = jobs.start(spec(out, 78));
    await until(
      (e) => e.name === 'job.progress' && e.payload.progress.stage === 'swap' && e.payload.progress.done >= 2,
    );
    expect(jobs.cancel(jobId)).toBe(true);
    const end = await until(
      (e) => (e.name === 'job.done' || e.name === 'job.failed') && e.payload.jobId === jobId,
    );
    expect(end).toMatchObject({ name: 'job.failed', payload: { cancelled: true } });
    expect(existsSync(out)).toBe(false);
    expect(jobs.cancel(jobId)).toBe(false);
    await jobs.dispose();
  });
});
