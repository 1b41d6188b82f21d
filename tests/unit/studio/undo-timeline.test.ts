import { describe, it, expect } from 'vitest';
import {
  emptyUndo,
  pushCommand,
  redo,
  undo,
  type UndoState,
} from '../../../src-renderer/state/undo-stack.ts';
import {
  clampFrame,
  followFrame,
  frameAtX,
  markIn,
  markOut,
  markedRange,
  playbackFrame,
  shuttle,
  tickStep,
  xOfFrame,
  zoomView,
} from '../../../src-renderer/panels/timeline/timeline-math.ts';

describe('undo stack with command merging', () => {
  const cmd = (before: number, after: number, mergeKey: string | null, time: number) => ({
    label: 'move',
    before,
    after,
    mergeKey,
    time,
  });

  it('merges rapid moves of one gesture into one undo step', () => {
    let s: UndoState<number> = emptyUndo();
    s = pushCommand(s, cmd(0, 1, 'drag-1', 0));
    s = pushCommand(s, cmd(1, 2, 'drag-1', 100));
    s = pushCommand(s, cmd(2, 3, 'drag-1', 200));
    expect(s.past).toHaveLength(1);
    expect(s.past[0]).toMatchObject({ before: 0, after: 3 });
    const u = undo(s)!;
    expect(u.doc).toBe(0);
    const r = redo(u.stack)!;
    expect(r.doc).toBe(3);
  });

  it('keeps separate steps for other gestures, slow repeats and unkeyed commands', () => {
    let s: UndoState<number> = emptyUndo();
    s = pushCommand(s, cmd(0, 1, 'drag-1', 0));
    s = pushCommand(s, cmd(1, 2, 'drag-2', 10));
    s = pushCommand(s, cmd(2, 3, 'drag-2', 5000));
    s = pushCommand(s, cmd(3, 4, null, 5010));
    s = pushCommand(s, cmd(4, 5, null, 5020));
    expect(s.past.map((e) => e.after)).toEqual([1, 2, 3, 4, 5]);
  });

  it('a new command clears redo; a redone command never merges', () => {
    let s: UndoState<number> = emptyUndo();
    s = pushCommand(s, cmd(0, 1, 'k', 0));
    const u = undo(s)!;
    expect(u.stack.future).toHaveLength(1);
    const r = redo(u.stack)!;
    const after = pushCommand(r.stack, cmd(1, 2, 'k', 10));
    expect(after.past).toHaveLength(2);
    expect(pushCommand(u.stack, cmd(0, 9, null, 1)).future).toEqual([]);
    expect(undo(emptyUndo<number>())).toBeNull();
  });
});

describe('timeline math', () => {
  const view = { start: 0, span: 100, width: 1000 };

  it('maps frames and pixels both ways and clamps to the clip', () => {
    expect(xOfFrame(50, view)).toBe(500);
    expect(frameAtX(505, view, 100)).toBe(50);
    expect(frameAtX(-50, view, 100)).toBe(0);
    expect(frameAtX(5000, view, 100)).toBe(99);
    expect(clampFrame(12.4, 10)).toBe(9);
  });

  it('picks tick steps that keep labels apart, in frames then whole seconds', () => {
    expect(tickStep(view, 25)).toBe(10);
    expect(tickStep({ start: 0, span: 18000, width: 1000 }, 30)).toBe(60 * 30);
    expect(tickStep({ start: 0, span: 20, width: 1000 }, 24)).toBe(2);
  });

  it('zooms around the cursor and follows the playhead', () => {
    const z = zoomView(view, 2, 500, 100);
    expect(z.span).toBe(50);
    expect(z.start).toBe(25);
    expect(followFrame(z, 90, 100).start).toBeGreaterThan(z.start);
    expect(followFrame(z, 30, 100)).toBe(z);
  });

  it('J/K/L shuttle speeds', () => {
    expect(shuttle(0, 'l')).toBe(1);
    expect(shuttle(1, 'l')).toBe(2);
    expect(shuttle(8, 'l')).toBe(8);
    expect(shuttle(2, 'j')).toBe(-1);
    expect(shuttle(-1, 'j')).toBe(-2);
    expect(shuttle(-4, 'k')).toBe(0);
  });

  it('plays at the clip rate and stops at the ends', () => {
    expect(playbackFrame(10, 1, 25, 1000, 100)).toEqual({ frame: 35, atEnd: false });
    expect(playbackFrame(10, -2, 25, 1000, 100)).toEqual({ frame: 0, atEnd: true });
    expect(playbackFrame(90, 4, 25, 1000, 100)).toEqual({ frame: 99, atEnd: true });
  });

  it('I/O marks: inclusive on screen, half-open inside, never crossed', () => {
    let m = markIn({ in: null, out: null }, 10);
    m = markOut(m, 19);
    expect(markedRange(m, 100)).toEqual({ start: 10, end: 20 });
    expect(markIn(m, 25)).toEqual({ in: 25, out: null });
    expect(markOut(m, 5)).toEqual({ in: null, out: 6 });
    expect(markedRange({ in: null, out: null }, 50)).toEqual({ start: 0, end: 50 });
  });
});
