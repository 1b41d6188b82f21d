// Saved-model files without TF.js, shared by every model family (DepthNet, cleanup): the
// family's metadata file (e.g. depthnet.json, cleanup.json) checked by its zod schema, and a saved
// network's model.json and weights. A render reads them without loading TF.js.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../../util/atomic-write.ts';

function parseJson(text: string, name: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`${name}: not valid JSON (damaged model file?)`);
  }
}

/** A model family's metadata file: its name in the model folder and its schema. */
export interface ModelFamily<T> {
  /** Shown in errors: "no <label> model here". */
  label: string;
  file: string;
  schema: z.ZodType<T>;
}

export async function saveFamilyMeta<T>(family: ModelFamily<T>, dir: string, meta: T): Promise<void> {
  await writeFileAtomic(path.join(dir, family.file), JSON.stringify(meta, null, 2) + '\n');
}

export async function loadFamilyMeta<T>(family: ModelFamily<T>, dir: string): Promise<T> {
  let text: string;
  try {
    text = await readFile(path.join(dir, family.file), 'utf8');
  } catch {
    throw new Error(`${dir}: no ${family.label} model here (${family.file} missing)`);
  }
  const parsed = family.schema.safeParse(parseJson(text, `${dir}/${family.file}`));
  if (!parsed.success) throw new Error(`${dir}/${family.file}: invalid (${parsed.error.issues[0]?.message})`);
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
export async function readModelFiles(dir: string, label = 'DepthNet'): Promise<ModelFiles> {
  let text: string;
  try {
    text = await readFile(path.join(dir, 'model.json'), 'utf8');
  } catch {
    throw new Error(`${dir}: no ${label} model here (model.json missing)`);
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
