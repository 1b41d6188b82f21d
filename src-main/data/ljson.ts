// Reader for menpo LJSON v3 landmark files: groups.<name>.landmarks.points = [[x, y, z], ...].
import { readFile } from 'node:fs/promises';
import { z } from 'zod';

const LjsonSchema = z.object({
  groups: z.record(
    z.string(),
    z.object({ landmarks: z.object({ points: z.array(z.array(z.number().nullable()).min(2).max(3)) }) }),
  ),
});

/** Points of one group (default: the first), each [x, y] or [x, y, z]. */
export function parseLjson(text: string, group?: string, name = 'ljson'): number[][] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new Error(`${name}: not JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  const parsed = LjsonSchema.safeParse(json);
  if (!parsed.success)
    throw new Error(`${name}: not an LJSON v3 landmark file (${parsed.error.issues[0]?.message})`);
  const groups = parsed.data.groups;
  const key = group ?? Object.keys(groups)[0];
  const g = key === undefined ? undefined : groups[key];
  if (!g) throw new Error(`${name}: no landmark group ${group ?? ''}`);
  return g.landmarks.points.map((p, i) => {
    if (p.some((v) => v === null)) throw new Error(`${name}: point ${i} is missing`);
    return p as number[];
  });
}

export async function readLjson(path: string, group?: string): Promise<number[][]> {
  return parseLjson(await readFile(path, 'utf8'), group, path);
}
