// `depthswap project bundle`: one folder a render node reads. The project file, its analysis files and the
// cleanup model are copied in and referred to relative to the bundle; media paths become absolute and stay
// where they are (farm nodes see them on the shared volume). The folder appears under its name only when
// complete (built under a hidden temporary name, then renamed), and an existing folder is never written into.
import { cp, mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Project } from '../../src-shared/project/schema.ts';
import { readProjectFile, writeProjectFile, PROJECT_EXTENSION } from '../project/project-file.ts';
import { preflightProject, resolveProjectPath, type ProjectReference } from './preflight.ts';

export interface BundleResult {
  dir: string;
  projectFile: string;
  /** Files and folders copied into the bundle, as [original, path inside the bundle]. */
  copied: Array<[string, string]>;
  /** Media left at their (absolute) shared-volume paths. */
  media: string[];
}

function safeName(text: string): string {
  return text.replace(/[^\w.-]+/g, '_');
}

async function refuseExisting(dir: string): Promise<void> {
  const s = await stat(dir).catch(() => null);
  if (!s) return;
  if (!s.isDirectory()) throw new Error(`bundle output exists and is not a folder: ${dir}`);
  if ((await readdir(dir)).length > 0) throw new Error(`bundle output folder is not empty: ${dir}`);
  await rm(dir, { recursive: true });
}

/** The project as the bundle holds it, and the copies to make. Pure (no file system access). */
export function bundledProject(
  projectFile: string,
  project: Project,
  refs: ProjectReference[],
): { project: Project; copies: Array<[string, string]> } {
  const copies: Array<[string, string]> = [];
  const used = new Set<string>();
  const place = (abs: string, folder: string, prefix: string): string => {
    let rel = path.posix.join(folder, safeName(`${prefix}-${path.basename(abs)}`));
    for (let n = 2; used.has(rel); n++)
      rel = path.posix.join(folder, safeName(`${prefix}-${n}-${path.basename(abs)}`));
    used.add(rel);
    copies.push([abs, rel]);
    return rel;
  };
  const abs = (stored: string) => resolveProjectPath(projectFile, stored);
  const models = new Map<string, string>();
  const bundledModel = (clipId: string): string | null => {
    const ref = refs.find((r) => r.kind === 'cleanup-model' && r.role.endsWith(` of clip ${clipId}`));
    if (!ref) return null;
    let rel = models.get(ref.absolute);
    if (rel === undefined) {
      rel = `./${place(ref.absolute, 'cleanup', 'model')}`;
      models.set(ref.absolute, rel);
    }
    return rel;
  };
  const clips = project.clips.map((c) => ({
    ...c,
    path: abs(c.path),
    analysis: c.analysis ? place(abs(c.analysis), 'analysis', `clip-${c.id}`) : null,
    swap: { ...c.swap, cleanupModel: bundledModel(c.id) },
  }));
  const sources = project.sources.map((s) => ({
    ...s,
    path: abs(s.path),
    analysis: s.analysis ? place(abs(s.analysis), 'analysis', `source-${s.id}`) : null,
  }));
  return {
    project: { ...project, clips, sources },
    copies,
  };
}

export async function bundleProject(
  projectFile: string,
  outDir: string,
  opts: { stateDir?: string | null } = {},
): Promise<BundleResult> {
  const dir = path.resolve(outDir);
  const { project } = await readProjectFile(projectFile);
  // Everything must be here before anything is copied: a bundle without its analysis would render without
  // the user's keypoint edits.
  const refs = await preflightProject(projectFile, project, { stateDir: opts.stateDir ?? null });
  await refuseExisting(dir);
  const parent = path.dirname(dir);
  await mkdir(parent, { recursive: true });
  const tmp = path.join(parent, `.${path.basename(dir)}.${randomBytes(4).toString('hex')}.partial`);
  const bundled = bundledProject(projectFile, project, refs);
  const name = safeName(path.basename(projectFile, PROJECT_EXTENSION)) + PROJECT_EXTENSION;
  try {
    await mkdir(tmp);
    for (const [from, rel] of bundled.copies) {
      await mkdir(path.join(tmp, path.dirname(rel)), { recursive: true });
      await cp(from, path.join(tmp, rel), { recursive: true, errorOnExist: true, force: false });
    }
    await writeProjectFile(path.join(tmp, name), bundled.project);
    await rename(tmp, dir);
  } catch (err) {
    await rm(tmp, { recursive: true, force: true });
    throw err;
  }
  return {
    dir,
    projectFile: path.join(dir, name),
    copied: bundled.copies.map(([from, rel]) => [from, path.join(dir, rel)]),
    media: refs.filter((r) => r.kind === 'media').map((r) => r.absolute),
  };
}
