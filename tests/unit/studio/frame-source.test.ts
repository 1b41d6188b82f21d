// Which image the viewer asks for (pure): the proxy while scrubbing or playing, the full frame at rest;
// previews, mattes and a rendered range under review (with the original under the wipe).
import { describe, it, expect } from 'vitest';
import { frameSource, type FrameSourceInput } from '../../../src-renderer/panels/viewer/frame-source.ts';

const base: FrameSourceInput = {
  clipPath: '/m/shot.mov',
  frame: 12,
  preview: null,
  review: null,
  reviewMatte: false,
  wipe: false,
  proxyReady: true,
  resting: false,
};
const review = {
  path: '/s/range.mov',
  clipStart: 10,
  frameCount: 5,
  fps: 25,
  frame: 3,
  speed: 1,
  label: 'r',
  audio: false,
  resolution: null,
};

describe('viewer frame source', () => {
  it('scrubs from the proxy and rests on the full frame', () => {
    expect(frameSource(base)).toMatchObject({
      path: '/m/shot.mov',
      index: 12,
      proxy: true,
      view: 'original',
    });
    expect(frameSource({ ...base, resting: true }).proxy).toBe(false);
    expect(frameSource({ ...base, proxyReady: false }).proxy).toBe(false);
  });

  it('shows the preview or its matte, never from the proxy', () => {
    expect(frameSource({ ...base, preview: { path: '/s/p.mov', matte: false } })).toEqual({
      path: '/s/p.mov',
      index: 0,
      matte: false,
      proxy: false,
      view: 'swapped',
    });
    expect(frameSource({ ...base, preview: { path: '/s/p.mov', matte: true } }).view).toBe('matte');
  });

  it('plays the range under review; under the wipe the original frame it was made from', () => {
    expect(frameSource({ ...base, review })).toMatchObject({
      path: '/s/range.mov',
      index: 3,
      view: 'review',
    });
    expect(frameSource({ ...base, review, reviewMatte: true })).toMatchObject({
      matte: true,
      view: 'review-matte',
    });
    expect(frameSource({ ...base, review, wipe: true })).toMatchObject({
      path: '/m/shot.mov',
      index: 13,
      view: 'review-wipe',
    });
  });
});
