// The face mesh: 68 iBUG keypoints, 10 forehead points and a 27-point border ring, with a fixed triangle
// list. Every extra point is a fixed affine combination of keypoints (weights sum to 1), so the same rule
// derives its 2D position, its depth, and commutes with any affine transform. The engine's rasteriser and
// the studio's three.js preview both use this topology, so preview and render agree.
import { CANONICAL_FACE_3D } from './canonical-face.ts';
import { constrainEdges } from './constrain-edges.ts';
import { delaunay } from './delaunay.ts';

export const KEYPOINT_COUNT = 68;
/** Brow points 17..26, each lifted by this fraction of the chin-to-nose-bridge vector to make the forehead. */
export const FOREHEAD_LIFT = 0.35;
/** The border ring lies this fraction further out from the nose tip than the face outline. */
export const BORDER_PUSH = 0.12;

export const FOREHEAD_START = KEYPOINT_COUNT; // 68..77 above brows 17..26
export const FOREHEAD_COUNT = 10;
/** Outline of the inner face, clockwise on screen: jaw 0..16 then forehead from above 26 back to above 17. */
export const OUTLINE: readonly number[] = [
  ...Array.from({ length: 17 }, (_, i) => i),
  ...Array.from({ length: FOREHEAD_COUNT }, (_, i) => FOREHEAD_START + FOREHEAD_COUNT - 1 - i),
];
export const BORDER_START = FOREHEAD_START + FOREHEAD_COUNT; // one border point per outline point
export const MESH_VERTEX_COUNT = BORDER_START + OUTLINE.length;

/** Sparse weights over keypoints: [keypointIndex, weight][]. */
type Combo = [number, number][];

function addCombo(out: Map<number, number>, combo: Combo, scale: number): void {
  for (const [i, w] of combo) out.set(i, (out.get(i) ?? 0) + w * scale);
}

function buildExtraCombos(): Combo[] {
  const combos: Combo[] = [];
  for (let b = 17; b <= 26; b++) {
    combos.push([
      [b, 1],
      [27, FOREHEAD_LIFT],
      [8, -FOREHEAD_LIFT],
    ]);
  }
  const comboOf = (v: number): Combo => (v < KEYPOINT_COUNT ? [[v, 1]] : combos[v - KEYPOINT_COUNT]!);
  for (const v of OUTLINE) {
    const m = new Map<number, number>();
    addCombo(m, comboOf(v), 1 + BORDER_PUSH);
    addCombo(m, [[30, 1]], -BORDER_PUSH);
    combos.push([...m.entries()].filter(([, w]) => w !== 0));
  }
  return combos;
}

/** For each extra vertex (index KEYPOINT_COUNT + k): its keypoint weights. */
export const EXTRA_POINT_WEIGHTS: readonly (readonly (readonly [number, number])[])[] = buildExtraCombos();

/**
 * Expands a per-keypoint attribute with `stride` channels (2 for x,y; 1 for depth; 3 for x,y,z) from 68 to
 * all mesh vertices, interleaved. The extra points are affine combinations of the keypoints.
 */
export function expandToMesh(values: ArrayLike<number>, stride: number): Float64Array {
  if (values.length !== KEYPOINT_COUNT * stride) {
    throw new Error(
      `expected ${KEYPOINT_COUNT * stride} values (68 keypoints x ${stride}), got ${values.length}`,
    );
  }
  const out = new Float64Array(MESH_VERTEX_COUNT * stride);
  for (let i = 0; i < KEYPOINT_COUNT * stride; i++) out[i] = values[i]!;
  EXTRA_POINT_WEIGHTS.forEach((combo, k) => {
    const o = (KEYPOINT_COUNT + k) * stride;
    for (const [idx, w] of combo) {
      for (let c = 0; c < stride; c++) out[o + c] = out[o + c]! + w * values[idx * stride + c]!;
    }
  });
  return out;
}

export const TRIANGLE_FACE = 0;
export const TRIANGLE_MOUTH = 1;
export const TRIANGLE_BORDER = 2;
export type TriangleKind = typeof TRIANGLE_FACE | typeof TRIANGLE_MOUTH | typeof TRIANGLE_BORDER;

const INNER_LIP = new Set([60, 61, 62, 63, 64, 65, 66, 67]);
/** The inner-lip polygon's edges: forced into the mesh so the mouth triangles fill the opening exactly. */
const INNER_LIP_EDGES: readonly (readonly [number, number])[] = Array.from(
  { length: 8 },
  (_, k) => [60 + k, 60 + ((k + 1) % 8)] as const,
);

function buildTopology(): { triangles: Uint16Array; kinds: Uint8Array } {
  // Canonical positions with the mouth opened a little so that the inner lips triangulate cleanly.
  const flat: number[] = [];
  CANONICAL_FACE_3D.forEach(([x, y], i) => {
    const open = i >= 61 && i <= 63 ? -0.02 : i >= 65 && i <= 67 ? 0.02 : 0;
    flat.push(x, y + open);
  });
  const all = expandToMesh(flat, 2);
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i < BORDER_START; i++) {
    xs.push(all[2 * i]!);
    ys.push(all[2 * i + 1]!);
  }
  const tris: [number, number, number, TriangleKind][] = [];
  for (const [a, b, c] of constrainEdges(xs, ys, delaunay(xs, ys), INNER_LIP_EDGES)) {
    const mouth = INNER_LIP.has(a) && INNER_LIP.has(b) && INNER_LIP.has(c);
    tris.push([a, b, c, mouth ? TRIANGLE_MOUTH : TRIANGLE_FACE]);
  }
  const orient = (a: number, b: number, c: number): [number, number, number] => {
    const area =
      (all[2 * b]! - all[2 * a]!) * (all[2 * c + 1]! - all[2 * a + 1]!) -
      (all[2 * c]! - all[2 * a]!) * (all[2 * b + 1]! - all[2 * a + 1]!);
    return area > 0 ? [a, b, c] : [a, c, b];
  };
  for (let k = 0; k < OUTLINE.length; k++) {
    const k1 = (k + 1) % OUTLINE.length;
    const h0 = OUTLINE[k]!;
    const h1 = OUTLINE[k1]!;
    const b0 = BORDER_START + k;
    const b1 = BORDER_START + k1;
    tris.push([...orient(h0, h1, b1), TRIANGLE_BORDER], [...orient(h0, b1, b0), TRIANGLE_BORDER]);
  }
  const triangles = new Uint16Array(tris.length * 3);
  const kinds = new Uint8Array(tris.length);
  tris.forEach(([a, b, c, kind], t) => {
    triangles.set([a, b, c], 3 * t);
    kinds[t] = kind;
  });
  return { triangles, kinds };
}

const topology = buildTopology();
/** Vertex indices, 3 per triangle, counter-clockwise on screen (y down) for the canonical face. */
export const MESH_TRIANGLES: Readonly<Uint16Array> = topology.triangles;
/** Per triangle: TRIANGLE_FACE, TRIANGLE_MOUTH (inside the inner lips) or TRIANGLE_BORDER (outer ring). */
export const MESH_TRIANGLE_KINDS: Readonly<Uint8Array> = topology.kinds;
export const MESH_TRIANGLE_COUNT = topology.kinds.length;
