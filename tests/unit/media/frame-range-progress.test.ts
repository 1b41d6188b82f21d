import { describe, expect, it } from 'vitest';
import { checkRange, formatInclusiveRange, parseInclusiveRange } from '../../../src-shared/frame-range.ts';
import { EtaEstimator, formatDuration } from '../../../src-shared/progress.ts';
import { renderProgressLine } from '../../../src-main/cli/progress-bar.ts';

describe('frame ranges', () => {
  it('parses inclusive ranges as render farms count them', () => {
    expect(parseInclusiveRange('1001-1100')).toEqual({ start: 1001, end: 1101 });
    expect(parseInclusiveRange('7')).toEqual({ start: 7, end: 8 });
    expect(formatInclusiveRange({ start: 1001, end: 1101 })).toBe('1001-1100');
  });
  it('rejects malformed and reversed ranges', () => {
    for (const bad of ['', 'a-b', '5-', '-5', '10-3', '1-2-3'])
      expect(() => parseInclusiveRange(bad)).toThrow();
  });
  it('clamps to the clip and refuses a range outside it', () => {
    expect(checkRange(undefined, 50)).toEqual({ start: 0, end: 50 });
    expect(() => checkRange({ start: 40, end: 60 }, 50)).toThrow(/frames 0-49 \(50 frames\)/);
    expect(checkRange({ start: 40, end: Infinity }, 50)).toEqual({ start: 40, end: 50 });
    expect(() => checkRange({ start: 50, end: 60 }, 50)).toThrow(/outside the clip/);
  });
});

describe('progress', () => {
  it('estimates rate and ETA', () => {
    const eta = new EtaEstimator(100, 'encode', 0);
    eta.update(10, 1000);
    const p = eta.update(20, 2000);
    expect(p.rate).toBeCloseTo(10, 5);
    expect(p.etaSeconds).toBeCloseTo(8, 5);
    expect(eta.update(100, 3000).etaSeconds).toBe(0);
  });
  it('formats durations and the progress line', () => {
    expect(formatDuration(null)).toBe('--:--');
    expect(formatDuration(75)).toBe('1:15');
    expect(formatDuration(3725)).toBe('1:02:05');
    const line = renderProgressLine({ stage: 'encode', done: 50, total: 100, rate: 25, etaSeconds: 2 }, 10);
    expect(line).toBe('encode [#####.....]  50% 50/100 25.0/s ETA 0:02');
  });
});
