import { describe, it, expect } from 'vitest';
import {
  formatTimecodeFrames,
  frameToTimecode,
  parseTimecodeFrames,
  timecodeBase,
  timecodeToFrame,
} from '../../../src-shared/timecode.ts';

const ntsc = { num: 30000, den: 1001 };

describe('SMPTE timecode', () => {
  it('formats non-drop rates', () => {
    expect(frameToTimecode(0, { num: 25, den: 1 })).toBe('00:00:00:00');
    expect(frameToTimecode(25 * 3600 + 24, { num: 25, den: 1 })).toBe('01:00:00:24');
    expect(frameToTimecode(1, { num: 24000, den: 1001 })).toBe('00:00:00:01');
    expect(timecodeBase({ num: 24000, den: 1001 }).dropFrame).toBe(false);
  });

  it('drops frame numbers 0 and 1 each minute except every tenth at 29.97', () => {
    const base = timecodeBase(ntsc);
    expect(base).toEqual({ nominal: 30, dropFrame: true });
    expect(formatTimecodeFrames(1799, base)).toBe('00:00:59;29');
    expect(formatTimecodeFrames(1800, base)).toBe('00:01:00;02');
    expect(formatTimecodeFrames(17981, base)).toBe('00:09:59;29');
    expect(formatTimecodeFrames(17982, base)).toBe('00:10:00;00');
    expect(formatTimecodeFrames(107892, base)).toBe('01:00:00;00');
    expect(timecodeBase({ num: 2997, den: 100 }).dropFrame).toBe(true);
  });

  it('round-trips every frame of the first 25 minutes in drop-frame and 59.94', () => {
    for (const rate of [ntsc, { num: 60000, den: 1001 }]) {
      const base = timecodeBase(rate);
      for (let n = 0; n < 25 * 60 * base.nominal; n += 7) {
        expect(parseTimecodeFrames(formatTimecodeFrames(n, base), base)).toBe(n);
      }
    }
  });

  it('offsets by the clip start timecode and inverts', () => {
    expect(frameToTimecode(10, { num: 24, den: 1 }, '01:00:00:00')).toBe('01:00:00:10');
    expect(timecodeToFrame('01:00:01:00', { num: 24, den: 1 }, '01:00:00:00')).toBe(24);
    expect(frameToTimecode(2, ntsc, '00:00:59;28')).toBe('00:01:00;02');
  });

  it('rejects malformed and non-existent labels', () => {
    const base = timecodeBase(ntsc);
    expect(() => parseTimecodeFrames('1:2:3', base)).toThrow(/hh:mm:ss:ff/);
    expect(() => parseTimecodeFrames('00:01:00;01', base)).toThrow(/dropped/);
    expect(() => parseTimecodeFrames('00:00:00:30', base)).toThrow(/a second has 30/);
    expect(() => timecodeBase({ num: 25, den: 1 }, true)).toThrow(/drop-frame/);
  });
});
