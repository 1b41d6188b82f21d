// What every panel's actions use of the studio controller (studio.ts): the one store, the API client, the
// one undo stack (`commit`: every document edit of every panel is one undoable command there), errors.
import type { Project } from '../../src-shared/project/schema.ts';
import type { ApiClient } from '../api/client.ts';
import type { Store } from './store.ts';
import type { StudioState } from './studio-state.ts';

export interface StudioCore {
  readonly store: Store<StudioState>;
  readonly api: ApiClient;
  readonly s: StudioState;
  guard<T>(source: string, fn: () => Promise<T>): Promise<T | undefined>;
  commit(label: string, update: (p: Project) => Project, mergeKey?: string | null): void;
  reportError(source: string, err: unknown): void;
}
