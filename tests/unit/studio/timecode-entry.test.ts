// The timecode field: what a typed entry means (pure parseTimecodeEntry), and the marks as timecode.
import { describe, it, expect } from 'vitest';
import {
  describeMarks,
  parseTimecodeEntry,
  type TimecodeEntryContext,
} from '../../../src-shared/timecode.ts';

const ctx: TimecodeEntryContext = {
  current: 40,
  frameCount: 3000,
  rate: { num: 25, den: 1 },
  startTimecode: '01:00:00:00',
};
const go = (text: string, c: TimecodeEntryContext = ctx) => parseTimecodeEntry(text, c);

describe('timecode entry', () => {
  it('takes a full timecode of the clip (its start timecode on top)', () => {
    expect(go('01:00:02:10')).toEqual({ ok: true, frame: 60 });
    expect(go(' 01:00:00:00 ')).toEqual({ ok: true, frame: 0 });
    expect(go('01.00.01.00')).toEqual({ ok: true, frame: 25 });
  });

  it('fills a partial timecode from the current timecode', () => {
    expect(go('2:10')).toEqual({ ok: true, frame: 60 });
    expect(go('1:02:00')).toEqual({ ok: true, frame: 25 * 62 });
  });

  it('takes a plain number as the frame number', () => {
    expect(go('150')).toEqual({ ok: true, frame: 150 });
    expect(go('0')).toEqual({ ok: true, frame: 0 });
  });

  it('moves relative by frames or by a duration', () => {
    expect(go('+10')).toEqual({ ok: true, frame: 50 });
    expect(go('-10')).toEqual({ ok: true, frame: 30 });
    expect(go('+1:00')).toEqual({ ok: true, frame: 65 });
    expect(go('-1:15', { ...ctx, current: 100 })).toEqual({ ok: true, frame: 60 });
    expect(go('+1:00:00', { ...ctx, current: 0 })).toEqual({ ok: true, frame: 25 * 60 });
  });

  it('refuses what is outside the clip or not a position, with the reason (no silent clamp)', () => {
    expect(go('-2:00')).toEqual({ ok: false, error: "'-2:00' is before the clip's first frame" });
    expect(go('5000')).toEqual({ ok: false, error: "'5000' is past the clip's last frame (2999)" });
    expect(go('00:59:59:00')).toMatchObject({ ok: false, error: expect.stringMatching(/before/) });
    expect(go('01:00:02:30')).toMatchObject({ ok: false, error: expect.stringMatching(/a second has 25/) });
    expect(go('abc')).toMatchObject({ ok: false, error: expect.stringMatching(/neither a timecode/) });
    expect(go('')).toMatchObject({ ok: false });
    expect(go('+1:30')).toMatchObject({ ok: false, error: expect.stringMatching(/a second has 25/) });
  });

  it('works without a start timecode and in drop-frame', () => {
    const plain = { current: 0, frameCount: 100, rate: { num: 24, den: 1 }, startTimecode: null };
    expect(go('00:00:01:00', plain)).toEqual({ ok: true, frame: 24 });
    const df = {
      current: 0,
      frameCount: 5000,
      rate: { num: 30000, den: 1001 },
      startTimecode: '00:00:00;00',
    };
    // 00:01:00;02 is the first frame of minute 1 in drop-frame (;00 and ;01 are skipped).
    expect(go('00:01:00;02', df)).toEqual({ ok: true, frame: 1800 });
    expect(go('00:01:00;00', df)).toMatchObject({ ok: false, error: expect.stringMatching(/drop-frame/) });
  });
});

describe('marks as timecode', () => {
  it('shows in and out (inclusive) with the frames and duration between them', () => {
    const rate = { num: 25, den: 1 };
    expect(describeMarks({ in: 2, out: 7 }, 100, rate, '01:00:00:00')).toBe(
      'in 01:00:00:02 – out 01:00:00:06 (5 frames, 00:00:00:05)',
    );
    expect(describeMarks({ in: 10, out: null }, 100, rate, null)).toBe(
      'in 00:00:00:10 – out end (90 frames, 00:00:03:15)',
    );
    expect(describeMarks({ in: null, out: null }, 100, rate, null)).toBe('no in/out');
  });
});
