// The CycleGAN: two generators (A -> B cleans a pasted face, B -> A pastes one) and two PatchGAN
// discriminators, with their two Adam optimisers (generators together, discriminators together), and one
// training step on a pair of single crops as published: LSGAN + cycle L1 (lambda) + identity L1
// (lambdaIdentity * lambda), then the discriminators on real images and pooled fakes (loss halved).
// Two additions keep the change small and where it belongs (docs/cleanup.md): SimGAN's
// self-regularisation (lambdaSelfReg * mean |G(x) - x|) and the discriminators' patches weighted by the
// dilated matte (discMatteDilate), so they judge the face and its seam, not the shared background; the
// pools hold each fake with its matte (4 channels), so a pooled fake is judged on its own face. And, on
// paired crops, the paired colour term (lambdaColour): G(A)'s low-pass colour against the real frame's.
// Every tensor a step makes is freed before it returns (tests/unit/cleanup/cyclegan.test.ts counts them).
import { tf } from '../ml/runtime.ts';
import type { CleanupConfig } from './config.ts';
import { buildDiscriminator } from './discriminator.ts';
import { buildGenerator } from './generator.ts';
import { ImagePool } from './image-pool.ts';
import { l1, lsganWeighted, patchWeights, pairedColourLoss } from './losses.ts';
import { runGenerator } from './residual.ts';
import { plainInputConvs } from './input-conv.ts';
import type { RecognitionTerm } from './recognition-loss.ts';

/** One crop and its matte per domain: [1, s, s, 3] in [-1, 1], [1, s, s, 1] in [0, 1]. */
export interface CropPair {
  a: tf.Tensor4D;
  matteA: tf.Tensor4D;
  b: tf.Tensor4D;
  matteB: tf.Tensor4D;
  /** The real frame of A's crop (same frame, same crop box), when the crop sets are paired: the paired colour term. */
  realA?: tf.Tensor4D;
}

export interface StepLosses {
  /** Generators' total loss. */
  g: number;
  /** Adversarial part of it (both directions). */
  gan: number;
  cycle: number;
  identity: number;
  /** Self-regularisation: mean |G(x) - x| of both generators (SimGAN). */
  selfReg: number;
  /** Paired colour term: G(A)'s low-pass colour against the real frame's (0 when unpaired). */
  colour: number;
  /** Recognition descriptor distance of G(A) to A (0 when the term is off). */
  recognition: number;
  /** Discriminators' loss (both, each halved). */
  d: number;
}

export const MODEL_NAMES = ['gAB', 'gBA', 'dA', 'dB'] as const;
export type ModelName = (typeof MODEL_NAMES)[number];

export class CycleGan {
  readonly models: Record<ModelName, tf.LayersModel>;
  readonly optG: tf.AdamOptimizer;
  readonly optD: tf.AdamOptimizer;
  readonly poolA: ImagePool;
  readonly poolB: ImagePool;
  private readonly gVars: tf.Variable[];
  private readonly dVars: tf.Variable[];

  readonly config: CleanupConfig;
  /** The recognition identity term (config.recognitionWeight > 0): the caller loads and disposes it. */
  recognition: RecognitionTerm | null = null;

  constructor(config: CleanupConfig, seed: number, models?: Record<ModelName, tf.LayersModel>) {
    this.config = config;
    this.models = models ?? {
      gAB: buildGenerator(config, seed + 1, 'gAB'),
      gBA: buildGenerator(config, seed + 2, 'gBA'),
      dA: buildDiscriminator(config, seed + 3, 'dA'),
      dB: buildDiscriminator(config, seed + 4, 'dB'),
    };
    // Built or loaded from a checkpoint alike: no input gradient where the input is a constant image.
    for (const n of MODEL_NAMES) plainInputConvs(this.models[n]);
    const vars = (names: ModelName[]) =>
      names.flatMap((n) => this.models[n].trainableWeights.map((w) => w.read() as tf.Variable));
    this.gVars = vars(['gAB', 'gBA']);
    this.dVars = vars(['dA', 'dB']);
    this.optG = tf.train.adam(config.learningRate, config.beta1, 0.999) as tf.AdamOptimizer;
    this.optD = tf.train.adam(config.learningRate, config.beta1, 0.999) as tf.AdamOptimizer;
    this.poolA = new ImagePool(config.poolSize, seed ^ 0xa);
    this.poolB = new ImagePool(config.poolSize, seed ^ 0xb);
  }

  setLearningRate(lr: number): void {
    // Adam reads its rate from this field at every step.
    (this.optG as unknown as { learningRate: number }).learningRate = lr;
    (this.optD as unknown as { learningRate: number }).learningRate = lr;
  }

  /** A -> B on crops (inference): the cleaned crops. */
  clean(a: tf.Tensor4D, matte: tf.Tensor4D): tf.Tensor4D {
    return runGenerator(this.models.gAB, a, matte, this.config);
  }

  step(batch: CropPair, step: number): StepLosses {
    const { a, matteA, b, matteB } = batch;
    const c = this.config;
    const gen = (name: 'gAB' | 'gBA', x: tf.Tensor4D, m: tf.Tensor4D) =>
      runGenerator(this.models[name], x, m, c, true);
    const disc = (name: 'dA' | 'dB', x: tf.Tensor4D) =>
      this.models[name].apply(x, { training: true }) as tf.Tensor;
    // Per-patch weights from a matte (null: every patch alike, the published loss).
    const patchShape = this.models.dA.outputs[0]!.shape.map((d) => d ?? 1);
    const weights = (m: tf.Tensor4D) => (c.discMatte ? patchWeights(m, patchShape, c.discMatteDilate) : null);
    const judge = (name: 'dA' | 'dB', x: tf.Tensor4D, target: 0 | 1, w: tf.Tensor | null) =>
      lsganWeighted(disc(name, x), target, w);
    let fakeB: tf.Tensor4D | null = null;
    let fakeA: tf.Tensor4D | null = null;
    const parts = { gan: 0, cycle: 0, identity: 0, selfReg: 0, colour: 0, recognition: 0 };
    const recognition = c.recognitionWeight > 0 ? this.recognition : null;
    if (c.recognitionWeight > 0 && !recognition) {
      throw new Error('recognitionWeight > 0 needs the recognition term (loadRecognitionTerm)');
    }
    let poolB: tf.Tensor4D | null = null;
    let poolA: tf.Tensor4D | null = null;
    let gCost: tf.Scalar | null = null;
    let dCost: tf.Scalar | null = null;
    const wA = weights(matteA);
    const wB = weights(matteB);
    try {
      gCost = this.optG.minimize(
        () => {
          const fb = gen('gAB', a, matteA);
          const fa = gen('gBA', b, matteB);
          // Pooled with their mattes: the discriminator weighs a pooled fake's patches by its own face.
          fakeB = tf.keep(tf.concat([fb, matteA], 3));
          fakeA = tf.keep(tf.concat([fa, matteB], 3));
          const gan = tf.add(judge('dB', fb, 1, wA), judge('dA', fa, 1, wB));
          const cycle = tf.add(l1(gen('gBA', fb, matteA), a), l1(gen('gAB', fa, matteB), b));
          const identity =
            c.lambdaIdentity > 0
              ? tf.add(l1(gen('gAB', b, matteB), b), l1(gen('gBA', a, matteA), a))
              : tf.scalar(0);
          const selfReg = tf.add(l1(fb, a), l1(fa, b));
          parts.gan = gan.dataSync()[0]!;
          parts.cycle = cycle.dataSync()[0]!;
          parts.identity = identity.dataSync()[0]!;
          parts.selfReg = selfReg.dataSync()[0]!;
          const terms = [
            gan,
            tf.mul(c.lambdaCycle, cycle),
            tf.mul(c.lambdaCycle * c.lambdaIdentity, identity),
          ];
          if (c.lambdaSelfReg > 0) terms.push(tf.mul(c.lambdaSelfReg, selfReg));
          if (batch.realA && c.lambdaColour > 0) {
            const colour = pairedColourLoss(fb, batch.realA, matteA, c.colourCell, c.colourRegion);
            parts.colour = colour.dataSync()[0]!;
            terms.push(tf.mul(c.lambdaColour, colour));
          }
          if (recognition) {
            const rec = recognition.distance(fb, a);
            parts.recognition = rec.dataSync()[0]!;
            terms.push(tf.mul(c.recognitionWeight, rec));
          }
          return tf.addN(terms) as tf.Scalar;
        },
        true,
        this.gVars,
      );
      poolB = this.poolB.query(fakeB!, step);
      poolA = this.poolA.query(fakeA!, step);
      const pb = poolB;
      const pa = poolA;
      dCost = this.optD.minimize(
        () => {
          const fake = (pooled: tf.Tensor4D) => {
            const rgb = tf.slice(pooled, [0, 0, 0, 0], [-1, -1, -1, 3]) as tf.Tensor4D;
            const m = tf.slice(pooled, [0, 0, 0, 3], [-1, -1, -1, 1]) as tf.Tensor4D;
            return { rgb, w: weights(m) };
          };
          const fb = fake(pb);
          const fa = fake(pa);
          const dB = tf.mul(0.5, tf.add(judge('dB', b, 1, wB), judge('dB', fb.rgb, 0, fb.w)));
          const dA = tf.mul(0.5, tf.add(judge('dA', a, 1, wA), judge('dA', fa.rgb, 0, fa.w)));
          return tf.add(dA, dB) as tf.Scalar;
        },
        true,
        this.dVars,
      );
      const g = gCost!.dataSync()[0]!;
      const d = dCost!.dataSync()[0]!;
      if (!Number.isFinite(g) || !Number.isFinite(d)) {
        throw new Error(`training diverged at step ${step} (G loss ${g}, D loss ${d})`);
      }
      return { g, d, ...parts };
    } finally {
      const held: (tf.Tensor | null)[] = [fakeA, fakeB, poolA, poolB, gCost, dCost, wA, wB];
      tf.dispose(held.filter((t): t is tf.Tensor => t !== null));
    }
  }

  dispose(): void {
    for (const n of MODEL_NAMES) this.models[n].dispose();
    this.optG.dispose();
    this.optD.dispose();
    this.poolA.dispose();
    this.poolB.dispose();
  }
}
