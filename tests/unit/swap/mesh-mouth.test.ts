import { describe, expect, it } from 'vitest';
import { constrainEdges } from '../../../src-shared/geometry/constrain-edges.ts';
import {
  MESH_TRIANGLE_COUNT,
  MESH_TRIANGLE_KINDS,
  MESH_TRIANGLES,
  TRIANGLE_MOUTH,
} from '../../../src-shared/geometry/face-mesh.ts';
import { distanceToPolygonEdge } from '../../../src-shared/geometry/polygon.ts';
import { canonicalFace } from './fixtures.ts';

const signedArea = (xs: readonly number[], ys: readonly number[], [a, b, c]: readonly number[]) =>
  ((xs[b!]! - xs[a!]!) * (ys[c!]! - ys[a!]!) - (xs[c!]! - xs[a!]!) * (ys[b!]! - ys[a!]!)) / 2;

describe('constrainEdges', () => {
  it('flips a square diagonal to the required one, keeping counter-clockwise triangles', () => {
    const xs = [0, 1, 1, 0];
    const ys = [0, 0, 1, 1];
    const out = constrainEdges(
      xs,
      ys,
      [
        [0, 1, 2],
        [0, 2, 3],
      ],
      [[1, 3]],
    );
    expect(out.every((t) => t.includes(1) && t.includes(3))).toBe(true);
    for (const t of out) expect(signedArea(xs, ys, t)).toBeGreaterThan(0);
  });

  it('leaves a triangulation that already has the edges unchanged', () => {
    const tris: [number, number, number][] = [
      [0, 1, 2],
      [0, 2, 3],
    ];
    expect(constrainEdges([0, 1, 1, 0], [0, 0, 1, 1], tris, [[0, 2]])).toEqual(tris);
  });

  it('refuses an edge that runs through another point', () => {
    // 0 (0,0), 1 (2,0), 2 (1,0) on the segment 0-1, 3 above, 4 below.
    const xs = [0, 2, 1, 1, 1];
    const ys = [0, 0, 0, 1, -1];
    const tris: [number, number, number][] = [
      [0, 2, 3],
      [2, 1, 3],
      [0, 4, 2],
      [2, 4, 1],
    ];
    expect(() => constrainEdges(xs, ys, tris, [[0, 1]])).toThrow(/0-1/);
  });
});

describe('the mesh mouth', () => {
  // An open mouth on the canonical face: the inner lips 61-63 up and 65-67 down.
  const { xy } = canonicalFace(400, 300, 300);
  for (let i = 61; i <= 63; i++) xy[2 * i + 1] = xy[2 * i + 1]! - 8;
  for (let i = 65; i <= 67; i++) xy[2 * i + 1] = xy[2 * i + 1]! + 8;
  const xs = Array.from({ length: 68 }, (_, i) => xy[2 * i]!);
  const ys = Array.from({ length: 68 }, (_, i) => xy[2 * i + 1]!);
  const mouth: number[][] = [];
  const others: number[][] = [];
  for (let t = 0; t < MESH_TRIANGLE_COUNT; t++) {
    const tri = [0, 1, 2].map((k) => MESH_TRIANGLES[3 * t + k]!);
    (MESH_TRIANGLE_KINDS[t] === TRIANGLE_MOUTH ? mouth : others).push(tri);
  }

  it('has every inner-lip edge, so no lip triangle reaches across the opening', () => {
    for (let k = 0; k < 8; k++) {
      const [a, b] = [60 + k, 60 + ((k + 1) % 8)];
      expect(mouth.some((t) => t.includes(a) && t.includes(b))).toBe(true);
      expect(others.some((t) => t.includes(a) && t.includes(b))).toBe(true);
    }
  });

  it('fills the inner-lip polygon exactly with its 6 mouth triangles', () => {
    expect(mouth).toHaveLength(6);
    let polygon = 0;
    for (let k = 0; k < 8; k++) {
      const [a, b] = [60 + k, 60 + ((k + 1) % 8)];
      polygon += (xs[a]! * ys[b]! - xs[b]! * ys[a]!) / 2;
    }
    const filled = mouth.reduce((s, t) => s + signedArea(xs, ys, t), 0);
    expect(filled).toBeCloseTo(Math.abs(polygon), 6);
    for (const t of mouth) expect(signedArea(xs, ys, t)).toBeGreaterThan(0);
  });
});

describe('distanceToPolygonEdge', () => {
  it('is the distance to the nearest edge, inside and outside a square', () => {
    const square = [0, 0, 10, 0, 10, 10, 0, 10];
    expect(distanceToPolygonEdge(square, 5, 5)).toBeCloseTo(5, 12);
    expect(distanceToPolygonEdge(square, 2, 5)).toBeCloseTo(2, 12);
    expect(distanceToPolygonEdge(square, 13, 14)).toBeCloseTo(5, 12);
  });
});
