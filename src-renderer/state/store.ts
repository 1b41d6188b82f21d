// A minimal external store (useSyncExternalStore) holding the studio's state.
import { useSyncExternalStore } from 'react';

export class Store<S> {
  private state: S;
  private readonly listeners = new Set<() => void>();
  constructor(initial: S) {
    this.state = initial;
  }
  get = (): S => this.state;
  set(update: Partial<S> | ((s: S) => Partial<S>)): void {
    const patch = typeof update === 'function' ? update(this.state) : update;
    this.state = { ...this.state, ...patch };
    for (const l of this.listeners) l();
  }
  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
}

export function useStore<S, T>(store: Store<S>, select: (s: S) => T): T {
  return useSyncExternalStore(store.subscribe, () => select(store.get()));
}
