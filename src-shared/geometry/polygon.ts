// Small polygon helpers on interleaved x, y vertex lists (the mouth's lip lines).

/** Even-odd point-in-polygon. */
export function insidePolygon(poly: readonly number[], x: number, y: number): boolean {
  let hit = false;
  const n = poly.length / 2;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const xi = poly[2 * i]!;
    const yi = poly[2 * i + 1]!;
    const xj = poly[2 * j]!;
    const yj = poly[2 * j + 1]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) hit = !hit;
  }
  return hit;
}

/** Distance from (px, py) to the nearest edge of the closed polygon. */
export function distanceToPolygonEdge(poly: readonly number[], px: number, py: number): number {
  const n = poly.length / 2;
  let best = Infinity;
  for (let k = 0; k < n; k++) {
    const ax = poly[2 * k]!;
    const ay = poly[2 * k + 1]!;
    const bx = poly[2 * ((k + 1) % n)]!;
    const by = poly[2 * ((k + 1) % n) + 1]!;
    const dx = bx - ax;
    const dy = by - ay;
    const len2 = dx * dx + dy * dy;
    const t = len2 > 0 ? Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len2)) : 0;
    best = Math.min(best, Math.hypot(px - ax - t * dx, py - ay - t * dy));
  }
  return best;
}
