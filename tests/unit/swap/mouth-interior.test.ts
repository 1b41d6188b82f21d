import { describe, expect, it } from 'vitest';
import { swapFrame, type FaceInFrame } from '../../../src-main/swap/swap-frame.ts';
import { affineFromPose, applyAffine } from '../../../src-shared/geometry/affine.ts';
import { canonicalFace } from './fixtures.ts';
import type { Image } from '../../../src-main/swap/image.ts';

const src = canonicalFace(100, 100, 100);
const solid = (w: number, h: number, rgb: [number, number, number]): Image => {
  const data = new Uint8Array(w * h * 3);
  for (let i = 0; i < w * h; i++) data.set(rgb, 3 * i);
  return { width: w, height: h, channels: 3, data };
};
const pose = affineFromPose({ scale: 2, tx: 100, ty: 60 });
const placed = applyAffine(pose, src.xy, src.depth).xy;
/** Offsets that open the placed inner lips by `gap` pixels (what expression transfer gives). */
function opening(gap: number): Float64Array {
  const o = new Float64Array(136);
  for (const i of [61, 62, 63]) o[2 * i + 1] = -gap / 2;
  for (const i of [65, 66, 67]) o[2 * i + 1] = gap / 2;
  return o;
}
/** The target frame: green, with a blue mouth interior polygon around the mouth centre. */
function targetFrame(): Image {
  const f = solid(400, 400, [0, 200, 0]);
  const cx = (placed[2 * 62]! + placed[2 * 66]!) / 2;
  const cy = (placed[2 * 62 + 1]! + placed[2 * 66 + 1]!) / 2;
  for (let y = Math.round(cy - 12); y <= cy + 12; y++) {
    for (let x = Math.round(cx - 30); x <= cx + 30; x++) f.data.set([0, 0, 255], 3 * (y * 400 + x));
  }
  return f;
}

describe('mouth interior from the target', () => {
  const source = { normal: { texture: solid(200, 200, [200, 50, 50]), keypoints: src.xy } };
  const sw = { ...source, mirrored: source.normal };
  const offsets = opening(16);
  const openTarget = Float64Array.from(placed, (v, k) => v + offsets[k]!);
  const mouthCentre = (): number => {
    const cx = Math.round((openTarget[2 * 62]! + openTarget[2 * 66]!) / 2);
    const cy = Math.round((openTarget[2 * 62 + 1]! + openTarget[2 * 66 + 1]!) / 2);
    return 3 * (cy * 400 + cx);
  };

  it("shows the target's own mouth interior inside the output's inner lips, feathered at the lip line", () => {
    const frame = targetFrame();
    const face: FaceInFrame = {
      affine: pose,
      depth: src.depth,
      mirrored: false,
      offsets,
      targetKeypoints: openTarget,
    };
    swapFrame(frame, sw, [face], { colorTransfer: false, mask: { erode: 0, feather: 0.02 } });
    const c = mouthCentre();
    expect(Array.from(frame.data.subarray(c, c + 3))).toEqual([0, 0, 255]);
    // Above the upper lip: the source's skin.
    const lip = 3 * (Math.round(openTarget[2 * 51 + 1]! - 6) * 400 + Math.round(openTarget[2 * 51]!));
    expect(Array.from(frame.data.subarray(lip, lip + 3))).toEqual([200, 50, 50]);
  });

  it('without the target keypoints (expression 0) or with the option off, the source is drawn there', () => {
    for (const [face, options] of [
      [{ affine: pose, depth: src.depth, mirrored: false, offsets }, {}],
      [
        { affine: pose, depth: src.depth, mirrored: false, offsets, targetKeypoints: openTarget },
        { mouthFromTarget: false },
      ],
    ] as const) {
      const frame = targetFrame();
      swapFrame(frame, sw, [face as FaceInFrame], { colorTransfer: false, ...options });
      const c = mouthCentre();
      expect(Array.from(frame.data.subarray(c, c + 3))).toEqual([200, 50, 50]);
    }
  });

  it('a closed target mouth leaves no interior pixels (nothing floats on closed lips)', () => {
    const frame = targetFrame();
    const closedOffsets = opening(-Math.abs(placed[2 * 66 + 1]! - placed[2 * 62 + 1]!));
    const closed = Float64Array.from(placed, (v, k) => v + closedOffsets[k]!);
    const face: FaceInFrame = {
      affine: pose,
      depth: src.depth,
      mirrored: false,
      offsets: closedOffsets,
      targetKeypoints: closed,
    };
    swapFrame(frame, sw, [face], { colorTransfer: false, mask: { erode: 0, feather: 0.02 } });
    let blue = 0;
    for (let i = 0; i < 400 * 400; i++) if (frame.data[3 * i + 2] === 255 && frame.data[3 * i] === 0) blue++;
    // The blue block of the target is covered by the source's closed lips (at most a lip-line of pixels).
    expect(blue).toBeLessThan(61 * 25 * 0.05);
  });
});
