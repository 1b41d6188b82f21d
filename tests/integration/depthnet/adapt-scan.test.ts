// Ground truth: adapt the DepthNet on the product's analysis of the rendered menpo3d scan (a yaw -60..60,
// pitch -20..20 sweep, tests/tools/render-scan.ts) and compare with the shipped model against the scan's
// exact landmark depths and projections (tests/eval/scan-depth.ts). Measured (61 frames, 150 steps, seed 1,
// wasm; docs/depth-adaptation.md): keypoint transfer 3.25 -> 2.84 px, depth RMSE 11.28 -> 11.19 px, but
// DepthCorr 64.02 -> 63.53 (of 68): adaptation does NOT raise DepthCorr here; this test pins that
// honestly (it stays within 1 of the shipped model's) rather than claiming a gain.
import { describe, expect, it } from 'vitest';
import { hasData, testOutputDir } from '../../support/shared-data.ts';
import { runScanEval } from '../../eval/scan-depth.ts';

const NEEDED = [
  'mesh3d/menpo3d/james.obj',
  'mesh3d/menpo3d/james.jpg',
  'mesh3d/menpo3d/james.ljson',
  'landmarks3d/3ddfa_aflw2000/AFLW2000-3D.pts68.npy',
];

describe.skipIf(!hasData(...NEEDED))('DepthNet adaptation on the rendered scan (exact ground truth)', () => {
  it('lowers the keypoint-transfer and depth error against the truth; DepthCorr stays near the shipped', async () => {
    const r = await runScanEval({ dir: testOutputDir('scan-depth'), frames: 61, steps: 150 });
    console.log(
      `scan: face-api landmark error ${r.landmarks.meanPx.toFixed(2)} px (jaw ${r.landmarks.jawPx.toFixed(2)}, ` +
        `inner ${r.landmarks.innerPx.toFixed(2)}); shipped vs adapted (face-api keypoints): DepthCorr ` +
        `${r.shipped.faceApi.depthCorr.toFixed(2)} vs ${r.adapted?.faceApi.depthCorr.toFixed(2)}, depth RMSE ` +
        `${r.shipped.faceApi.depthRmsePx.toFixed(2)} vs ${r.adapted?.faceApi.depthRmsePx.toFixed(2)} px, transfer ` +
        `${r.shipped.faceApi.transferFitPx.toFixed(2)} vs ${r.adapted?.faceApi.transferFitPx.toFixed(2)} px`,
    );
    expect(r.analysedFrames).toBe(61);
    // face-api bounds everything downstream: inner points within a few pixels, the jaw contour far off
    expect(r.landmarks.innerPx).toBeLessThan(6);
    expect(r.landmarks.jawPx).toBeGreaterThan(r.landmarks.innerPx);
    expect(r.adaptation?.accepted).toBe(true);
    const s = r.shipped.faceApi;
    const a = r.adapted!.faceApi;
    expect(a.transferFitPx).toBeLessThan(s.transferFitPx * 0.95);
    expect(a.depthRmsePx).toBeLessThan(s.depthRmsePx);
    expect(Math.abs(a.depthCorr - s.depthCorr)).toBeLessThan(1);
  }, 900_000);
});
