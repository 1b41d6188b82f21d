// The viewer: current frame in a three.js scene, keypoint and mesh overlays, keypoint dragging (one undoable
// command per drag), box selection, zoom (wheel) and pan (middle button, or Alt + drag), double-click fits.
import { useEffect, useMemo, useRef, useState } from 'react';
import { ViewerScene } from './viewer-scene.ts';
import { FrameLoader } from './frame-loader.ts';
import { useStudio, useStudioState } from '../../components/context.ts';
import { activeClip, clipPreviewKey } from '../../state/studio-state.ts';
import { editedKeypoints, findTrack, offsetsAt } from '../../../src-shared/project/keyframes.ts';
import { frameSource, REST_MS } from './frame-source.ts';
import { ReviewBar } from './ReviewBar.tsx';

type Gesture =
  | { kind: 'pan'; x: number; y: number }
  | { kind: 'drag'; id: string; points: number[]; last: [number, number] }
  | { kind: 'box'; x0: number; y0: number; x1: number; y1: number; add: boolean };

let gestureCounter = 0;

export function Viewer() {
  const studio = useStudio();
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const sceneRef = useRef<ViewerScene | null>(null);
  const loader = useMemo(() => new FrameLoader(), []);
  const gesture = useRef<Gesture | null>(null);
  const [box, setBox] = useState<Gesture | null>(null);
  const [loading, setLoading] = useState(false);
  const [hasImage, setHasImage] = useState(false);
  const [viewVersion, setViewVersion] = useState(0);
  const wipeDrag = useRef(false);
  /** The selection before the first click of a possible double-click (which fits and selects nothing). */
  const selectionBeforeClick = useRef<number[]>([]);
  const lastDown = useRef<{ t: number; x: number; y: number } | null>(null);
  const onViewChanged = () => setViewVersion((v) => v + 1);

  const clip = useStudioState(activeClip);
  const frame = useStudioState((s) => s.frame);
  const project = useStudioState((s) => s.project);
  const tracked = useStudioState((s) => (clip ? s.tracked[clip.path]?.[s.frame] : undefined));
  const selection = useStudioState((s) => s.selection);
  const showKeypoints = useStudioState((s) => s.showKeypoints);
  const showMesh = useStudioState((s) => s.showMesh);
  const speed = useStudioState((s) => s.speed);
  const viewMode = useStudioState((s) => s.viewMode);
  // The preview made with exactly the current settings, edits and analysis, if any (never a stale one).
  const preview = useStudioState((s) => (clip ? s.previews[clipPreviewKey(s, clip.id, s.frame)] : undefined));
  const previewing = useStudioState((s) =>
    Object.values(s.jobs).some((j) => j.kind === 'preview' && j.status === 'running'),
  );
  const wipe = useStudioState((s) => s.wipe);
  const review = useStudioState((s) => s.review);
  const proxyReady = useStudioState((s) => (clip ? s.proxies[clip.path]?.status === 'ready' : false));
  // The playhead rests when it has not moved for a moment and nothing plays: then the full frame shows.
  const [resting, setResting] = useState(false);
  useEffect(() => {
    setResting(false);
    if (speed !== 0 || (review && review.speed !== 0)) return;
    const t = setTimeout(() => setResting(true), REST_MS);
    return () => clearTimeout(t);
  }, [frame, speed, clip?.path, review]);
  // The cleaned view is the swap preview with the clip's cleanup model (a preview of its own).
  const showSwapped =
    (viewMode === 'swapped' || viewMode === 'cleaned') && preview !== undefined && wipe === null;
  // The engine's matte of the previewed frame (the alpha of the preview render), white = the swapped face.
  const showMatte = viewMode === 'matte' && preview !== undefined && wipe === null;
  // The swapped side of the wipe: the rendered range under review, or this frame's preview.
  const wipeSource = review
    ? studio.api.frameUrl(review.path, review.frame, 1920)
    : preview
      ? studio.api.frameUrl(preview, 0, 1920)
      : null;
  const wiping = wipe !== null && wipeSource !== null;

  const track = clip ? findTrack(project.tracks, clip.id, 0) : undefined;
  const interpolation = clip?.interpolation;
  // No overlay (and no dragging) over a rendered range under review: its frames are not the playhead's.
  const reviewing = review !== null;
  const keypoints = useMemo(() => {
    if (!tracked?.keypoints || !interpolation || reviewing) return null;
    return editedKeypoints(tracked.keypoints, track?.keyframes ?? [], frame, interpolation);
  }, [tracked, track, frame, interpolation, reviewing]);
  const edited = useMemo(
    () => !!interpolation && offsetsAt(track?.keyframes ?? [], frame, interpolation) !== null,
    [track, frame, interpolation],
  );

  useEffect(() => {
    const canvas = canvasRef.current!;
    const scene = new ViewerScene(canvas);
    sceneRef.current = scene;
    const observer = new ResizeObserver(() => {
      scene.resize(canvas.clientWidth, canvas.clientHeight);
      setViewVersion((v) => v + 1);
    });
    observer.observe(canvas);
    scene.resize(canvas.clientWidth, canvas.clientHeight);
    return () => {
      observer.disconnect();
      scene.dispose();
      sceneRef.current = null;
    };
  }, []);

  // The frame image.
  useEffect(() => {
    const scene = sceneRef.current;
    if (!scene) return;
    if (!clip) {
      scene.clearImage();
      setHasImage(false);
      return;
    }
    let live = true;
    const src = frameSource({
      clipPath: clip.path,
      frame,
      preview: preview && (showMatte || showSwapped) ? { path: preview, matte: showMatte } : null,
      review,
      reviewMatte: viewMode === 'matte',
      wipe: wipe !== null,
      proxyReady,
      resting,
    });
    const url = studio.api.frameUrl(src.path, src.index, 1920, { matte: src.matte, proxy: src.proxy });
    setLoading(true);
    loader
      .loadCurrent(url)
      .then((f) => {
        if (!live || !f) return;
        // In the clip's (display) pixels whatever the image's size, so a proxy frame and the full frame
        // that replaces it line up with the keypoints and keep the zoom.
        const w = clip.media ? Math.min(1920, clip.media.width) : f.width;
        const h = clip.media ? Math.round((clip.media.height * w) / clip.media.width) : f.height;
        scene.setImage(f.bitmap, w, h);
        // What the canvas shows now (for tests and tooling).
        canvasRef.current!.dataset['view'] = src.view;
        canvasRef.current!.dataset['src'] = url;
        canvasRef.current!.dataset['proxy'] = src.proxy ? '1' : '';
        if (review) canvasRef.current!.dataset['reviewFrame'] = String(review.frame);
        setHasImage(true);
        setLoading(false);
        setViewVersion((v) => v + 1);
        // Look ahead while playing so playback does not wait on each frame.
        if (speed !== 0) {
          for (let k = 1; k <= 3; k++) {
            const next = frame + k * Math.sign(speed);
            if (next >= 0 && next < studio.timeline.frameCount())
              void loader.prefetch(studio.api.frameUrl(clip.path, next, 1920, { proxy: proxyReady }));
          }
        }
      })
      .catch((err: unknown) => {
        if (!live) return;
        setLoading(false);
        studio.reportError(`frame ${frame}`, err);
      });
    return () => {
      live = false;
    };
  }, [
    clip,
    frame,
    loader,
    studio,
    speed,
    showSwapped,
    showMatte,
    preview,
    review,
    viewMode,
    proxyReady,
    resting,
    wipe,
  ]);

  // Wipe compare: the swapped preview left of the wipe line, the original right of it.
  useEffect(() => {
    const scene = sceneRef.current;
    if (!scene) return;
    if (!wiping || !wipeSource || !hasImage) {
      scene.setWipe(null, 0);
      canvasRef.current!.dataset['wipe'] = '';
      return;
    }
    let live = true;
    void loader.prefetch(wipeSource).then((f) => {
      if (!live || !f) return;
      scene.setWipe(f.bitmap, wipe ?? 0.5);
      canvasRef.current!.dataset['wipe'] = 'on';
    });
    return () => {
      live = false;
    };
  }, [wiping, wipeSource, wipe, hasImage, loader, studio]);

  // The overlay (image pixels of the decoded frame: the frame is fetched at most 1920 wide).
  const scale = useMemo(() => {
    const w = clip?.media?.width ?? 0;
    return w > 1920 ? 1920 / w : 1;
  }, [clip]);
  useEffect(() => {
    const scene = sceneRef.current;
    if (!scene) return;
    const pts = keypoints ? keypoints.map((p) => [p[0] * scale, p[1] * scale] as const) : null;
    scene.setOverlay(pts, { selection: new Set(selection), edited, showPoints: showKeypoints, showMesh });
    // Canvas positions of the points, for tests and tooling (kept current after zoom/pan by onViewChanged).
    canvasRef.current!.dataset['keypoints'] = pts
      ? JSON.stringify(pts.map((p) => scene.toCanvas(p).map((v) => Math.round(v * 10) / 10)))
      : '';
  }, [keypoints, selection, edited, showKeypoints, showMesh, scale, hasImage, viewVersion]);

  const imageWidth = Math.min(1920, clip?.media?.width ?? 1);
  const wipeLeft = useMemo(() => {
    void viewVersion;
    const scene = sceneRef.current;
    return scene && wipe !== null ? scene.toCanvas([wipe * imageWidth, 0])[0] : 0;
  }, [wipe, imageWidth, viewVersion]);

  const local = (e: React.PointerEvent | React.WheelEvent): [number, number] => {
    const r = canvasRef.current!.getBoundingClientRect();
    return [e.clientX - r.left, e.clientY - r.top];
  };

  const onPointerDown = (e: React.PointerEvent<HTMLCanvasElement>) => {
    const scene = sceneRef.current;
    if (!scene) return;
    e.currentTarget.setPointerCapture(e.pointerId);
    const [x, y] = local(e);
    if (e.button === 1 || (e.button === 0 && e.altKey)) {
      gesture.current = { kind: 'pan', x, y };
      return;
    }
    if (e.button !== 0) return;
    // The second press of a double-click fits the view: it picks nothing (a pointerdown carries no click
    // count, so it is told by time and place).
    const last = lastDown.current;
    lastDown.current = { t: e.timeStamp, x, y };
    if (last && e.timeStamp - last.t < 500 && Math.abs(x - last.x) + Math.abs(y - last.y) < 8) return;
    selectionBeforeClick.current = selection;
    const hit = scene.pick(x, y);
    if (hit >= 0 && keypoints) {
      let points = selection;
      if (e.shiftKey)
        points = selection.includes(hit) ? selection.filter((i) => i !== hit) : [...selection, hit];
      else if (!selection.includes(hit)) points = [hit];
      studio.store.set({ selection: points });
      const img = scene.toImage(x, y);
      gesture.current = {
        kind: 'drag',
        id: `drag-${++gestureCounter}`,
        points,
        last: [img[0] / scale, img[1] / scale],
      };
      return;
    }
    gesture.current = { kind: 'box', x0: x, y0: y, x1: x, y1: y, add: e.shiftKey };
    setBox(gesture.current);
  };

  const onPointerMove = (e: React.PointerEvent<HTMLCanvasElement>) => {
    const g = gesture.current;
    const scene = sceneRef.current;
    if (!g || !scene) return;
    const [x, y] = local(e);
    if (g.kind === 'pan') {
      scene.panBy(x - g.x, y - g.y);
      gesture.current = { ...g, x, y };
      onViewChanged();
    } else if (g.kind === 'drag') {
      const img = scene.toImage(x, y);
      const p: [number, number] = [img[0] / scale, img[1] / scale];
      const dx = p[0] - g.last[0];
      const dy = p[1] - g.last[1];
      if (dx === 0 && dy === 0) return;
      studio.clip.moveKeypoints(g.points, dx, dy, g.id);
      gesture.current = { ...g, last: p };
    } else {
      gesture.current = { ...g, x1: x, y1: y };
      setBox(gesture.current);
    }
  };

  const onPointerUp = () => {
    const g = gesture.current;
    gesture.current = null;
    if (g?.kind === 'box' && sceneRef.current) {
      const picked = sceneRef.current.pickRect(g.x0, g.y0, g.x1, g.y1);
      const moved = Math.abs(g.x1 - g.x0) + Math.abs(g.y1 - g.y0) > 3;
      studio.store.set((s) => ({
        selection: moved
          ? g.add
            ? [...new Set([...s.selection, ...picked])]
            : picked
          : g.add
            ? s.selection
            : [],
      }));
    }
    setBox(null);
  };

  const onWheel = (e: React.WheelEvent<HTMLCanvasElement>) => {
    const [x, y] = local(e);
    sceneRef.current?.zoomAt(Math.exp(-e.deltaY * 0.0015), x, y);
    onViewChanged();
  };

  const status = !clip
    ? 'Import a target clip to begin (Media bin, or drop a file here).'
    : (viewMode !== 'original' || wipe !== null) && !preview
      ? previewing
        ? 'Swapping this frame in the engine...'
        : `${viewMode === 'matte' ? 'Matte' : viewMode === 'cleaned' ? 'Cleaned' : 'Swapped'} view: no preview of this frame yet (Preview swap).`
      : !clip.analysis
        ? 'No keypoints yet: run analysis on this clip (Inspector).'
        : !tracked
          ? 'Loading keypoints...'
          : !tracked.keypoints
            ? 'No face tracked on this frame.'
            : null;

  return (
    <div className="viewer" data-testid="viewer">
      <canvas
        ref={canvasRef}
        className="viewer-canvas"
        data-testid="viewer-canvas"
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={onPointerUp}
        onWheel={onWheel}
        onDoubleClick={() => {
          // Fit only: the first click's selection is undone.
          studio.store.set({ selection: selectionBeforeClick.current });
          sceneRef.current?.fit();
          onViewChanged();
        }}
        onContextMenu={(e) => e.preventDefault()}
      />
      {box?.kind === 'box' && (
        <div
          className="box-select"
          style={{
            left: Math.min(box.x0, box.x1),
            top: Math.min(box.y0, box.y1),
            width: Math.abs(box.x1 - box.x0),
            height: Math.abs(box.y1 - box.y0),
          }}
        />
      )}
      <ReviewBar />
      {status && !review && <div className="viewer-status">{status}</div>}
      {loading && <div className="viewer-loading">loading frame...</div>}
      {wiping && (
        <div
          className="wipe-handle"
          data-testid="wipe-handle"
          style={{ left: `${wipeLeft}px` }}
          onPointerDown={(e) => {
            e.currentTarget.setPointerCapture(e.pointerId);
            wipeDrag.current = true;
          }}
          onPointerMove={(e) => {
            if (!wipeDrag.current || !sceneRef.current || !canvasRef.current) return;
            const r = canvasRef.current.getBoundingClientRect();
            const [ix] = sceneRef.current.toImage(e.clientX - r.left, e.clientY - r.top);
            studio.store.set({ wipe: Math.min(1, Math.max(0, ix / imageWidth)) });
          }}
          onPointerUp={() => (wipeDrag.current = false)}
        />
      )}
      {showSwapped && (
        <div className="viewer-mode" data-testid={viewMode === 'cleaned' ? 'cleaned-badge' : 'swapped-badge'}>
          {viewMode === 'cleaned' ? 'swapped + cleanup (engine render)' : 'swapped (engine render)'}
        </div>
      )}
      {showMatte && (
        <div className="viewer-mode" data-testid="matte-badge">
          matte (engine render: white = the swapped face)
        </div>
      )}
      {keypoints && showKeypoints && (
        <div className="viewer-badge" data-testid="keypoint-count">
          {keypoints.length} keypoints{edited ? ' (edited)' : ''}
          {selection.length > 0 ? `, ${selection.length} selected` : ''}
        </div>
      )}
    </div>
  );
}
