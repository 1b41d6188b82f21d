// Bowyer-Watson Delaunay triangulation of a small 2D point set (a few hundred points). Used once, on the
// canonical face, to fix the mesh topology; deterministic for a given input.

/** Triangles as index triples, each counter-clockwise in a y-down image frame (positive signed area). */
export function delaunay(xs: readonly number[], ys: readonly number[]): [number, number, number][] {
  const n = xs.length;
  if (n !== ys.length || n < 3) throw new Error(`delaunay needs at least 3 points with x and y (got ${n})`);
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (let i = 0; i < n; i++) {
    minX = Math.min(minX, xs[i]!);
    maxX = Math.max(maxX, xs[i]!);
    minY = Math.min(minY, ys[i]!);
    maxY = Math.max(maxY, ys[i]!);
  }
  const span = Math.max(maxX - minX, maxY - minY) || 1;
  const cx = (minX + maxX) / 2;
  const cy = (minY + maxY) / 2;
  // Super-triangle far outside the points: indices n, n+1, n+2.
  const px = [...xs, cx - 20 * span, cx, cx + 20 * span];
  const py = [...ys, cy - 20 * span, cy + 20 * span, cy - 20 * span];

  interface Tri {
    a: number;
    b: number;
    c: number;
    ccx: number;
    ccy: number;
    r2: number;
  }
  const make = (a: number, b: number, c: number): Tri => {
    const ax = px[a]!;
    const ay = py[a]!;
    const bx = px[b]!;
    const by = py[b]!;
    const cxp = px[c]!;
    const cyp = py[c]!;
    const d = 2 * (ax * (by - cyp) + bx * (cyp - ay) + cxp * (ay - by));
    const a2 = ax * ax + ay * ay;
    const b2 = bx * bx + by * by;
    const c2 = cxp * cxp + cyp * cyp;
    const ccx = (a2 * (by - cyp) + b2 * (cyp - ay) + c2 * (ay - by)) / d;
    const ccy = (a2 * (cxp - bx) + b2 * (ax - cxp) + c2 * (bx - ax)) / d;
    return { a, b, c, ccx, ccy, r2: (ax - ccx) ** 2 + (ay - ccy) ** 2 };
  };

  let tris: Tri[] = [make(n, n + 1, n + 2)];
  for (let i = 0; i < n; i++) {
    const x = px[i]!;
    const y = py[i]!;
    const bad: Tri[] = [];
    const keep: Tri[] = [];
    for (const t of tris) {
      if ((x - t.ccx) ** 2 + (y - t.ccy) ** 2 < t.r2 * (1 - 1e-12)) bad.push(t);
      else keep.push(t);
    }
    // Boundary of the cavity: edges used by exactly one bad triangle.
    const edges = new Map<string, [number, number]>();
    for (const t of bad) {
      for (const [u, v] of [
        [t.a, t.b],
        [t.b, t.c],
        [t.c, t.a],
      ] as const) {
        const key = u < v ? `${u},${v}` : `${v},${u}`;
        if (edges.has(key)) edges.delete(key);
        else edges.set(key, [u, v]);
      }
    }
    for (const [u, v] of edges.values()) keep.push(make(u, v, i));
    tris = keep;
  }
  const out: [number, number, number][] = [];
  for (const t of tris) {
    if (t.a >= n || t.b >= n || t.c >= n) continue;
    const area =
      (px[t.b]! - px[t.a]!) * (py[t.c]! - py[t.a]!) - (px[t.c]! - px[t.a]!) * (py[t.b]! - py[t.a]!);
    if (Math.abs(area) < 1e-12) continue;
    out.push(area > 0 ? [t.a, t.b, t.c] : [t.a, t.c, t.b]);
  }
  out.sort((p, q) => p[0] - q[0] || p[1] - q[1] || p[2] - q[2]);
  return out;
}
