// The CycleGAN cleanup's settings: network sizes, losses and optimiser as published (Zhu et al. 2017),
// crop size and network width sized for a CPU, and the residual that keeps the swap (see residual.ts).
// Everything is configurable; the defaults are documented in docs/cleanup.md.
import { z } from 'zod';

export const CleanupConfigSchema = z.object({
  /** Square face crop side in pixels (a multiple of 4: two stride-2 downsamplings). */
  size: z
    .number()
    .int()
    .min(16)
    .max(512)
    .refine((n) => n % 4 === 0, 'the crop size must be a multiple of 4')
    .default(128),
  /**
   * Generator filters of the first layer (the paper: 64). 12 here: a training step within ~1.5 s on a
   * 2-core CPU with single-threaded wasm (docs/cleanup.md); the generator's output is a bounded residual,
   * blurred over 8 px cells, so it needs far less capacity than a generator that paints the face.
   */
  ngf: z.number().int().min(1).max(128).default(12),
  /** Residual blocks of the generator (the paper: 9 at 256 px, 6 at 128 px; 3 here, for the CPU). */
  blocks: z.number().int().min(0).max(12).default(3),
  /** Discriminator filters of the first layer (the paper: 64; 16 here, for the CPU). */
  ndf: z.number().int().min(1).max(128).default(16),
  /** Stride-2 layers of the PatchGAN discriminator (the paper: 3, 70x70 receptive field). */
  discLayers: z.number().int().min(1).max(5).default(3),
  lambdaCycle: z.number().nonnegative().default(10),
  /** Identity loss weight as a fraction of lambdaCycle (the paper: 0.5). */
  lambdaIdentity: z.number().nonnegative().default(0.5),
  /**
   * Weight of the recognition identity term: face-api's descriptor distance of G(A) to A's
   * (recognition-loss.ts). 0 (off) by default: see docs/cleanup.md for what it costs and what it did.
   */
  recognitionWeight: z.number().nonnegative().default(0),
  poolSize: z.number().int().nonnegative().default(50),
  learningRate: z.number().positive().default(2e-4),
  beta1: z.number().min(0).max(1).default(0.5),
  /** The learning rate decays linearly to 0 over this last fraction of the steps (the paper: 0.5). */
  decayFraction: z.number().min(0).max(1).default(0.5),
  /**
   * Largest change the generator may make, in [-1, 1] image units (1 = unconstrained). 0.12 (~15 of 255
   * levels): enough for the shot's light and colour; the old 0.5 (64 levels) let it paint a saturated
   * band along the seam (docs/cleanup.md, "Why the first model painted an orange band").
   */
  residualScale: z.number().positive().max(2).default(0.12),
  /**
   * The residual's weight is interiorWeight * m + (1 - interiorWeight) * 4 m (1 - m) of the matte m. 1 (the
   * default): the matte itself, as a compositor blends a grade, fading to 0 across the seam. Below 1 adds a
   * bump that peaks on the ramp: any change then becomes a ridge along the seam (the old 0.5 did this).
   */
  interiorWeight: z.number().min(0).max(1).default(1),
  /** Low-frequency residual: the generator's output blurred over cells of this many pixels ... */
  lowpassCell: z.number().int().min(1).max(64).default(16),
  /** ... plus this fraction of its high-frequency rest (grain). */
  highWeight: z.number().min(0).max(1).default(0.1),
  /**
   * Self-regularisation (Shrivastava et al. 2017, SimGAN): this weight times the mean |G(x) - x| of both
   * generators joins their loss, so a generator changes only what its other terms need, and as little.
   */
  lambdaSelfReg: z.number().nonnegative().default(2),
  /**
   * The discriminators judge the face and its seam, not the background: each PatchGAN patch's loss is
   * weighted by how much of the matte (dilated by discMatteDilate pixels) falls in it. false: every patch
   * alike (the published loss; A and B share their background here, so its patches only add noise).
   */
  discMatte: z.boolean().default(true),
  /**
   * The paired colour term (losses.ts pairedColourLoss): this weight times the difference of G(A)'s
   * low-pass colour to the same crop of the real frame (the crops are paired: same frame, same box),
   * over the face or only its seam (colourRegion). The light and colour the shot has there. 0: off.
   */
  lambdaColour: z.number().nonnegative().default(10),
  /** The paired colour term compares light and colour blurred over cells of this many pixels. */
  colourCell: z.number().int().min(1).max(64).default(32),
  /** Where it compares: the whole face (weight m) or only the seam (the ramp, 4 m (1 - m)). */
  colourRegion: z.enum(['face', 'ramp']).default('face'),
  discMatteDilate: z.number().int().min(0).max(64).default(8),
});
export type CleanupConfig = z.infer<typeof CleanupConfigSchema>;

export const DEFAULT_CLEANUP_CONFIG: CleanupConfig = CleanupConfigSchema.parse({});

/** The learning rate at `step` of `total`: constant, then linearly to 0 over the last decayFraction. */
export function learningRateAt(config: CleanupConfig, step: number, total: number): number {
  const decaySteps = Math.round(total * config.decayFraction);
  const start = total - decaySteps;
  if (decaySteps <= 0 || step < start) return config.learningRate;
  return config.learningRate * Math.max(0, 1 - (step - start) / (decaySteps + 1));
}
