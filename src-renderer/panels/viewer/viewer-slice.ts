// The viewer's state slice: overlays, selection, view mode, wipe, swap previews, the depth view, and the
// rendered range under review (Preview I-O or a finished export).
import type { DepthResult } from '../../../src-shared/api/schemas.ts';
import type { PreviewResolution } from '../../../src-shared/api/contract.ts';

export type ViewMode = 'original' | 'swapped' | 'cleaned' | 'matte';

/** A rendered file played in the viewer (looped between its first and last frame). */
export interface Review {
  /** The rendered file (a preview range or an export). */
  path: string;
  /** Its frame 0 is this frame of the clip (for the timecode and the original side of the wipe). */
  clipStart: number;
  frameCount: number;
  fps: number;
  /** The frame of the file shown. */
  frame: number;
  /** Shuttle speed (J/K/L), 0 = paused. */
  speed: number;
  label: string;
  /** The range's audio is in the file (a Preview I-O keeps it; an export may): played at 1x forward. */
  audio: boolean;
  /** The size it was rendered at (Preview I-O: proxy by default), shown in the bar. */
  resolution: PreviewResolution | null;
}

export interface ViewerSlice {
  selection: number[];
  showKeypoints: boolean;
  showMesh: boolean;
  viewMode: ViewMode;
  wipe: number | null;
  /**
   * Swap previews (one-frame renders by the engine: output path) by preview key (src-shared/project/
   * preview-key.ts): shown only for the settings, edits and analysis they were made with.
   */
  previews: Record<string, string>;
  /** The depth view's data while it is open. */
  depthResult: DepthResult | null;
  review: Review | null;
  /** Preview I-O renders at the scrub proxy's size (default, faster) or the clip's full size. */
  previewResolution: PreviewResolution;
}

export function initialViewer(): ViewerSlice {
  return {
    selection: [],
    showKeypoints: true,
    showMesh: false,
    viewMode: 'original',
    wipe: null,
    previews: {},
    depthResult: null,
    review: null,
    previewResolution: 'proxy',
  };
}
