// Preview I-O at proxy resolution: the render path decodes the clip scaled (the one ffmpeg module, the
// decoder's scale filter), scales the analysis to match and swaps at the smaller size; the output is at the
// proxy's size with the range's audio and shows the same swap as the full render made smaller. A full
// render is unchanged by the option (framemd5 of the default and of resolution 'full' identical).
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runRenderSpec, type RenderRunOptions } from '../../../src-main/render/render-engine.ts';
import { probe } from '../../../src-main/media/probe.ts';
import { readFrames, type RawFrame } from '../../../src-main/media/frame-reader.ts';
import { DEFAULT_SWAP } from '../../../src-shared/project/schema.ts';
import { RENDER_SPEC_FORMAT, RENDER_SPEC_VERSION, type RenderSpec } from '../../../src-shared/render/spec.ts';
import { dataPath, hasData, testOutputDir } from '../../support/shared-data.ts';
import { MODEL_DIR, RENDER_FACE, videoFrameMd5 } from '../../support/render-fixture.ts';

const CLIP = 'video/liveportrait/s18.mp4';
const dir = testOutputDir('preview-resolution');
const state = path.join(dir, 'state');
const RANGE = { start: 60, end: 66 };

function spec(out: string): RenderSpec {
  return {
    format: RENDER_SPEC_FORMAT,
    version: RENDER_SPEC_VERSION,
    name: 'preview resolution test',
    project: null,
    clipId: 'clip-1',
    target: dataPath(CLIP),
    source: { path: dataPath(RENDER_FACE), frame: 0 },
    analysis: null,
    face: 0,
    keyframes: [],
    interpolation: { mode: 'linear', outside: 'none' },
    range: RANGE,
    preset: { format: 'prores-4444', audio: true, timecode: false },
    out,
    swap: DEFAULT_SWAP,
  };
}

async function render(name: string, extra: Partial<RenderRunOptions> = {}): Promise<string> {
  const out = path.join(dir, name);
  const r = await runRenderSpec(spec(out), {
    modelDir: MODEL_DIR,
    stateDir: state,
    analyse: 'part',
    overwrite: true,
    threads: 0,
    ...extra,
  });
  expect(r.summary.frames).toBe(6);
  expect(r.summary.framesSwapped).toBe(6);
  return r.out;
}

async function frames(file: string, maxHeight?: number): Promise<RawFrame[]> {
  const all: RawFrame[] = [];
  for await (const f of readFrames(file, { pixelFormat: 'rgba', ...(maxHeight ? { maxHeight } : {}) }))
    all.push(f);
  return all;
}

describe.skipIf(!hasData(CLIP, RENDER_FACE) || !existsSync(path.join(MODEL_DIR, 'model.json')))(
  'Preview I-O resolution',
  () => {
    let full = '';
    beforeAll(async () => {
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir, { recursive: true });
      full = await render('default.mov');
    }, 300_000);

    it('renders full size by default, and resolution "full" is the very same render', async () => {
      const info = await probe(full);
      expect([info.width, info.height]).toEqual([1280, 720]);
      const asked = await render('full.mov', { resolution: 'full' });
      expect(await videoFrameMd5(asked)).toEqual(await videoFrameMd5(full));
    }, 300_000);

    it('renders at the proxy size, with the range audio, showing the full render made smaller', async () => {
      const proxy = await render('proxy.mov', { resolution: 'proxy' });
      const info = await probe(proxy);
      expect([info.width, info.height]).toEqual([960, 540]);
      expect(info.frameCount).toBe(6);
      expect(info.audio.length).toBe(1);
      // The face: where the proxy render's matte is on; its picture and matte match the full render
      // scaled to the same size (the swap is placed and coloured the same, only at fewer pixels).
      const small = await frames(proxy);
      const big = await frames(full, 540);
      expect(big[0]!.width).toBe(960);
      for (let f = 0; f < 6; f += 5) {
        const a = small[f]!.data;
        const b = big[f]!.data;
        let se = 0;
        let n = 0;
        let inter = 0;
        let union = 0;
        for (let p = 0; p < a.length; p += 4) {
          const ma = a[p + 3]! > 128;
          const mb = b[p + 3]! > 128;
          if (ma && mb) inter++;
          if (ma || mb) union++;
          if (!ma) continue;
          for (let c = 0; c < 3; c++) se += (a[p + c]! - b[p + c]!) ** 2;
          n += 3;
        }
        const psnr = 10 * Math.log10((255 * 255) / (se / n));
        expect(n / 3).toBeGreaterThan(5000);
        expect(inter / union).toBeGreaterThan(0.95);
        expect(psnr).toBeGreaterThan(32);
      }
    }, 300_000);
  },
);
