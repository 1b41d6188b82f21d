// Training batches from two crop sets, seeded per step: a crop of each domain, balanced over yaw (a yaw
// bin is drawn first, then a crop in it), flipped half the time, and jittered by a small zoom (up to
// `zoom`) and shift. Returns tensors in the networks' units: RGB in [-1, 1], matte in [0, 1].
import { tf } from '../ml/runtime.ts';
import { mixSeed, mulberry32, randInt } from '../../src-shared/depthnet/rng.ts';
import type { CropSet } from './crop-set.ts';
import type { CropPair } from './cyclegan.ts';

export const YAW_BINS = 5;
export const JITTER_ZOOM = 0.1;

/** Crop indices by yaw bin (empty bins dropped). */
export function yawBins(set: CropSet, bins = YAW_BINS): number[][] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const y of set.yaw) {
    lo = Math.min(lo, y);
    hi = Math.max(hi, y);
  }
  const out: number[][] = Array.from({ length: bins }, () => []);
  const span = hi - lo;
  set.yaw.forEach((y, i) => {
    const b = span > 1e-9 ? Math.min(bins - 1, Math.floor(((y - lo) / span) * bins)) : 0;
    out[b]!.push(i);
  });
  return out.filter((b) => b.length > 0);
}

/** One crop as tensors [1, s, s, 3] in [-1, 1] and [1, s, s, 1] in [0, 1]. */
export function cropTensors(set: CropSet, index: number): { rgb: tf.Tensor4D; matte: tf.Tensor4D } {
  const s = set.size;
  const one = s * s * 4;
  const bytes = set.data.subarray(index * one, index * one + one);
  return tf.tidy(() => {
    const t = tf.tensor4d(Float32Array.from(bytes), [1, s, s, 4]);
    const rgb = tf.sub(tf.div(tf.slice(t, [0, 0, 0, 0], [-1, -1, -1, 3]), 127.5), 1) as tf.Tensor4D;
    const matte = tf.div(tf.slice(t, [0, 0, 0, 3], [-1, -1, -1, 1]), 255) as tf.Tensor4D;
    return { rgb, matte };
  });
}

function augmented(
  set: CropSet,
  bins: number[][],
  rand: () => number,
): { rgb: tf.Tensor4D; matte: tf.Tensor4D } {
  const bin = bins[randInt(rand, bins.length)]!;
  const index = bin[randInt(rand, bin.length)]!;
  const flip = rand() < 0.5;
  const side = 1 - JITTER_ZOOM * rand();
  const y0 = (1 - side) * rand();
  const x0 = (1 - side) * rand();
  const { rgb, matte } = cropTensors(set, index);
  return tf.tidy(() => {
    const both = tf.concat([rgb, matte], 3);
    let out = tf.image.cropAndResize(both, [[y0, x0, y0 + side, x0 + side]], [0], [set.size, set.size]);
    if (flip) out = tf.reverse(out, 2);
    rgb.dispose();
    matte.dispose();
    return {
      rgb: tf.slice(out, [0, 0, 0, 0], [-1, -1, -1, 3]) as tf.Tensor4D,
      matte: tf.slice(out, [0, 0, 0, 3], [-1, -1, -1, 1]) as tf.Tensor4D,
    };
  });
}

export class PairSampler {
  private readonly binsA: number[][];
  private readonly binsB: number[][];
  private readonly a: CropSet;
  private readonly b: CropSet;
  private readonly seed: number;

  constructor(a: CropSet, b: CropSet, seed: number) {
    if (a.count === 0) throw new Error('no crops in domain A (swapped faces)');
    if (b.count === 0) throw new Error('no crops in domain B (real faces)');
    if (a.size !== b.size) throw new Error(`crop sizes differ: ${a.size} vs ${b.size}`);
    this.a = a;
    this.b = b;
    this.seed = seed;
    this.binsA = yawBins(a);
    this.binsB = yawBins(b);
  }

  /** The pair of step `step` (the caller disposes it). */
  pair(step: number): CropPair {
    const rand = mulberry32(mixSeed(this.seed, step));
    const a = augmented(this.a, this.binsA, rand);
    const b = augmented(this.b, this.binsB, rand);
    return { a: a.rgb, matteA: a.matte, b: b.rgb, matteB: b.matte };
  }
}

export function disposePair(p: CropPair): void {
  tf.dispose([p.a, p.matteA, p.b, p.matteB]);
}
