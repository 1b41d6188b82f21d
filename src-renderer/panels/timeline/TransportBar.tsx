// Transport: the editable timecode field (timecode, frame number, or +/- relative: parseTimecodeEntry),
// frame number, play/pause and shuttle (J/K/L), one-frame steps, and the clip's in/out marks as timecode
// with the duration between them.
import { useState } from 'react';
import { useStudio, useStudioState } from '../../components/context.ts';
import { activeClip, activeClipInfo } from '../../state/studio-state.ts';
import { describeMarks, frameToTimecode } from '../../../src-shared/timecode.ts';

const NO_MARKS = { in: null, out: null };

function TimecodeField({ tc, disabled }: { tc: string; disabled: boolean }) {
  const studio = useStudio();
  const [text, setText] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  return (
    <span className="timecode-entry">
      <input
        className={`timecode${error ? ' invalid' : ''}`}
        data-testid="timecode"
        aria-label="timecode: type a timecode, a frame number, or +/- an offset, then Enter"
        title={
          error ?? 'Type a timecode (01:00:02:10, 2:10), a frame number (150) or +10 / -1:00, then Enter'
        }
        disabled={disabled}
        value={text ?? tc}
        spellCheck={false}
        onFocus={(e) => {
          setText(tc);
          e.currentTarget.select();
        }}
        onChange={(e) => {
          setText(e.target.value);
          setError(null);
        }}
        onBlur={() => {
          setText(null);
          setError(null);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            const why = studio.timeline.jumpTo(e.currentTarget.value);
            setError(why);
            if (why === null) e.currentTarget.blur();
          } else if (e.key === 'Escape') {
            e.preventDefault();
            e.stopPropagation();
            e.currentTarget.blur();
          }
        }}
      />
      {error && (
        <span className="reason error" data-testid="timecode-error">
          {error}
        </span>
      )}
    </span>
  );
}

export function TransportBar() {
  const studio = useStudio();
  const info = useStudioState(activeClipInfo);
  const frame = useStudioState((s) => s.frame);
  const speed = useStudioState((s) => s.speed);
  const marks = useStudioState((s) => activeClip(s)?.marks ?? NO_MARKS);
  const tc = info ? frameToTimecode(frame, info.frameRate, info.startTimecode) : '--:--:--:--';
  const disabled = !info;
  const t = studio.timeline;
  return (
    <div className="transport">
      <TimecodeField tc={tc} disabled={disabled} />
      <span className="frame-number" data-testid="frame-number">
        frame {frame}
        {info ? ` / ${info.frameCount - 1}` : ''}
      </span>
      <button disabled={disabled} onClick={() => t.step(-1)} title="Previous frame (Left)">
        ◀|
      </button>
      <button disabled={disabled} onClick={() => t.shuttle('j')} title="Shuttle back (J)">
        J
      </button>
      <button
        data-testid="play"
        disabled={disabled}
        onClick={() => t.togglePlay()}
        title="Play / pause (Space, K stops)"
      >
        {speed === 0 ? '▶' : '❚❚'}
      </button>
      <button disabled={disabled} onClick={() => t.shuttle('l')} title="Shuttle forward (L)">
        L
      </button>
      <button disabled={disabled} onClick={() => t.step(1)} title="Next frame (Right)">
        |▶
      </button>
      <span className="speed" data-testid="speed">
        {speed === 0 ? '' : `${speed > 0 ? '' : '-'}${Math.abs(speed)}x`}
      </span>
      <button disabled={disabled} onClick={() => t.markIn()} title="Mark in (I)">
        I
      </button>
      <button disabled={disabled} onClick={() => t.markOut()} title="Mark out (O)">
        O
      </button>
      <span
        className="marks"
        data-testid="marks"
        data-in={marks.in ?? ''}
        data-out={marks.out === null ? '' : marks.out - 1}
        title="this clip's in and out (frames are inclusive)"
      >
        {info ? describeMarks(marks, info.frameCount, info.frameRate, info.startTimecode) : 'no in/out'}
      </span>
      <button
        className="small"
        title="Keyboard shortcuts (?)"
        onClick={() => studio.store.set({ shortcutsOpen: true })}
      >
        ?
      </button>
    </div>
  );
}
