import { describe, it, expect } from 'vitest';
import { parsePts, formatPts, type Point2 } from '../../../src-shared/analysis/pts.ts';
import { iou, nme, pointsBox, interocularDistance } from '../../../src-shared/analysis/geometry.ts';
import { IBUG_MIRROR } from '../../../src-shared/analysis/ibug.ts';

const square68 = (): Point2[] => Array.from({ length: 68 }, (_, i): Point2 => [i, i * 2]);

describe('.pts', () => {
  it('round-trips 68 points', () => {
    const pts = square68().map(([x, y]): Point2 => [x + 0.25, y - 0.5]);
    expect(parsePts(formatPts(pts))).toEqual(pts);
  });
  it('reads the 300-W layout with CRLF and extra spaces', () => {
    const text = 'version: 1\r\nn_points:  2\r\n{\r\n1.5 2\r\n  3 4.25 \r\n}\r\n';
    expect(parsePts(text)).toEqual([
      [1.5, 2],
      [3, 4.25],
    ]);
  });
  it('rejects a count mismatch, a bad line and a missing brace clearly', () => {
    expect(() => parsePts('version: 1\nn_points: 3\n{\n1 2\n}\n', 'a.pts')).toThrow(
      /a.pts: n_points is 3 but 1/,
    );
    expect(() => parsePts('version: 1\nn_points: 1\n{\n1 x\n}\n')).toThrow(/not two numbers 'x y'/);
    expect(() => parsePts('version: 1\nn_points: 1\n{\n1 2\n')).toThrow(/no '}'/);
    expect(() => parsePts('hello')).toThrow(/line 1 is not a .pts header line/);
  });
  it('refuses to write NaN', () => {
    expect(() => formatPts([[NaN, 1]])).toThrow(/non-finite/);
  });
});

describe('geometry', () => {
  it('iou of identical, disjoint and half-overlapping boxes', () => {
    expect(iou([0, 0, 10, 10], [0, 0, 10, 10])).toBe(1);
    expect(iou([0, 0, 10, 10], [20, 0, 10, 10])).toBe(0);
    expect(iou([0, 0, 10, 10], [5, 0, 10, 10])).toBeCloseTo(50 / 150);
  });
  it('nme is 0 on the truth and scales with the eye distance', () => {
    const t = square68();
    expect(nme(t, t)).toBe(0);
    const shifted = t.map(([x, y]): Point2 => [x + 3, y + 4]);
    expect(nme(shifted, t)).toBeCloseTo(5 / interocularDistance(t));
    expect(pointsBox(t)).toEqual([0, 0, 67, 134]);
  });
  it('the iBUG mirror is an involution mapping the outer eye corners onto each other', () => {
    expect(IBUG_MIRROR[36]).toBe(45);
    expect(IBUG_MIRROR[0]).toBe(16);
    expect(IBUG_MIRROR[48]).toBe(54);
    expect(IBUG_MIRROR[30]).toBe(30);
    IBUG_MIRROR.forEach((j, i) => expect(IBUG_MIRROR[j]).toBe(i));
  });
});

describe('rescalePoints', () => {
  it('maps pixel centres of a scaled frame back to the full frame', async () => {
    const { rescalePoints } = await import('../../../src-shared/analysis/geometry.ts');
    const from = { width: 1280, height: 720 };
    const to = { width: 1920, height: 1080 };
    // Pixel 0 of the small frame covers the full frame's first 1.5 pixels (-0.5..1 in centre coordinates):
    // its centre is at 0.25; the last one covers 1918..1919.5, centre 1918.75.
    expect(rescalePoints([[0, 0]], from, to)).toEqual([[0.25, 0.25]]);
    expect(rescalePoints([[1279, 719]], from, to)).toEqual([[1918.75, 1078.75]]);
    expect(rescalePoints([[10, 20]], to, to)).toEqual([[10, 20]]);
  });
});
