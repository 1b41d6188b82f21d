// Autosave and crash recovery. Every N seconds the open project, when changed, is written atomically to a
// recovery file next to it (or in the untitled folder); a clean save or close removes it. After a crash the
// recovery file is still there and newer than the project, and the studio offers it.
import { readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { createHash } from 'node:crypto';
import type { Project } from '../../src-shared/project/schema.ts';
import { parseProjectText } from '../../src-shared/project/migrate.ts';
import { HistoryFileSchema, historyEndsAt, type HistoryEntry } from '../../src-shared/project/history.ts';
import { writeFileAtomic } from '../util/atomic-write.ts';
import { serializeProject } from './project-file.ts';

export const RECOVERY_SUFFIX = '.recovery';

/** Recovery file of a saved project (`.name.dsproj.recovery` beside it) or of an untitled one. */
export function recoveryPathFor(projectPath: string | null, untitledDir: string): string {
  if (projectPath === null) return path.join(untitledDir, `untitled.dsproj${RECOVERY_SUFFIX}`);
  return path.join(path.dirname(projectPath), `.${path.basename(projectPath)}${RECOVERY_SUFFIX}`);
}

/** The undo history kept beside a recovery file. */
export function historyPathFor(recoveryPath: string): string {
  return `${recoveryPath}.history`;
}

export interface Recovery {
  recoveryPath: string;
  savedAt: Date;
  project: Project;
  /** The undo steps that led to it (empty when none were kept or the history file is unreadable). */
  history: HistoryEntry[];
}

async function readHistory(recoveryPath: string, project: Project): Promise<HistoryEntry[]> {
  let text: string;
  try {
    text = await readFile(historyPathFor(recoveryPath), 'utf8');
  } catch {
    return [];
  }
  try {
    const parsed = HistoryFileSchema.safeParse(JSON.parse(text));
    if (!parsed.success) return [];
    const history = parsed.data.history;
    // Only a history that ends where the recovered project is (written together) is taken.
    return historyEndsAt(history, project) ? history : [];
  } catch {
    return [];
  }
}

/**
 * The recovery of `projectPath` when there is one worth offering: it exists, parses, and is newer than the
 * project file (or the project file is gone). An unreadable recovery file is reported, not silently used.
 */
export async function findRecovery(
  projectPath: string | null,
  untitledDir: string,
): Promise<Recovery | null> {
  const recoveryPath = recoveryPathFor(projectPath, untitledDir);
  let recStat;
  try {
    recStat = await stat(recoveryPath);
  } catch {
    return null;
  }
  if (projectPath !== null) {
    try {
      const projStat = await stat(projectPath);
      if (projStat.mtimeMs > recStat.mtimeMs) return null;
    } catch {
      // The project file is gone: the recovery is all there is.
    }
  }
  const { project } = parseProjectText(await readFile(recoveryPath, 'utf8'));
  return { recoveryPath, savedAt: recStat.mtime, project, history: await readHistory(recoveryPath, project) };
}

export async function discardRecovery(projectPath: string | null, untitledDir: string): Promise<void> {
  const recoveryPath = recoveryPathFor(projectPath, untitledDir);
  await rm(recoveryPath, { force: true });
  await rm(historyPathFor(recoveryPath), { force: true });
}

export async function writeRecovery(
  projectPath: string | null,
  untitledDir: string,
  project: Project,
  history: HistoryEntry[] = [],
) {
  const recoveryPath = recoveryPathFor(projectPath, untitledDir);
  // The history first: a recovery is never newer than the history that goes with it.
  await writeFileAtomic(
    historyPathFor(recoveryPath),
    JSON.stringify({ format: 'depthswap-undo-history', history }),
  );
  await writeFileAtomic(recoveryPath, serializeProject(project));
}

export interface AutosaverOptions {
  intervalMs: number;
  untitledDir: string;
  onError?: (err: unknown) => void;
  onSaved?: (recoveryPath: string) => void;
}

/** Keeps the latest snapshot and writes it every interval when it changed since the last write. */
export class Autosaver {
  private readonly options: AutosaverOptions;
  private timer: ReturnType<typeof setInterval> | null = null;
  private projectPath: string | null = null;
  private snapshot: Project | null = null;
  private history: HistoryEntry[] = [];
  private lastWrittenHash: string | null = null;
  private writing: Promise<void> | null = null;

  constructor(options: AutosaverOptions) {
    if (!(options.intervalMs > 0)) throw new Error('autosave interval must be positive');
    this.options = options;
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.flush(), this.options.intervalMs);
    this.timer.unref?.();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** The open project changed (or was opened / saved under a new path). */
  update(projectPath: string | null, project: Project, history: HistoryEntry[] = []): void {
    this.projectPath = projectPath;
    this.snapshot = project;
    this.history = history;
  }

  /** After a clean save: the recovery file is obsolete. */
  async saved(projectPath: string, project: Project): Promise<void> {
    const previous = this.projectPath;
    this.projectPath = projectPath;
    this.snapshot = project;
    this.lastWrittenHash = hashOf(project);
    await this.writing;
    await discardRecovery(projectPath, this.options.untitledDir);
    if (previous === null) await discardRecovery(null, this.options.untitledDir);
  }

  async flush(): Promise<void> {
    const snap = this.snapshot;
    if (!snap) return;
    const hash = hashOf(snap);
    if (hash === this.lastWrittenHash) return;
    const projectPath = this.projectPath;
    const history = this.history;
    const write = (async () => {
      await writeRecovery(projectPath, this.options.untitledDir, snap, history);
      this.lastWrittenHash = hash;
      this.options.onSaved?.(recoveryPathFor(projectPath, this.options.untitledDir));
    })();
    this.writing = write.catch((err: unknown) => this.options.onError?.(err));
    await this.writing;
  }
}

function hashOf(project: Project): string {
  const { modifiedAt: _m, ...rest } = project;
  return createHash('sha1').update(JSON.stringify(rest)).digest('hex');
}
