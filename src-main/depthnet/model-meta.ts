// The DepthNet's files without TF.js: depthnet.json (variant, training settings, metrics, template), the
// saved network's model.json and weights (the shared readers of src-main/ml/training/model-files.ts).
// A render reads them without loading TF.js.
import { z } from 'zod';
import { TRAINED_VARIANTS } from './variants.ts';
import { loadFamilyMeta, saveFamilyMeta, type ModelFamily } from '../ml/training/model-files.ts';

export { readModelFiles, type ModelFiles } from '../ml/training/model-files.ts';

export const MetaSchema = z.object({
  format: z.literal('depthswap-depthnet/1'),
  variant: z.enum(TRAINED_VARIANTS),
  keypoints: z.literal(68),
  hidden: z.array(z.number().int().positive()),
  ridge: z.number().nonnegative(),
  residualWeight: z.number().nonnegative(),
  /** Template keypoints [x, y, z] x 68 in the image convention (for variants with a template prior). */
  template: z.array(z.number()).length(204).nullable(),
  training: z.record(z.string(), z.unknown()),
  metrics: z.record(z.string(), z.unknown()).optional(),
});
export type DepthNetMeta = z.infer<typeof MetaSchema>;

export const DEPTHNET_FAMILY: ModelFamily<DepthNetMeta> = {
  label: 'DepthNet',
  file: 'depthnet.json',
  schema: MetaSchema,
};

export async function saveMeta(dir: string, meta: DepthNetMeta): Promise<void> {
  await saveFamilyMeta(DEPTHNET_FAMILY, dir, meta);
}

export async function loadMeta(dir: string): Promise<DepthNetMeta> {
  return loadFamilyMeta(DEPTHNET_FAMILY, dir);
}
