// The bar over the viewer while a rendered range plays: what it is, where in it, and the way back to the
// clip (Escape). Plays looped at the clip's rate times the J/K/L speed; late frames are skipped. The range's
// sound plays at 1x forward and drives the picture (review-audio.ts); reverse and fast play are muted.
import { useEffect, useRef, useState } from 'react';
import { useStudio, useStudioState } from '../../components/context.ts';
import { useEscape } from '../../components/escape.ts';
import { ReviewAudio, soundPlaysAt, type ReviewSound } from './review-audio.ts';

function soundLabel(sound: ReviewSound, speed: number): string {
  if (sound === 'none') return 'no sound';
  if (sound === 'loading') return 'loading sound...';
  if (sound === 'failed') return 'sound could not be loaded';
  if (speed === 0) return 'sound at 1x';
  return soundPlaysAt(speed) ? 'sound on' : 'muted (reverse / fast)';
}

export function ReviewBar() {
  const studio = useStudio();
  const review = useStudioState((s) => s.review);
  const speed = review?.speed ?? 0;
  const fps = review?.fps ?? 25;
  const count = review?.frameCount ?? 0;
  const path = review?.path ?? null;
  const hasAudio = review?.audio ?? false;
  const audioRef = useRef<ReviewAudio | null>(null);
  const [sound, setSound] = useState<ReviewSound>('none');
  const [soundSeconds, setSoundSeconds] = useState<number | null>(null);
  useEscape(() => studio.review.close(), review !== null);

  // The sound of the file under review, decoded once per file.
  useEffect(() => {
    if (!path || !hasAudio) {
      setSound('none');
      return;
    }
    const audio = new ReviewAudio();
    audioRef.current = audio;
    const abort = new AbortController();
    setSound('loading');
    audio
      .load(studio.api.audioUrl(path), abort.signal)
      .then((s) => !abort.signal.aborted && setSound(s))
      .catch(() => !abort.signal.aborted && setSound('failed'));
    return () => {
      abort.abort();
      audio.dispose();
      audioRef.current = null;
    };
  }, [path, hasAudio, studio]);

  useEffect(() => {
    setSoundSeconds(null);
    if (speed === 0 || count === 0) return;
    const audio = audioRef.current;
    const withSound = soundPlaysAt(speed) && sound === 'ready' && audio?.ready === true;
    const start = { time: performance.now(), frame: studio.s.review?.frame ?? 0 };
    // At 1x with sound, the sound is the clock: the picture shows the frame the sound is at.
    if (withSound) audio.play(start.frame / fps, count / fps);
    let raf = 0;
    let last = -1;
    const tick = () => {
      const heard = withSound ? audio.position() : null;
      const f =
        heard !== null
          ? heard * fps + 1e-3
          : start.frame + ((performance.now() - start.time) / 1000) * fps * speed;
      const wrapped = ((Math.floor(f) % count) + count) % count;
      if (studio.s.review && wrapped !== studio.s.review.frame) studio.review.seek(wrapped);
      // Look ahead (once per new frame) so the loop does not wait on each frame.
      const r = studio.s.review;
      if (r && wrapped !== last) {
        last = wrapped;
        if (heard !== null) setSoundSeconds(Math.round(heard * 1000) / 1000);
        for (let k = 1; k <= 4; k++) {
          const next = (((wrapped + k * Math.sign(speed)) % count) + count) % count;
          void fetch(studio.api.frameUrl(r.path, next, 1920)).catch(() => undefined);
        }
      }
      raf = requestAnimationFrame(tick);
    };
    raf = requestAnimationFrame(tick);
    return () => {
      cancelAnimationFrame(raf);
      audio?.stop();
    };
  }, [speed, fps, count, studio, sound]);

  if (!review) return null;
  const soundState =
    sound === 'ready' ? (speed === 0 ? 'paused' : soundPlaysAt(speed) ? 'playing' : 'muted') : sound;
  return (
    <div
      className="review-bar"
      data-testid="review-bar"
      data-frame={review.frame}
      data-speed={review.speed}
      data-sound={soundState}
      data-sound-seconds={soundSeconds ?? ''}
      data-resolution={review.resolution ?? ''}
    >
      <b>{review.label}</b>
      <span>
        frame {review.frame + 1} / {review.frameCount} (clip frame {review.clipStart + review.frame})
      </span>
      <span>
        {review.speed === 0 ? 'paused' : `${review.speed}x, looped`} · {soundLabel(sound, review.speed)}
        {review.resolution === 'proxy'
          ? ' · proxy size'
          : review.resolution === 'full'
            ? ' · full size'
            : ''}{' '}
        · J/K/L, Space, wipe and matte work
      </span>
      <button className="small" data-testid="close-review" onClick={() => studio.review.close()}>
        Back to the clip (Esc)
      </button>
    </div>
  );
}
