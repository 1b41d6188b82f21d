// The depth view: what DepthNet inferred for the source face at this frame, as an orbitable 3D mesh.
import { useEffect, useRef, useState } from 'react';
import type { DepthResult } from '../../../src-shared/api/schemas.ts';
import { DepthScene } from './depth-scene.ts';
import { useStudio } from '../../components/context.ts';

export function DepthView({ result }: { result: DepthResult }) {
  const studio = useStudio();
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [ready, setReady] = useState(false);

  useEffect(() => {
    const canvas = canvasRef.current!;
    const scene = new DepthScene(canvas);
    scene.resize(canvas.clientWidth, canvas.clientHeight);
    let live = true;
    const img = new Image();
    img.onload = () => {
      if (!live) return;
      scene.show(result, img);
      setReady(true);
    };
    img.onerror = () => {
      if (!live) return;
      scene.show(result, null);
      setReady(true);
      studio.reportError('depth view', new Error(`the source picture could not be loaded: ${result.source}`));
    };
    img.src = studio.api.frameUrl(result.source, result.sourceFrame);
    return () => {
      live = false;
      scene.dispose();
    };
  }, [result, studio]);

  const zs = result.depth;
  return (
    <div className="modal-back">
      <div className="modal depth" data-testid="depth-view">
        <h2>Depth view (frame {result.frame})</h2>
        <canvas ref={canvasRef} className="depth-canvas" data-ready={ready ? 'yes' : 'no'} />
        <p className="muted">
          Source keypoints lifted by DepthNet's predicted depth (range {Math.min(...zs).toFixed(1)} to{' '}
          {Math.max(...zs).toFixed(1)} source pixels). Drag to orbit, wheel to zoom, right-drag to pan.
        </p>
        <div className="row end">
          <button onClick={() => studio.store.set({ depthResult: null })}>Close</button>
        </div>
      </div>
    </div>
  );
}
