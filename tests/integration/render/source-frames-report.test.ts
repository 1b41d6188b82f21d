// The studio's pose-matched source frame per target frame is the render's own choice: on the rendered scan
// (a source clip turning, a target turning the other way), sourceFramesReport answers, for every target
// frame, the very source frame (and mirror flag) the render swapped from (its summary's perFrame).
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasData, testOutputDir } from '../../support/shared-data.ts';
import { renderScanClip } from '../../tools/render-scan.ts';
import { saveAnalysis } from '../../../src-main/analysis/analysis-store.ts';
import { createFaceAnalyzer } from '../../../src-main/analysis/face-analyzer.ts';
import { runRenderSpec } from '../../../src-main/render/render-engine.ts';
import { sourceFramesReport } from '../../../src-main/render/source-frames-report.ts';
import { DEFAULT_SWAP } from '../../../src-shared/project/schema.ts';
import { RENDER_SPEC_FORMAT, RENDER_SPEC_VERSION, type RenderSpec } from '../../../src-shared/render/spec.ts';
import { MODEL_DIR } from '../../support/render-fixture.ts';

const NEEDED = ['mesh3d/menpo3d/james.obj', 'mesh3d/menpo3d/james.jpg', 'mesh3d/menpo3d/james.ljson'];

describe.skipIf(!hasData(...NEEDED))('pose-matched source frames shown in the studio', () => {
  it('are the frames the render swaps from, frame by frame', async () => {
    const dir = testOutputDir('source-frames-report');
    await mkdir(dir, { recursive: true });
    const source = path.join(dir, 'source-41.mp4');
    const target = path.join(dir, 'target-20.mp4');
    if (!existsSync(source)) await renderScanClip({ out: source, frames: 41 });
    if (!existsSync(target))
      await renderScanClip({
        out: target,
        frames: 20,
        views: Array.from({ length: 20 }, (_, i) => ({ yawDeg: 45 - 4.5 * i, pitchDeg: 0 })),
      });
    const analysis = path.join(dir, 'target-20.analysis.json');
    if (!existsSync(analysis)) {
      const analyzer = await createFaceAnalyzer();
      try {
        await saveAnalysis(analysis, await analyzer.analyzeClip(target));
      } finally {
        analyzer.dispose();
      }
    }
    const spec: RenderSpec = {
      format: RENDER_SPEC_FORMAT,
      version: RENDER_SPEC_VERSION,
      name: 'source frames report test',
      project: null,
      clipId: 'clip-1',
      target,
      source: { path: source, frame: 20 },
      analysis,
      face: 0,
      keyframes: [],
      interpolation: { mode: 'linear', outside: 'none' },
      range: { start: 0, end: 20 },
      preset: { format: 'h264', audio: false, timecode: false },
      out: path.join(dir, 'matched.mp4'),
      swap: { ...DEFAULT_SWAP, sourceFrames: 'pose-matched' },
    };
    const stateDir = path.join(dir, 'state');
    const rendered = await runRenderSpec(spec, {
      modelDir: MODEL_DIR,
      stateDir,
      overwrite: true,
      threads: 1,
    });
    const used = rendered.summary.sourceFrames!.perFrame;
    const shown = await sourceFramesReport(spec, { stateDir });
    expect(shown.candidates).toBe(rendered.summary.sourceFrames!.candidates);
    const frames = Object.keys(used);
    expect(frames.length).toBe(20);
    for (const f of frames) {
      expect(shown.perFrame[f], `frame ${f}`).toMatchObject(used[f]!);
    }
    // The target turns: more than one source frame is used, and the display says which.
    expect(new Set(Object.values(shown.perFrame).map((p) => p.frame)).size).toBeGreaterThan(2);
  }, 900_000);
});
