// The DepthNet variants of the paper (Table 1) that are trained networks, plus our own measured extension.
//   '3'  : MLP predicts depth AND the 8 affine parameters; loss on the transformed keypoints.
//   '7'  : MLP predicts depth only; the affine is the closed form inside the loss (the paper's main model).
//   '7t' : as 7, but depth = aligned average-template depth + a learned residual (small L2 on the residual).
// Variants 1 (2D affine), 2 (3D template) and 5 (depth of 3 + closed-form affine) need no training.
export const TRAINED_VARIANTS = ['3', '7', '7t'] as const;
export type TrainedVariant = (typeof TRAINED_VARIANTS)[number];

export interface VariantSpec {
  variant: TrainedVariant;
  /** Network outputs: 68 depths (+ 8 affine parameters for variant 3). */
  outputs: number;
  /** Whether the aligned template depth is the base the network's output is added to. */
  templatePrior: boolean;
  description: string;
}

export function variantSpec(v: TrainedVariant): VariantSpec {
  switch (v) {
    case '3':
      return { variant: v, outputs: 68 + 8, templatePrior: false, description: 'depth + affine predicted' };
    case '7':
      return {
        variant: v,
        outputs: 68,
        templatePrior: false,
        description: 'depth predicted, closed-form affine',
      };
    case '7t':
      return {
        variant: v,
        outputs: 68,
        templatePrior: true,
        description: 'template depth + learned residual, closed-form affine',
      };
  }
}
