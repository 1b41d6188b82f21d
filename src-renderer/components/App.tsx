// The studio layout and its global behaviour: keyboard shortcuts, playback, drag-and-drop import, loading
// keypoints around the playhead, and the unsaved-changes guard. Each panel lives in panels/<feature>/ and
// is mounted here with one line (the queue and cleanup panels mount in the Inspector's column).
import { useEffect, useRef } from 'react';
import { useStudio, useStudioState } from './context.ts';
import { activeClip, activeClipInfo } from '../state/studio-state.ts';
import { playbackFrame } from '../panels/timeline/timeline-math.ts';
import { frameRateToNumber } from '../../src-shared/media.ts';
import { Toolbar } from './Toolbar.tsx';
import { MediaBin } from '../panels/media-bin/MediaBin.tsx';
import { Viewer } from '../panels/viewer/Viewer.tsx';
import { TransportBar } from '../panels/timeline/TransportBar.tsx';
import { Timeline } from '../panels/timeline/Timeline.tsx';
import { Inspector } from '../panels/inspector/Inspector.tsx';
import { CleanupPanel } from '../panels/cleanup/CleanupPanel.tsx';
import { ErrorsPanel } from './ErrorsPanel.tsx';
import { Modals } from './Modals.tsx';
import { ShortcutsOverlay } from './ShortcutsOverlay.tsx';
import { installKeyboard } from './keyboard.ts';

export function App() {
  const studio = useStudio();
  const speed = useStudioState((s) => s.speed);
  const info = useStudioState(activeClipInfo);
  const clip = useStudioState(activeClip);
  const frame = useStudioState((s) => s.frame);
  const playStart = useRef<{ time: number; frame: number; speed: number } | null>(null);

  // Keyboard: every shortcut (shortcuts.ts), wherever focus is except in text fields.
  useEffect(() => installKeyboard(studio), [studio]);

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
    void studio.media.importPaths(paths);
  };

  return (
    <div className="app" onDragOver={(e) => e.preventDefault()} onDrop={onDrop}>
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
      <ShortcutsOverlay />
    </div>
  );
}
