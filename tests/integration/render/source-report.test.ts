// The studio's review aids on real footage, through the engine functions the studio's jobs run: the source
// face checked against the clip's face as the render checks it (sizes in px and the warnings; a source the
// render refuses says why), and the export dialog's contact sheet (a render at the proxy's size whose job
// output is the PNG, with the stated grid).
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../src-main/cli/main.ts';
import { runTool } from '../../../src-main/media/ffmpeg-process.ts';
import { probe } from '../../../src-main/media/probe.ts';
import { sourceReport } from '../../../src-main/render/source-report.ts';
import { runRender } from '../../../src-main/server/render-job.ts';
import { sheetLayout } from '../../../src-main/swap/contact-sheet.ts';
import { DEFAULT_SWAP } from '../../../src-shared/project/schema.ts';
import { RENDER_SPEC_FORMAT, RENDER_SPEC_VERSION, type RenderSpec } from '../../../src-shared/render/spec.ts';
import { dataPath, hasData, testOutputDir } from '../../support/shared-data.ts';
import { MODEL_DIR, RENDER_CLIP, RENDER_FACE } from '../../support/render-fixture.ts';

const dir = testOutputDir('source-report');
const state = path.join(dir, 'state');
const analysis = path.join(dir, 'd3.analysis.json');
const RANGE = { start: 0, end: 24 };

function spec(source: string, patch: Partial<RenderSpec> = {}): RenderSpec {
  return {
    format: RENDER_SPEC_FORMAT,
    version: RENDER_SPEC_VERSION,
    name: 'source report test',
    project: null,
    clipId: 'clip-1',
    target: dataPath(RENDER_CLIP),
    source: { path: source, frame: 0 },
    analysis,
    face: 0,
    keyframes: [],
    interpolation: { mode: 'linear', outside: 'none' },
    range: RANGE,
    preset: { format: 'prores-hq', audio: false, timecode: false },
    out: path.join(dir, 'unused.mov'),
    swap: DEFAULT_SWAP,
    ...patch,
  };
}

const quiet = () =>
  new Writable({
    write(_c, _e, cb) {
      cb();
    },
  });

describe.skipIf(!hasData(RENDER_CLIP, RENDER_FACE))('source check and contact sheet', () => {
  const small = path.join(dir, 'obama-small.png');
  const blank = path.join(dir, 'blank.png');
  beforeAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const code = await main(['analyze', dataPath(RENDER_CLIP), '--out', analysis, '--frames', '0-23'], {
      stdout: quiet(),
      stderr: quiet(),
      interactive: false,
      signal: new AbortController().signal,
      env: process.env,
    });
    expect(code).toBe(0);
    await runTool('ffmpeg', ['-v', 'error', '-y', '-i', dataPath(RENDER_FACE), '-vf', 'scale=160:-2', small]);
    await runTool('ffmpeg', [
      '-v',
      'error',
      '-y',
      '-f',
      'lavfi',
      '-i',
      'color=gray:s=320x320',
      '-frames:v',
      '1',
      blank,
    ]);
  }, 600_000);

  it('gives both sizes in px and warns for a source much smaller than the target face', async () => {
    const good = await sourceReport(spec(dataPath(RENDER_FACE)), { stateDir: state });
    expect(good.refused).toBeNull();
    expect(good.sizePx).toBeGreaterThan(200);
    expect(good.targetSizePx).toBeGreaterThan(150);
    expect(good.warnings.filter((w) => /smaller/.test(w))).toEqual([]);
    const r = await sourceReport(spec(small), { stateDir: state });
    expect(r.refused).toBeNull();
    expect(r.sizePx!).toBeLessThan(0.5 * r.targetSizePx!);
    const warning = r.warnings.find((w) => /much smaller/.test(w));
    expect(warning).toContain(`${r.sizePx} px vs ${r.targetSizePx} px`);
  }, 300_000);

  it('says why the render would refuse a source without a face; no analysis: source-only warnings', async () => {
    const r = await sourceReport(spec(blank), { stateDir: state });
    expect(r.refused).toMatch(/no face found in the source/);
    expect(r.sizePx).toBeNull();
    const unanalysed = await sourceReport(spec(dataPath(RENDER_FACE), { analysis: null }), {
      stateDir: state,
    });
    expect(unanalysed.targetSizePx).toBeNull();
    expect(unanalysed.sizePx).toBeGreaterThan(200);
  }, 300_000);

  it('writes the contact sheet as the job output, with the stated grid', async () => {
    const sheet = path.join(dir, 'sheet.png');
    mkdirSync(path.join(state, 'previews'), { recursive: true }); // as the job worker does
    const out = await runRender(
      {
        kind: 'contact-sheet',
        spec: spec(dataPath(RENDER_FACE), { out: path.join(state, 'previews', 'sheet.mov') }),
        modelDir: MODEL_DIR,
        overwrite: true,
        stateDir: state,
        resolution: 'proxy',
        contactSheet: { path: sheet, frames: 6 },
      },
      new AbortController().signal,
      () => undefined,
    );
    expect(out).toBe(sheet);
    const info = await probe(sheet);
    const layout = sheetLayout(6, 512, 512);
    expect([info.width, info.height]).toEqual([layout.width, layout.height]);
  }, 300_000);
});
