// Exact Euclidean distance transform (Felzenszwalb & Huttenlocher, separable lower envelope of parabolas):
// for every cell, the distance in pixels to the nearest cell where `inside` is 0.
// The column pass of a binary mask is a plain nearest-zero scan (two sweeps over the rows, cache-friendly);
// it gives exactly the squared distances the parabola envelope gives. Columns without an outside cell,
// and the row pass, use the envelope.
import { scratchF32, scratchF64, scratchI32, type SwapScratch } from './scratch.ts';

const FAR = 1e20;
/** Larger than any column scan distance; marks a column without an outside cell. */
const NONE = 1 << 29;

/** The 1D transform of f over indices from..to (inclusive) into d[from..to]; v, z are work arrays. */
function edt1d(
  f: Float64Array,
  from: number,
  to: number,
  d: Float64Array,
  v: Int32Array,
  z: Float64Array,
): void {
  let k = 0;
  v[0] = from;
  z[0] = -Infinity;
  z[1] = Infinity;
  for (let q = from + 1; q <= to; q++) {
    const fq = f[q]! + q * q;
    let s = (fq - (f[v[k]!]! + v[k]! * v[k]!)) / (2 * (q - v[k]!));
    while (s <= z[k]!) {
      k--;
      s = (fq - (f[v[k]!]! + v[k]! * v[k]!)) / (2 * (q - v[k]!));
    }
    k++;
    v[k] = q;
    z[k] = s;
    z[k + 1] = Infinity;
  }
  k = 0;
  for (let q = from; q <= to; q++) {
    while (z[k + 1]! < q) k++;
    const p = v[k]!;
    d[q] = (q - p) * (q - p) + f[p]!;
  }
}

/**
 * Distance (pixels) from each cell with inside != 0 to the nearest cell with inside == 0 (0 for outside
 * cells). Cells with no outside cell anywhere get a huge distance. With a scratch, the result is a
 * scratch buffer (valid until the scratch's next use for a distance).
 */
export function distanceToOutside(
  inside: Uint8Array,
  width: number,
  height: number,
  scratch?: SwapScratch,
): Float32Array {
  const n = Math.max(width, height);
  const f = scratchF64(scratch, 'edt.f', n);
  const d = scratchF64(scratch, 'edt.d', n);
  const v = scratchI32(scratch, 'edt.v', n);
  const zz = scratchF64(scratch, 'edt.z', n + 1);
  // Column pass: steps to the nearest outside cell in the column, down then up.
  const steps = scratchI32(scratch, 'edt.steps', width * height);
  for (let x = 0; x < width; x++) steps[x] = inside[x] ? NONE : 0;
  for (let y = 1; y < height; y++) {
    const r = y * width;
    for (let i = r; i < r + width; i++) steps[i] = inside[i] ? steps[i - width]! + 1 : 0;
  }
  for (let y = height - 2; y >= 0; y--) {
    const r = y * width;
    for (let i = r; i < r + width; i++) {
      const below = steps[i + width]! + 1;
      if (below < steps[i]!) steps[i] = below;
    }
  }
  const tmp = scratchF64(scratch, 'edt.tmp', width * height);
  // Per row: the first and last inside cell (none: last < first).
  const firstIn = scratchI32(scratch, 'edt.first', height);
  const lastIn = scratchI32(scratch, 'edt.last', height);
  for (let y = 0; y < height; y++) {
    const r = y * width;
    let a = width;
    let b = -1;
    for (let x = 0; x < width; x++) {
      const st = steps[r + x]!;
      tmp[r + x] = st * st;
      if (st !== 0) {
        if (a === width) a = x;
        b = x;
      }
    }
    firstIn[y] = a;
    lastIn[y] = b;
  }
  for (let x = 0; x < width; x++) {
    if (steps[x]! < NONE / 2) continue;
    // No outside cell in this column: the envelope, as for any column.
    for (let y = 0; y < height; y++) f[y] = inside[y * width + x] ? FAR : 0;
    edt1d(f, 0, height - 1, d, v, zz);
    for (let y = 0; y < height; y++) tmp[y * width + x] = d[y]!;
  }
  // Row pass. Outside cells are 0; for the cells between a row's first and last inside cell, the nearest
  // candidates lie within one cell beyond them (that cell is outside, at distance 0 in the column pass),
  // so the envelope over that stretch gives the same minima as over the whole row.
  const out = scratchF32(scratch, 'edt.out', width * height).fill(0);
  for (let y = 0; y < height; y++) {
    const a = firstIn[y]!;
    const b = lastIn[y]!;
    if (b < a) continue;
    const r = y * width;
    const from = Math.max(0, a - 1);
    const to = Math.min(width - 1, b + 1);
    for (let x = from; x <= to; x++) f[x] = tmp[r + x]!;
    edt1d(f, from, to, d, v, zz);
    for (let x = a; x <= b; x++) if (steps[r + x] !== 0) out[r + x] = Math.sqrt(d[x]!);
  }
  return out;
}
