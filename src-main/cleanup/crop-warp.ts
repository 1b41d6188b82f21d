// Calculators between a frame and the cleanup's aligned face crop: the crop square from the face's
// keypoints (eyes level, large enough to hold the matte's feather and the seam around it), bilinear
// sampling of frame + matte into the crop, and the way back: a change made in the crop, sampled at each
// frame pixel inside the matte and added there. Pure arithmetic on byte images; no TF.js.
import { cropFromKeypoints, type SquareCrop } from '../ml/crop-box.ts';
import type { Point2 } from '../../src-shared/analysis/pts.ts';

/** Crop square around the 68 keypoints' box (scale of its larger side; shiftY up to hold the forehead). */
export const CLEANUP_CROP = { scale: 1.6, shiftY: -0.08 };

export interface FrameLike {
  width: number;
  height: number;
  channels: number;
  data: Uint8Array;
}

export function cleanupCropBox(keypoints: ArrayLike<number>): SquareCrop {
  const pts: Point2[] = [];
  for (let i = 0; i + 1 < keypoints.length; i += 2) pts.push([keypoints[i]!, keypoints[i + 1]!]);
  return cropFromKeypoints(pts, CLEANUP_CROP, true);
}

/** Crop pixel (u, v) (0..size) -> frame position, through the crop's rotation. */
function mapper(crop: SquareCrop, size: number): (u: number, v: number) => [number, number] {
  const k = crop.size / size;
  const half = crop.size / 2;
  const cx = crop.x + half;
  const cy = crop.y + half;
  const c = Math.cos(crop.angle ?? 0);
  const s = Math.sin(crop.angle ?? 0);
  return (u, v) => {
    const p = u * k - half;
    const q = v * k - half;
    return [cx + c * p - s * q, cy + s * p + c * q];
  };
}

/**
 * The crop: `size` x `size` x 4 bytes, RGB of the frame and the matte (255 = face) as the 4th byte,
 * bilinearly sampled at pixel centres; outside the frame black with matte 0.
 */
export function sampleCrop(
  frame: FrameLike,
  matte: Uint8Array | null,
  crop: SquareCrop,
  size: number,
): Uint8Array {
  const out = new Uint8Array(size * size * 4);
  const map = mapper(crop, size);
  const { width: w, height: h, channels: ch, data } = frame;
  for (let v = 0; v < size; v++) {
    for (let u = 0; u < size; u++) {
      const [fx, fy] = map(u + 0.5, v + 0.5);
      const x = fx - 0.5;
      const y = fy - 0.5;
      const x0 = Math.floor(x);
      const y0 = Math.floor(y);
      const ax = x - x0;
      const ay = y - y0;
      const o = (v * size + u) * 4;
      const acc = [0, 0, 0, 0];
      for (let dy = 0; dy < 2; dy++) {
        for (let dx = 0; dx < 2; dx++) {
          const xi = x0 + dx;
          const yi = y0 + dy;
          if (xi < 0 || yi < 0 || xi >= w || yi >= h) continue;
          const wgt = (dx ? ax : 1 - ax) * (dy ? ay : 1 - ay);
          const p = yi * w + xi;
          acc[0]! += wgt * data[p * ch]!;
          acc[1]! += wgt * data[p * ch + 1]!;
          acc[2]! += wgt * data[p * ch + 2]!;
          acc[3]! += wgt * (matte ? matte[p]! : 0);
        }
      }
      for (let c = 0; c < 4; c++) out[o + c] = Math.round(acc[c]!);
    }
  }
  return out;
}

/**
 * Adds `strength` x the crop-space change `delta` (size x size x 3, in byte units) to the frame at every
 * pixel where the frame's matte is > 0, the change bilinearly sampled at that pixel's place in the crop.
 * Pixels outside the matte are never touched.
 */
export function addCropDelta(
  frame: FrameLike,
  matte: Uint8Array,
  crop: SquareCrop,
  delta: Float32Array,
  size: number,
  strength: number,
): void {
  const { width: w, height: h, channels: ch, data } = frame;
  const k = size / crop.size;
  const half = crop.size / 2;
  const cx = crop.x + half;
  const cy = crop.y + half;
  const c = Math.cos(crop.angle ?? 0);
  const s = Math.sin(crop.angle ?? 0);
  // Bounding box of the rotated square in the frame.
  const r = half * Math.SQRT2 + 1;
  const xa = Math.max(0, Math.floor(cx - r));
  const xb = Math.min(w - 1, Math.ceil(cx + r));
  const ya = Math.max(0, Math.floor(cy - r));
  const yb = Math.min(h - 1, Math.ceil(cy + r));
  for (let y = ya; y <= yb; y++) {
    for (let x = xa; x <= xb; x++) {
      const p = y * w + x;
      if (matte[p] === 0) continue;
      const dx = x + 0.5 - cx;
      const dy = y + 0.5 - cy;
      // Inverse rotation into the crop's frame, then to crop pixels.
      const u = (c * dx + s * dy + half) * k - 0.5;
      const v = (-s * dx + c * dy + half) * k - 0.5;
      if (u < 0 || v < 0 || u > size - 1 || v > size - 1) continue;
      const u0 = Math.min(size - 2, Math.floor(u));
      const v0 = Math.min(size - 2, Math.floor(v));
      const au = u - u0;
      const av = v - v0;
      for (let ci = 0; ci < 3; ci++) {
        const at = (uu: number, vv: number) => delta[(vv * size + uu) * 3 + ci]!;
        const d =
          (1 - av) * ((1 - au) * at(u0, v0) + au * at(u0 + 1, v0)) +
          av * ((1 - au) * at(u0, v0 + 1) + au * at(u0 + 1, v0 + 1));
        const o = p * ch + ci;
        data[o] = Math.max(0, Math.min(255, Math.round(data[o]! + strength * d)));
      }
    }
  }
}

/** A rough yaw from the keypoints: the nose tip's offset from the jaw's midline, -1 (left) .. 1 (right). */
export function yawFromKeypoints(kp: ArrayLike<number>): number {
  const x = (i: number) => kp[2 * i]!;
  const left = x(0);
  const right = x(16);
  const span = right - left;
  if (Math.abs(span) < 1e-6) return 0;
  return Math.max(-1, Math.min(1, (2 * (x(30) - left)) / span - 1));
}
