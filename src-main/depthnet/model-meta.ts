// The DepthNet's files without TF.js: depthnet.json (variant, training settings, metrics, template), the
// saved network's model.json and weights. A render reads them without loading TF.js.
import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from '../util/atomic-write.ts';
import path from 'node:path';
import { z } from 'zod';
import { TRAINED_VARIANTS } from './variants.ts';

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

function parseJson(text: string, name: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`${name}: not valid JSON (damaged model file?)`);
  }
}

export async function saveMeta(dir: string, meta: DepthNetMeta): Promise<void> {
  await writeFileAtomic(path.join(dir, 'depthnet.json'), JSON.stringify(meta, null, 2) + '\n');
}

export async function loadMeta(dir: string): Promise<DepthNetMeta> {
  let text: string;
  try {
    text = await readFile(path.join(dir, 'depthnet.json'), 'utf8');
  } catch {
    throw new Error(`${dir}: no DepthNet model here (depthnet.json missing)`);
  }
  const parsed = MetaSchema.safeParse(parseJson(text, `${dir}/depthnet.json`));
  if (!parsed.success) throw new Error(`${dir}/depthnet.json: invalid (${parsed.error.issues[0]?.message})`);
  return parsed.data;
}

const ModelJsonSchema = z.object({
  modelTopology: z.record(z.string(), z.unknown()),
  weightsManifest: z.array(z.object({ paths: z.array(z.string()), weights: z.array(z.unknown()) })).min(1),
});

export interface ModelFiles {
  /** model.json, its general shape checked (topology and weight manifest). */
  json: z.infer<typeof ModelJsonSchema>;
  /** The manifest's weight files, concatenated in order. */
  weights: Uint8Array;
}

/** Reads a saved network (model.json and its weight files) from `dir`, with clear errors when damaged. */
export async function readModelFiles(dir: string): Promise<ModelFiles> {
  let text: string;
  try {
    text = await readFile(path.join(dir, 'model.json'), 'utf8');
  } catch {
    throw new Error(`${dir}: no DepthNet model here (model.json missing)`);
  }
  const parsed = ModelJsonSchema.safeParse(parseJson(text, `${dir}/model.json`));
  if (!parsed.success) throw new Error(`${dir}/model.json: not a TF.js layers model`);
  const buffers: Uint8Array[] = [];
  for (const p of parsed.data.weightsManifest.flatMap((g) => g.paths)) {
    try {
      buffers.push(await readFile(path.join(dir, p)));
    } catch {
      throw new Error(`${dir}: the weight file ${p} is missing`);
    }
  }
  const weights = new Uint8Array(buffers.reduce((a, b) => a + b.byteLength, 0));
  let off = 0;
  for (const b of buffers) {
    weights.set(b, off);
    off += b.byteLength;
  }
  return { json: parsed.data, weights };
}
