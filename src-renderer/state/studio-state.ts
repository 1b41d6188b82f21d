// The studio's state: the open project and its undo history, the media facts, the playhead, the selection,
// errors and running jobs.
import type { MediaInfo } from '../../src-shared/media.ts';
import { emptyProject, type Clip, type Project } from '../../src-shared/project/schema.ts';
import { previewKey } from '../../src-shared/project/preview-key.ts';
import type { Capabilities, DepthResult, TrackedFrame } from '../../src-shared/api/schemas.ts';
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
  kind: 'analysis' | 'render' | 'preview' | 'depth';
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
  /** The analysis content's version per analysis path (the engine's hash; part of the preview key). */
  analysisVersions: Record<string, string>;
  /** The playhead of each clip that is not the active one (the active clip's is `frame`). */
  playheads: Record<string, number>;
  /** The timeline zoom of each clip (saved into the project as `clip.zoom`). */
  zooms: Record<string, { start: number; span: number }>;
  /** The keyboard shortcut overlay (`?`). */
  shortcutsOpen: boolean;
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
    analysisVersions: {},
    playheads: {},
    zooms: {},
    shortcutsOpen: false,
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

export function activeClip(s: StudioState): Clip | null {
  return s.project.clips.find((c) => c.id === s.project.activeClipId) ?? s.project.clips[0] ?? null;
}

/** The preview key (src-shared/project/preview-key.ts) of `frame` of a clip, with its analysis version. */
export function clipPreviewKey(s: StudioState, clipId: string, frame: number): string {
  const clip = s.project.clips.find((c) => c.id === clipId);
  const version = clip?.analysis ? (s.analysisVersions[clip.analysis] ?? null) : null;
  return previewKey(s.project, clipId, frame, version);
}

/**
 * The project with what the studio keeps outside the undoable document put back into its clips: each
 * clip's playhead and timeline zoom (saved, autosaved and reopened, never an undo step).
 */
export function withViewState(s: StudioState): Project {
  const active = activeClip(s);
  const clips = s.project.clips.map((c): Clip => {
    const playhead = c.id === active?.id ? s.frame : (s.playheads[c.id] ?? c.playhead);
    const zoom = s.zooms[c.id] ?? c.zoom;
    return playhead === c.playhead && zoom === c.zoom ? c : { ...c, playhead, zoom };
  });
  return clips.every((c, i) => c === s.project.clips[i]) ? s.project : { ...s.project, clips };
}

export function activeClipInfo(s: StudioState): MediaInfo | null {
  const clip = activeClip(s);
  return clip ? (s.media[clip.path] ?? null) : null;
}
