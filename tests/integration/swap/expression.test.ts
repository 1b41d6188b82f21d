// The swapped face speaks with the actor: a source photo onto 30 frames of d3.mp4 (talking, blinks), with
// the default expression transfer, judged on the ENCODED output by face-api (landmarks + recognition
// descriptor re-run on every decoded frame). Also the contact sheet of the same render.
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataPath, hasData, REPO_ROOT, testOutputDir } from '../../support/shared-data.ts';
import { swapClip } from '../../../src-main/swap/swap-clip.ts';
import { createFaceAnalyzer, type FaceAnalyzer } from '../../../src-main/analysis/face-analyzer.ts';
import { decodeImage } from '../../../src-main/media/image.ts';
import { loadFaceDescriptorNet, type FaceDescriptorNet } from '../../../src-main/ml/face-descriptor.ts';
import { sheetLayout, SHEET_PAD } from '../../../src-main/swap/contact-sheet.ts';
import { judgeClip, judgeFrame, scoreClip } from '../../eval/swap-measures.ts';

const MODEL_DIR = path.join(REPO_ROOT, 'resources', 'models', 'depthnet');
const SOURCE = 'faces/face_recognition/obama.jpg';
const TARGET = 'video/liveportrait/d3.mp4';
const ready = existsSync(path.join(MODEL_DIR, 'depthnet.json')) && hasData(SOURCE, TARGET);
const FRAMES = 30;
/** Lip sync over the 30 judged frames: Pearson r of the inner-lip gap, output vs target (measured 0.9x). */
const LIP_CORR_MIN = 0.8;
const LIP_MAD_MAX = 0.04;

describe.skipIf(!ready)('expression transfer end to end (d3, 30 frames)', () => {
  const dir = testOutputDir('swap-expression');
  let analyzer: FaceAnalyzer;
  let descriptors: FaceDescriptorNet;
  beforeAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    analyzer = await createFaceAnalyzer();
    descriptors = await loadFaceDescriptorNet();
  }, 120_000);
  afterAll(() => {
    descriptors?.dispose();
    analyzer?.dispose();
  });

  it('the lips follow the actor, the face stays the source, no frame is lost; the contact sheet has its grid', async () => {
    const out = path.join(dir, 'out.mp4');
    const sheet = path.join(dir, 'sheet.png');
    const summary = await swapClip({
      source: dataPath(SOURCE),
      target: dataPath(TARGET),
      out,
      format: 'h264',
      range: { start: 0, end: FRAMES },
      modelDir: MODEL_DIR,
      stateDir: path.join(dir, 'state'),
      contactSheet: { path: sheet, frames: 6 },
    });
    expect(summary.frames).toBe(FRAMES);
    expect(summary.framesSwapped).toBe(FRAMES);
    expect(summary.contactSheet).toBe(path.resolve(sheet));

    const photo = await decodeImage(dataPath(SOURCE), { pixelFormat: 'rgb24' });
    const src = await judgeFrame(analyzer, descriptors, { ...photo, index: 0 });
    const target = await judgeClip(analyzer, descriptors, dataPath(TARGET), { step: 1, frames: FRAMES });
    const output = await judgeClip(analyzer, descriptors, out, { step: 1 });
    expect(output.size).toBe(FRAMES);
    const s = scoreClip(target, output, src.descriptor!);
    console.log(
      `d3 + obama, 30 frames: lip r ${s.lipCorr.toFixed(3)}, MAD ${s.lipMad.toFixed(3)}, blink r ${s.blinkCorr.toFixed(2)}, ` +
        `identity kept ${(100 * s.identityKept).toFixed(0)}%, d(source) ${s.distToSource.toFixed(3)}, NME ${s.poseNme.toFixed(3)}`,
    );
    expect(s.judged).toBe(FRAMES);
    expect(s.lipCorr).toBeGreaterThanOrEqual(LIP_CORR_MIN);
    expect(s.lipMad).toBeLessThanOrEqual(LIP_MAD_MAX);
    expect(s.identityKept).toBeGreaterThanOrEqual(0.9);

    // The sheet: 6 frames of 512 x 512 in a 4 + 2 grid of 320 px thumbnails, target above swapped.
    const png = await decodeImage(sheet, { pixelFormat: 'rgb24' });
    const layout = sheetLayout(6, 512, 512);
    expect([layout.columns, layout.rows, layout.thumbWidth, layout.thumbHeight]).toEqual([4, 2, 320, 320]);
    expect([png.width, png.height]).toEqual([layout.width, layout.height]);
    // Each cell of the first row holds two pictures (not the sheet's background) and the gap between
    // cells is background.
    const px = (x: number, y: number) =>
      Array.from(png.data.subarray(3 * (y * png.width + x), 3 * (y * png.width + x) + 3));
    const top = SHEET_PAD + layout.cellHeight - 2 * layout.thumbHeight;
    for (let c = 0; c < 4; c++) {
      const x = SHEET_PAD + c * (layout.cellWidth + SHEET_PAD) + layout.thumbWidth / 2;
      expect(px(x, top + 5)).not.toEqual([40, 40, 40]);
      expect(px(x, top + layout.thumbHeight + 5)).not.toEqual([40, 40, 40]);
      expect(px(SHEET_PAD + c * (layout.cellWidth + SHEET_PAD) - 2, top + 100)).toEqual([40, 40, 40]);
    }
  }, 900_000);

  it('refuses a contact sheet over an input, before any work', async () => {
    await expect(
      swapClip({
        source: dataPath(SOURCE),
        target: dataPath(TARGET),
        out: path.join(dir, 'x.mp4'),
        format: 'h264',
        range: { start: 0, end: 2 },
        modelDir: MODEL_DIR,
        contactSheet: { path: dataPath(SOURCE) },
      }),
    ).rejects.toThrow(/overwrite an input|must be a \.png/);
    expect(existsSync(path.join(dir, 'x.mp4'))).toBe(false);
  });
});
