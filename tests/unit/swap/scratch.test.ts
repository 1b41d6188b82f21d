// Per-worker scratch buffers: reused while they fit, grown (with headroom) when they do not.
import { describe, expect, it } from 'vitest';
import { createSwapScratch, scratchF32, scratchU8 } from '../../../src-main/swap/scratch.ts';

describe('swap scratch', () => {
  it('hands out views of one buffer per key while it is big enough, and a bigger one when not', () => {
    const s = createSwapScratch();
    const a = scratchU8(s, 'x', 100);
    a[5] = 7;
    const b = scratchU8(s, 'x', 110);
    expect(b.length).toBe(110);
    expect(b.buffer).toBe(a.buffer); // 25% headroom: no reallocation for a slightly bigger face
    expect(b[5]).toBe(7); // contents are whatever the last user left
    const c = scratchU8(s, 'x', 1000);
    expect(c.buffer).not.toBe(a.buffer);
    expect(scratchF32(s, 'y', 10).buffer).not.toBe(c.buffer);
  });

  it('without a scratch, every call gets a fresh zeroed array', () => {
    const a = scratchU8(undefined, 'x', 8);
    a[0] = 1;
    expect([...scratchU8(undefined, 'x', 8)]).toEqual(new Array(8).fill(0));
  });
});
