// SMPTE timecode math (pure). Frame n is the n-th decoded frame; a clip's start timecode is added on top.
// Drop-frame (29.97, 59.94): frame numbers 0 and 1 (0-3 at 59.94) are skipped at the start of every minute
// except minutes divisible by ten, so the timecode stays in step with the wall clock. Separator ';' marks it.
import type { Rational } from './media.ts';

export interface TimecodeBase {
  /** Integer frames per timecode second (30 for 29.97, 24 for 23.976, 25, 60 for 59.94, ...). */
  nominal: number;
  dropFrame: boolean;
}

/** The timecode base of a frame rate: nominal rounded rate; drop-frame for NTSC 29.97 and 59.94. */
export function timecodeBase(rate: Rational, dropFrame?: boolean): TimecodeBase {
  if (!(rate.num > 0 && rate.den > 0)) throw new Error(`invalid frame rate ${rate.num}/${rate.den}`);
  const fps = rate.num / rate.den;
  const nominal = Math.max(1, Math.round(fps));
  const ntsc = Math.abs(fps - nominal) > 1e-3 && nominal % 30 === 0;
  const df = dropFrame ?? ntsc;
  if (df && nominal % 30 !== 0)
    throw new Error(`drop-frame timecode needs a 29.97 or 59.94 rate (got ${fps})`);
  return { nominal, dropFrame: df };
}

function dropsPerMinute(base: TimecodeBase): number {
  return base.dropFrame ? (base.nominal / 30) * 2 : 0;
}

/** Timecode label (hh:mm:ss:ff, or hh:mm:ss;ff in drop-frame) of an absolute timecode frame count. */
export function formatTimecodeFrames(totalFrames: number, base: TimecodeBase): string {
  if (!Number.isInteger(totalFrames)) throw new Error(`frame count must be an integer (got ${totalFrames})`);
  const { nominal } = base;
  const perDay = 24 * 3600 * nominal - (base.dropFrame ? dropsPerMinute(base) * 24 * 54 : 0);
  let n = ((totalFrames % perDay) + perDay) % perDay;
  const drop = dropsPerMinute(base);
  if (drop > 0) {
    const per10Min = nominal * 600 - drop * 9;
    const perMin = nominal * 60 - drop;
    const tens = Math.floor(n / per10Min);
    const rem = n % per10Min;
    n += drop * 9 * tens + (rem > drop ? drop * Math.floor((rem - drop) / perMin) : 0);
  }
  const ff = n % nominal;
  const totalSeconds = Math.floor(n / nominal);
  const ss = totalSeconds % 60;
  const mm = Math.floor(totalSeconds / 60) % 60;
  const hh = Math.floor(totalSeconds / 3600) % 24;
  const p = (v: number) => String(v).padStart(2, '0');
  const sep = base.dropFrame ? ';' : ':';
  return `${p(hh)}:${p(mm)}:${p(ss)}${sep}${p(ff)}`;
}

/** Absolute timecode frame count of a label; throws a readable error when malformed or impossible. */
export function parseTimecodeFrames(text: string, base: TimecodeBase): number {
  const m = /^\s*(\d{1,2})[:;.](\d{2})[:;.](\d{2})([:;.,])(\d{2,3})\s*$/.exec(text);
  if (!m) throw new Error(`timecode '${text}' is not of the form hh:mm:ss:ff`);
  const [hh, mm, ss, ff] = [m[1], m[2], m[3], m[5]].map(Number) as [number, number, number, number];
  if (mm > 59 || ss > 59) throw new Error(`timecode '${text}' has minutes or seconds above 59`);
  if (ff >= base.nominal)
    throw new Error(`timecode '${text}' has frame ${ff}, but a second has ${base.nominal}`);
  const drop = dropsPerMinute(base);
  if (drop > 0 && ss === 0 && mm % 10 !== 0 && ff < drop) {
    throw new Error(
      `timecode '${text}' does not exist in drop-frame (frames 0-${drop - 1} are dropped here)`,
    );
  }
  const totalMinutes = hh * 60 + mm;
  return (
    (hh * 3600 + mm * 60 + ss) * base.nominal + ff - drop * (totalMinutes - Math.floor(totalMinutes / 10))
  );
}

/** Timecode of frame `index` of a clip whose first frame carries `start` (default 00:00:00:00). */
export function frameToTimecode(index: number, rate: Rational, start: string | null = null): string {
  const base = timecodeBase(rate, start === null ? undefined : start.includes(';'));
  const offset = start === null ? 0 : parseTimecodeFrames(start, base);
  return formatTimecodeFrames(offset + index, base);
}

/** Frame index within a clip of a timecode label (inverse of frameToTimecode). May be negative. */
export function timecodeToFrame(text: string, rate: Rational, start: string | null = null): number {
  const base = timecodeBase(rate, start === null ? undefined : start.includes(';'));
  const offset = start === null ? 0 : parseTimecodeFrames(start, base);
  return parseTimecodeFrames(text, base) - offset;
}

export interface TimecodeEntryContext {
  /** The playhead (frame index) relative entries start from and partial timecodes take their hours from. */
  current: number;
  frameCount: number;
  rate: Rational;
  startTimecode: string | null;
}

export type TimecodeEntry = { ok: true; frame: number } | { ok: false; error: string };

/** The fields of a (possibly partial) timecode, last field = frames: "2:10" -> [2, 10]. */
function timecodeFields(text: string): number[] | null {
  if (!/^\d{1,2}([:;.,]\d{1,2}){1,3}$/.test(text)) return null;
  return text.split(/[:;.,]/).map(Number);
}

/**
 * What the user typed into the timecode field, as the frame to go to (pure; the transport bar uses it):
 * - `1234`: frame number 1234 (as shown beside the timecode);
 * - `01:00:02:10` (`;` for drop-frame also accepted): that timecode of the clip; a partial timecode
 *   (`2:10`, `1:02:10`) takes its missing leading fields from the current timecode, as NLEs do;
 * - `+10` / `-10`: frames forward / back; `+1:00` / `-1:00:00`: a duration as [[hh:]mm:]ss:ff.
 * A position outside the clip is refused with the reason (never silently clamped).
 */
export function parseTimecodeEntry(raw: string, ctx: TimecodeEntryContext): TimecodeEntry {
  const text = raw.trim();
  if (text === '') return { ok: false, error: 'type a timecode, a frame number, or +/- an offset' };
  const last = ctx.frameCount - 1;
  const inClip = (frame: number): TimecodeEntry =>
    frame < 0
      ? { ok: false, error: `'${text}' is before the clip's first frame` }
      : frame > last
        ? { ok: false, error: `'${text}' is past the clip's last frame (${last})` }
        : { ok: true, frame };
  const base = timecodeBase(
    ctx.rate,
    ctx.startTimecode === null ? undefined : ctx.startTimecode.includes(';'),
  );
  const sign = text[0] === '+' ? 1 : text[0] === '-' ? -1 : 0;
  const body = sign === 0 ? text : text.slice(1).trim();
  if (/^\d+$/.test(body)) {
    const n = Number(body);
    return inClip(sign === 0 ? n : ctx.current + sign * n);
  }
  const fields = timecodeFields(body);
  if (!fields) {
    return {
      ok: false,
      error: `'${text}' is neither a timecode (hh:mm:ss:ff), a frame number nor +/- an offset`,
    };
  }
  if (sign !== 0) {
    const [ff = 0, ss = 0, mm = 0, hh = 0] = [...fields].reverse();
    if (ff >= base.nominal) return { ok: false, error: `'${text}': a second has ${base.nominal} frames` };
    return inClip(ctx.current + sign * ((hh * 3600 + mm * 60 + ss) * base.nominal + ff));
  }
  // Absolute: fill the missing leading fields from the current timecode.
  const currentTc = frameToTimecode(Math.max(0, ctx.current), ctx.rate, ctx.startTimecode);
  const have = currentTc.split(/[:;]/).map(Number);
  const full = [...have.slice(0, 4 - fields.length), ...fields];
  const p = (v: number) => String(v).padStart(2, '0');
  const label = `${p(full[0]!)}:${p(full[1]!)}:${p(full[2]!)}${base.dropFrame ? ';' : ':'}${p(full[3]!)}`;
  try {
    return inClip(timecodeToFrame(label, ctx.rate, ctx.startTimecode));
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  }
}

/** "in 01:00:00:02 – out 01:00:00:06 (5 frames, 00:00:00:05)": the marks as timecode with the duration. */
export function describeMarks(
  marks: { in: number | null; out: number | null },
  frameCount: number,
  rate: Rational,
  startTimecode: string | null,
): string {
  if (marks.in === null && marks.out === null) return 'no in/out';
  const start = marks.in ?? 0;
  const end = marks.out ?? frameCount;
  const frames = Math.max(0, end - start);
  const base = timecodeBase(rate, startTimecode === null ? undefined : startTimecode.includes(';'));
  const tcIn = frameToTimecode(start, rate, startTimecode);
  const tcOut = marks.out === null ? 'end' : frameToTimecode(Math.max(start, end - 1), rate, startTimecode);
  const duration = formatTimecodeFrames(frames, { ...base, dropFrame: false });
  return `in ${tcIn} – out ${tcOut} (${frames} frames, ${duration})`;
}
