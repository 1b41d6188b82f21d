// Reading and saving .dsproj files. Reads validate and migrate (src-shared/project/migrate.ts); saves are
// atomic and refuse to replace a file this build cannot read (a newer version or a corrupt file stays as it is).
import { readFile } from 'node:fs/promises';
import { parseProjectText, ProjectFormatError } from '../../src-shared/project/migrate.ts';
import { ProjectSchema, type Project } from '../../src-shared/project/schema.ts';
import { writeFileAtomic } from '../util/atomic-write.ts';
import { checkWrite, type WritePlan } from '../util/write-guard.ts';

export const PROJECT_EXTENSION = '.dsproj';

export class ProjectFileError extends Error {
  override name = 'ProjectFileError';
  readonly path: string;
  readonly problem: 'corrupt' | 'newer' | 'invalid' | 'io';
  constructor(filePath: string, problem: ProjectFileError['problem'], message: string) {
    super(`${filePath}: ${message}`);
    this.path = filePath;
    this.problem = problem;
  }
}

export interface LoadedProject {
  project: Project;
  /** The version the file was migrated from, or null when it was current. */
  migratedFrom: number | null;
}

export async function readProjectFile(filePath: string): Promise<LoadedProject> {
  let text: string;
  try {
    text = await readFile(filePath, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such project file' : err instanceof Error ? err.message : String(err);
    throw new ProjectFileError(filePath, 'io', why);
  }
  try {
    return parseProjectText(text);
  } catch (err) {
    if (err instanceof ProjectFormatError) throw new ProjectFileError(filePath, err.problem, err.message);
    throw err;
  }
}

export function serializeProject(project: Project): string {
  return JSON.stringify(ProjectSchema.parse(project), null, 2) + '\n';
}

/**
 * Saves atomically, after the write guard (util/write-guard.ts): when a file already exists at `filePath`
 * and it is not a project this build can read (newer version, corrupt, a clip), the save is refused so that
 * nothing is lost: save under another name instead.
 */
export interface WriteProjectOptions {
  /** Files the operation reads (the project's media): never written over. */
  inputs?: WritePlan['inputs'];
  /**
   * An existing project at filePath: 'update' (default: saving a project over itself), 'overwrite' (the
   * user said --force) or 'refuse' (a new project must not replace one).
   */
  existing?: 'update' | 'overwrite' | 'refuse';
}

export async function writeProjectFile(
  filePath: string,
  project: Project,
  now: Date = new Date(),
  opts: WriteProjectOptions = {},
): Promise<Project> {
  if (!filePath.endsWith(PROJECT_EXTENSION)) {
    throw new ProjectFileError(filePath, 'io', `a project file name must end with ${PROJECT_EXTENSION}`);
  }
  // Never a clip, an image or any other kind of file, never one of the project's own media, never a project
  // this build cannot read (a newer version or a corrupt file stays as it is).
  const existing = opts.existing ?? 'update';
  await checkWrite(filePath, {
    kind: 'project',
    inputs: {
      ...Object.fromEntries(project.clips.map((c, i) => [`project's clip ${i + 1}`, c.path])),
      ...Object.fromEntries(project.sources.map((s, i) => [`project's source ${i + 1}`, s.path])),
      ...opts.inputs,
    },
    update: existing === 'update',
    overwrite: existing === 'overwrite',
    label: 'the project file',
  });
  const saved: Project = { ...project, modifiedAt: now.toISOString() };
  await writeFileAtomic(filePath, serializeProject(saved));
  return saved;
}
