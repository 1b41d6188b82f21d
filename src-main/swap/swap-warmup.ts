// Warms up the swap's per-pixel code in a fresh worker: the first frames a thread swaps run before V8 has
// optimised the rasteriser, matte and colour loops, at 3-5x their steady cost (about 0.3 s in all at
// 720p on a busy 2-core machine). Swapping the source face into a few small synthetic frames at start-up,
// while the decoder and encoder are still starting, moves that cost off the first real frames.
import { swapFrame, type SwapOptions, type SwapSource } from './swap-frame.ts';
import type { Image } from './image.ts';
import type { SwapScratch } from './scratch.ts';
import type { Affine2x4 } from '../../src-shared/geometry/affine.ts';

/** The source face placed upright, `size` px across its jaw, centred in a w x h frame (no depth). */
function upright(keypoints: Float64Array, size: number, w: number, h: number): Affine2x4 {
  const jaw = Math.hypot(keypoints[32]! - keypoints[0]!, keypoints[33]! - keypoints[1]!) || 1;
  let cx = 0;
  let cy = 0;
  for (let i = 0; i < 68; i++) {
    cx += keypoints[2 * i]! / 68;
    cy += keypoints[2 * i + 1]! / 68;
  }
  const s = size / jaw;
  return [s, 0, 0, w / 2 - s * cx, 0, s, 0, h / 2 - s * cy];
}

/**
 * Runs the swap `rounds` times on synthetic frames (a big face, for the coarse-distance matte, and a
 * small one, alternately; plain and mirrored source) with the same options and channel count as the
 * render, so the optimised code sees the same kinds of data. Results are discarded.
 */
export function warmUpSwap(
  source: SwapSource,
  options: SwapOptions,
  channels: 3 | 4,
  scratch?: SwapScratch,
  rounds = 6,
): void {
  const w = 480;
  const h = 480;
  const depth = new Float64Array(68);
  const base = new Uint8Array(w * h * channels);
  for (let i = 0; i < base.length; i++) base[i] = 96 + ((Math.imul(i, 2654435761) >>> 27) & 63);
  // Poisson's sweeps are the same few lines whatever their number: a few are enough to compile them.
  const opts: SwapOptions = options.poisson ? { ...options, poissonIterations: 3 } : options;
  for (let r = 0; r < rounds; r++) {
    const mirrored = r % 2 === 1;
    const kp = mirrored ? source.mirrored.keypoints : source.normal.keypoints;
    const frame: Image = { width: w, height: h, channels, data: base.slice() };
    const affine = upright(kp, r % 3 === 2 ? 120 : 300, w, h);
    swapFrame(frame, source, [{ affine, depth, mirrored }], opts, scratch);
  }
}
