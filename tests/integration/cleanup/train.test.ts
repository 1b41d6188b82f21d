// The cleanup trainer end to end on synthetic crops: model folder, sample sheet, history; resume gives the
// same model as an uninterrupted run; kill -9 then resume continues the step count; bad model folders.
import { describe, it, expect, beforeAll } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, stat, writeFile, mkdir, cp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { initTf } from '../../../src-main/ml/runtime.ts';
import { CleanupConfigSchema } from '../../../src-main/cleanup/config.ts';
import { trainCleanup } from '../../../src-main/cleanup/train.ts';
import { loadCleanupModel } from '../../../src-main/cleanup/model-load.ts';
import { findCheckpoint } from '../../../src-main/ml/training/checkpoint-store.ts';
import { syntheticCropBytes, syntheticCropSet } from '../../support/cleanup-crops.ts';
import { TINY_CONFIG } from './tiny-config.ts';

const config = CleanupConfigSchema.parse(TINY_CONFIG);
const a = syntheticCropSet(config.size, 6, 10, true);
const b = syntheticCropSet(config.size, 6, 20, false);
const base = { a, b, config, seed: 3, checkpointEvery: 2, sampleEvery: 3 };
const tmp = () => mkdtemp(path.join(tmpdir(), 'cleanup-train-'));
const exists = (p: string) =>
  stat(p).then(
    () => true,
    () => false,
  );

describe('cleanup training', () => {
  beforeAll(async () => {
    await initTf();
  });

  it('writes the model folder, sample sheets and history; resuming equals an uninterrupted run', async () => {
    const whole = await tmp();
    const split = await tmp();
    const r1 = await trainCleanup({ ...base, outDir: whole, steps: 6 });
    expect(r1).toMatchObject({ steps: 6, resumedFrom: 0 });
    for (const f of [
      'generator/model.json',
      'generator/weights.bin',
      'cleanup.json',
      'history.json',
      'MODEL_CARD.md',
      'samples/latest.png',
      'samples/step-0000003.png',
    ]) {
      expect(await exists(path.join(whole, f)), f).toBe(true);
    }
    const png = await readFile(path.join(whole, 'samples/latest.png'));
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    const history = JSON.parse(await readFile(path.join(whole, 'history.json'), 'utf8')) as {
      step: number;
    }[];
    expect(history.length).toBeGreaterThan(0);

    // Interrupted after 4 of the same 6 steps (the learning-rate schedule depends on the budget).
    const ac = new AbortController();
    await expect(
      trainCleanup({
        ...base,
        outDir: split,
        steps: 6,
        signal: ac.signal,
        onProgress: (p) => {
          if (p.done === 4) ac.abort();
        },
      }),
    ).rejects.toThrow(/cancelled/);
    const r2 = await trainCleanup({ ...base, outDir: split, steps: 6 });
    expect(r2).toMatchObject({ steps: 6, resumedFrom: 4 });
    const crop = syntheticCropBytes(config.size, 77, true);
    const m1 = await loadCleanupModel(whole);
    const m2 = await loadCleanupModel(split);
    expect(Array.from(m2.delta(crop))).toEqual(Array.from(m1.delta(crop)));
    expect(m1.meta.steps).toBe(6);
    m1.dispose();
    m2.dispose();
    // Already trained that far: nothing to do, same model.
    expect(await trainCleanup({ ...base, outDir: split, steps: 6 })).toMatchObject({
      steps: 6,
      resumedFrom: 6,
    });
    // Other settings refuse to resume.
    await expect(
      trainCleanup({ ...base, outDir: split, steps: 8, config: { ...config, lambdaCycle: 5 } }),
    ).rejects.toThrow(/other settings.*--fresh/);
  });

  it('cancelling saves a checkpoint the next run resumes from', async () => {
    const dir = await tmp();
    const ac = new AbortController();
    let n = 0;
    await expect(
      trainCleanup({
        ...base,
        outDir: dir,
        steps: 50,
        checkpointEvery: 100,
        signal: ac.signal,
        onProgress: () => {
          if (++n === 3) ac.abort();
        },
      }),
    ).rejects.toThrow(/cancelled/);
    const r = await trainCleanup({ ...base, outDir: dir, steps: 5 });
    expect(r.resumedFrom).toBe(3);
  });

  it('refuses to resume a checkpoint of the first cleanup design, with a clear reason', async () => {
    const dir = await tmp();
    await trainCleanup({ ...base, outDir: dir, steps: 2 });
    const ckpt = await findCheckpoint(dir);
    const statePath = path.join(ckpt!, 'state.json');
    const state = JSON.parse(await readFile(statePath, 'utf8')) as { settings: Record<string, unknown> };
    // The first design saved { config, seed } (no design marker).
    delete state.settings['design'];
    await writeFile(statePath, JSON.stringify(state));
    await expect(trainCleanup({ ...base, outDir: dir, steps: 4 })).rejects.toThrow(
      /was trained by an older cleanup design .*--fresh/,
    );
    const fresh = await trainCleanup({ ...base, outDir: dir, steps: 2, fresh: true });
    expect(fresh.resumedFrom).toBe(0);
  });

  it('after kill -9 the same run resumes with the step count continuing', async () => {
    const dir = await tmp();
    const child = spawn(
      process.execPath,
      [fileURLToPath(new URL('./train-child.ts', import.meta.url)), dir, '100000'],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        if (/step (4|6|8): checkpoint saved/.test(d.toString())) resolve();
      });
      child.on('exit', (code) => reject(new Error(`child exited early (${code})`)));
    });
    child.kill('SIGKILL');
    await new Promise((r) => child.on('exit', r));
    const ckpt = await findCheckpoint(dir);
    expect(ckpt).not.toBeNull();
    const state = JSON.parse(await readFile(path.join(ckpt!, 'state.json'), 'utf8')) as { step: number };
    expect(state.step).toBeGreaterThanOrEqual(4);
    const r = await trainCleanup({ ...base, outDir: dir, steps: state.step + 2 });
    expect(r).toMatchObject({ resumedFrom: state.step, steps: state.step + 2 });
  });

  it('refuses bad model folders with one clear reason, writing nothing', async () => {
    const dir = await tmp();
    await trainCleanup({ ...base, outDir: dir, steps: 2, sampleEvery: 0 });
    const missing = path.join(dir, 'nope');
    await expect(loadCleanupModel(missing)).rejects.toThrow(/no such cleanup model folder/);
    const empty = await tmp();
    await expect(loadCleanupModel(empty)).rejects.toThrow(/no cleanup model here \(cleanup.json missing\)/);
    const depthnet = await tmp();
    await writeFile(path.join(depthnet, 'depthnet.json'), '{}');
    await expect(loadCleanupModel(depthnet)).rejects.toThrow(/holds a DepthNet, not a cleanup model/);
    const corrupt = await tmp();
    await cp(dir, corrupt, { recursive: true });
    await writeFile(path.join(corrupt, 'cleanup.json'), '{"format": "depthswap-cleanup/1", "kin');
    await expect(loadCleanupModel(corrupt)).rejects.toThrow(/not valid JSON/);
    const noWeights = await tmp();
    await cp(dir, noWeights, { recursive: true });
    await writeFile(path.join(noWeights, 'generator', 'weights.bin'), '');
    await mkdir(path.join(noWeights, 'x'), { recursive: true });
    await expect(loadCleanupModel(noWeights)).rejects.toThrow();
    await expect(loadCleanupModel(dir, { size: 128 })).rejects.toThrow(/16 px crops, not 128 px/);
    const before = await readdir(dir);
    await expect(loadCleanupModel(dir, { size: 32 })).rejects.toThrow();
    expect(await readdir(dir)).toEqual(before);
  });
});
