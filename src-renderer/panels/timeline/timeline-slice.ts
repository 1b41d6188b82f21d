// The timeline's state slice: the playhead of the active clip and of the others, the shuttle speed and
// each clip's zoom.
export interface TimelineSlice {
  frame: number;
  speed: number;
  /** The playhead of each clip that is not the active one (the active clip's is `frame`). */
  playheads: Record<string, number>;
  /** The timeline zoom of each clip (saved into the project as `clip.zoom`). */
  zooms: Record<string, { start: number; span: number }>;
}

export function initialTimeline(): TimelineSlice {
  return { frame: 0, speed: 0, playheads: {}, zooms: {} };
}
