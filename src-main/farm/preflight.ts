// What a render reads besides its media, and the check every render runs before it starts: on a farm node
// the project's media sit at the same paths (a shared volume) but the user's state folder is not there, so a
// missing file must stop the render up front, naming its path, instead of failing (or silently rendering
// without the keypoint edits) half-way. `depthswap render` and every farm task call `preflightProject`.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Project } from '../../src-shared/project/schema.ts';

/** One file (or folder) a project refers to. */
export interface ProjectReference {
  /** What it is, for the error message: 'clip c1', 'analysis of clip c1', 'cleanup model', ... */
  role: string;
  /** As the project file holds it (absolute, or relative to the project's folder). */
  stored: string;
  /** Absolute path on this machine. */
  absolute: string;
  kind: 'media' | 'analysis' | 'cleanup-model';
  directory: boolean;
}

export class MissingReferenceError extends Error {
  override name = 'MissingReferenceError';
  readonly missing: ProjectReference[];
  constructor(projectFile: string, missing: ProjectReference[]) {
    const list = missing.map((m) => `${m.role}: ${m.absolute}`).join('; ');
    super(
      `${projectFile}: ${missing.length === 1 ? 'a file the render needs is' : `${missing.length} files the render needs are`} missing on this machine (${list})`,
    );
    this.missing = missing;
  }
}

/** A path stored in a project: absolute as it is, relative to the project file's folder otherwise. */
export function resolveProjectPath(projectFile: string, stored: string): string {
  return path.isAbsolute(stored) ? stored : path.resolve(path.dirname(path.resolve(projectFile)), stored);
}

/**
 * Where a cleanup model named by the project lives: a folder path (absolute, or relative to the project file;
 * to the working folder for an unsaved project), or the id of a model kept in the state folder
 * (`<stateDir>/cleanup/<id>`). Null when the project names none.
 */
export function cleanupModelPath(
  projectFile: string | null,
  id: string | null,
  stateDir: string | null,
): string | null {
  if (id === null) return null;
  const looksLikePath = id.includes('/') || id.includes(path.sep) || id.startsWith('.');
  if (looksLikePath || stateDir === null)
    return projectFile === null ? path.resolve(id) : resolveProjectPath(projectFile, id);
  return path.join(stateDir, 'cleanup', id);
}

/** Every file the project refers to: its clips, source faces, their analysis files and the cleanup model. */
export function projectReferences(
  projectFile: string,
  project: Project,
  opts: { stateDir?: string | null; clipId?: string } = {},
): ProjectReference[] {
  const refs: ProjectReference[] = [];
  const add = (role: string, stored: string, kind: ProjectReference['kind'], directory = false) =>
    refs.push({ role, stored, absolute: resolveProjectPath(projectFile, stored), kind, directory });
  for (const clip of project.clips) {
    if (opts.clipId !== undefined && clip.id !== opts.clipId) continue;
    add(`clip ${clip.id}`, clip.path, 'media');
    if (clip.analysis) add(`analysis of clip ${clip.id}`, clip.analysis, 'analysis');
    // Swap settings are per clip (project version 4): so is the cleanup model.
    const id = clip.swap.cleanupModel;
    const model = cleanupModelPath(projectFile, id, opts.stateDir ?? null);
    if (model !== null && id !== null) {
      refs.push({
        role: `cleanup model ${id} of clip ${clip.id}`,
        stored: id,
        absolute: model,
        kind: 'cleanup-model',
        directory: true,
      });
    }
  }
  for (const source of project.sources) {
    add(`source face ${source.id}`, source.path, 'media');
    if (source.analysis) add(`analysis of source face ${source.id}`, source.analysis, 'analysis');
  }
  return refs;
}

async function present(ref: ProjectReference): Promise<boolean> {
  const s = await stat(ref.absolute).catch(() => null);
  if (!s) return false;
  return ref.directory ? s.isDirectory() : s.isFile();
}

/** The references that are not on this machine (an empty list when the render can start). */
export async function missingReferences(refs: ProjectReference[]): Promise<ProjectReference[]> {
  const ok = await Promise.all(refs.map(present));
  return refs.filter((_, i) => !ok[i]);
}

/**
 * Throws MissingReferenceError (every missing path, one line) unless all the files a render of this project
 * reads are present. `clipId` limits the check to the clip being rendered.
 */
export async function preflightProject(
  projectFile: string,
  project: Project,
  opts: { stateDir?: string | null; clipId?: string } = {},
): Promise<ProjectReference[]> {
  const refs = projectReferences(projectFile, project, opts);
  const missing = await missingReferences(refs);
  if (missing.length > 0) throw new MissingReferenceError(projectFile, missing);
  return refs;
}
