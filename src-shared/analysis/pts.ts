// iBUG .pts read/write for one face (68 points): `version: 1`, `n_points: 68`, `{`, one `x y` per line, `}`.
// Coordinates are kept as written: 300-W files are 1-based, ours are 0-based pixel coordinates (the
// difference, under a pixel, is left to the caller; see `ptsOneBasedOffset`).

export type Point2 = [number, number];

/** 300-W annotations count pixels from 1; subtract this to get 0-based coordinates. */
export const ptsOneBasedOffset = 1;

export function parsePts(text: string, source = '.pts'): Point2[] {
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
  let nPoints: number | null = null;
  let i = 0;
  for (; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line === '{') break;
    const m = /^n_points\s*:\s*(\d+)$/i.exec(line);
    if (m) nPoints = Number(m[1]);
    else if (!/^version\s*:/i.test(line))
      throw new Error(`${source}: line ${i + 1} is not a .pts header line (version:, n_points: or {)`);
  }
  if (i >= lines.length) throw new Error(`${source}: no '{' opening the point list`);
  if (nPoints === null) throw new Error(`${source}: missing 'n_points:' header`);
  const points: Point2[] = [];
  for (i++; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line === '}') break;
    const parts = line.split(/\s+/).map(Number);
    if (parts.length !== 2 || !parts.every(Number.isFinite)) {
      throw new Error(`${source}: point line ${points.length + 1} is not two numbers 'x y'`);
    }
    points.push([parts[0] ?? 0, parts[1] ?? 0]);
  }
  if (i >= lines.length) throw new Error(`${source}: no '}' closing the point list`);
  if (points.length !== nPoints)
    throw new Error(`${source}: n_points is ${nPoints} but ${points.length} points follow`);
  return points;
}

export function formatPts(points: readonly (readonly [number, number])[]): string {
  for (const p of points) {
    if (!Number.isFinite(p[0]) || !Number.isFinite(p[1]))
      throw new Error('cannot write a non-finite point to .pts');
  }
  const body = points.map(([x, y]) => `${round3(x)} ${round3(y)}`).join('\n');
  return `version: 1\nn_points: ${points.length}\n{\n${body}\n}\n`;
}

function round3(v: number): string {
  return String(Math.round(v * 1000) / 1000);
}
