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

interface Draw {
  index: number;
  flip: boolean;
  side: number;
  y0: number;
  x0: number;
}

function draw(bins: number[][], rand: () => number): Draw {
  const bin = bins[randInt(rand, bins.length)]!;
  const index = bin[randInt(rand, bin.length)]!;
  const flip = rand() < 0.5;
  const side = 1 - JITTER_ZOOM * rand();
  const y0 = (1 - side) * rand();
  const x0 = (1 - side) * rand();
  return { index, flip, side, y0, x0 };
}

/** Crop `d.index` of `set` with the draw's zoom, shift and flip. */
function augmented(set: CropSet, d: Draw): { rgb: tf.Tensor4D; matte: tf.Tensor4D } {
  const { rgb, matte } = cropTensors(set, d.index);
  return tf.tidy(() => {
    const both = tf.concat([rgb, matte], 3);
    const box = [[d.y0, d.x0, d.y0 + d.side, d.x0 + d.side]];
    let out = tf.image.cropAndResize(both, box, [0], [set.size, set.size]);
    if (d.flip) out = tf.reverse(out, 2);
    rgb.dispose();
    matte.dispose();
    return {
      rgb: tf.slice(out, [0, 0, 0, 0], [-1, -1, -1, 3]) as tf.Tensor4D,
      matte: tf.slice(out, [0, 0, 0, 3], [-1, -1, -1, 1]) as tf.Tensor4D,
    };
  });
}

/**
 * Whether crop i of A and crop i of B are the same frame, for every crop of A (training-crops.ts makes
 * them so: the swapped frame and the real one, the source's own frames after them in B).
 */
export function paired(a: CropSet, b: CropSet): boolean {
  if (b.count < a.count || a.frames.length !== a.count) return false;
  return a.frames.every((f, i) => b.frames[i] === f);
}

export class PairSampler {
  private readonly binsA: number[][];
  private readonly binsB: number[][];
  private readonly a: CropSet;
  private readonly b: CropSet;
  private readonly seed: number;
  /** A's crops have their real frame at the same index in B (the seam term's reference). */
  readonly paired: boolean;

  constructor(a: CropSet, b: CropSet, seed: number) {
    if (a.count === 0) throw new Error('no crops in domain A (swapped faces)');
    if (b.count === 0) throw new Error('no crops in domain B (real faces)');
    if (a.size !== b.size) throw new Error(`crop sizes differ: ${a.size} vs ${b.size}`);
    this.a = a;
    this.b = b;
    this.seed = seed;
    this.binsA = yawBins(a);
    this.binsB = yawBins(b);
    this.paired = paired(a, b);
  }

  /** The pair of step `step` (the caller disposes it). */
  pair(step: number): CropPair {
    const rand = mulberry32(mixSeed(this.seed, step));
    const da = draw(this.binsA, rand);
    const a = augmented(this.a, da);
    const b = augmented(this.b, draw(this.binsB, rand));
    const pair: CropPair = { a: a.rgb, matteA: a.matte, b: b.rgb, matteB: b.matte };
    if (this.paired) {
      const real = augmented(this.b, da);
      real.matte.dispose();
      pair.realA = real.rgb;
    }
    return pair;
  }
}

export function disposePair(p: CropPair): void {
  tf.dispose([p.a, p.matteA, p.b, p.matteB, ...(p.realA ? [p.realA] : [])]);
}
