// Forces given edges into a triangulation by edge flips (the classic constrained-Delaunay insertion: while
// a required edge is missing, flip an edge that crosses it and bounds a convex quadrilateral). Used once on
// the canonical face so the mouth's inner-lip polygon is made of its own edges: plain Delaunay triangulates
// the thin mouth corners with outer-lip points (e.g. 49-67), which stretched lip texture across the
// opening and hid the target's teeth there.

type Tri = [number, number, number];

function cross(xs: readonly number[], ys: readonly number[], a: number, b: number, c: number): number {
  return (xs[b]! - xs[a]!) * (ys[c]! - ys[a]!) - (xs[c]! - xs[a]!) * (ys[b]! - ys[a]!);
}

/** Whether segments (a,b) and (c,d) cross at a point inside both (sharing an end is not crossing). */
function segmentsCross(
  xs: readonly number[],
  ys: readonly number[],
  a: number,
  b: number,
  c: number,
  d: number,
): boolean {
  if (a === c || a === d || b === c || b === d) return false;
  const d1 = cross(xs, ys, a, b, c);
  const d2 = cross(xs, ys, a, b, d);
  const d3 = cross(xs, ys, c, d, a);
  const d4 = cross(xs, ys, c, d, b);
  return d1 * d2 < 0 && d3 * d4 < 0;
}

function hasEdge(tris: readonly Tri[], a: number, b: number): boolean {
  return tris.some((t) => t.includes(a) && t.includes(b));
}

/** The triangle (a, b, c) with positive signed area (counter-clockwise in a y-down frame). */
function oriented(xs: readonly number[], ys: readonly number[], t: Tri): Tri {
  return cross(xs, ys, t[0], t[1], t[2]) > 0 ? t : [t[0], t[2], t[1]];
}

/**
 * Returns a triangulation of the same points that contains every edge of `edges`, by flipping edges of
 * `triangles` (whose orientation, counter-clockwise in a y-down frame, is kept). Throws when an edge
 * cannot be inserted (the edges cross each other, or one passes through a point).
 */
export function constrainEdges(
  xs: readonly number[],
  ys: readonly number[],
  triangles: readonly Tri[],
  edges: readonly (readonly [number, number])[],
): Tri[] {
  const tris: Tri[] = triangles.map((t) => [...t]);
  for (const [a, b] of edges) {
    for (let guard = 0; !hasEdge(tris, a, b); guard++) {
      if (guard > 4 * tris.length) throw new Error(`constrainEdges: cannot insert edge ${a}-${b}`);
      if (!flipOneCrossing(xs, ys, tris, a, b))
        throw new Error(`constrainEdges: edge ${a}-${b} is blocked (no flippable crossing edge)`);
    }
  }
  return tris;
}

/** Flips one edge crossing (a, b) whose two triangles form a convex quadrilateral; false if none. */
function flipOneCrossing(
  xs: readonly number[],
  ys: readonly number[],
  tris: Tri[],
  a: number,
  b: number,
): boolean {
  for (let i = 0; i < tris.length; i++) {
    const t = tris[i]!;
    for (let e = 0; e < 3; e++) {
      const c = t[e]!;
      const d = t[(e + 1) % 3]!;
      if (!segmentsCross(xs, ys, a, b, c, d)) continue;
      const x = t[(e + 2) % 3]!;
      const j = tris.findIndex((u, k) => k !== i && u.includes(c) && u.includes(d));
      if (j < 0) continue;
      const y = tris[j]!.find((v) => v !== c && v !== d)!;
      // Convex quadrilateral x-c-y-d: the new diagonal x-y crosses the old c-d.
      if (!segmentsCross(xs, ys, x, y, c, d)) continue;
      tris[i] = oriented(xs, ys, [x, y, c]);
      tris[j] = oriented(xs, ys, [y, x, d]);
      return true;
    }
  }
  return false;
}
