// Chunks add up: a project rendered in parts (the face track starts inside the first part and ends inside
// the last) and joined with `depthswap render --concat` is framemd5-identical to one render of the whole
// range, with the same audio and start timecode; the project's keypoint edit is applied (the render differs
// from the unedited project's at the edited frame only where the face is).
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../src-main/cli/main.ts';
import { probe } from '../../../src-main/media/probe.ts';
import { readFrame } from '../../../src-main/media/frame-reader.ts';
import { hasData, testOutputDir } from '../../support/shared-data.ts';
import { captureIo, cliInProcess } from '../../support/cli-process.ts';
import {
  audioMd5,
  FIXTURE_TIMECODE,
  makeRenderProject,
  MODEL_DIR,
  RENDER_CLIP,
  RENDER_FACE,
  videoFrameMd5,
} from '../../support/render-fixture.ts';

const dir = testOutputDir('render-chunks');
const state = path.join(dir, 'state');

const io = captureIo;
const cli = cliInProcess;

describe.skipIf(!hasData(RENDER_CLIP, RENDER_FACE) || !existsSync(path.join(MODEL_DIR, 'model.json')))(
  'chunked render vs one pass',
  () => {
    let project = '';
    let plain = '';
    beforeAll(async () => {
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir, { recursive: true });
      project = (await makeRenderProject(dir, true)).project;
      plain = (await makeRenderProject(dir, false)).project;
    }, 120_000);

    it('parts 0-19, 20-39, 40-59 joined = one pass 0-59 (framemd5, audio, timecode)', async () => {
      const common = ['--format', 'prores-hq', '--state-dir', state, '--model', MODEL_DIR];
      const whole = path.join(dir, 'whole.mov');
      await cli('render', project, '--out', whole, ...common);
      const parts = ['0-19', '20-39', '40-59'].map((r) => path.join(dir, `part-${r}.mov`));
      for (const [i, r] of ['0-19', '20-39', '40-59'].entries())
        await cli('render', project, '--frames', r, '--out', parts[i]!, ...common);
      const joined = path.join(dir, 'joined.mov');
      await cli('render', '--concat', ...parts, '--out', joined);
      const a = await videoFrameMd5(whole);
      const b = await videoFrameMd5(joined);
      expect(a.length).toBe(60);
      expect(b).toEqual(a);
      expect(await audioMd5(joined)).toBe(await audioMd5(whole));
      const info = await probe(joined);
      expect(info.startTimecode).toBe(FIXTURE_TIMECODE);
      expect(info.videoProfile ?? '').toMatch(/HQ/i);
      // A part alone carries its own range's timecode (frame 20 of a clip starting at 01:00:00:00).
      expect((await probe(parts[1]!)).startTimecode).toBe('01:00:00:20');

      // A split elsewhere (a single frame at the track's first frame) adds up as well.
      const other = ['0-10', '11-59'].map((r) => path.join(dir, `other-${r}.mov`));
      await cli('render', project, '--frames', '0-10', '--out', other[0]!, ...common);
      await cli('render', project, '--frames', '11-59', '--out', other[1]!, ...common);
      const joined2 = path.join(dir, 'joined2.mov');
      await cli('render', '--concat', ...other, '--out', joined2);
      expect(await videoFrameMd5(joined2)).toEqual(a);

      // The keypoint edit at frame 30 is applied: the unedited project renders frame 30 differently.
      const unedited = path.join(dir, 'unedited-30.mov');
      await cli('render', plain, '--frames', '30', '--out', unedited, ...common);
      const f0 = await readFrame(unedited, 0);
      const f1 = await readFrame(whole, 30);
      let diff = 0;
      for (let i = 0; i < f0.data.length; i++) diff += Math.abs(f0.data[i]! - f1.data[i]!);
      expect(diff / f0.data.length).toBeGreaterThan(0.2);
    }, 300_000);

    it('refuses a gap, an overlap and frames outside the clip, and writes nothing', async () => {
      const parts = ['0-19', '40-59'].map((r) => path.join(dir, `part-${r}.mov`));
      const out = path.join(dir, 'gap.mov');
      const t = io();
      expect(await main(['render', '--concat', ...parts, '--out', out], t)).toBe(1);
      expect(t.err()).toMatch(/gap between/);
      const t2 = io();
      const overlap = [path.join(dir, 'part-0-19.mov'), path.join(dir, 'other-11-59.mov')];
      expect(await main(['render', '--concat', ...overlap, '--out', out], t2)).toBe(1);
      expect(t2.err()).toMatch(/overlap between/);
      expect(existsSync(out)).toBe(false);
      const t3 = io();
      expect(
        await main(['render', project, '--frames', '70-80', '--out', out, '--state-dir', state], t3),
      ).toBe(1);
      expect(t3.err()).toMatch(/outside the clip/);
    }, 120_000);
  },
);
