// The source face as the render will judge it, for a clip and a range: both face sizes in pixels and the
// engine's warnings (much smaller than the target face, turned, eyes closed), or why the render would
// refuse the source. Checked by the engine (a job) whenever the source, the clip's analysis or the range
// changes; shown in the Inspector and in the export dialog.
import { useEffect } from 'react';
import type { FrameRange } from '../../../src-shared/frame-range.ts';
import { useStudio, useStudioState } from '../../components/context.ts';
import { sourceCheckKey } from './source-check-actions.ts';

export function SourceFaceNotice({ clipId, range }: { clipId: string; range: FrameRange }) {
  const studio = useStudio();
  const key = useStudioState((s) => sourceCheckKey(s, clipId, range));
  const check = useStudioState((s) => (key ? (s.sourceChecks[key] ?? null) : null));
  const checking = useStudioState(() => studio.sourceCheck.busy(key));
  useEffect(() => {
    if (!key) return;
    // A moment's wait: a dragged mark or a burst of edits asks once.
    const t = setTimeout(() => void studio.sourceCheck.ensureCheck(clipId, range), 300);
    return () => clearTimeout(t);
    // The key holds everything the check depends on (the range included).
  }, [key, studio]);
  if (!key) return null;
  if (!check) {
    return (
      <p className="muted" data-testid="source-check" data-state="checking">
        {checking ? 'Checking the source face against this clip...' : 'The source face is not checked yet.'}
      </p>
    );
  }
  if (check.refused) {
    return (
      <div data-testid="source-check" data-state="refused">
        <p className="reason error">The render will refuse this source: {check.refused}</p>
      </div>
    );
  }
  const sizes =
    `Source face ${check.sizePx} px` +
    (check.targetSizePx !== null
      ? `, the clip's face ${check.targetSizePx} px (median over frames ${check.range.start}–${check.range.end - 1})`
      : ' (the clip is not analysed over this range: analyse it to compare sizes)');
  return (
    <div data-testid="source-check" data-state={check.warnings.length > 0 ? 'warnings' : 'ok'}>
      <p className="muted" data-testid="source-sizes">
        {sizes}
        {check.warnings.length === 0 ? '. No warnings.' : '.'}
      </p>
      {check.warnings.map((w) => (
        <p key={w} className="reason" data-testid="source-warning">
          Warning: {w}
        </p>
      ))}
    </div>
  );
}
