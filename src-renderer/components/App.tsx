// The studio layout and its global behaviour: keyboard shortcuts, playback, drag-and-drop import, loading
// keypoints around the playhead, and the unsaved-changes guard.
import { useEffect, useRef } from 'react';
import { useStudio, useStudioState } from './context.ts';
import { activeClip, activeClipInfo } from '../state/studio-state.ts';
import { playbackFrame } from '../timeline/timeline-math.ts';
import { frameRateToNumber } from '../../src-shared/media.ts';
import { Toolbar } from './Toolbar.tsx';
import { MediaBin } from './MediaBin.tsx';
import { Viewer } from './Viewer.tsx';
import { TransportBar } from './TransportBar.tsx';
import { Timeline } from './Timeline.tsx';
import { Inspector } from './Inspector.tsx';
import { CleanupPanel } from '../panels/cleanup/CleanupPanel.tsx';
import { ErrorsPanel } from './ErrorsPanel.tsx';
import { Modals } from './Modals.tsx';

function isTyping(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLInputElement ||
    target instanceof HTMLSelectElement ||
    target instanceof HTMLTextAreaElement
  );
}

export function App() {
  const studio = useStudio();
  const speed = useStudioState((s) => s.speed);
  const info = useStudioState(activeClipInfo);
  const clip = useStudioState(activeClip);
  const frame = useStudioState((s) => s.frame);
  const modalOpen = useStudioState((s) => s.modal !== null);
  const playStart = useRef<{ time: number; frame: number; speed: number } | null>(null);

  // Keyboard: J/K/L shuttle, Space play/pause, arrows one frame, I/O marks, undo/redo, save.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (isTyping(e.target) || studio.s.modal) return;
      const mod = e.ctrlKey || e.metaKey;
      const k = e.key.toLowerCase();
      if (mod && k === 'z') studio[e.shiftKey ? 'redo' : 'undo']();
      else if (mod && k === 'y') studio.redo();
      else if (mod && k === 's') void studio.save();
      else if (mod) return;
      else if (k === 'j' || k === 'k' || k === 'l') studio.shuttle(k);
      else if (k === ' ') studio.togglePlay();
      else if (e.key === 'ArrowLeft') studio.step(e.shiftKey ? -10 : -1);
      else if (e.key === 'ArrowRight') studio.step(e.shiftKey ? 10 : 1);
      else if (e.key === 'Home') studio.setFrame(0);
      else if (e.key === 'End') studio.setFrame(studio.frameCount() - 1);
      else if (k === 'i') studio.markIn();
      else if (k === 'o') studio.markOut();
      else if (e.key === 'Escape') studio.store.set({ selection: [] });
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [studio]);

  // Playback at the clip's rate times the shuttle speed (frames load on demand; late frames are skipped).
  useEffect(() => {
    if (speed === 0 || !info) {
      playStart.current = null;
      return;
    }
    playStart.current = { time: performance.now(), frame: studio.s.frame, speed };
    const fps = frameRateToNumber(info.frameRate);
    let raf = 0;
    const tick = () => {
      const start = playStart.current;
      if (!start) return;
      const { frame: f, atEnd } = playbackFrame(
        start.frame,
        start.speed,
        fps,
        performance.now() - start.time,
        info.frameCount,
      );
      if (f !== studio.s.frame) studio.store.set({ frame: f });
      if (atEnd) studio.store.set({ speed: 0 });
      else raf = requestAnimationFrame(tick);
    };
    raf = requestAnimationFrame(tick);
    return () => cancelAnimationFrame(raf);
  }, [speed, info, studio]);

  // Keypoints around the playhead.
  useEffect(() => {
    if (clip?.analysis) void studio.jobs.loadTrackedAround(frame);
  }, [clip?.analysis, clip?.path, frame, studio]);

  // Unsaved-changes guard on close / reload.
  useEffect(() => {
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      if (studio.dirty) e.preventDefault();
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [studio]);

  const onDrop = (e: React.DragEvent) => {
    e.preventDefault();
    const paths: string[] = [];
    for (const file of Array.from(e.dataTransfer.files)) {
      const p = studio.api.transport.pathForFile(file);
      if (p) paths.push(p);
    }
    for (const line of e.dataTransfer.getData('text/uri-list').split(/\r?\n/)) {
      if (line.startsWith('file://')) paths.push(decodeURIComponent(new URL(line).pathname));
    }
    if (paths.length === 0) {
      studio.reportError(
        'drop',
        new Error(
          'the dropped item has no file path here (in the browser, use Import; the desktop app takes drops)',
        ),
      );
      return;
    }
    void studio.importPaths(paths);
  };

  return (
    <div
      className="app"
      onDragOver={(e) => e.preventDefault()}
      onDrop={onDrop}
      aria-hidden={modalOpen ? undefined : undefined}
    >
      <Toolbar />
      <div className="main">
        <MediaBin />
        <div className="center">
          <Viewer />
          <TransportBar />
          <Timeline />
        </div>
        <Inspector />
        <CleanupPanel />
      </div>
      <ErrorsPanel />
      <Modals />
    </div>
  );
}
