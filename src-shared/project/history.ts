// The undo history as the autosave keeps it beside the recovery file, so a recovered project still undoes
// (each step: its label and the project before and after it).
import { z } from 'zod';
import { ProjectSchema } from './schema.ts';

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
