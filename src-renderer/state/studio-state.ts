// The studio's state: the open project and its undo history, the media facts, the playhead, the selection,
// errors and running jobs.
import type { MediaInfo } from '../../src-shared/media.ts';
import { emptyProject, type Project } from '../../src-shared/project/schema.ts';
import { findTrack } from '../../src-shared/project/keyframes.ts';
import type { Capabilities, DepthResult, JobKind, TrackedFrame } from '../../src-shared/api/schemas.ts';
import type { Progress } from '../../src-shared/progress.ts';
import { emptyUndo, type UndoState } from './undo-stack.ts';

export interface ErrorEntry {
  id: number;
  time: string;
  source: string;
  message: string;
}

export interface JobState {
  jobId: string;
  kind: JobKind;
  status: 'running' | 'done' | 'failed' | 'cancelled';
  progress: Progress | null;
  outputPath: string | null;
  error: string | null;
}

export type ViewMode = 'original' | 'swapped' | 'cleaned' | 'matte';

export type Modal =
  | {
      kind: 'browse';
      purpose: 'open' | 'import-target' | 'import-source' | 'save-as' | 'export-out';
      dir: string | null;
    }
  | { kind: 'recovery'; projectPath: string | null; savedAt: string; project: Project }
  | { kind: 'confirm-discard'; then: 'new' | 'open' }
  | { kind: 'export' };

export interface StudioState {
  version: string;
  capabilities: Capabilities | null;
  home: string;
  projectPath: string | null;
  project: Project;
  /** The project as last saved/opened (dirty = project !== saved). */
  saved: Project;
  undo: UndoState<Project>;
  media: Record<string, MediaInfo>;
  /** Tracked keypoints per clip path and frame, loaded on demand from the analysis. */
  tracked: Record<string, Record<number, TrackedFrame>>;
  /**
   * Swap previews (one-frame renders by the engine: output path) by `previewKey`: everything the render
   * depends on, so a preview is shown only for the settings and edits it was made with (and comes back on
   * undo).
   */
  previews: Record<string, string>;
  /** Shot cuts per clip path, from the analysis. */
  cuts: Record<string, number[]>;
  frame: number;
  speed: number;
  selection: number[];
  showKeypoints: boolean;
  showMesh: boolean;
  viewMode: ViewMode;
  wipe: number | null;
  errors: ErrorEntry[];
  errorsOpen: boolean;
  jobs: Record<string, JobState>;
  modal: Modal | null;
  /** The depth view's data while it is open. */
  depthResult: DepthResult | null;
  status: string;
}

export function initialState(): StudioState {
  const project = emptyProject('Untitled');
  return {
    version: '',
    capabilities: null,
    home: '',
    projectPath: null,
    project,
    saved: project,
    undo: emptyUndo(),
    media: {},
    tracked: {},
    cuts: {},
    previews: {},
    frame: 0,
    speed: 0,
    selection: [],
    showKeypoints: true,
    showMesh: false,
    viewMode: 'original',
    wipe: null,
    errors: [],
    errorsOpen: false,
    jobs: {},
    modal: null,
    depthResult: null,
    status: 'Ready',
  };
}

export function activeClip(s: StudioState) {
  return s.project.clips.find((c) => c.id === s.project.activeClipId) ?? s.project.clips[0] ?? null;
}

/** What a swap preview of `frame` depends on: clip, source, swap settings, keypoint edits, interpolation. */
export function previewKey(project: Project, clipId: string, frame: number): string {
  const clip = project.clips.find((c) => c.id === clipId);
  return JSON.stringify([
    clip?.path ?? clipId,
    clip?.analysis ?? null,
    frame,
    project.activeSourceId,
    project.sources.map((s) => [s.id, s.path, s.frame]),
    project.swap,
    project.interpolation,
    findTrack(project.tracks, clipId, 0)?.keyframes ?? [],
  ]);
}

export function activeClipInfo(s: StudioState): MediaInfo | null {
  const clip = activeClip(s);
  return clip ? (s.media[clip.path] ?? null) : null;
}
