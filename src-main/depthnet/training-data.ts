// Training data for DepthNet: AFLW2000-3D x, y of TRAIN rows (no depth), split into fit and validation
// faces, with seeded random unpaired source/target sampling (two different faces per pair).
import type { Tensor } from '@tensorflow/tfjs';
import { tf } from '../ml/runtime.ts';
import { isTestRow, type Face3d } from '../data/aflw2000.ts';
import { mixSeed, mulberry32, randInt } from '../../src-shared/depthnet/rng.ts';
import {
  INPUTS,
  N_POINTS,
  prepareFace,
  templateDepthUnit,
  writePairInput,
  type PreparedFace,
} from './features.ts';

export interface PreparedSet {
  faces: PreparedFace[];
  /** Unit-RMS aligned template depth per face (normalised source units). */
  templ: Float64Array[];
}

/** Validation faces: TRAIN rows with row % 10 == 1 (hyper-parameters are chosen on these, never on TEST). */
export function isValidationRow(row: number): boolean {
  return !isTestRow(row) && row % 10 === 1;
}

export function prepareSet(faces: Face3d[], template: Float64Array): PreparedSet {
  const prepared = faces.map((f) => prepareFace(f.xy));
  return { faces: prepared, templ: prepared.map((p) => templateDepthUnit(template, p.norm)) };
}

export interface PairBatch {
  input: Tensor;
  src: Tensor;
  tgt: Tensor;
  templ: Tensor;
  dispose(): void;
}

/** Indices of `count` (source, target) pairs of different faces, from a seed and a step number. */
export function samplePairs(nFaces: number, count: number, seed: number, step: number): [number, number][] {
  if (nFaces < 2) throw new Error('need at least two faces to draw pairs');
  const rand = mulberry32(mixSeed(seed, step));
  const out: [number, number][] = [];
  for (let b = 0; b < count; b++) {
    const i = randInt(rand, nFaces);
    let j = randInt(rand, nFaces - 1);
    if (j >= i) j++;
    out.push([i, j]);
  }
  return out;
}

export function makeBatch(set: PreparedSet, pairs: [number, number][]): PairBatch {
  const b = pairs.length;
  const input = new Float32Array(b * INPUTS);
  const src = new Float32Array(b * 2 * N_POINTS);
  const tgt = new Float32Array(b * 2 * N_POINTS);
  const templ = new Float32Array(b * N_POINTS);
  pairs.forEach(([i, j], k) => {
    const s = set.faces[i]!.norm;
    const t = set.faces[j]!.norm;
    writePairInput(input, k * INPUTS, s, t);
    src.set(s, k * 2 * N_POINTS);
    tgt.set(t, k * 2 * N_POINTS);
    templ.set(set.templ[i]!, k * N_POINTS);
  });
  const tensors = {
    input: tf.tensor2d(input, [b, INPUTS]),
    src: tf.tensor3d(src, [b, N_POINTS, 2]),
    tgt: tf.tensor3d(tgt, [b, N_POINTS, 2]),
    templ: tf.tensor2d(templ, [b, N_POINTS]),
  };
  return { ...tensors, dispose: () => tf.dispose(Object.values(tensors)) };
}
