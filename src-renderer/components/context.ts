// The studio controller, provided to every component.
import { createContext, useContext } from 'react';
import type { Studio } from '../state/studio.ts';
import { useStore } from '../state/store.ts';
import type { StudioState } from '../state/studio-state.ts';

export const StudioContext = createContext<Studio | null>(null);

export function useStudio(): Studio {
  const studio = useContext(StudioContext);
  if (!studio) throw new Error('StudioContext missing');
  return studio;
}

export function useStudioState<T>(select: (s: StudioState) => T): T {
  return useStore(useStudio().store, select);
}
