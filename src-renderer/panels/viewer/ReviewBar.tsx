// The bar over the viewer while a rendered range plays: what it is, where in it, and the way back to the
// clip (Escape). Plays looped at the clip's rate times the J/K/L speed; late frames are skipped.
import { useEffect } from 'react';
import { useStudio, useStudioState } from '../../components/context.ts';
import { useEscape } from '../../components/escape.ts';

export function ReviewBar() {
  const studio = useStudio();
  const review = useStudioState((s) => s.review);
  const speed = review?.speed ?? 0;
  const fps = review?.fps ?? 25;
  const count = review?.frameCount ?? 0;
  useEscape(() => studio.review.close(), review !== null);

  useEffect(() => {
    if (speed === 0 || count === 0) return;
    const start = { time: performance.now(), frame: studio.s.review?.frame ?? 0 };
    let raf = 0;
    let last = -1;
    const tick = () => {
      const f = start.frame + ((performance.now() - start.time) / 1000) * fps * speed;
      const wrapped = ((Math.floor(f) % count) + count) % count;
      if (studio.s.review && wrapped !== studio.s.review.frame) studio.review.seek(wrapped);
      // Look ahead (once per new frame) so the loop does not wait on each frame.
      const r = studio.s.review;
      if (r && wrapped !== last) {
        last = wrapped;
        for (let k = 1; k <= 4; k++) {
          const next = (((wrapped + k * Math.sign(speed)) % count) + count) % count;
          void fetch(studio.api.frameUrl(r.path, next, 1920)).catch(() => undefined);
        }
      }
      raf = requestAnimationFrame(tick);
    };
    raf = requestAnimationFrame(tick);
    return () => cancelAnimationFrame(raf);
  }, [speed, fps, count, studio]);

  if (!review) return null;
  return (
    <div className="review-bar" data-testid="review-bar" data-frame={review.frame} data-speed={review.speed}>
      <b>{review.label}</b>
      <span>
        frame {review.frame + 1} / {review.frameCount} (clip frame {review.clipStart + review.frame})
      </span>
      <span>
        {review.speed === 0 ? 'paused' : `${review.speed}x, looped`} · J/K/L, Space, wipe and matte work
      </span>
      <button className="small" data-testid="close-review" onClick={() => studio.review.close()}>
        Back to the clip (Esc)
      </button>
    </div>
  );
}
