// The media bin's state slice: what the engine told about each file, and the analysis data loaded for
// each clip.
import type { MediaInfo } from '../../../src-shared/media.ts';
import type { TrackedFrame } from '../../../src-shared/api/schemas.ts';

export interface MediaSlice {
  media: Record<string, MediaInfo>;
  /** Tracked keypoints per clip path and frame, loaded on demand from the analysis. */
  tracked: Record<string, Record<number, TrackedFrame>>;
  /** Shot cuts per clip path, from the analysis. */
  cuts: Record<string, number[]>;
  /** The analysis content's version per analysis path (the engine's hash; part of the preview key). */
  analysisVersions: Record<string, string>;
  /** Each clip's scrub proxy (by clip path): being made (its job), ready, or failed. */
  proxies: Record<string, { status: 'making' | 'ready' | 'failed'; jobId: string | null }>;
}

export function initialMedia(): MediaSlice {
  return { media: {}, tracked: {}, cuts: {}, analysisVersions: {}, proxies: {} };
}
