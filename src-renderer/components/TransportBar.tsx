// Transport: timecode and frame number, play/pause and shuttle (J/K/L), one-frame steps, in/out marks.
import { useStudio, useStudioState } from './context.ts';
import { activeClip, activeClipInfo } from '../state/studio-state.ts';
import { frameToTimecode } from '../../src-shared/timecode.ts';

export function TransportBar() {
  const studio = useStudio();
  const info = useStudioState(activeClipInfo);
  const frame = useStudioState((s) => s.frame);
  const speed = useStudioState((s) => s.speed);
  const marks = useStudioState((s) => activeClip(s)?.marks ?? null) ?? { in: null, out: null };
  const tc = info ? frameToTimecode(frame, info.frameRate, info.startTimecode) : '--:--:--:--';
  const disabled = !info;
  return (
    <div className="transport">
      <span className="timecode" data-testid="timecode">
        {tc}
      </span>
      <span className="frame-number" data-testid="frame-number">
        frame {frame}
        {info ? ` / ${info.frameCount - 1}` : ''}
      </span>
      <button disabled={disabled} onClick={() => studio.step(-1)} title="Previous frame (Left)">
        ◀|
      </button>
      <button disabled={disabled} onClick={() => studio.shuttle('j')} title="Shuttle back (J)">
        J
      </button>
      <button disabled={disabled} onClick={() => studio.togglePlay()} title="Play / pause (Space, K stops)">
        {speed === 0 ? '▶' : '❚❚'}
      </button>
      <button disabled={disabled} onClick={() => studio.shuttle('l')} title="Shuttle forward (L)">
        L
      </button>
      <button disabled={disabled} onClick={() => studio.step(1)} title="Next frame (Right)">
        |▶
      </button>
      <span className="speed">{speed === 0 ? '' : `${speed > 0 ? '' : '-'}${Math.abs(speed)}x`}</span>
      <button disabled={disabled} onClick={() => studio.markIn()} title="Mark in (I)">
        I
      </button>
      <button disabled={disabled} onClick={() => studio.markOut()} title="Mark out (O)">
        O
      </button>
      <span className="marks" data-testid="marks">
        {marks.in !== null || marks.out !== null
          ? `in ${marks.in ?? 0} – out ${marks.out !== null ? marks.out - 1 : 'end'}`
          : 'no in/out'}
      </span>
    </div>
  );
}
