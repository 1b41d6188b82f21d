// Escape closes the dialog on top: every dialog registers its close while it is open (useEscape); the
// global key handler calls the newest one.
import { useEffect, useRef } from 'react';

const stack: { close: () => void }[] = [];

/** Closes the newest open dialog; false when none is open. */
export function closeTopDialog(): boolean {
  const top = stack[stack.length - 1];
  if (!top) return false;
  top.close();
  return true;
}

/** While mounted (and `active`), Escape calls `close` (newest dialog first). */
export function useEscape(close: () => void, active = true): void {
  const ref = useRef(close);
  useEffect(() => {
    ref.current = close;
  });
  useEffect(() => {
    if (!active) return;
    const entry = { close: () => ref.current() };
    stack.push(entry);
    return () => {
      const i = stack.indexOf(entry);
      if (i >= 0) stack.splice(i, 1);
    };
  }, [active]);
}
