// DepthNet inference API for the rest of the engine (the swap engine loads the shipped model with it).
//
//   const net = await loadDepthNet();   // the shipped model (or a folder); calls initTf() itself
//   const [r] = net.predict([{ source: srcPts, target: tgtPts }]); // 68 [x, y] each, in PIXELS
//   r.depth  -> 68 numbers: depth of each source keypoint, in source pixels, +z toward the camera, mean 0
//   r.affine -> [[m0, m1, m2, m6], [m3, m4, m5, m7]]: maps [x, y, depth, 1] of the source to target pixels
//   net.dispose();
//
// Depth scale and sign are unidentifiable under an affine (the affine absorbs them); we fix both by a
// least-squares match to the average-template depth aligned to the source, so depth reads like a face
// (nose toward the camera). The affine is the float64 closed form on the normalised pair (with the
// model's ridge), then expressed in pixels. Throws on malformed input (wrong point count, non-finite).
// The forward pass is plain typed-array code (dense-stack.ts): rendering needs no TF.js.
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { loadDenseForward, type DenseForward } from './dense-stack.ts';
import { solveAffineRaw, affineMatrix } from '../../src-shared/depthnet/closed-form.ts';
import { affineToPixels } from '../../src-shared/depthnet/normalise.ts';
import { alignedTemplateDepth } from '../../src-shared/depthnet/template-depth.ts';
import { INPUTS, N_POINTS, prepareFace, templateDepthUnit, unitRms, writePairInput } from './features.ts';
import { loadMeta, type DepthNetMeta } from './model-meta.ts';
import { variantSpec, type VariantSpec } from './variants.ts';

const Point = z.tuple([z.number().finite(), z.number().finite()]);
export const KeypointPairSchema = z.object({
  source: z.array(Point).length(N_POINTS, `expected ${N_POINTS} source points`),
  target: z.array(Point).length(N_POINTS, `expected ${N_POINTS} target points`),
});
export const KeypointPairsSchema = z.array(KeypointPairSchema);
export type KeypointPair = z.infer<typeof KeypointPairSchema>;

export interface DepthPrediction {
  depth: number[];
  affine: number[][];
}

/** Raw network result of one pair in normalised units (for evaluation). */
export interface RawPrediction {
  /** Unit-RMS depth used in the closed form (normalised source units). */
  depth: Float64Array;
  /** Affine predicted by the network (variant 3 only), normalised units. */
  predictedAffine: Float64Array | null;
}

/** A pair in normalised units; `templateDepth` (aligned template depth of the source) is computed when absent. */
export interface RawPair {
  source: Float64Array;
  target: Float64Array;
  templateDepth?: Float64Array;
}

export interface DepthNet {
  meta: DepthNetMeta;
  spec: VariantSpec;
  predict(pairs: KeypointPair[]): DepthPrediction[];
  /** Normalised-unit forward pass on prepared pairs (interleaved normalised points). */
  predictRaw(pairs: RawPair[]): RawPrediction[];
  dispose(): void;
}

const BATCH = 2048;

export function createDepthNet(forward: DenseForward, meta: DepthNetMeta): DepthNet {
  const spec = variantSpec(meta.variant);
  const template = meta.template ? Float64Array.from(meta.template) : null;
  if (spec.templatePrior && !template) throw new Error('this DepthNet needs a template but has none');
  const width = forward(new Float32Array(INPUTS), 1).length;
  if (width !== spec.outputs)
    throw new Error(`the network has ${width} outputs, variant ${meta.variant} needs ${spec.outputs}`);

  function predictRaw(pairs: RawPair[]): RawPrediction[] {
    const results: RawPrediction[] = [];
    for (let start = 0; start < pairs.length; start += BATCH) {
      const chunk = pairs.slice(start, start + BATCH);
      const input = new Float32Array(chunk.length * INPUTS);
      chunk.forEach((p, i) => writePairInput(input, i * INPUTS, p.source, p.target));
      const out = forward(input, chunk.length);
      chunk.forEach((p, i) => {
        const row = out.subarray(i * spec.outputs, (i + 1) * spec.outputs);
        const raw = Float64Array.from(row.subarray(0, N_POINTS));
        if (spec.variant === '3') {
          results.push({
            depth: raw,
            predictedAffine: Float64Array.from(row.subarray(N_POINTS, N_POINTS + 8)),
          });
          return;
        }
        if (spec.templatePrior) {
          const t = p.templateDepth ? unitRms(p.templateDepth) : templateDepthUnit(template!, p.source);
          for (let k = 0; k < N_POINTS; k++) raw[k] = raw[k]! + t[k]!;
        }
        results.push({ depth: unitRms(raw), predictedAffine: null });
      });
    }
    return results;
  }

  function predict(pairs: KeypointPair[]): DepthPrediction[] {
    const parsed = KeypointPairsSchema.safeParse(pairs);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new Error(`invalid keypoint pairs at ${issue?.path.join('.') || '(root)'}: ${issue?.message}`);
    }
    const prepared = parsed.data.map((p) => ({
      s: prepareFace(p.source.flat()),
      t: prepareFace(p.target.flat()),
    }));
    const refs = prepared.map((p) => (template ? alignedTemplateDepth(template, p.s.norm) : null));
    const raws = predictRaw(
      prepared.map((p, i) => ({
        source: p.s.norm,
        target: p.t.norm,
        ...(refs[i] ? { templateDepth: refs[i] } : {}),
      })),
    );
    return raws.map((r, i) => {
      const { s, t } = prepared[i]!;
      const zn = r.depth;
      const m = solveAffineRaw(s.norm, zn, t.norm, meta.ridge).m;
      // Fix the unidentifiable depth scale/sign against the aligned template (keypoint mapping unchanged).
      const ref = refs[i];
      const k = ref ? depthScaleTo(zn, ref) : 1;
      m[2] = m[2]! / k;
      m[5] = m[5]! / k;
      const px = affineToPixels(m, s.frame, t.frame);
      return {
        depth: Array.from(zn, (v) => v * k * s.frame.scale),
        affine: affineMatrix(px),
      };
    });
  }

  return {
    meta,
    spec,
    predict,
    predictRaw,
    dispose: () => undefined,
  };
}

/** Least-squares factor k with k * z closest to ref (1 when undefined). */
function depthScaleTo(zn: Float64Array, ref: Float64Array): number {
  let num = 0;
  let den = 0;
  for (let j = 0; j < zn.length; j++) {
    num += zn[j]! * ref[j]!;
    den += zn[j]! * zn[j]!;
  }
  return den > 0 && num !== 0 ? num / den : 1;
}

/** The shipped model (resources/models/depthnet in the repository). */
export const DEFAULT_DEPTHNET_DIR = fileURLToPath(
  new URL('../../resources/models/depthnet', import.meta.url),
);

export async function loadDepthNet(dir: string = DEFAULT_DEPTHNET_DIR): Promise<DepthNet> {
  const meta = await loadMeta(dir);
  return createDepthNet(await loadDenseForward(dir, INPUTS), meta);
}
