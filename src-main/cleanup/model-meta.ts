// A cleanup model's folder without TF.js: cleanup.json (kind, crop size, network settings, the clip it was
// trained for, steps, measured numbers), checked by zod, with the clear errors a render needs before it
// loads anything: no model here, a model of another kind (a DepthNet), a damaged file, another crop size
// (error) or another clip (warning).
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { loadFamilyMeta, saveFamilyMeta, type ModelFamily } from '../ml/training/model-files.ts';
import { sameClip } from '../analysis/clip-identity.ts';
import type { ClipIdentity } from '../../src-shared/analysis/schema.ts';
import { CleanupConfigSchema } from './config.ts';

export const CLEANUP_FORMAT = 'depthswap-cleanup/1';
export const CLEANUP_KIND = 'cyclegan-residual';
/** The generator A -> B (the one a render runs) lives in this sub-folder. */
export const GENERATOR_DIR = 'generator';

const ClipIdentitySchema = z.object({
  path: z.string(),
  size: z.number(),
  mtimeMs: z.number(),
  width: z.number(),
  height: z.number(),
  frameRate: z.object({ num: z.number(), den: z.number() }),
  frameCount: z.number(),
  isImage: z.boolean(),
});

/**
 * The settings a render applies (residual.ts), required in a saved cleanup.json: the defaults of some
 * changed (docs/cleanup.md, design 2), so a file without them would silently get other ones.
 */
const APPLIED_KEYS = ['size', 'residualScale', 'interiorWeight', 'lowpassCell', 'highWeight'] as const;
const SavedConfigSchema = z
  .record(z.string(), z.unknown())
  .superRefine((c, ctx) => {
    for (const k of APPLIED_KEYS) {
      if (!(k in c)) {
        ctx.addIssue({
          code: 'custom',
          message: `config.${k} missing (made by an older version whose defaults differ; train the model again)`,
        });
      }
    }
  })
  .pipe(CleanupConfigSchema);

export const CleanupMetaSchema = z.object({
  format: z.literal(CLEANUP_FORMAT),
  kind: z.literal(CLEANUP_KIND),
  size: z.number().int().positive(),
  config: SavedConfigSchema,
  seed: z.number().int(),
  steps: z.number().int().nonnegative(),
  /** The target clip it was trained on (null: crops given directly, e.g. tests). */
  clip: ClipIdentitySchema.nullable(),
  source: z.string().nullable(),
  crops: z.object({ a: z.number().int(), b: z.number().int() }),
  training: z.record(z.string(), z.unknown()),
  metrics: z.record(z.string(), z.unknown()).optional(),
});
export type CleanupMeta = z.infer<typeof CleanupMetaSchema>;

export const CLEANUP_FAMILY: ModelFamily<CleanupMeta> = {
  label: 'cleanup',
  file: 'cleanup.json',
  schema: CleanupMetaSchema,
};

export async function saveCleanupMeta(dir: string, meta: CleanupMeta): Promise<void> {
  await saveFamilyMeta(CLEANUP_FAMILY, dir, meta);
}

const exists = (p: string) =>
  stat(p).then(
    () => true,
    () => false,
  );

/** Reads and checks a cleanup model's metadata; `expect` adds the render's checks. */
export async function loadCleanupMeta(
  dir: string,
  expect: { size?: number; clip?: ClipIdentity; warn?: (line: string) => void } = {},
): Promise<CleanupMeta> {
  if (!(await exists(dir))) throw new Error(`${dir}: no such cleanup model folder`);
  if (
    !(await exists(path.join(dir, CLEANUP_FAMILY.file))) &&
    (await exists(path.join(dir, 'depthnet.json')))
  ) {
    throw new Error(`${dir} holds a DepthNet, not a cleanup model (depthswap cleanup train makes one)`);
  }
  const meta = await loadFamilyMeta(CLEANUP_FAMILY, dir);
  if (meta.size !== meta.config.size)
    throw new Error(`${dir}/cleanup.json: size ${meta.size} != config ${meta.config.size}`);
  if (expect.size !== undefined && expect.size !== meta.size) {
    throw new Error(`${dir}: the model works on ${meta.size} px crops, not ${expect.size} px`);
  }
  if (expect.clip && meta.clip && !sameClip(meta.clip, expect.clip)) {
    expect.warn?.(
      `warning: the cleanup model ${dir} was trained on another clip (${path.basename(meta.clip.path)}); its look may not fit this one`,
    );
  }
  return meta;
}
