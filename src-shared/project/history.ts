// The undo history as the autosave keeps it beside the recovery file, so a recovered project still undoes
// (each step: its label and the project before and after it).
import { z } from 'zod';
import { ProjectSchema, type Project } from './schema.ts';

export const HistoryEntrySchema = z.object({
  label: z.string().max(200),
  before: ProjectSchema,
  after: ProjectSchema,
});
export type HistoryEntry = z.infer<typeof HistoryEntrySchema>;

/** At most this many steps are autosaved (the newest). */
export const MAX_SAVED_HISTORY = 50;

export const HistoryFileSchema = z.object({
  format: z.literal('depthswap-undo-history'),
  history: z.array(HistoryEntrySchema).max(MAX_SAVED_HISTORY),
});

/** The document without what is not an edit (save time, playheads, zoom): what undo steps are compared on. */
function editsOf(p: Project): unknown {
  const { modifiedAt: _m, clips, ...rest } = p;
  return { ...rest, clips: clips.map(({ playhead: _p, zoom: _z, ...c }) => c) };
}

/** Whether a history ends at `project` (the recovered document), ignoring save time, playheads and zoom. */
export function historyEndsAt(history: readonly HistoryEntry[], project: Project): boolean {
  const last = history[history.length - 1];
  return !!last && JSON.stringify(editsOf(last.after)) === JSON.stringify(editsOf(project));
}
