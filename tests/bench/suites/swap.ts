// Swap engine speed: warp and composite ms per frame at 720p and 1080p (in-thread, synthetic frame with the
// canonical face at a film-like size), and, when a DepthNet model and the shared data are present, the
// end-to-end `depthswap swap` throughput against plain ffmpeg transcoding the same frames to the same
// format, with the peak RSS of the whole process tree.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchSuite } from '../run.ts';
import { samplePeakRss } from '../peak-rss.ts';
import { CANONICAL_FACE_3D } from '../../../src-shared/geometry/canonical-face.ts';
import { affineFromPose } from '../../../src-shared/geometry/affine.ts';
import { swapFrame } from '../../../src-main/swap/swap-frame.ts';
import { mirrorImage, type Image } from '../../../src-main/swap/image.ts';
import { mirrorKeypoints } from '../../../src-shared/geometry/mirror.ts';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const data = process.env['DEPTHSWAP_DATA'] ?? path.resolve(root, '..', 'shared', 'data');
const modelDir = process.env['DEPTHSWAP_DEPTHNET_DIR'] ?? path.join(root, 'resources', 'models', 'depthnet');

function frame(w: number, h: number, seed: number): Image {
  const d = new Uint8Array(w * h * 3);
  for (let i = 0; i < d.length; i++) d[i] = (i * 2654435761 + seed) >>> 24;
  return { width: w, height: h, channels: 3, data: d };
}

function stageTimes(w: number, h: number, poisson: boolean) {
  const faceSize = h * 0.35;
  const tex = frame(800, 800, 1);
  const xy = new Float64Array(136);
  const depth = new Float64Array(68);
  CANONICAL_FACE_3D.forEach(([x, y, z], i) => {
    xy[2 * i] = 400 + 500 * x;
    xy[2 * i + 1] = 400 + 500 * y;
    depth[i] = 500 * z;
  });
  const source = {
    normal: { texture: tex, keypoints: xy },
    mirrored: { texture: mirrorImage(tex), keypoints: mirrorKeypoints(xy, 800) },
  };
  const s = faceSize / 500;
  let warp = 0;
  let composite = 0;
  const n = 10;
  for (let k = 0; k < n; k++) {
    const m = affineFromPose({ yawDeg: -30 + 6 * k, scale: s });
    const affine = [m[0], m[1], m[2], w / 2 - (m[0] * 400 + m[1] * 400), m[4], m[5], m[6], h / 2 - (m[4] * 400 + m[5] * 400)] as const;
    const r = swapFrame(frame(w, h, k), source, [{ affine, depth, mirrored: false }], { poisson });
    warp += r.warpMs;
    composite += r.compositeMs;
  }
  return { warpMs: +(warp / n).toFixed(2), compositeMs: +(composite / n).toFixed(2) };
}

function runCli(args: string[]): Promise<{ seconds: number; peakRssMiB: number; stdout: string }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [path.join(root, 'src-main/cli/depthswap.mjs'), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    const rss = samplePeakRss(child.pid!);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const peak = rss.stop();
      if (code !== 0) reject(new Error(`depthswap ${args[0]} exited ${code}: ${stderr.trim().split('\n').pop()}`));
      else resolve({ seconds: (performance.now() - t0) / 1000, peakRssMiB: peak, stdout });
    });
  });
}

const suite: BenchSuite = {
  name: 'swap',
  async run({ log, outDir }) {
    const result: Record<string, unknown> = {};
    for (const [label, w, h] of [
      ['720p', 1280, 720],
      ['1080p', 1920, 1080],
    ] as const) {
      const t = stageTimes(w, h, false);
      const tp = stageTimes(w, h, true);
      result[label] = { ...t, compositeWithPoissonMs: tp.compositeMs };
      log(`${label}: warp ${t.warpMs} ms, composite ${t.compositeMs} ms (with Poisson ${tp.compositeMs} ms) per face-frame`);
    }
    const source = path.join(data, 'faces/face_recognition/lin-manuel-miranda.png');
    const target = path.join(data, 'video/liveportrait/s18.mp4');
    if (!existsSync(path.join(modelDir, 'depthnet.json')) || !existsSync(target)) {
      log(`end to end skipped: needs ${modelDir}/depthnet.json and ${target}`);
      return result;
    }
    const dir = path.join(outDir, 'swap');
    mkdirSync(dir, { recursive: true });
    for (const frames of ['0-59', '0-179']) {
      const swap = await runCli([
        'swap', '--source', source, '--target', target, '--out', path.join(dir, `s18-${frames}.mov`),
        '--format', 'prores-hq', '--frames', frames, '--model', modelDir, '--overwrite', '--json',
      ]);
      const plain = await runCli([
        'transcode', target, path.join(dir, `s18-plain-${frames}.mov`), '--format', 'prores-hq', '--frames', frames, '--overwrite',
      ]);
      const summary = JSON.parse(swap.stdout) as { frames: number; msPerFrame: Record<string, number> };
      const row = {
        frames: summary.frames,
        swapSeconds: +swap.seconds.toFixed(2),
        ffmpegSeconds: +plain.seconds.toFixed(2),
        throughputRatio: +(plain.seconds / swap.seconds).toFixed(3),
        peakRssMiB: swap.peakRssMiB,
        msPerFrame: summary.msPerFrame,
      };
      result[`e2e-720p-${frames}`] = row;
      log(`720p ${frames}: ${JSON.stringify(row)}`);
    }
    return result;
  },
};
export default suite;
