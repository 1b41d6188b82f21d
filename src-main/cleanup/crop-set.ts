// A domain's training crops: `count` aligned face crops of `size` px, 4 bytes a pixel (RGB and the matte),
// with the yaw and frame of each (the target's frame; crops of the source clip's frames, in domain B, have
// -1 - the source frame). Cached in DIR/crops/<domain>.bin + .json (made once, not re-rendered
// every run), written atomically; a cache is used only if it was made with the same inputs (key).
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../util/atomic-write.ts';

export interface CropSet {
  size: number;
  count: number;
  data: Uint8Array;
  yaw: Float32Array;
  frames: number[];
}

const CropIndexSchema = z.object({
  format: z.literal('depthswap-cleanup-crops/1'),
  key: z.string(),
  size: z.number().int().positive(),
  count: z.number().int().nonnegative(),
  yaw: z.array(z.number()),
  frames: z.array(z.number().int()),
});

export function emptyCropSet(size: number): CropSet {
  return { size, count: 0, data: new Uint8Array(0), yaw: new Float32Array(0), frames: [] };
}

/** Joins crops (each size*size*4 bytes) into a set. */
export function cropSetOf(size: number, crops: { data: Uint8Array; yaw: number; frame: number }[]): CropSet {
  const one = size * size * 4;
  const data = new Uint8Array(crops.length * one);
  crops.forEach((c, i) => {
    if (c.data.length !== one) throw new Error(`crop ${i}: ${c.data.length} bytes, expected ${one}`);
    data.set(c.data, i * one);
  });
  return {
    size,
    count: crops.length,
    data,
    yaw: Float32Array.from(crops.map((c) => c.yaw)),
    frames: crops.map((c) => c.frame),
  };
}

export function concatCropSets(a: CropSet, b: CropSet): CropSet {
  if (a.size !== b.size) throw new Error('crop sets of different sizes');
  const data = new Uint8Array(a.data.length + b.data.length);
  data.set(a.data, 0);
  data.set(b.data, a.data.length);
  const yaw = new Float32Array(a.count + b.count);
  yaw.set(a.yaw, 0);
  yaw.set(b.yaw, a.count);
  return { size: a.size, count: a.count + b.count, data, yaw, frames: [...a.frames, ...b.frames] };
}

export async function saveCropSet(dir: string, name: string, key: string, set: CropSet): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFileAtomic(path.join(dir, `${name}.bin`), set.data);
  const index = {
    format: 'depthswap-cleanup-crops/1',
    key,
    size: set.size,
    count: set.count,
    yaw: Array.from(set.yaw),
    frames: set.frames,
  };
  await writeFileAtomic(path.join(dir, `${name}.json`), JSON.stringify(index));
}

/** The cached set made with `key`, or null (absent, damaged, or made from other inputs). */
export async function loadCropSet(dir: string, name: string, key: string): Promise<CropSet | null> {
  try {
    const index = CropIndexSchema.parse(JSON.parse(await readFile(path.join(dir, `${name}.json`), 'utf8')));
    if (index.key !== key) return null;
    const data = new Uint8Array(await readFile(path.join(dir, `${name}.bin`)));
    if (data.length !== index.count * index.size * index.size * 4) return null;
    return {
      size: index.size,
      count: index.count,
      data,
      yaw: Float32Array.from(index.yaw),
      frames: index.frames,
    };
  } catch {
    return null;
  }
}
