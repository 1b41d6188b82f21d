import { describe, expect, it } from 'vitest';
import {
  affineFromPose,
  applyAffine,
  IDENTITY_AFFINE,
  type Affine2x4,
} from '../../../src-shared/geometry/affine.ts';
import { expandToMesh, MESH_TRIANGLE_KINDS, MESH_TRIANGLES } from '../../../src-shared/geometry/face-mesh.ts';
import { warpFace } from '../../../src-main/swap/warp-face.ts';
import { rasterizeMesh, meshRect } from '../../../src-main/swap/rasterize.ts';
import { canonicalFace, sampleRef, texture } from './fixtures.ts';

const W = 320;
const H = 320;
const tex = texture(W, H);
const face = canonicalFace(180, 160, 170);
const source = { texture: tex, keypoints: face.xy };

/** Max |warp - reference| over covered pixels, where the reference maps a target pixel back to the source. */
function maxErrorAgainst(
  patch: NonNullable<ReturnType<typeof warpFace>>,
  inverse: (x: number, y: number) => [number, number],
): { max: number; covered: number } {
  let max = 0;
  let covered = 0;
  for (let y = 0; y < patch.height; y++) {
    for (let x = 0; x < patch.width; x++) {
      const i = y * patch.width + x;
      if (!patch.coverage[i]) continue;
      covered++;
      const [u, v] = inverse(patch.x0 + x, patch.y0 + y);
      const ref = sampleRef(tex, u, v);
      for (let c = 0; c < 3; c++) max = Math.max(max, Math.abs(patch.rgb[3 * i + c]! - ref[c]!));
    }
  }
  return { max, covered };
}

describe('textured mesh warp', () => {
  it('identity affine returns the source inside the mask, exactly', () => {
    const patch = warpFace(source, { affine: IDENTITY_AFFINE, depth: face.depth }, W, H)!;
    const { max, covered } = maxErrorAgainst(patch, (x, y) => [x, y]);
    expect(covered).toBeGreaterThan(180 * 180 * 0.8);
    expect(max).toBeLessThanOrEqual(0.5);
  });

  it('a known 2D rotation, scale and translation matches the exact reference warp', () => {
    const angle = (25 * Math.PI) / 180;
    const s = 1.35;
    const [tx, ty] = [-30, 12];
    const [c, sn] = [Math.cos(angle), Math.sin(angle)];
    // Rotation about the origin, then the shift; depth ignored (its column is 0).
    const m: Affine2x4 = [s * c, -s * sn, 0, tx, s * sn, s * c, 0, ty];
    const patch = warpFace(source, { affine: m, depth: face.depth }, 400, 400)!;
    const det = s * s;
    const { max, covered } = maxErrorAgainst(patch, (x, y) => {
      const dx = x - tx;
      const dy = y - ty;
      return [(s * c * dx + s * sn * dy) / det, (-s * sn * dx + s * c * dy) / det];
    });
    expect(covered).toBeGreaterThan(180 * 180 * s * s * 0.8);
    expect(max).toBeLessThanOrEqual(0.51);
  });

  it('follows depth: a planar depth field with a depth column is still an exact affine warp', () => {
    // depth = 0.3 x - 0.2 y + 5, affine with a non-zero depth column: net map is 2D affine.
    const depth = Float64Array.from(
      { length: 68 },
      (_, i) => 0.3 * face.xy[2 * i]! - 0.2 * face.xy[2 * i + 1]! + 5,
    );
    const m: Affine2x4 = [0.9, 0.1, 0.4, 10, -0.05, 1.1, -0.3, 4];
    const a = m[0] + m[2] * 0.3;
    const b = m[1] - m[2] * 0.2;
    const e = m[4] + m[6] * 0.3;
    const f = m[5] - m[6] * 0.2;
    const tx = m[3] + m[2] * 5;
    const ty = m[7] + m[6] * 5;
    const det = a * f - b * e;
    const patch = warpFace(source, { affine: m, depth }, 400, 400)!;
    const { max } = maxErrorAgainst(patch, (x, y) => [
      (f * (x - tx) - b * (y - ty)) / det,
      (-e * (x - tx) + a * (y - ty)) / det,
    ]);
    expect(max).toBeLessThanOrEqual(0.51);
  });

  it('a folded mesh (face turned 65 degrees) is resolved by the z-buffer: the nearest surface wins', () => {
    const m = affineFromPose({ yawDeg: 65, tx: 40, ty: 0 });
    const uv = expandToMesh(face.xy, 2);
    // Depth about the face centre so that the turn keeps the face on screen.
    const depth = expandToMesh(face.depth, 1);
    const { xy, z } = applyAffine(m, uv, depth);
    const rect = meshRect(xy, W, H)!;
    const mesh = { uv, xy, z, triangles: MESH_TRIANGLES, kinds: MESH_TRIANGLE_KINDS };
    const withZ = rasterizeMesh(tex, mesh, rect, { keepTriangleIds: true });
    const noZ = rasterizeMesh(tex, mesh, rect, { depthTest: false, keepTriangleIds: true });
    // Brute force: at every pixel, the covering triangle with the largest interpolated z.
    let overlapped = 0;
    let differs = 0;
    for (let py = 0; py < rect.height; py++) {
      for (let px = 0; px < rect.width; px++) {
        const X = rect.x0 + px;
        const Y = rect.y0 + py;
        let best = -Infinity;
        let bestT = -1;
        let covering = 0;
        let nearestBehind = Infinity;
        for (let t = 0; t * 3 < MESH_TRIANGLES.length; t++) {
          const [a, b, c] = [MESH_TRIANGLES[3 * t]!, MESH_TRIANGLES[3 * t + 1]!, MESH_TRIANGLES[3 * t + 2]!];
          const area =
            (xy[2 * b]! - xy[2 * a]!) * (xy[2 * c + 1]! - xy[2 * a + 1]!) -
            (xy[2 * c]! - xy[2 * a]!) * (xy[2 * b + 1]! - xy[2 * a + 1]!);
          if (Math.abs(area) < 1e-9) continue;
          const l1 =
            ((X - xy[2 * a]!) * (xy[2 * c + 1]! - xy[2 * a + 1]!) -
              (xy[2 * c]! - xy[2 * a]!) * (Y - xy[2 * a + 1]!)) /
            area;
          const l2 =
            ((xy[2 * b]! - xy[2 * a]!) * (Y - xy[2 * a + 1]!) -
              (X - xy[2 * a]!) * (xy[2 * b + 1]! - xy[2 * a + 1]!)) /
            area;
          const l0 = 1 - l1 - l2;
          if (l0 < -1e-7 || l1 < -1e-7 || l2 < -1e-7) continue;
          covering++;
          const zz = l0 * z[a]! + l1 * z[b]! + l2 * z[c]!;
          nearestBehind = Math.min(nearestBehind, zz);
          if (zz > best + 1e-6) {
            best = zz;
            bestT = t;
          }
        }
        const i = py * rect.width + px;
        // Only pixels where two surfaces of different depth overlap (a real fold, not a shared edge).
        if (covering < 2 || best - nearestBehind < 1) continue;
        const id = withZ.triangleIds![i]!;
        if (id !== bestT) {
          expect(Math.abs(withZ.zbuf[i]! - best)).toBeLessThan(1e-3);
          continue;
        }
        overlapped++;
        if (noZ.triangleIds![i] !== id) differs++;
      }
    }
    expect(overlapped).toBeGreaterThan(200);
    // Without the z-buffer, painter's order shows the far side in many of those pixels.
    expect(differs).toBeGreaterThan(50);
  });

  it('returns null when the face lands outside the frame', () => {
    expect(warpFace(source, { affine: [1, 0, 0, 5000, 0, 1, 0, 0], depth: face.depth }, W, H)).toBeNull();
  });
});
