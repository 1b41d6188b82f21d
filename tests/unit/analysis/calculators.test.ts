import { describe, it, expect } from 'vitest';
import { squareAround, cropToSource, cropFromKeypoints } from '../../../src-main/ml/crop-box.ts';
import {
  cropAndResizeBox,
  mergeMirrored,
  confidenceFromSpread,
  rotatedCropTransform,
} from '../../../src-main/ml/landmark-pass.ts';
import { eyeLineAngle } from '../../../src-main/ml/crop-box.ts';
import { mergeDetections, type Detection } from '../../../src-main/ml/face-detector.ts';
import { IBUG_MIRROR } from '../../../src-shared/analysis/ibug.ts';
import type { Point2 } from '../../../src-shared/analysis/pts.ts';

describe('crop calculators', () => {
  it('squares a box around its (shifted) centre', () => {
    expect(squareAround([10, 20, 40, 80], 1)).toEqual({ x: -10, y: 20, size: 80 });
    expect(squareAround([0, 0, 100, 100], 1.2, 0.1)).toEqual({ x: -10, y: 0, size: 120 });
  });
  it('maps relative crop coordinates back to source pixels, mirrored too', () => {
    const crop = { x: 10, y: 20, size: 100 };
    expect(cropToSource([0, 0, 0.5, 1], crop)).toEqual([
      [10, 20],
      [60, 120],
    ]);
    expect(cropToSource([0.25, 0.5], crop, true)).toEqual([[85, 70]]);
  });
  it('a keypoint crop contains the keypoints', () => {
    const pts: Point2[] = Array.from({ length: 68 }, (_, i): Point2 => [
      100 + (i % 10) * 5,
      200 + Math.floor(i / 10) * 8,
    ]);
    const c = cropFromKeypoints(pts);
    for (const [x, y] of pts) {
      expect(x).toBeGreaterThan(c.x);
      expect(x).toBeLessThan(c.x + c.size);
      expect(y).toBeGreaterThan(c.y);
      expect(y).toBeLessThan(c.y + c.size);
    }
  });
  it('cropAndResize boxes sample pixel centres of the square', () => {
    // A 112 px square at the origin of a 113 px image samples pixel centres 0..111 exactly.
    const [y1, x1, y2, x2] = cropAndResizeBox({ x: -0.5 + 0.5, y: 0, size: 112 }, 113, 113);
    expect(x1).toBeCloseTo(0);
    expect(y1).toBeCloseTo(0);
    expect(x2! * 112).toBeCloseTo(111);
    expect(y2! * 112).toBeCloseTo(111);
  });
});

describe('rotated crops', () => {
  const face = (angle: number): Point2[] =>
    Array.from({ length: 68 }, (_, i): Point2 => {
      // eyes: 36-41 left around (-20, 0), 42-47 right around (20, 0); others spread below
      const base: Point2 =
        i >= 36 && i < 42
          ? [-20 + (i - 36), 0]
          : i >= 42 && i < 48
            ? [20 + (i - 42), 0]
            : [(i % 9) * 6 - 24, 10 + (i % 7) * 6];
      const c = Math.cos(angle);
      const s = Math.sin(angle);
      return [300 + c * base[0] - s * base[1], 200 + s * base[0] + c * base[1]];
    });
  it('measures the eye-line angle and aligns the crop with it', () => {
    expect(eyeLineAngle(face(0.3))).toBeCloseTo(0.3);
    const crop = cropFromKeypoints(face(0.3), { scale: 1.2, shiftY: 0 }, true);
    expect(crop.angle).toBeCloseTo(0.3);
    const upright = cropFromKeypoints(face(0), { scale: 1.2, shiftY: 0 }, true);
    expect(crop.size).toBeCloseTo(upright.size);
    // The crop centre turns with the face about the face's origin (300, 200).
    const dx = upright.x + upright.size / 2 - 300;
    const dy = upright.y + upright.size / 2 - 200;
    expect(crop.x + crop.size / 2).toBeCloseTo(300 + Math.cos(0.3) * dx - Math.sin(0.3) * dy);
    expect(crop.y + crop.size / 2).toBeCloseTo(200 + Math.sin(0.3) * dx + Math.cos(0.3) * dy);
  });
  it('the transform and cropToSource agree: a crop pixel maps to the same source point', () => {
    const crop = { x: 100, y: 50, size: 80, angle: 0.4 };
    const m = rotatedCropTransform(crop.x + 40, crop.y + 40, crop.size, crop.angle, 112);
    const u = 30;
    const v = 70;
    // transform: output pixel centre (u, v) -> input pixel index coordinates
    const xi = m[0]! * u + m[1]! * v + m[2]!;
    const yi = m[3]! * u + m[4]! * v + m[5]!;
    // cropToSource works in continuous coordinates (pixel centres at +0.5)
    const [p] = cropToSource([(u + 0.5) / 112, (v + 0.5) / 112], crop);
    expect(xi + 0.5).toBeCloseTo(p![0]);
    expect(yi + 0.5).toBeCloseTo(p![1]);
  });
});

describe('mirror averaging', () => {
  it('agreeing predictions give spread 0 and confidence 1', () => {
    const direct: Point2[] = Array.from({ length: 68 }, (_, i): Point2 => [i * 3, i]);
    const mirrored = direct.map((_, i) => direct[IBUG_MIRROR[i]!]!);
    const r = mergeMirrored(direct, mirrored);
    expect(r.keypoints).toEqual(direct);
    expect(r.spread).toBe(0);
    expect(confidenceFromSpread(r.spread)).toBe(1);
    expect(confidenceFromSpread(1)).toBe(0);
  });
});

describe('detection merge', () => {
  it('keeps the best of overlapping crops', () => {
    const d = (x: number, score: number): Detection => ({
      box: [x, 0, 10, 10],
      score,
      detector: 'ssd',
      crop: { x, y: 0, size: 10 },
    });
    expect(mergeDetections([d(0, 0.6), d(1, 0.9), d(50, 0.7)]).map((k) => k.score)).toEqual([0.9, 0.7]);
  });
});
