// Pose-matched source frames end to end: the rendered scan turning (yaw -60..60, pitch -20..20) is the source
// clip, the scan turning the other way at pitch 0 the target. Each target frame must take a source frame of
// about its own yaw (true yaws known from the renderer), the choice must move one way only (no flicker), and
// the output must be a complete clip.
import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { hasData, testOutputDir } from '../../support/shared-data.ts';
import { renderScanClip, type ScanTruth } from '../../tools/render-scan.ts';
import { swapClip } from '../../../src-main/swap/swap-clip.ts';
import { DEFAULT_DEPTHNET_DIR } from '../../../src-main/depthnet/depthnet.ts';
import { saveAnalysis } from '../../../src-main/analysis/analysis-store.ts';
import { createFaceAnalyzer } from '../../../src-main/analysis/face-analyzer.ts';
import { probe } from '../../../src-main/media/probe.ts';

const NEEDED = ['mesh3d/menpo3d/james.obj', 'mesh3d/menpo3d/james.jpg', 'mesh3d/menpo3d/james.ljson'];

async function rendered(
  dir: string,
  name: string,
  frames: number,
  views?: { yawDeg: number; pitchDeg: number }[],
) {
  const clip = path.join(dir, `${name}.mp4`);
  const truthFile = path.join(dir, `${name}.truth.json`);
  if (existsSync(clip) && existsSync(truthFile))
    return { clip, truth: JSON.parse(await readFile(truthFile, 'utf8')) as ScanTruth[] };
  const truth = await renderScanClip({ out: clip, frames, ...(views ? { views } : {}) });
  await writeFile(truthFile, JSON.stringify(truth));
  return { clip, truth };
}

describe.skipIf(!hasData(...NEEDED))('swap --source-frames (pose-matched source)', () => {
  it('takes each target frame from a source frame of its pose, moving one way, no flicker', async () => {
    const dir = testOutputDir('source-frames');
    await mkdir(dir, { recursive: true });
    const source = await rendered(dir, 'source-61', 61);
    const views = Array.from({ length: 26 }, (_, i) => ({ yawDeg: 50 - 4 * i, pitchDeg: 0 }));
    const target = await rendered(dir, 'target-26', 26, views);
    const analysisFile = path.join(dir, 'target-26.analysis.json');
    const analyzer = await createFaceAnalyzer();
    try {
      if (!existsSync(analysisFile))
        await saveAnalysis(analysisFile, await analyzer.analyzeClip(target.clip));
      const out = path.join(dir, 'matched.mp4');
      const summary = await swapClip({
        source: source.clip,
        sourceFrames: 'auto',
        target: target.clip,
        out,
        format: 'h264',
        modelDir: DEFAULT_DEPTHNET_DIR,
        analysisFile,
        stateDir: path.join(dir, 'state'),
        mirror: 'off',
        overwrite: true,
        analyzer,
        threads: 1,
      });
      expect(summary.framesSwapped).toBe(26);
      expect((await probe(out)).frameCount).toBe(26);
      const per = summary.sourceFrames!.perFrame;
      const chosenYaw = target.truth.map((_, f) => source.truth[per[String(f)]!.frame]!.yawDeg);
      console.log(
        `target yaw -> chosen source yaw: ${target.truth.map((t, f) => `${t.yawDeg}:${chosenYaw[f]!.toFixed(0)}`).join(' ')}`,
      );
      // The source sweep's pitch oscillates +-20 degrees, so the frames at pitch ~0 are 30 degrees of yaw apart
      // (-60, -30, 0, 30, 60): yaw and pitch error are traded, the yaw error stays within ~20 degrees.
      target.truth.forEach((t, f) => expect(Math.abs(chosenYaw[f]! - t.yawDeg)).toBeLessThanOrEqual(22));
      // the target turns one way: the chosen source yaw never goes back up (no flicker)
      for (let f = 1; f < chosenYaw.length; f++) expect(chosenYaw[f]!).toBeLessThanOrEqual(chosenYaw[f - 1]!);
      expect(summary.sourceFrames!.used.length).toBeLessThan(20);
    } finally {
      analyzer.dispose();
    }
  }, 900_000);
});
