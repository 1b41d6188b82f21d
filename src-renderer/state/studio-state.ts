// The studio's state: the core (the open project, its one undo stack, errors, jobs, dialogs) and each
// panel's slice, and the selectors every panel uses.
import { emptyProject, type Clip, type Project } from '../../src-shared/project/schema.ts';
import { previewKey } from '../../src-shared/project/preview-key.ts';
import type { HistoryEntry } from '../../src-shared/project/history.ts';
import type { Capabilities, JobKind } from '../../src-shared/api/schemas.ts';
import type { MediaInfo } from '../../src-shared/media.ts';
import type { Progress } from '../../src-shared/progress.ts';
import { emptyUndo, type UndoState } from './undo-stack.ts';
import { initialViewer, type ViewerSlice, type ViewMode } from '../panels/viewer/viewer-slice.ts';
import { initialTimeline, type TimelineSlice } from '../panels/timeline/timeline-slice.ts';
import { initialMedia, type MediaSlice } from '../panels/media-bin/media-slice.ts';
import { initialSourceCheck, type SourceCheckSlice } from '../panels/source-check/source-check-slice.ts';

export type { ViewMode } from '../panels/viewer/viewer-slice.ts';

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

export type Modal =
  | {
      kind: 'browse';
      purpose: 'open' | 'import-target' | 'import-source' | 'save-as' | 'export-out';
      dir: string | null;
    }
  | {
      kind: 'recovery';
      projectPath: string | null;
      savedAt: string;
      project: Project;
      history: HistoryEntry[];
    }
  | { kind: 'confirm-discard'; then: 'new' | 'open' }
  | { kind: 'export' };

/** The studio's own part: the document, its undo stack, errors, jobs, dialogs. */
export interface CoreSlice {
  version: string;
  capabilities: Capabilities | null;
  home: string;
  projectPath: string | null;
  project: Project;
  /** The project as last saved/opened (dirty = project !== saved). */
  saved: Project;
  /** The one undo stack of every panel's edits. */
  undo: UndoState<Project>;
  errors: ErrorEntry[];
  errorsOpen: boolean;
  jobs: Record<string, JobState>;
  modal: Modal | null;
  /** The keyboard shortcut overlay (`?`). */
  shortcutsOpen: boolean;
  status: string;
}

/** The whole state: the core and each panel's slice (panels/<feature>/*-slice.ts). */
export interface StudioState extends CoreSlice, ViewerSlice, TimelineSlice, MediaSlice, SourceCheckSlice {}

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
    errors: [],
    errorsOpen: false,
    jobs: {},
    modal: null,
    shortcutsOpen: false,
    status: 'Ready',
    ...initialViewer(),
    ...initialTimeline(),
    ...initialMedia(),
    ...initialSourceCheck(),
  };
}

export function activeClip(s: StudioState): Clip | null {
  return s.project.clips.find((c) => c.id === s.project.activeClipId) ?? s.project.clips[0] ?? null;
}

/** The preview key (src-shared/project/preview-key.ts) of `frame` of a clip, with its analysis version. */
export function clipPreviewKey(
  s: StudioState,
  clipId: string,
  frame: number,
  mode: ViewMode = s.viewMode,
): string {
  const clip = s.project.clips.find((c) => c.id === clipId);
  const version = clip?.analysis ? (s.analysisVersions[clip.analysis] ?? null) : null;
  return previewKey(previewProject(s.project, clipId, mode), clipId, frame, version);
}

/**
 * The project a preview of `mode` renders: the 'cleaned' view is the clip's swap with its cleanup model
 * (as every render applies it); the swapped and matte views are the swap without it, for comparison.
 */
export function previewProject(project: Project, clipId: string, mode: ViewMode): Project {
  const clip = project.clips.find((c) => c.id === clipId);
  if (mode === 'cleaned' || !clip?.swap.cleanupModel) return project;
  const plain = { ...clip, swap: { ...clip.swap, cleanupModel: null } };
  return { ...project, clips: project.clips.map((c) => (c.id === clipId ? plain : c)) };
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
