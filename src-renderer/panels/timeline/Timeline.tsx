// The timeline: thumbnails, ruler with timecode, per-frame confidence graph, shot cuts, keyframe markers,
// in/out range and playhead; scrub by dragging, wheel to zoom. Frames are fetched on demand by the viewer.
import { useEffect, useRef, useState } from 'react';
import { useStudio, useStudioState } from '../../components/context.ts';
import { activeClip, activeClipInfo } from '../../state/studio-state.ts';
import { findTrack } from '../../../src-shared/project/keyframes.ts';
import { frameToTimecode } from '../../../src-shared/timecode.ts';
import { frameRateToNumber } from '../../../src-shared/media.ts';
import { followFrame, frameAtX, tickStep, xOfFrame, zoomView, type TimelineView } from './timeline-math.ts';

const THUMB_WIDTH = 96;
const NO_MARKS = { in: null, out: null };

export function Timeline() {
  const studio = useStudio();
  const clip = useStudioState(activeClip);
  const info = useStudioState(activeClipInfo);
  const frame = useStudioState((s) => s.frame);
  const marks = clip?.marks ?? NO_MARKS;
  const tracks = useStudioState((s) => s.project.tracks);
  const tracked = useStudioState((s) => (clip ? s.tracked[clip.path] : undefined));
  const cuts = useStudioState((s) => (clip ? s.cuts[clip.path] : undefined));
  const wrapRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [width, setWidth] = useState(800);
  const frameCount = info?.frameCount ?? clip?.media?.frameCount ?? 0;
  const fps = info ? frameRateToNumber(info.frameRate) : 25;
  // The clip's own zoom (saved with it), or the whole clip.
  const savedZoom = useStudioState((s) => (clip ? s.zooms[clip.id] : undefined));
  const [view, setView] = useState<TimelineView>({ start: 0, span: Math.max(1, frameCount), width });
  const scrubbing = useRef(false);

  useEffect(() => {
    const el = wrapRef.current!;
    const ro = new ResizeObserver(() => setWidth(el.clientWidth));
    ro.observe(el);
    setWidth(el.clientWidth);
    return () => ro.disconnect();
  }, []);
  useEffect(() => {
    const zoom = savedZoom && savedZoom.span <= Math.max(1, frameCount) ? savedZoom : null;
    setView((v) => ({
      start: zoom?.start ?? 0,
      span: zoom?.span ?? Math.max(1, frameCount),
      width: v.width,
    }));
    // Only when the clip changes (the saved zoom is this panel's own echo otherwise).
  }, [clip?.id, frameCount]);
  useEffect(() => setView((v) => ({ ...v, width })), [width]);
  useEffect(() => setView((v) => followFrame(v, frame, frameCount)), [frame, frameCount]);

  const keyframes = clip ? (findTrack(tracks, clip.id, 0)?.keyframes ?? []) : [];

  // Ruler, confidence graph, cuts, range: one canvas.
  useEffect(() => {
    const canvas = canvasRef.current!;
    const dpr = window.devicePixelRatio || 1;
    canvas.width = width * dpr;
    canvas.height = 70 * dpr;
    const g = canvas.getContext('2d')!;
    g.scale(dpr, dpr);
    g.clearRect(0, 0, width, 70);
    if (!info || frameCount === 0) return;
    // In/out range.
    if (marks.in !== null || marks.out !== null) {
      const x0 = xOfFrame(marks.in ?? 0, view);
      const x1 = xOfFrame(marks.out ?? frameCount, view);
      g.fillStyle = 'rgba(79,163,255,0.18)';
      g.fillRect(x0, 0, x1 - x0, 70);
    }
    // Ticks and timecode.
    const step = tickStep(view, fps);
    g.strokeStyle = '#555';
    g.fillStyle = '#aaa';
    g.font = '10px ui-monospace, monospace';
    const first = Math.ceil(view.start / step) * step;
    for (let f = first; f < view.start + view.span; f += step) {
      const x = xOfFrame(f, view);
      g.beginPath();
      g.moveTo(x + 0.5, 0);
      g.lineTo(x + 0.5, 12);
      g.stroke();
      g.fillText(frameToTimecode(f, info.frameRate, info.startTimecode), x + 3, 10);
    }
    // Confidence graph (loaded analysis only).
    if (tracked) {
      g.strokeStyle = '#35e0a1';
      g.beginPath();
      let pen = false;
      const lo = Math.max(0, Math.floor(view.start));
      const hi = Math.min(frameCount, Math.ceil(view.start + view.span));
      const stride = Math.max(1, Math.floor((hi - lo) / width));
      for (let f = lo; f < hi; f += stride) {
        const t = tracked[f];
        if (!t) {
          pen = false;
          continue;
        }
        const x = xOfFrame(f + 0.5, view);
        const y = 66 - t.confidence * 40;
        if (pen) g.lineTo(x, y);
        else g.moveTo(x, y);
        pen = true;
      }
      g.stroke();
    }
    // Shot cuts.
    g.strokeStyle = '#ff4d6d';
    for (const c of cuts ?? []) {
      const x = xOfFrame(c, view);
      g.beginPath();
      g.moveTo(x + 0.5, 14);
      g.lineTo(x + 0.5, 70);
      g.stroke();
    }
  }, [info, frameCount, view, width, marks, tracked, cuts, fps]);

  const seek = (clientX: number) => {
    const r = wrapRef.current!.getBoundingClientRect();
    studio.timeline.setFrame(frameAtX(clientX - r.left, view, frameCount));
  };

  const thumbs: number[] = [];
  if (clip && frameCount > 0) {
    const n = Math.max(1, Math.floor(width / THUMB_WIDTH));
    for (let i = 0; i < n; i++)
      thumbs.push(Math.min(frameCount - 1, Math.floor(view.start + ((i + 0.5) * view.span) / n)));
  }

  return (
    <div className="timeline" data-testid="timeline">
      <div
        className="timeline-track"
        ref={wrapRef}
        onPointerDown={(e) => {
          e.currentTarget.setPointerCapture(e.pointerId);
          scrubbing.current = true;
          studio.store.set({ speed: 0 });
          seek(e.clientX);
        }}
        onPointerMove={(e) => scrubbing.current && seek(e.clientX)}
        onPointerUp={() => (scrubbing.current = false)}
        onWheel={(e) => {
          const r = wrapRef.current!.getBoundingClientRect();
          const next = zoomView(view, Math.exp(-e.deltaY * 0.002), e.clientX - r.left, frameCount);
          setView(next);
          if (clip) studio.timeline.setZoom(clip.id, { start: next.start, span: next.span });
        }}
      >
        <div className="thumbs">
          {clip &&
            thumbs.map((f, i) => (
              <img
                key={`${i}-${f}`}
                className="thumb"
                style={{ width: `${100 / thumbs.length}%` }}
                src={studio.api.frameUrl(clip.path, f, 160)}
                alt=""
                draggable={false}
              />
            ))}
        </div>
        <canvas ref={canvasRef} className="timeline-canvas" style={{ width, height: 70 }} />
        {keyframes.map((k) => (
          <button
            key={k.frame}
            className={`keyframe-marker${k.frame === frame ? ' current' : ''}`}
            data-testid="keyframe-marker"
            data-frame={k.frame}
            title={`keyframe at frame ${k.frame}`}
            style={{ left: xOfFrame(k.frame + 0.5, view) - 5 }}
            onPointerDown={(e) => {
              e.stopPropagation();
              studio.timeline.setFrame(k.frame);
            }}
          />
        ))}
        {frameCount > 0 && <div className="playhead" style={{ left: xOfFrame(frame + 0.5, view) }} />}
      </div>
    </div>
  );
}
