// Clips taller than 720 px are analysed on frames scaled to 720 (the landmark network sees 112 px crops):
// the keypoints, mapped back to full-frame pixels, agree with a full-size analysis.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { createFaceAnalyzer, type FaceAnalyzer } from '../../../src-main/analysis/face-analyzer.ts';
import { runTool } from '../../../src-main/media/ffmpeg-process.ts';
import { nme } from '../../../src-shared/analysis/geometry.ts';
import { dataPath, hasData, testOutputDir } from '../../support/shared-data.ts';

const S18 = 'video/liveportrait/s18.mp4';

describe.skipIf(!hasData(S18))('analysis of a 1080p clip at 720', () => {
  let analyzer: FaceAnalyzer;
  let clip = '';
  beforeAll(async () => {
    analyzer = await createFaceAnalyzer();
    const dir = testOutputDir('scaled-analysis');
    mkdirSync(dir, { recursive: true });
    clip = path.join(dir, 's18-1080p-20.mp4');
    await runTool('ffmpeg', [
      '-v',
      'error',
      '-y',
      '-i',
      dataPath(S18),
      '-frames:v',
      '20',
      '-vf',
      'scale=1920:1080',
      '-c:v',
      'libx264',
      '-crf',
      '16',
      '-preset',
      'veryfast',
      '-an',
      clip,
    ]);
  });
  afterAll(() => analyzer?.dispose());

  it('gives full-frame keypoints that match a full-size analysis', async () => {
    const scaled = await analyzer.analyzeClip(clip);
    const fullSize = await analyzer.analyzeClip(clip, { maxHeight: 0 });
    expect(scaled.clip.width).toBe(1920);
    expect(scaled.tracks).toHaveLength(1);
    expect(fullSize.tracks).toHaveLength(1);
    const errors: number[] = [];
    for (let f = 0; f < 20; f++) {
      const a = scaled.frames[String(f)]?.faces[0]?.keypoints;
      const b = fullSize.frames[String(f)]?.faces[0]?.keypoints;
      expect(a, `frame ${f}`).toBeDefined();
      expect(b, `frame ${f}`).toBeDefined();
      errors.push(nme(a!, b!));
    }
    const mean = errors.reduce((s, e) => s + e, 0) / errors.length;
    console.log(`scaled vs full-size analysis, mean NME ${mean.toFixed(4)}`);
    // Measured 0.002 of the eye distance; the bound leaves room for the network's noise, while a wrong mapping
    // back (unscaled, or shifted by half a pixel of the small frame) is far beyond it.
    expect(mean).toBeLessThan(0.01);
  });
});
