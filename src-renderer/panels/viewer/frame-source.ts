// Which image the viewer shows (pure): the swap preview or its matte, a frame of the rendered range under
// review, or the clip's frame: from the scrub proxy while scrubbing or playing, the full-resolution frame
// once the playhead rests.
import type { Review } from './viewer-slice.ts';

export interface FrameSourceInput {
  clipPath: string;
  frame: number;
  /** The preview (one-frame render) to show, when the swapped or matte view has one. */
  preview: { path: string; matte: boolean } | null;
  review: Review | null;
  reviewMatte: boolean;
  /** The wipe is on: the main image is the original (the swapped side is drawn over it). */
  wipe: boolean;
  proxyReady: boolean;
  /** The playhead has not moved for a moment and nothing plays. */
  resting: boolean;
}

export interface FrameSource {
  path: string;
  index: number;
  matte: boolean;
  proxy: boolean;
  /** What the canvas shows (data-view). */
  view: 'original' | 'swapped' | 'matte' | 'review' | 'review-matte' | 'review-wipe';
}

export function frameSource(i: FrameSourceInput): FrameSource {
  if (i.review && i.wipe) {
    const index = i.review.clipStart + i.review.frame;
    return { path: i.clipPath, index, matte: false, proxy: i.proxyReady && !i.resting, view: 'review-wipe' };
  }
  if (i.review) {
    return {
      path: i.review.path,
      index: i.review.frame,
      matte: i.reviewMatte,
      proxy: false,
      view: i.reviewMatte ? 'review-matte' : 'review',
    };
  }
  if (i.preview) {
    return {
      path: i.preview.path,
      index: 0,
      matte: i.preview.matte,
      proxy: false,
      view: i.preview.matte ? 'matte' : 'swapped',
    };
  }
  return {
    path: i.clipPath,
    index: i.frame,
    matte: false,
    proxy: i.proxyReady && !i.resting,
    view: 'original',
  };
}

/** How long the playhead must stay still before the full-resolution frame replaces the proxy's. */
export const REST_MS = 180;
