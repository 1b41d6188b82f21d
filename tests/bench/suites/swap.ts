// Swap engine speed: warp and composite ms per frame at 720p and 1080p (in-thread, synthetic frame with the
// canonical face at a film-like size), and, when a DepthNet model and the shared data are present, the
// end-to-end `depthswap swap` throughput against the plain ffmpeg binary transcoding the same frames to the
// same format (not against `depthswap transcode`, which already pays the RGB round trip), with the peak RSS of the whole process tree: at 720p (s18.mp4) and at 1080p (s18 upscaled to
// 1920x1080 H.264 once into the bench folder), each over two clip lengths (RSS must not grow with length).
// "cold": a fresh analysis folder (the target is analysed in the run); "warm": the same command again,
// reusing the analysis file (an editor's re-render after changing a swap setting).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchSuite } from '../run.ts';
import { samplePeakRss } from '../peak-rss.ts';
import { CANONICAL_FACE_3D } from '../../../src-shared/geometry/canonical-face.ts';
import { affineFromPose } from '../../../src-shared/geometry/affine.ts';
import { swapFrame } from '../../../src-main/swap/swap-frame.ts';
import { createSwapScratch } from '../../../src-main/swap/scratch.ts';
import { readFrames } from '../../../src-main/media/frame-reader.ts';
import { openFrameWriter } from '../../../src-main/media/frame-writer.ts';
import { probe } from '../../../src-main/media/probe.ts';
import { resolveFfmpeg } from '../../../src-main/media/ffmpeg-paths.ts';
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
  const scratch = createSwapScratch(); // as a pool worker keeps it
  for (let k = 0; k < n; k++) {
    const m = affineFromPose({ yawDeg: -30 + 6 * k, scale: s });
    const affine = [m[0], m[1], m[2], w / 2 - (m[0] * 400 + m[1] * 400), m[4], m[5], m[6], h / 2 - (m[4] * 400 + m[5] * 400)] as const;
    const r = swapFrame(frame(w, h, k), source, [{ affine, depth, mirrored: false }], { poisson }, scratch);
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

function timedProcess(cmd: string, args: string[]): Promise<{ seconds: number; peakRssMiB: number }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    const rss = samplePeakRss(child.pid!);
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const peak = rss.stop();
      if (code !== 0) reject(new Error(`${path.basename(cmd)} exited ${code}: ${stderr.trim().split('\n').pop()}`));
      else resolve({ seconds: (performance.now() - t0) / 1000, peakRssMiB: peak });
    });
  });
}

/**
 * The baseline: the ffmpeg binary itself transcoding the same frames of the same clip to the same format as the
 * swap writes (ProRes 422 HQ 10-bit, the range's audio as 24-bit PCM). Best of two: the machine is shared, and
 * the fastest baseline is the strictest one.
 */
async function plainFfmpeg(target: string, out: string, frames: string): Promise<{ seconds: number; peakRssMiB: number }> {
  const [a, b] = frames.split('-').map(Number) as [number, number];
  const info = await probe(target);
  const rate = info.frameRate.num / info.frameRate.den;
  const args = [
    '-v', 'error', '-nostdin', '-y',
    ...(a > 0 ? ['-ss', ((a - 0.5) / rate + info.videoStartSeconds).toFixed(6)] : []),
    '-i', target, '-frames:v', String(b - a + 1), '-t', ((b - a + 1) / rate).toFixed(6),
    '-map', '0:v:0', '-map', '0:a?', '-c:v', 'prores_ks', '-profile:v', '3', '-pix_fmt', 'yuv422p10le', '-c:a', 'pcm_s24le', out,
  ];
  const { ffmpeg } = resolveFfmpeg();
  const runs = [await timedProcess(ffmpeg, args), await timedProcess(ffmpeg, args)];
  return { seconds: Math.min(...runs.map((r) => r.seconds)), peakRssMiB: Math.max(...runs.map((r) => r.peakRssMiB)) };
}

/** Bilinear upscale of RGB frames (the bench's 1080p clip from a 720p one). */
function upscale(src: Uint8Array, sw: number, sh: number, dw: number, dh: number): Uint8Array {
  const out = new Uint8Array(dw * dh * 3);
  for (let y = 0; y < dh; y++) {
    const v = Math.min(sh - 1, Math.max(0, ((y + 0.5) * sh) / dh - 0.5));
    const y0 = Math.floor(v);
    const y1 = Math.min(sh - 1, y0 + 1);
    const fy = v - y0;
    for (let x = 0; x < dw; x++) {
      const u = Math.min(sw - 1, Math.max(0, ((x + 0.5) * sw) / dw - 0.5));
      const x0 = Math.floor(u);
      const x1 = Math.min(sw - 1, x0 + 1);
      const fx = u - x0;
      for (let c = 0; c < 3; c++) {
        const a = src[(y0 * sw + x0) * 3 + c]! + (src[(y0 * sw + x1) * 3 + c]! - src[(y0 * sw + x0) * 3 + c]!) * fx;
        const b = src[(y1 * sw + x0) * 3 + c]! + (src[(y1 * sw + x1) * 3 + c]! - src[(y1 * sw + x0) * 3 + c]!) * fx;
        out[(y * dw + x) * 3 + c] = a + (b - a) * fy + 0.5;
      }
    }
  }
  return out;
}

async function make1080p(source: string, out: string, frames: number): Promise<void> {
  if (existsSync(out)) return;
  const info = await probe(source);
  const range = { start: 0, end: frames };
  const writer = await openFrameWriter({
    out, format: 'h264', width: 1920, height: 1080, frameRate: info.frameRate, pixelFormat: 'rgb24',
    expectedFrames: frames, source: { info, range }, crf: 16, overwrite: true,
  });
  try {
    for await (const f of readFrames(source, { range, info, pixelFormat: 'rgb24' })) {
      await writer.write(upscale(f.data, f.width, f.height, 1920, 1080));
    }
    await writer.finish();
  } catch (err) {
    await writer.abort();
    throw err;
  }
}

async function endToEnd(
  log: (l: string) => void,
  label: string,
  source: string,
  target: string,
  dir: string,
  frames: string,
): Promise<Record<string, unknown>> {
  const base = path.basename(target, path.extname(target));
  const state = path.join(dir, `state-${base}-${frames}`);
  rmSync(state, { recursive: true, force: true });
  const swapArgs = [
    'swap', '--source', source, '--target', target, '--out', path.join(dir, `${base}-${frames}.mov`),
    '--format', 'prores-hq', '--frames', frames, '--model', modelDir, '--state-dir', state, '--overwrite', '--json',
  ];
  const cold = await runCli(swapArgs);
  const warm = await runCli(swapArgs);
  const plain = await plainFfmpeg(target, path.join(dir, `${base}-plain-${frames}.mov`), frames);
  const summary = JSON.parse(cold.stdout) as { frames: number; msPerFrame: Record<string, number> };
  const warmSummary = JSON.parse(warm.stdout) as { msPerFrame: Record<string, number> };
  const row = {
    frames: summary.frames,
    ffmpegSeconds: +plain.seconds.toFixed(2),
    ffmpegPeakRssMiB: plain.peakRssMiB,
    coldSeconds: +cold.seconds.toFixed(2),
    coldThroughputRatio: +(plain.seconds / cold.seconds).toFixed(3),
    warmSeconds: +warm.seconds.toFixed(2),
    warmThroughputRatio: +(plain.seconds / warm.seconds).toFixed(3),
    peakRssMiB: Math.max(cold.peakRssMiB, warm.peakRssMiB),
    msPerFrame: summary.msPerFrame,
    warmMsPerFrame: warmSummary.msPerFrame,
    loadAverage: os.loadavg().map((v) => +v.toFixed(2)),
  };
  log(`${label} ${frames}: ${JSON.stringify(row)}`);
  return row;
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
      result[`e2e-720p-${frames}`] = await endToEnd(log, '720p', source, target, dir, frames);
    }
    const hd = path.join(dir, 's18-1080p.mp4');
    await make1080p(target, hd, 120);
    for (const frames of ['0-39', '0-119']) {
      result[`e2e-1080p-${frames}`] = await endToEnd(log, '1080p', source, hd, dir, frames);
    }
    return result;
  },
};
export default suite;
