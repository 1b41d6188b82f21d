// The recent-projects list, kept as a small JSON file in the user's config folder.
import { readFile } from 'node:fs/promises';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../util/atomic-write.ts';

const RecentSchema = z.object({ projects: z.array(z.string().min(1)) });
export const MAX_RECENT = 10;

export async function readRecent(file: string): Promise<string[]> {
  try {
    const parsed = RecentSchema.safeParse(JSON.parse(await readFile(file, 'utf8')));
    return parsed.success ? parsed.data.projects.slice(0, MAX_RECENT) : [];
  } catch {
    return [];
  }
}

export async function addRecent(file: string, projectPath: string): Promise<string[]> {
  const list = [projectPath, ...(await readRecent(file)).filter((p) => p !== projectPath)].slice(
    0,
    MAX_RECENT,
  );
  mkdirSync(path.dirname(file), { recursive: true });
  await writeFileAtomic(file, JSON.stringify({ projects: list }, null, 2) + '\n');
  return list;
}
