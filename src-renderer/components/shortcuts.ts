// Every keyboard shortcut of the studio in one table: the global key handler (keyboard.ts) runs them and
// the `?` overlay lists them. Transport and edit keys work wherever focus is, except in a text field.
import type { Studio } from '../state/studio.ts';

export interface Shortcut {
  /** As shown in the overlay. */
  keys: string;
  what: string;
  /** Whether this key event is this shortcut. */
  match: (e: KeyboardEvent) => boolean;
  run: (studio: Studio, e: KeyboardEvent) => void;
  /** Also while a dialog is open (undo, save, the overlay); default: not. */
  inDialogs?: boolean;
}

const plain = (e: KeyboardEvent) => !e.ctrlKey && !e.metaKey && !e.altKey;
const mod = (e: KeyboardEvent) => (e.ctrlKey || e.metaKey) && !e.altKey;
const key = (e: KeyboardEvent) => e.key.toLowerCase();
const letter = (e: KeyboardEvent, ...ks: string[]) => plain(e) && !e.shiftKey && ks.includes(key(e));

function focusTimecode(): void {
  const field = document.querySelector<HTMLInputElement>('[data-testid="timecode"]');
  field?.focus();
  field?.select();
}

export const SHORTCUTS: Shortcut[] = [
  {
    keys: 'Space',
    what: 'Play / pause',
    match: (e) => plain(e) && e.key === ' ',
    run: (s) => s.timeline.togglePlay(),
  },
  {
    keys: 'J / K / L',
    what: 'Shuttle back / stop / forward (again: faster, up to 8x)',
    match: (e) => letter(e, 'j', 'k', 'l'),
    run: (s, e) => s.timeline.shuttle(key(e) === 'j' ? 'j' : key(e) === 'k' ? 'k' : 'l'),
  },
  {
    keys: '← / →',
    what: 'One frame back / forward (Shift: 10 frames)',
    match: (e) => plain(e) && (e.key === 'ArrowLeft' || e.key === 'ArrowRight'),
    run: (s, e) => s.timeline.step((e.key === 'ArrowLeft' ? -1 : 1) * (e.shiftKey ? 10 : 1)),
  },
  {
    keys: '↑ / ↓',
    what: 'Previous / next keyframe of this clip',
    match: (e) => plain(e) && !e.shiftKey && (e.key === 'ArrowUp' || e.key === 'ArrowDown'),
    run: (s, e) => s.timeline.goToKeyframe(e.key === 'ArrowUp' ? -1 : 1),
  },
  {
    keys: 'Home / End',
    what: 'First / last frame',
    match: (e) => plain(e) && (e.key === 'Home' || e.key === 'End'),
    run: (s, e) => s.timeline.setFrame(e.key === 'Home' ? 0 : s.timeline.frameCount() - 1),
  },
  {
    keys: 'I / O',
    what: "Mark in / out at the playhead (this clip's own marks)",
    match: (e) => letter(e, 'i', 'o'),
    run: (s, e) => (key(e) === 'i' ? s.timeline.markIn() : s.timeline.markOut()),
  },
  {
    keys: 'Shift+I / Shift+O',
    what: 'Go to the in / out mark',
    match: (e) => plain(e) && e.shiftKey && (key(e) === 'i' || key(e) === 'o'),
    run: (s, e) => s.timeline.goToMark(key(e) === 'i' ? 'in' : 'out'),
  },
  {
    keys: 'Alt+X',
    what: 'Clear in and out',
    match: (e) => e.altKey && !e.ctrlKey && !e.metaKey && key(e) === 'x',
    run: (s) => s.timeline.clearMarks(),
  },
  {
    keys: 'P',
    what: 'Preview the swap of this frame',
    match: (e) => letter(e, 'p'),
    run: (s) => void s.jobs.previewSwap(),
  },
  {
    keys: 'Shift+P',
    what: 'Preview I-O: render the in/out range and play it looped (Escape: back to the clip)',
    match: (e) => plain(e) && e.shiftKey && key(e) === 'p',
    run: (s) => void s.review.previewRange(),
  },
  {
    keys: 'Delete',
    what: 'Delete the keyframe at the playhead',
    match: (e) => plain(e) && (e.key === 'Delete' || e.key === 'Backspace'),
    run: (s) => s.clip.deleteKeyframe(s.s.frame),
  },
  {
    keys: 'Ctrl+G',
    what: 'Type a timecode or frame to go to (+10 / -1:00 relative)',
    match: (e) => mod(e) && !e.shiftKey && key(e) === 'g',
    run: () => focusTimecode(),
  },
  {
    keys: 'Ctrl+Z',
    what: 'Undo',
    match: (e) => mod(e) && !e.shiftKey && key(e) === 'z',
    run: (s) => s.undo(),
  },
  {
    keys: 'Ctrl+Shift+Z / Ctrl+Y',
    what: 'Redo',
    match: (e) => mod(e) && ((e.shiftKey && key(e) === 'z') || (!e.shiftKey && key(e) === 'y')),
    run: (s) => s.redo(),
  },
  {
    keys: 'Ctrl+S',
    what: 'Save',
    match: (e) => mod(e) && !e.shiftKey && key(e) === 's',
    run: (s) => void s.save(),
    inDialogs: true,
  },
  {
    keys: 'Ctrl+E',
    what: 'Export...',
    match: (e) => mod(e) && !e.shiftKey && key(e) === 'e',
    run: (s) => s.store.set({ modal: { kind: 'export' } }),
  },
  {
    keys: 'Escape',
    what: 'Close the dialog on top (or clear the keypoint selection)',
    match: (e) => e.key === 'Escape',
    run: (s) => s.store.set({ selection: [] }),
  },
  {
    keys: '?',
    what: 'Show / hide this list',
    match: (e) => e.key === '?' && !e.ctrlKey && !e.metaKey,
    run: (s) => s.store.set((st) => ({ shortcutsOpen: !st.shortcutsOpen })),
    inDialogs: true,
  },
];
