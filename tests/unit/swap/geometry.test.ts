import { describe, expect, it } from 'vitest';
import {
  BORDER_START,
  EXTRA_POINT_WEIGHTS,
  expandToMesh,
  MESH_TRIANGLE_COUNT,
  MESH_TRIANGLE_KINDS,
  MESH_TRIANGLES,
  MESH_VERTEX_COUNT,
  TRIANGLE_BORDER,
  TRIANGLE_MOUTH,
} from '../../../src-shared/geometry/face-mesh.ts';
import { affineFromPose, applyAffine, IDENTITY_AFFINE } from '../../../src-shared/geometry/affine.ts';
import { estimateYawDeg } from '../../../src-shared/geometry/yaw.ts';
import { chooseMirror, mirrorKeypoints, MIRROR_PERMUTATION } from '../../../src-shared/geometry/mirror.ts';
import { delaunay } from '../../../src-shared/geometry/delaunay.ts';
import { canonicalFace } from './fixtures.ts';

describe('face mesh topology', () => {
  it('has 105 vertices, every vertex used, triangles counter-clockwise on the canonical face', () => {
    expect(MESH_VERTEX_COUNT).toBe(105);
    const used = new Set(MESH_TRIANGLES);
    expect(used.size).toBe(MESH_VERTEX_COUNT);
    const { xy } = canonicalFace(200, 160, 160);
    const v = expandToMesh(xy, 2);
    let totalArea = 0;
    for (let t = 0; t < MESH_TRIANGLE_COUNT; t++) {
      const [a, b, c] = [MESH_TRIANGLES[3 * t]!, MESH_TRIANGLES[3 * t + 1]!, MESH_TRIANGLES[3 * t + 2]!];
      const area =
        (v[2 * b]! - v[2 * a]!) * (v[2 * c + 1]! - v[2 * a + 1]!) -
        (v[2 * c]! - v[2 * a]!) * (v[2 * b + 1]! - v[2 * a + 1]!);
      expect(area).toBeGreaterThan(0);
      totalArea += area / 2;
    }
    expect(totalArea).toBeGreaterThan(200 * 200 * 0.9);
  });

  it('labels mouth-interior triangles by inner-lip vertices and border triangles by ring vertices', () => {
    for (let t = 0; t < MESH_TRIANGLE_COUNT; t++) {
      const vs = [0, 1, 2].map((k) => MESH_TRIANGLES[3 * t + k]!);
      if (MESH_TRIANGLE_KINDS[t] === TRIANGLE_MOUTH) expect(vs.every((v) => v >= 60 && v <= 67)).toBe(true);
      if (MESH_TRIANGLE_KINDS[t] === TRIANGLE_BORDER) expect(vs.some((v) => v >= BORDER_START)).toBe(true);
      else expect(vs.every((v) => v < BORDER_START)).toBe(true);
    }
    expect([...MESH_TRIANGLE_KINDS].filter((k) => k === TRIANGLE_MOUTH).length).toBeGreaterThan(0);
  });

  it('derives extra points as affine combinations, so they commute with any 2x4 affine', () => {
    for (const combo of EXTRA_POINT_WEIGHTS) expect(combo.reduce((s, [, w]) => s + w, 0)).toBeCloseTo(1, 12);
    const { xy, depth } = canonicalFace(150, 100, 120);
    const m = affineFromPose({ yawDeg: 35, pitchDeg: -10, rollDeg: 8, scale: 1.3, tx: 12, ty: -7 });
    const viaKeypoints = expandToMesh(applyAffine(m, xy, depth).xy, 2);
    const viaMesh = applyAffine(m, expandToMesh(xy, 2), expandToMesh(depth, 1)).xy;
    for (let i = 0; i < viaMesh.length; i++) expect(viaKeypoints[i]).toBeCloseTo(viaMesh[i]!, 9);
  });

  it('rejects a wrong number of keypoints', () => {
    expect(() => expandToMesh(new Float64Array(10), 2)).toThrow(/68 keypoints/);
  });

  it('delaunay triangulates a square grid into 2 triangles per cell', () => {
    const xs: number[] = [];
    const ys: number[] = [];
    for (let y = 0; y < 4; y++) {
      for (let x = 0; x < 5; x++) {
        xs.push(x + 1e-3 * y);
        ys.push(y + 1e-3 * x * x);
      }
    }
    expect(delaunay(xs, ys)).toHaveLength(4 * 3 * 2);
  });
});

describe('affine', () => {
  it('identity keeps points; depth of a rotation is the rotated z', () => {
    const { xy, depth } = canonicalFace(100, 0, 0);
    const id = applyAffine(IDENTITY_AFFINE, xy, depth);
    expect([...id.xy]).toEqual([...xy]);
    const yaw = 40 * (Math.PI / 180);
    const r = applyAffine(affineFromPose({ yawDeg: 40, scale: 2 }), xy, depth);
    for (let i = 0; i < 68; i++) {
      expect(r.xy[2 * i]).toBeCloseTo(2 * (xy[2 * i]! * Math.cos(yaw) + depth[i]! * Math.sin(yaw)), 9);
      expect(r.z[i]).toBeCloseTo(2 * (-xy[2 * i]! * Math.sin(yaw) + depth[i]! * Math.cos(yaw)), 9);
    }
  });
});

describe('yaw and mirror', () => {
  it('estimates the yaw of the canonical face turned by known angles', () => {
    const { xy, depth } = canonicalFace(200, 0, 0);
    for (const yaw of [-60, -30, 0, 20, 45, 70]) {
      const turned = applyAffine(affineFromPose({ yawDeg: yaw, rollDeg: 15 }), xy, depth).xy;
      expect(Math.abs(estimateYawDeg(turned) - yaw)).toBeLessThan(4);
    }
  });

  it('mirroring negates the yaw and is an involution', () => {
    const { xy, depth } = canonicalFace(200, 300, 200);
    const turned = applyAffine(affineFromPose({ yawDeg: 30, tx: 0 }), xy, depth).xy;
    const m = mirrorKeypoints(turned, 640);
    expect(estimateYawDeg(m)).toBeCloseTo(-estimateYawDeg(turned), 6);
    const back = mirrorKeypoints(m, 640);
    for (let i = 0; i < 136; i++) expect(back[i]).toBeCloseTo(turned[i]!, 9);
    for (let i = 0; i < 68; i++) expect(MIRROR_PERMUTATION[MIRROR_PERMUTATION[i]!]).toBe(i);
  });

  it('chooses the mirrored source when the target shows the side the source hides', () => {
    expect(chooseMirror(30, -35, 'auto')).toBe(true);
    expect(chooseMirror(30, 25, 'auto')).toBe(false);
    expect(chooseMirror(-40, 40, 'auto')).toBe(true);
    expect(chooseMirror(3, -4, 'auto')).toBe(false); // near frontal: inside the margin
    expect(chooseMirror(30, 25, 'on')).toBe(true);
    expect(chooseMirror(30, -35, 'off')).toBe(false);
  });
});
