// Chunked H.264 renders identical to one pass: each part is rendered as a lossless intermediate (FFV1 .mkv,
// `render --intermediate`) and the join encodes them once with the one-pass writer's arguments, so the
// output is framemd5-identical to a one-pass H.264 render of the range (the face track starts inside the
// first part and ends inside the last), with the same audio and start timecode. H.264 parts encoded apart,
// and a mix of intermediates and delivery files, are refused with a reason and nothing is written.
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../src-main/cli/main.ts';
import { probe } from '../../../src-main/media/probe.ts';
import { concatSegments } from '../../../src-main/render/concat.ts';
import type { Progress } from '../../../src-shared/progress.ts';
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

const dir = testOutputDir('render-chunks-h264');
const state = path.join(dir, 'state');

const io = captureIo;
const cli = cliInProcess;

async function refused(args: string[], reason: RegExp): Promise<void> {
  const t = io();
  expect(await main(args, t)).toBe(1);
  expect(t.err()).toMatch(reason);
}

describe.skipIf(!hasData(RENDER_CLIP, RENDER_FACE) || !existsSync(path.join(MODEL_DIR, 'model.json')))(
  'chunked H.264 render vs one pass',
  () => {
    let project = '';
    const common = () => ['--format', 'h264', '--state-dir', state, '--model', MODEL_DIR];
    const ranges = ['0-19', '20-39', '40-59'];
    const parts = ranges.map((r) => path.join(dir, `part-${r}.mkv`));
    beforeAll(async () => {
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir, { recursive: true });
      project = (await makeRenderProject(dir, true)).project;
    }, 120_000);

    it('intermediates 0-19, 20-39, 40-59 encoded once at the join = one pass 0-59', async () => {
      const whole = path.join(dir, 'whole.mp4');
      await cli('render', project, '--out', whole, ...common());
      for (const [i, r] of ranges.entries())
        await cli('render', project, '--frames', r, '--out', parts[i]!, '--intermediate', ...common());
      const part = await probe(parts[0]!);
      expect(part.videoCodec).toBe('ffv1');
      expect(part.audio).toHaveLength(0);
      const bytes = parts.reduce((n, p) => n + statSync(p).size, 0);
      console.log(
        `intermediate: ${(bytes / 60 / 1024).toFixed(0)} KiB a frame (${part.width}x${part.height}; raw RGB ${((part.width * part.height * 3) / 1024).toFixed(0)} KiB)`,
      );
      const joined = path.join(dir, 'joined.mp4');
      const said = await cli('render', '--concat', ...parts, '--out', joined);
      expect(said).toMatch(/intermediates encoded once/);
      const a = await videoFrameMd5(whole);
      expect(a.length).toBe(60);
      expect(await videoFrameMd5(joined)).toEqual(a);
      expect(await audioMd5(joined)).toBe(await audioMd5(whole));
      const info = await probe(joined);
      expect(info.videoCodec).toBe('h264');
      expect(info.startTimecode).toBe(FIXTURE_TIMECODE);
      // Only the output: no partial file is left beside it.
      expect(readdirSync(dir).filter((n) => n.includes('.partial'))).toEqual([]);
    }, 400_000);

    it("refuses H.264 parts encoded apart and a mix of kinds; --remove-segments, --format, the join encode's progress", async () => {
      const h264 = ['0-19', '20-59'].map((r) => path.join(dir, `enc-${r}.mp4`));
      for (const [i, r] of ['0-19', '20-59'].entries())
        await cli('render', project, '--frames', r, '--out', h264[i]!, ...common());
      const out = path.join(dir, 'refused.mp4');
      await refused(
        ['render', '--concat', ...h264, '--out', out],
        /cannot be joined identical.*--intermediate/,
      );
      await refused(
        ['render', '--concat', parts[0]!, h264[1]!, '--out', out],
        /is a delivery file, .* a lossless intermediate: join segments of one kind/,
      );
      // An intermediate is .mkv, and --format on a ProRes/H.264 delivery join is refused.
      await refused(
        [
          'render',
          project,
          '--frames',
          '0-1',
          '--out',
          path.join(dir, 'x.mp4'),
          '--intermediate',
          ...common(),
        ],
        /lossless intermediate must end in \.mkv/,
      );
      expect(existsSync(out)).toBe(false);
      // --remove-segments (a farm's concat task): the segments go once the output is complete; --format
      // encodes intermediates to another format than the job's preset.
      const copies = parts.map((p) => p.replace('part-', 'copy-'));
      copies.forEach((c, i) => copyFileSync(parts[i]!, c));
      const prores = path.join(dir, 'from-intermediates.mov');
      await cli(
        'render',
        '--concat',
        ...copies,
        '--format',
        'prores-hq',
        '--remove-segments',
        '--out',
        prores,
      );
      expect((await probe(prores)).videoCodec).toBe('prores');
      expect(copies.filter((c) => existsSync(c))).toEqual([]);
      // The join's encode reports progress with an ETA over the whole range.
      const seen: Progress[] = [];
      await concatSegments({
        segments: parts,
        out: path.join(dir, 'with-progress.mp4'),
        onProgress: (p) => seen.push(p),
      });
      expect(seen.length).toBeGreaterThan(0);
      expect(seen.every((p) => p.stage === 'join (encode)' && p.total === 60)).toBe(true);
      expect(seen.some((p) => p.etaSeconds !== null)).toBe(true);
      // ProRes 4444's alpha is the face matte, which intermediates of an H.264 job do not carry.
      await refused(
        ['render', '--concat', ...parts, '--format', 'prores-4444', '--out', path.join(dir, 'alpha.mov')],
        /carry no matte/,
      );
    }, 300_000);
  },
);
