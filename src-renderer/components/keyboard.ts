// The global key handler: shortcuts (shortcuts.ts) work wherever focus is except in a text field, before
// the focused control sees the key (Space never toggles a focused checkbox, arrows never change a focused
// dropdown or slider). Escape closes the dialog on top (escape.ts). Controls give focus back after use.
import type { Studio } from '../state/studio.ts';
import { SHORTCUTS } from './shortcuts.ts';
import { closeTopDialog } from './escape.ts';

const TEXT_TYPES = new Set(['text', 'search', 'number', 'email', 'url', 'password', 'tel', '']);

/** True in a field where keys type text (shortcuts stay out of it). */
export function isTextField(target: EventTarget | null): boolean {
  if (target instanceof HTMLTextAreaElement) return true;
  if (target instanceof HTMLInputElement) return TEXT_TYPES.has(target.type);
  return target instanceof HTMLElement && target.isContentEditable;
}

/** A control that takes keys for itself (checkbox, radio, slider, dropdown, button). */
function isControl(target: EventTarget | null): target is HTMLElement {
  return (
    target instanceof HTMLSelectElement ||
    target instanceof HTMLButtonElement ||
    (target instanceof HTMLInputElement && !TEXT_TYPES.has(target.type))
  );
}

export function installKeyboard(studio: Studio): () => void {
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      if (closeTopDialog()) {
        e.preventDefault();
        e.stopPropagation();
        return;
      }
    }
    if (isTextField(e.target)) return;
    const dialogOpen = studio.s.modal !== null || studio.s.shortcutsOpen;
    const shortcut = SHORTCUTS.find((s) => s.match(e));
    if (!shortcut || (dialogOpen && !shortcut.inDialogs)) return;
    // Ours, not the focused control's: no toggle, no changed dropdown, no moved slider.
    e.preventDefault();
    e.stopPropagation();
    shortcut.run(studio, e);
  };
  // A checkbox or button acts on Space at key-up: that is ours too when the key-down was.
  const onKeyUp = (e: KeyboardEvent) => {
    if (e.key === ' ' && isControl(e.target) && !isTextField(e.target)) e.preventDefault();
  };
  // After a click or change, a control gives focus back, so the next key is a shortcut again.
  const giveBack = (e: Event) => {
    if (isControl(e.target) && !(e.target instanceof HTMLSelectElement && e.type === 'click')) {
      const el = e.target;
      setTimeout(() => el.blur(), 0);
    }
  };
  window.addEventListener('keydown', onKeyDown, true);
  window.addEventListener('keyup', onKeyUp, true);
  window.addEventListener('change', giveBack, true);
  window.addEventListener('click', giveBack, true);
  return () => {
    window.removeEventListener('keydown', onKeyDown, true);
    window.removeEventListener('keyup', onKeyUp, true);
    window.removeEventListener('change', giveBack, true);
    window.removeEventListener('click', giveBack, true);
  };
}
