// The cleanup in a render: `swapClip` with a cleanup model changes the swapped face (in the worker
// threads) and nothing outside it, strength 0 gives the plain swap; a wrong model folder fails before
// anything is written; a model of another clip warns. Also the crop warp round trip.
import { describe, it, expect, beforeAll } from 'vitest';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { dataPath, hasData } from '../../support/shared-data.ts';
import { swapClip, type SwapClipOptions } from '../../../src-main/swap/swap-clip.ts';
import { readFrames } from '../../../src-main/media/frame-reader.ts';
import { DEFAULT_DEPTHNET_DIR } from '../../../src-main/depthnet/depthnet.ts';
import { CleanupConfigSchema } from '../../../src-main/cleanup/config.ts';
import { trainCleanup } from '../../../src-main/cleanup/train.ts';
import { addCropDelta, sampleCrop } from '../../../src-main/cleanup/crop-warp.ts';
import { syntheticCropSet } from '../../support/cleanup-crops.ts';
import { TINY_CONFIG } from './tiny-config.ts';

const SOURCE = 'faces/liveportrait/d9.jpg';
const TARGET = 'video/liveportrait/d3.mp4';
const ready = hasData(SOURCE, TARGET);

async function decoded(file: string): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  for await (const f of readFrames(file, { pixelFormat: 'rgb24' })) out.push(Uint8Array.from(f.data));
  return out;
}

describe('cleanup crop warp', () => {
  it('samples a rotated crop and adds a change back only inside the matte', () => {
    const w = 40;
    const h = 30;
    const frame = { width: w, height: h, channels: 3, data: new Uint8Array(w * h * 3).fill(100) };
    const matte = new Uint8Array(w * h);
    for (let y = 10; y < 20; y++) for (let x = 12; x < 28; x++) matte[y * w + x] = 255;
    const box = { x: 8, y: 3, size: 24, angle: 0.2 };
    const crop = sampleCrop(frame, matte, box, 16);
    expect(crop.length).toBe(16 * 16 * 4);
    expect(crop[(8 * 16 + 8) * 4]).toBe(100);
    expect(crop[(8 * 16 + 8) * 4 + 3]).toBe(255);
    const delta = new Float32Array(16 * 16 * 3).fill(20);
    addCropDelta(frame, matte, box, delta, 16, 0.5);
    for (let p = 0; p < w * h; p++) expect(frame.data[p * 3]).toBe(matte[p] ? 110 : 100);
  });
});

describe.runIf(ready)('swap with a cleanup model', () => {
  let modelDir = '';
  let out = '';
  const base = (): SwapClipOptions => ({
    source: dataPath(SOURCE),
    target: dataPath(TARGET),
    out: '',
    format: 'h264',
    range: { start: 0, end: 3 },
    modelDir: DEFAULT_DEPTHNET_DIR,
    stateDir: path.join(out, 'state'),
    threads: 1,
    overwrite: true,
  });

  beforeAll(async () => {
    out = await mkdtemp(path.join(tmpdir(), 'cleanup-apply-'));
    modelDir = path.join(out, 'model');
    const config = CleanupConfigSchema.parse(TINY_CONFIG);
    await trainCleanup({
      outDir: modelDir,
      a: syntheticCropSet(config.size, 4, 1, true),
      b: syntheticCropSet(config.size, 4, 9, false),
      config,
      steps: 3,
      seed: 1,
      sampleEvery: 0,
    });
    // The first render analyses and stores; every render below reads the same analysis file.
    await swapClip({ ...base(), out: path.join(out, 'first.mp4') });
  });

  it('changes the face inside the matte only; strength 0 is the plain swap', async () => {
    const plain = path.join(out, 'plain.mp4');
    const zero = path.join(out, 'zero.mp4');
    const cleaned = path.join(out, 'cleaned.mp4');
    await swapClip({ ...base(), out: plain });
    await swapClip({ ...base(), out: zero, cleanup: { dir: modelDir, strength: 0 } });
    const warnings: string[] = [];
    await swapClip({
      ...base(),
      out: cleaned,
      cleanup: { dir: modelDir, strength: 1, onWarning: (l) => warnings.push(l) },
    });
    expect(warnings).toEqual([]);
    const [p, z, c] = await Promise.all([decoded(plain), decoded(zero), decoded(cleaned)]);
    const differing = (x: Uint8Array[], y: Uint8Array[]) => {
      let n = 0;
      x.forEach((f, k) => f.forEach((v, i) => (n += v === y[k]![i] ? 0 : 1)));
      return n;
    };
    expect(c.length).toBe(p.length);
    expect(z.length).toBe(p.length);
    expect(differing(z, p)).toBe(0);
    expect(differing(c, p)).toBeGreaterThan(0);
  }, 300_000);

  it('a model of another clip warns; a DepthNet or missing folder fails before writing', async () => {
    const meta = JSON.parse(await readFile(path.join(modelDir, 'cleanup.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    const other = path.join(out, 'other-model');
    const { cp } = await import('node:fs/promises');
    await cp(modelDir, other, { recursive: true });
    const clip = {
      path: '/x/other.mov',
      size: 1,
      mtimeMs: 1,
      width: 10,
      height: 10,
      frameRate: { num: 24, den: 1 },
      frameCount: 5,
      isImage: false,
    };
    await writeFile(path.join(other, 'cleanup.json'), JSON.stringify({ ...meta, clip }));
    const warnings: string[] = [];
    await swapClip({
      ...base(),
      out: path.join(out, 'w.mp4'),
      cleanup: { dir: other, strength: 1, onWarning: (l) => warnings.push(l) },
    });
    expect(warnings.join('\n')).toMatch(/trained on another clip \(other.mov\)/);
    const bad = path.join(out, 'bad.mp4');
    await expect(
      swapClip({ ...base(), out: bad, cleanup: { dir: DEFAULT_DEPTHNET_DIR, strength: 1 } }),
    ).rejects.toThrow(/holds a DepthNet, not a cleanup model/);
    await expect(
      swapClip({ ...base(), out: bad, cleanup: { dir: path.join(out, 'none'), strength: 1 } }),
    ).rejects.toThrow(/no such cleanup model folder/);
    // A cleanup.json without the residual's settings (their defaults changed): refused, not defaulted.
    const { residualScale: _, ...olderConfig } = meta['config'] as Record<string, unknown>;
    await writeFile(path.join(other, 'cleanup.json'), JSON.stringify({ ...meta, config: olderConfig }));
    await expect(swapClip({ ...base(), out: bad, cleanup: { dir: other, strength: 1 } })).rejects.toThrow(
      /config.residualScale missing \(made by an older version/,
    );
    expect(existsSync(bad)).toBe(false);
  });
});
